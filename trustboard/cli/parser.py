"""The command line's grammar: every command, its options and their types, and nothing else.

Values are checked by the types in :mod:`trustboard.cli.types` while parsing, and options that
only make sense together are checked just after, so a command function starts from arguments
that are known to be good. Building the parser imports no Django and no engine, so ``--help``
and ``trustboard spc`` start at once.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, NoReturn

from trustboard import DEFAULT_DATA_DIR
from trustboard.cli import types
from trustboard.cli.commands import framework, plan, records, report, returns, site, spc, users
from trustboard.measures.sources import SOURCES
from trustboard.web.accounts.roles import Role

DEFAULT_PORT = 8000
SPC_IMPROVEMENTS = ("up", "down", "neutral")
REPORT_FORMATS = report.FORMATS
SYNTH_FORMATS = ("csv", "parquet")
SYNTH_END = "2024-03-31"
"""The last day of the synthetic extracts by default: the end of the latest financial year the
example's published series covers."""

Check = Callable[[argparse.Namespace], str | None]
"""A check of options that only make sense together: the problem, or None."""

if TYPE_CHECKING:
    Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]


class Parser(argparse.ArgumentParser):
    """An argument parser that reports a bad argument on standard output, where every other
    refusal of this command goes, so a person or a script reads one stream for what went
    wrong; the exit status is 2 as argparse's."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stdout)
        print(f"{self.prog}: error: {message}", flush=True)
        raise SystemExit(2)


def build_parser() -> Parser:
    parser = Parser(
        prog="trustboard", description="Performance framework for a Children's Trust Board."
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        type=types.folder,
        help="the partnership's data folder (default: $TRUSTBOARD_DATA_DIR, else "
        f"./{DEFAULT_DATA_DIR})",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    for add in (
        _add_demo,
        _add_catalogue,
        _add_import,
        _add_assess,
        _add_spc,
        _add_report,
        _add_compute,
        _add_synth,
        _add_plan,
        _add_remind,
        _add_serve,
        _add_user,
    ):
        add(sub, common)
    return parser


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The arguments, each of the right type, with options that go together checked."""
    args = build_parser().parse_args(argv)
    check = getattr(args, "check", None)  # only commands with options that go together
    if check is not None:
        check(args)
    return args


def _checked(
    command: argparse.ArgumentParser, check: Check
) -> Callable[[argparse.Namespace], None]:
    """``check`` run on the parsed arguments, reporting through the command's own usage."""

    def run(args: argparse.Namespace) -> None:
        problem = check(args)
        if problem:
            command.error(problem)

    return run


def _add_demo(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    demo = sub.add_parser(
        "demo",
        parents=[common],
        help="build the example partnership with synthetic data and serve it",
    )
    demo.add_argument("--port", type=types.port, default=DEFAULT_PORT)
    demo.add_argument("--no-serve", action="store_true", help="build, then exit")
    demo.add_argument(
        "--force", action="store_true", help="build even where another partnership lives"
    )
    demo.set_defaults(run=site.demo)


def _add_catalogue(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    catalogue = sub.add_parser(
        "catalogue", parents=[common], help="check a framework YAML file and load it"
    )
    catalogue.add_argument("file", metavar="FILE", type=types.existing_file)
    catalogue.set_defaults(run=framework.catalogue)


def _add_import(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    imp = sub.add_parser(
        "import",
        parents=[common],
        help="import files of observations (CSV, Excel), DfE statistics, record-level "
        "extracts (CSV, Excel, Parquet), or statutory returns as they are (an SSDA903 return's "
        "tables together, a CIN census XML, an Annex A workbook)",
    )
    imp.add_argument("files", nargs="+", metavar="FILE", type=types.existing_file)
    extracts = imp.add_argument_group(
        "record-level extracts",
        "extracts and statutory returns are recognised by their column headings (or an XML "
        "return's root element); an SSDA903 return's tables given together are one import; "
        "child and record identifiers are replaced by a salted hash",
    )
    extracts.add_argument(
        "--source",
        choices=sorted(SOURCES),
        help="which extract this is, when its headings alone cannot say",
    )
    extracts.add_argument(
        "--replace",
        action="store_true",
        help="a full refresh: records of this source for the file's areas that it no longer "
        "holds are removed (without it, records are added or restated and none removed)",
    )
    published = imp.add_argument_group(
        "published statistics",
        "for a DfE statistics file no indicator's 'published' source maps: which indicator, "
        "measure column and filter values hold the figures",
    )
    published.add_argument("--indicator", metavar="CODE")
    published.add_argument("--measure", metavar="COLUMN")
    published.add_argument(
        "--filter", action="append", type=types.column_value, metavar="COLUMN=VALUE"
    )
    imp.set_defaults(run=framework.import_files, check=_checked(imp, _mapping_together))


def _mapping_together(args: argparse.Namespace) -> str | None:
    """A published file's mapping needs both its indicator and its measure column."""
    if (args.indicator or args.measure or args.filter) and not (args.indicator and args.measure):
        return "--indicator and --measure go together (and --filter with them)"
    return None


def _add_assess(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    assess = sub.add_parser("assess", parents=[common], help="assess one indicator")
    assess.add_argument("code")
    assess.add_argument(
        "--period", type=types.period, help="as at this period (default: the reporting period)"
    )
    assess.add_argument("--json", action="store_true")
    assess.set_defaults(run=framework.assess)


def _add_spc(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    chart = sub.add_parser(
        "spc",
        parents=[common],
        help="statistical process control (XmR chart) of one series in a CSV or Excel file",
        description="Making Data Count XmR chart of a file with a period column (period, date, "
        "month or week) and a figure column (value, count, rate or percentage). Needs no data "
        "folder; --data-dir is accepted and ignored.",
    )
    chart.add_argument("file", metavar="FILE", type=types.existing_file)
    chart.add_argument(
        "--improvement",
        choices=SPC_IMPROVEMENTS,
        default="neutral",
        help="which direction is better (default: neutral, no assurance)",
    )
    chart.add_argument("--target", type=types.number, help="target to judge assurance against")
    chart.add_argument(
        "--rebase",
        nargs="+",
        action="extend",
        type=types.period,
        default=[],
        metavar="PERIOD",
        help="periods at which the process changed and new limits start (after FILE)",
    )
    chart.add_argument("--json", action="store_true", help="print the full result as JSON")
    chart.set_defaults(run=spc.spc)


def _add_report(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    board = sub.add_parser("report", parents=[common], help="write the board report for a period")
    board.add_argument(
        "--period", required=True, type=types.period, help='the reporting period, e.g. "Q3 2022/23"'
    )
    board.add_argument(
        "--format",
        action="append",
        choices=REPORT_FORMATS,
        help="html, pdf or docx; repeat for several (default: all three)",
    )
    board.add_argument(
        "--public",
        action="store_true",
        help="the published version, with small numbers suppressed",
    )
    board.add_argument(
        "--out", type=types.folder, default=".", help="folder to write into (default: here)"
    )
    board.add_argument(
        "--refresh",
        action="store_true",
        help="freeze the report again from today's figures instead of reusing the last one",
    )
    board.set_defaults(run=report.report)


def _add_compute(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    compute = sub.add_parser(
        "compute",
        parents=[common],
        help="compute the measures from imported record-level extracts",
        description="Evaluate every measure (or those named) over the record-level extracts in "
        "the analytic store; write the partnership's figures and its indicators' observations.",
    )
    compute.add_argument(
        "--engine",
        type=types.engine,
        default="duckdb",
        metavar="{" + ",".join(types.ENGINE_NAMES) + "}",
        help="where the measures run (default: duckdb)",
    )
    compute.add_argument(
        "--measure", action="append", metavar="ID", help="only this measure; repeat for several"
    )
    compute.add_argument(
        "--measures",
        type=types.existing_file,
        metavar="FILE",
        help="the measures file (default: the one the framework names)",
    )
    compute.add_argument(
        "--until",
        type=types.iso_date,
        metavar="YYYY-MM-DD",
        help="the date the data runs to (default: its latest)",
    )
    compute.add_argument(
        "--master",
        default="local[*]",
        help="Spark master URL for --engine spark (default: local[*], this machine)",
    )
    compute.set_defaults(run=records.compute)


def _add_synth(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    synth = sub.add_parser(
        "synth",
        parents=[common],
        help="write synthetic record-level extracts (early help, MASH, plans, care episodes), "
        "or the plans and care as the statutory returns a council makes",
        description="Deterministic synthetic extracts calibrated to the example partnership's "
        "published figures; area 1 is the example partnership, further areas are scaled copies. "
        "With --format statutory, the example area's care and child protection records are "
        "written as a council sends them to the DfE: an SSDA903 return (ssda903/YYYY-YY/*.csv) "
        "and a CIN census (cin_census/cin_census_YYYY-YY.xml) per collection year, beside the "
        "early help and MASH extracts. Needs no data folder; --data-dir is accepted and ignored.",
    )
    synth.add_argument("--areas", type=types.at_least_one, default=1)
    synth.add_argument(
        "--years",
        type=types.at_least_one,
        help="years of data up to --end (default: from January 2017, the published series' start)",
    )
    synth.add_argument(
        "--end",
        type=types.iso_date,
        default=SYNTH_END,
        metavar="YYYY-MM-DD",
        help=f"the last day of the data (default: {SYNTH_END})",
    )
    synth.add_argument("--seed", type=types.not_negative, default=0)
    synth.add_argument(
        "--out", type=types.folder, default="synthetic-extracts", help="folder to write into"
    )
    synth.add_argument(
        "--format",
        choices=(*SYNTH_FORMATS, records.STATUTORY),
        default="csv",
        help="csv or parquet: one extract per source; statutory: the early help and MASH "
        "extracts as CSV, the plans and care episodes as SSDA903 returns and CIN censuses, one "
        "per collection year (one area only, ending in a year that has ended)",
    )

    def one_area_for_returns(args: argparse.Namespace) -> str | None:
        """A statutory return is one council's: the example area's."""
        if args.format == records.STATUTORY and args.areas != 1:
            return "--format statutory writes one council's returns: leave out --areas"
        return None

    synth.set_defaults(run=records.synth, check=_checked(synth, one_area_for_returns))


def _add_plan(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    cypp = sub.add_parser(
        "plan",
        parents=[common],
        help="import the CYPP action plan from a progress spreadsheet (.xlsx or .csv)",
        description="Sections headed by an area of focus (BE SAFE – Focus on ...), then the "
        "columns Actions, Responsible Agencies, How we will know, Board Leads, Reporting "
        "Timetable, Progress and optionally Indicators. Progress becomes a dated update.",
    )
    cypp.add_argument("file", metavar="FILE", type=types.existing_file)
    cypp.add_argument(
        "--as-at",
        type=types.iso_date,
        metavar="YYYY-MM-DD",
        help="the date the Progress column is as at (today)",
    )
    cypp.set_defaults(run=plan.plan)


def _add_remind(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    remind = sub.add_parser(
        "remind",
        parents=[common],
        help="email contributors whose early help return is due or late (run daily)",
        description="Reminders go 7 and 1 days before a return round's due date and each day "
        "a return is late, at most once a day, by the email settings (TRUSTBOARD_EMAIL_* "
        "variables; the console without them).",
    )
    remind.add_argument(
        "--date",
        type=types.iso_date,
        metavar="YYYY-MM-DD",
        help="remind as if today were this date",
    )
    remind.add_argument(
        "--days",
        type=types.comma_list(types.not_negative),
        metavar="N,N",
        help="days before the due date (default 7,1)",
    )
    remind.add_argument(
        "--base-url", default="", help="the site's address, for the link in each email"
    )
    remind.set_defaults(run=returns.remind)


def _add_serve(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    serve = sub.add_parser("serve", parents=[common], help="serve the dashboard")
    serve.add_argument("--port", type=types.port, default=DEFAULT_PORT)
    serve.set_defaults(run=site.serve)


def _add_user(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    user = sub.add_parser(
        "user",
        parents=[common],
        help="create a user or reset a password (password from $TRUSTBOARD_PASSWORD or asked)",
    )
    user.add_argument("username")
    user.add_argument(
        "--role",
        required=True,
        action="append",
        choices=[role.value for role in Role],
        help="the user's role; repeat for several (replaces any roles held)",
    )
    user.add_argument(
        "--agency",
        metavar="CODE",
        help="the agency the user works for (a framework agency's code; contributors need one)",
    )
    user.set_defaults(run=users.user, check=_checked(user, _contributor_has_agency))


def _contributor_has_agency(args: argparse.Namespace) -> str | None:
    if Role.CONTRIBUTOR.value in args.role and not args.agency:
        return "a contributor acts for one agency: give --agency CODE. Nothing changed."
    return None
