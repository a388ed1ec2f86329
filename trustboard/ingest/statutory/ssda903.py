"""The SSDA903 return of children looked after, as councils send it to the DfE.

Read from its CSV tables (header, episodes, UASC, missing, reviews, OC2, OC3, ...: each table
recognised by its headings, in any order) or from the one XML file some case systems write
(``<EXPSSDA903>``). Follows the DfE's SSDA903 guide for 2023-24 and 2024-25: the columns and code
lists of both years are accepted (SEX as 1/2 or M/F/U, placement K3 and Z11-Z14 as well as the
earlier codes), dates as DD/MM/YYYY.

What is stored, per child and episode: the episode's dates and codes as episodes of care, with
the child's sex, ethnicity and age at the episode's start (from the header's date of birth,
which is never stored, nor the UPN or any postcode); UASC status and the day it ceased; missing
and away episodes. Reviews, OC2, OC3 and the adoption tables are checked for their children and
not stored: no record source holds them yet. SSDA903 does not say whether a placement is
registered with Ofsted, so those episodes hold that as unknown.

The return carries no local authority code: its records are the partnership's own area's. Its
year (1 April to 31 March) is the year of its latest date, and the return replaces the area's
episodes and missing episodes that overlap that year.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from itertools import pairwise
from pathlib import Path

from trustboard.ingest.cells import ImportError_, RowError
from trustboard.ingest.reader import csv_rows
from trustboard.ingest.record_values import EARLIEST_DATE
from trustboard.ingest.statutory.returns import (
    File,
    Return,
    SourceRows,
    age_on,
    financial_year_of,
    refuse,
)
from trustboard.ingest.statutory.rows import SHOWN, Checker, Row
from trustboard.ingest.statutory.safe_xml import leaves, stream
from trustboard.measures.sources import CARE_EPISODES, MISSING_EPISODES

KIND = "ssda903"
TITLE = "SSDA903 return"

TABLES: dict[str, tuple[str, ...]] = {
    "header": ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"),
    "episodes": (
        "CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC",
        "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN",
    ),
    "uasc": ("CHILD", "SEX", "DOB", "DUC"),
    "missing": ("CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"),
    "reviews": ("CHILD", "DOB", "REVIEW", "REVIEW_CODE"),
    "oc2": (
        "CHILD", "DOB", "SDQ_SCORE", "SDQ_REASON", "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS",
        "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED",
        "INTERVENTION_OFFERED",
    ),
    "oc3": ("CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"),
    "ad1": (
        "CHILD", "DOB", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR",
        "LS_ADOPTR",
    ),
    "placed_for_adoption": (
        "CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED",
    ),
    "previous_permanence": ("CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"),
    "sw_episodes": ("CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"),
}  # fmt: skip
"""Each table's columns, as the DfE's guide names them."""

KEYS: dict[str, tuple[str, ...]] = {
    "header": ("CHILD", "SEX", "DOB", "ETHNIC"),
    "episodes": ("CHILD", "DECOM", "RNE", "LS", "PLACE", "DEC"),
    "uasc": ("CHILD", "DUC"),
    "missing": ("CHILD", "MISSING", "MIS_START"),
    "reviews": ("CHILD", "REVIEW"),
    "oc2": ("CHILD", "SDQ_SCORE"),
    "oc3": ("CHILD", "IN_TOUCH"),
    "ad1": ("CHILD", "DATE_INT"),
    "placed_for_adoption": ("CHILD", "DATE_PLACED"),
    "previous_permanence": ("CHILD", "PREV_PERM"),
    "sw_episodes": ("CHILD", "SW_ID"),
}
"""The headings that tell each table apart; a file must have them, and no heading that is not
the table's."""

LOADED = ("header", "episodes", "uasc", "missing")

SEX = {"1": "male", "2": "female", "M": "male", "F": "female", "U": "unknown"}
ETHNIC = (
    "WBRI", "WIRI", "WOTH", "WIRT", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN",
    "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT",
)  # fmt: skip
LEGAL_STATUS = (
    "C1", "C2", "D1", "E1", "J1", "J2", "J3", "L1", "L2", "L3", "V2", "V3", "V4",
)  # fmt: skip
REASON_NEW_EPISODE = ("S", "L", "P", "T", "B", "U")
PLACEMENT = (
    "A3", "A4", "A5", "A6", "H5", "K1", "K2", "K3", "P1", "P2", "P3", "R1", "R2", "R3", "R5",
    "S1", "T0", "T1", "T2", "T3", "T4", "U1", "U2", "U3", "U4", "U5", "U6", "Z1", "Z11", "Z12",
    "Z13", "Z14",
)  # fmt: skip
PROVIDER = ("PR0", "PR1", "PR2", "PR3", "PR4", "PR5")
CATEGORY_OF_NEED = ("N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8")
REASON_CEASED = (
    "X1", "E11", "E12", "E2", "E3", "E4A", "E4B", "E13", "E41", "E43", "E44", "E45", "E46",
    "E47", "E48", "E5", "E6", "E7", "E8", "E9", "E14", "E15", "E16", "E17",
)  # fmt: skip
MISSING = {"M": "missing", "A": "away"}


def table_of(header: Sequence[str]) -> str | None:
    """Which table a CSV's headings are, if any."""
    names = {h.strip().upper() for h in header if h.strip()}
    for table, keys in KEYS.items():
        if set(keys) <= names and names <= set(TABLES[table]):
            return table
    return None


def recognises(name: str, data: bytes) -> bool:
    """An XML file opening ``<EXPSSDA903>``, or a CSV file whose first line that is not blank
    holds a table's headings. Only the file's start is read: its even length keeps a UTF-16
    file (Excel's "Unicode" CSV) readable, which a byte more would break."""
    suffix = Path(name).suffix.lower()
    if suffix == ".xml":
        return b"<EXPSSDA903" in data[:4096]
    if suffix != ".csv":
        return False
    try:
        rows = csv_rows(name, data[:65536])
        first = next((row for row in rows if any(c.strip() for c in row)), [])
    except ImportError_:
        return False
    return table_of(first) is not None


# -- reading the files into rows per table -----------------------------------------------------
def _csv_tables(files: Sequence[File], checker: Checker) -> dict[str, list[Row]]:
    tables: dict[str, list[Row]] = {}
    seen: dict[str, str] = {}
    for file in files:
        rows = csv_rows(file.name, file.data)
        # The headings are the first line that is not blank, as ``recognises`` found them.
        at = next((i for i, row in enumerate(rows) if any(c.strip() for c in row)), 0)
        header = [h.strip().upper() for h in rows[at]] if rows else []
        table = table_of(header)
        if table is None:
            checker.errors.append(
                RowError(
                    file.name,
                    at + 1,
                    "(header)",
                    "",
                    "the headings of an SSDA903 table ("
                    + "; ".join(f"{t}: {', '.join(c)}" for t, c in TABLES.items() if t in LOADED)
                    + ")",
                )
            )
            continue
        if table in seen:
            checker.errors.append(
                RowError(file.name, None, "(file)", "", f"one {table} table ({seen[table]} too)")
            )
            continue
        seen[table] = file.name
        tables[table] = [
            Row(file.name, number, dict(zip(header, row, strict=False)))
            for number, row in enumerate(rows[at + 1 :], start=at + 2)
            if any(cell.strip() for cell in row)
        ]
    return tables


_XML_NAMES = {"CHILDID": "CHILD", "PL": "PLACE"}
_XML_TAGS = {column: tag for tag, column in _XML_NAMES.items()}


def _xml_tables(file: File) -> dict[str, list[Row]]:
    """The XML return rebuilt as the CSV tables: the header's leaves, each episode, each
    missing episode, with the child's id copied in, as the DfE's tools rebuild them."""
    tables: dict[str, list[Row]] = defaultdict(list)
    for child, line in stream(file.name, file.data, "EXPSSDA903", {"CHILD"}):
        header = child.find("HEADER")
        head = {} if header is None else leaves(header, _XML_NAMES)
        ident = head.get("CHILD", "")
        tables["header"].append(Row(file.name, line, head, "line"))
        if head.get("UASC") == "1" or head.get("DUC"):
            tables["uasc"].append(
                Row(file.name, line, {"CHILD": ident, "DUC": head.get("DUC", "")}, "line")
            )
        for missing in [] if header is None else header.findall("AMISSING"):
            tables["missing"].append(
                Row(file.name, line, {"CHILD": ident, **leaves(missing, _XML_NAMES)}, "line")
            )
        for episode in child.findall("EPISODE"):
            tables["episodes"].append(
                Row(file.name, line, {"CHILD": ident, **leaves(episode, _XML_NAMES)}, "line")
            )
    return dict(tables)


def _as_written(errors: list[RowError]) -> list[RowError]:
    """Problems in the XML form named by its elements (PL, CHILDID), not the CSV columns its
    rows were rebuilt as: the sender looks for the name in their own file."""
    return [
        replace(e, column=_XML_TAGS.get(e.column, e.column)) if e.unit == "line" else e
        for e in errors
    ]


# -- checking and turning rows into records ----------------------------------------------------
@dataclass
class _Child:
    sex: str
    ethnicity: str
    birth: date | None
    uasc: bool = False
    uasc_ceased: date | None = None


def read(files: Sequence[File], *, today: date) -> Return:
    checker = Checker()
    xml = [f for f in files if Path(f.name).suffix.lower() == ".xml"]
    if xml and len(files) > 1:
        raise ImportError_(
            [RowError(xml[0].name, None, "(file)", "", "the XML return on its own, or CSV tables")]
        )
    tables = _xml_tables(xml[0]) if xml else _csv_tables(files, checker)
    refuse(checker.errors)
    names = tuple(f.name for f in files)
    for needed in ("header", "episodes"):
        if needed not in tables:
            raise ImportError_(
                [
                    RowError(
                        ", ".join(names),
                        None,
                        f"({needed} table)",
                        "",
                        f"the return's {needed} table too: an SSDA903 return is imported with "
                        f"its header and episodes tables together ({', '.join(TABLES[needed])})",
                    )
                ]
            )
    children = _children(tables["header"], checker)
    _uasc(tables.get("uasc", []), children, checker)
    for table, rows in tables.items():
        if table not in ("header", "uasc"):
            _known_children(rows, children, checker)
    episodes = _episodes(tables["episodes"], children, checker, today)
    missing = _missing(tables.get("missing", []), children, checker)
    refuse(_as_written(checker.errors))
    # The return's year is that of its latest date. Reviews count too: every child looked
    # after has them, so a year in which no episode began or ended is still told by them.
    dates = [d for e in episodes for d in (e["start_date"], e["end_date"]) if d] + [
        d for m in missing for d in (m["start_date"], m["end_date"]) if d
    ]
    dates += [d for row in tables.get("reviews", []) if (d := _read_any_day(row.get("REVIEW"))[0])]
    dates = [d for d in dates if d <= today]
    scope = financial_year_of(max(dates)) if dates else financial_year_of(today)
    year = f"{scope[0].year}/{str(scope[1].year)[2:]}"
    not_loaded = tuple(
        f"{tables[t][0].file if tables[t] else t}: the {t} table is checked, not stored "
        "(no measure uses it)"
        for t in tables
        if t not in LOADED
    )
    return Return(
        kind=KIND,
        title=f"{TITLE} {year}",
        files=names,
        la_code="",
        tables=(
            SourceRows.of(CARE_EPISODES, episodes, scope),
            SourceRows.of(MISSING_EPISODES, missing, scope),
        ),
        not_loaded=not_loaded,
        cannot_give=(CARE_EPISODES.column("registered").not_in_returns,),
    )


def _children(rows: list[Row], checker: Checker) -> dict[str, _Child]:
    children: dict[str, _Child] = {}
    first: dict[str, int] = {}
    for row in rows:
        ident = checker.required(row, "CHILD", secret=True)
        sex = checker.code(row, "SEX", SEX)
        ethnicity = checker.code(row, "ETHNIC", ETHNIC)
        birth = checker.day(row, "DOB", secret=True)
        if not ident:
            continue
        if ident in first:
            checker.problem(
                row, "CHILD", "(an identifier)", f"each child once ({row.unit} {first[ident]} too)"
            )
            continue
        first[ident] = row.number
        children[ident] = _Child(SEX.get(sex, ""), ethnicity, birth)
    return children


def _known_children(rows: list[Row], children: dict[str, _Child], checker: Checker) -> None:
    for row in rows:
        ident = row.get("CHILD")
        if ident and ident not in children:
            checker.problem(
                row, "CHILD", "(an identifier)", "a child in the header table (rules INT01-09)"
            )
        elif ident:
            _same_child(row, children[ident], checker)


def _same_child(row: Row, child: _Child, checker: Checker) -> None:
    """A table that repeats the child's DOB (or SEX) must repeat the header's: a mismatch is
    two children under one id, and ages worked out from the header would be wrong."""
    born, _ = _read_any_day(row.get("DOB"))
    if born is not None and child.birth is not None and born != child.birth:
        checker.problem(
            row,
            "DOB",
            "(a date of birth)",
            "the child's DOB as the header table gives it (rules INT11-18)",
        )
    sex = SEX.get(row.get("SEX").upper())
    if sex and child.sex and sex != child.sex:
        checker.problem(
            row, "SEX", row.get("SEX")[:SHOWN], "the child's SEX as the header gives it (INT21)"
        )


def _uasc(rows: list[Row], children: dict[str, _Child], checker: Checker) -> None:
    for row in rows:
        ident = checker.required(row, "CHILD", secret=True)
        child = children.get(ident)
        if ident and child is None:
            checker.problem(row, "CHILD", "(an identifier)", "a child in the header table")
            continue
        text = row.get("DUC")
        ceased, expected = _read_any_day(text)
        if expected:
            checker.problem(row, "DUC", text[:SHOWN], expected)
        if child is not None:
            _same_child(row, child, checker)
            child.uasc = True
            child.uasc_ceased = ceased


def _read_any_day(text: str) -> tuple[date | None, str]:
    """A date that may lie ahead (a UASC status ceasing at 18 is often entered in advance), as
    DD/MM/YYYY or YYYY-MM-DD, and what was expected if it is none. Not before 1950: a case
    system's 01/01/0001 for "no date" would reach the measures, which refuse to run over it."""
    if not text:
        return None, ""
    parts = text.split("/") if "/" in text else text.split("-")[::-1]
    expected = "a date as DD/MM/YYYY, or empty"
    if len(parts) != 3 or not all(p.isdigit() for p in parts) or len(parts[2]) != 4:
        return None, expected
    try:
        day = date(int(parts[2]), int(parts[1]), int(parts[0]))
    except ValueError:
        return None, expected
    if day < EARLIEST_DATE:
        return None, f"a date from {EARLIEST_DATE:%Y-%m-%d} on, or empty"
    return day, ""


def _age(child: _Child | None, day: date | None, row: Row, column: str, checker: Checker):
    if child is None or child.birth is None or day is None:
        return None
    age = age_on(child.birth, day)
    if age < 0:
        checker.problem(row, column, f"{day:%d/%m/%Y}", "a date on or after the child's DOB")
        return None
    if age > 25:
        checker.problem(row, column, f"{day:%d/%m/%Y}", "a date before the child was 26")
        return None
    return age


def _episodes(
    rows: list[Row], children: dict[str, _Child], checker: Checker, today: date
) -> list[dict]:
    records: list[dict] = []
    by_child: dict[str, list[tuple[Row, date, date | None]]] = defaultdict(list)
    for row in rows:
        ident = checker.required(row, "CHILD", secret=True)
        start = checker.day(row, "DECOM")
        end = checker.day(row, "DEC", required=False)
        legal = checker.code(row, "LS", LEGAL_STATUS)
        reason_new = checker.code(row, "RNE", REASON_NEW_EPISODE)
        place = checker.code(row, "PLACE", PLACEMENT)
        provider = checker.code(row, "PLACE_PROVIDER", PROVIDER, required=False)
        need = checker.code(row, "CIN", CATEGORY_OF_NEED)
        ceased = checker.code(row, "REC", REASON_CEASED, required=False)
        if start and end and end < start:
            checker.problem(row, "DEC", f"{end:%d/%m/%Y}", "a date on or after DECOM (rule 356)")
        child = children.get(ident)
        if ident and child is None:
            continue  # told by _known_children
        age = _age(child, start, row, "DECOM", checker)
        if not ident or start is None or child is None:
            continue
        by_child[ident].append((row, start, end))
        uasc_ceased = child.uasc_ceased if child.uasc else None
        records.append(
            {
                "record_id": f"{ident}|{start.isoformat()}",
                "child_id": ident,
                "start_date": start,
                "end_date": end,
                "legal_status": legal,
                "uasc": child.uasc,
                "placement_type": place,
                "registered": None,
                # A status that ceases after today had not ceased as at the return.
                "uasc_ceased": uasc_ceased if uasc_ceased and uasc_ceased <= today else None,
                "placement_provider": provider,
                "reason_new_episode": reason_new,
                "reason_ceased": ceased,
                "category_of_need": need,
                "sex": child.sex or None,
                "ethnicity": child.ethnicity,
                "age_at_start": age,
                "la_code": "",
            }
        )
    _in_sequence(by_child, checker)
    return records


def _in_sequence(
    by_child: dict[str, list[tuple[Row, date, date | None]]], checker: Checker
) -> None:
    """Each child's episodes one after another: none given twice (a child and DECOM are the
    episode's record, which must be stored once), none starting before the one before it
    ended (rule 501)."""
    for episodes in by_child.values():
        episodes.sort(key=lambda item: item[1])
        for (before, began, before_end), (row, start, _) in pairwise(episodes):
            if start == began:
                checker.problem(
                    row,
                    "DECOM",
                    f"{start:%d/%m/%Y}",
                    f"each episode of a child once ({before.unit} {before.number} starts the "
                    "same day)",
                )
            elif before_end is None or start < before_end:
                ended = f"ended {before_end:%d/%m/%Y}" if before_end else "still open"
                checker.problem(
                    row,
                    "DECOM",
                    f"{start:%d/%m/%Y}",
                    f"a start on or after the end of the child's previous episode ({ended}): "
                    "one child's episodes must not overlap (rule 501)",
                )


def _missing(rows: list[Row], children: dict[str, _Child], checker: Checker) -> list[dict]:
    records: list[dict] = []
    first: dict[tuple[str, date], int] = {}
    for row in rows:
        ident = checker.required(row, "CHILD", secret=True)
        kind = checker.code(row, "MISSING", MISSING)
        start = checker.day(row, "MIS_START")
        end = checker.day(row, "MIS_END", required=False)
        if start and end and end < start:
            checker.problem(
                row, "MIS_END", f"{end:%d/%m/%Y}", "a date on or after MIS_START (rule 567)"
            )
        child = children.get(ident)
        age = _age(child, start, row, "MIS_START", checker)
        if not ident or start is None or child is None or not kind:
            continue
        if (ident, start) in first:
            checker.problem(
                row,
                "MIS_START",
                f"{start:%d/%m/%Y}",
                f"each missing episode once ({row.unit} {first[ident, start]} starts the same day)",
            )
            continue
        first[ident, start] = row.number
        records.append(
            {
                "record_id": f"{ident}|missing|{start.isoformat()}",
                "child_id": ident,
                "start_date": start,
                "end_date": end,
                "missing_type": MISSING[kind],
                "age_at_start": age,
                "la_code": "",
            }
        )
    return records
