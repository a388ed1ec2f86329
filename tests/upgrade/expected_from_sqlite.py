"""Write expected.json from a fixture database with plain SQLite SQL, no Django.

The expectations must come from the old rows themselves, not from any version of the models
that will later read them: otherwise a model that misreads a column would agree with itself.

    python tests/upgrade/expected_from_sqlite.py FIXTURE/app.sqlite3 \
        --assess-json OLD_ASSESS.json --assess-code 1.1 --assess-period "Q4 2023/24" \
        > FIXTURE/expected.json
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fingerprints import (
    CONTENT_CHECKS,
    EXCLUDED_TABLES,
    canonical_json,
    plain,
    plain_date,
    plain_datetime,
    sha256,
    summary,
    table_summary,
)

# The declared column types of Django's SQLite schema that need more than reading as they are.
SQLITE_KINDS = {"json", "bool", "datetime", "date", "blob"}

Rows = list[list[Any]]


def _json_columns(db: sqlite3.Connection, table: str) -> set[str]:
    """Django keeps a JSONField on SQLite as text checked with JSON_VALID: find those."""
    (ddl,) = db.execute("SELECT sql FROM sqlite_master WHERE name = ?", [table]).fetchone()
    return {
        column
        for (column,) in db.execute(f'SELECT name FROM pragma_table_info("{table}")')
        if f'JSON_VALID("{column}")' in ddl
    }


def _plain(kind: str, value: Any) -> Any:
    """A stored value in the shared plain form, by the column's declared SQLite type."""
    kind = kind.lower()
    return plain(kind if kind in SQLITE_KINDS else "", value, json_as_text=True)


def tables(db: sqlite3.Connection) -> dict[str, Any]:
    """Every table's row count, columns and a digest of all its rows."""
    found: dict[str, Any] = {}
    names = [
        name
        for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if name not in EXCLUDED_TABLES
    ]
    for table in sorted(names):
        info = db.execute(f'SELECT name, type FROM pragma_table_info("{table}")').fetchall()
        json_columns = _json_columns(db, table)
        columns = sorted(name for name, _ in info)
        kinds = {name: "json" if name in json_columns else kind for name, kind in info}
        quoted = ", ".join(f'"{name}"' for name in columns)
        rows = [
            [_plain(kinds[name], value) for name, value in zip(columns, row, strict=True)]
            for row in db.execute(f'SELECT {quoted} FROM "{table}"')
        ]
        found[table] = table_summary(columns, rows)
    return found


def _query(db: sqlite3.Connection, sql: str, *kinds: str) -> Rows:
    """Rows of a query, each value made plain by the kind given for its column ("" = as is)."""
    return [
        [_plain(kind, value) for kind, value in zip(kinds, row, strict=True)]
        for row in db.execute(sql)
    ]


def _codes(db: sqlite3.Connection, sql: str, key: int) -> list[str]:
    return sorted(code for (code,) in db.execute(sql, [key]))


def content(db: sqlite3.Connection) -> dict[str, Rows]:
    """The rows each content check looks at, joined to the natural keys users know them by."""
    user = "(SELECT username FROM auth_user u WHERE u.id = {})"
    code = "(SELECT code FROM performance_indicator i WHERE i.id = {})"
    agency = "(SELECT code FROM performance_agency a WHERE a.id = {})"
    checks: dict[str, Callable[[], Rows]] = {}

    observation_sql = f"""
        SELECT {code.format("o.indicator_id")}, o.period, o.breakdown, o.value, o.vintage,
               o.is_current
        FROM performance_observation o"""
    checks["observations"] = lambda: _query(db, observation_sql, "", "", "", "", "", "bool")
    checks["restated_observations"] = lambda: _query(
        db,
        observation_sql
        + """ WHERE EXISTS (SELECT 1 FROM performance_observation p
              WHERE p.indicator_id = o.indicator_id AND p.period = o.period
              AND p.breakdown = o.breakdown AND p.id != o.id)""",
        *["", "", "", "", "", "bool"],
    )
    checks["report_files"] = lambda: [
        [snapshot, version, fmt, len(data), sha256(data)]
        for snapshot, version, fmt, data in db.execute(
            "SELECT snapshot_id, version, fmt, data FROM performance_reportfile"
        )
    ]
    checks["report_snapshots"] = lambda: [
        [
            id_,
            period,
            bool(published),
            creator,
            plain_datetime(created_at),
            sha256(_canonical(board)),
            sha256(_canonical(public)),
        ]
        for id_, period, published, creator, created_at, board, public in db.execute(
            f"""SELECT id, period, published, {user.format("created_by_id")}, created_at,
                       board, public FROM performance_reportsnapshot"""
        )
    ]
    checks["audit_events"] = lambda: _query(
        db,
        f"""SELECT id, at, {user.format("actor_id")}, action, object_type, object_id, summary,
                   before, after FROM performance_auditevent ORDER BY id""",
        *["", "datetime", "", "", "", "", "", "json", "json"],
    )
    checks["audit_actions"] = lambda: _query(
        db, "SELECT action, COUNT(*) FROM performance_auditevent GROUP BY action", "", ""
    )
    checks["commentary"] = lambda: _query(
        db,
        f"""SELECT {code.format("indicator_id")}, period, status, text, note,
                   {user.format("author_id")}, at FROM performance_commentary""",
        *["", "", "", "", "", "", "datetime"],
    )

    def commentary_requests() -> Rows:
        rows = db.execute(
            f"""SELECT id, period, message, due, {user.format("requested_by_id")}, requested_at
                FROM performance_commentaryrequest"""
        ).fetchall()
        indicators = f"""SELECT {code.format("indicator_id")}
            FROM performance_commentaryrequest_indicators WHERE commentaryrequest_id = ?"""
        return [
            [period, message, plain_date(due), by, plain_datetime(at), _codes(db, indicators, id_)]
            for id_, period, message, due, by, at in rows
        ]

    checks["commentary_requests"] = commentary_requests
    checks["narrative_edits"] = lambda: _query(
        db,
        f"""SELECT period, code, key, text, included, {user.format("edited_by_id")}
            FROM performance_narrativeedit""",
        *["", "", "", "", "bool", ""],
    )
    checks["report_details"] = lambda: _query(
        db,
        """SELECT period, report_date, report_to, meetings, priorities, summary, forward_plan,
                  next_meeting FROM performance_reportdetails""",
        *["", "date", "", "", "", "", "", ""],
    )
    checks["meeting_items"] = lambda: _query(
        db,
        'SELECT period, "order", title, body, recommendations FROM performance_meetingitem',
        *["", "", "", "", ""],
    )
    checks["measure_runs"] = lambda: _query(
        db,
        f"""SELECT engine, measures_file, started_at, finished_at, measures, figures,
                   (SELECT content_hash FROM performance_importbatch b WHERE b.id = batch_id),
                   {user.format("run_by_id")} FROM performance_measurerun""",
        *["", "", "datetime", "datetime", "", "", "", ""],
    )
    checks["measure_figures"] = lambda: _query(
        db,
        """SELECT measure, title, period, period_start, period_end, breakdown, value, numerator,
                  denominator FROM performance_measurefigure""",
        *["", "", "", "date", "date", "", "", "", ""],
    )
    checks["targets"] = lambda: _query(
        db,
        f"""SELECT {code.format("indicator_id")}, period, period_start, period_end, value, note
            FROM performance_target""",
        *["", "", "date", "date", "", ""],
    )
    checks["benchmarks"] = lambda: _query(
        db,
        f"""SELECT {code.format("indicator_id")}, period, level, code, name, value, symbol,
                   (SELECT content_hash FROM performance_importbatch b WHERE b.id = batch_id)
            FROM performance_benchmark""",
        *["", "", "", "", "", "", "", ""],
    )
    checks["indicators"] = lambda: _query(
        db,
        """SELECT i.code, title, (SELECT code FROM performance_area a WHERE a.id = area_id),
                  unit, polarity, frequency, basis, aggregation, owner, source, definition,
                  tolerance, staleness_months, baseline, breakdown_name, breakdown_values,
                  spc_rebase, published, "order", active
           FROM performance_indicator i""",
        *["", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "json", "json", "json"],
        *["", "bool"],
    )
    checks["areas"] = lambda: _query(
        db, 'SELECT code, name, "order" FROM performance_area', "", "", ""
    )
    checks["partnership"] = lambda: _query(
        db,
        """SELECT name, area_name, la_code, board, chair, reporting_period,
                  statistical_neighbours, framework_source FROM performance_partnership""",
        *["", "", "", "", "", "", "json", ""],
    )
    checks["import_batches"] = lambda: _query(
        db,
        f"""SELECT file_name, content_hash, kind, imported_at, rows, created, revised,
                   unchanged, {user.format("imported_by_id")} FROM performance_importbatch""",
        *["", "", "", "datetime", "", "", "", "", ""],
    )
    checks["agencies"] = lambda: _query(
        db,
        'SELECT code, name, records_as, "order", active FROM performance_agency',
        *["", "", "", "", "bool"],
    )
    checks["memberships"] = lambda: _query(
        db,
        f"""SELECT {user.format("user_id")}, {agency.format("agency_id")}
            FROM performance_agencymembership""",
        "",
        "",
    )
    checks["login_attempts"] = lambda: _query(
        db,
        "SELECT at, username, ip_address, outcome FROM performance_loginattempt",
        *["datetime", "", "", ""],
    )

    def users() -> Rows:
        rows = db.execute(
            """SELECT id, username, email, is_active, is_staff, is_superuser, password
               FROM auth_user"""
        ).fetchall()
        groups = """SELECT g.name FROM auth_user_groups ug JOIN auth_group g
            ON g.id = ug.group_id WHERE ug.user_id = ?"""
        return [
            [
                username,
                email,
                bool(active),
                bool(staff),
                bool(superuser),
                sha256(password.encode()),
                _codes(db, groups, id_),
            ]
            for id_, username, email, active, staff, superuser, password in rows
        ]

    def plan_actions() -> Rows:
        rows = db.execute(
            f"""SELECT id, (SELECT title FROM plan_priority p WHERE p.id = priority_id),
                       (SELECT a.code FROM plan_priority p JOIN performance_area a
                        ON a.id = p.area_id WHERE p.id = priority_id),
                       text, other_responsible, measures, board_leads, timetable,
                       update_every_months, "order", {user.format("owner_id")}
                FROM plan_action"""
        ).fetchall()
        agencies = f"""SELECT {agency.format("agency_id")} FROM plan_action_agencies
            WHERE action_id = ?"""
        indicators = f"""SELECT {code.format("indicator_id")} FROM plan_action_indicators
            WHERE action_id = ?"""
        return [
            [*row[1:], _codes(db, agencies, row[0]), _codes(db, indicators, row[0])] for row in rows
        ]

    checks["users"] = users
    checks["plan_actions"] = plan_actions
    checks["plan_updates"] = lambda: _query(
        db,
        f"""SELECT (SELECT text FROM plan_action a WHERE a.id = action_id), date, text,
                   {user.format("author_id")},
                   (SELECT content_hash FROM plan_planimport p WHERE p.id = plan_import_id)
            FROM plan_actionupdate""",
        *["", "date", "", "", ""],
    )
    checks["plan_imports"] = lambda: _query(
        db,
        """SELECT file_name, content_hash, progress_date, priorities, actions_created,
                  actions_changed, updates FROM plan_planimport""",
        *["", "", "date", "", "", "", ""],
    )
    checks["return_rounds"] = lambda: _query(
        db,
        f"""SELECT period, period_start, period_end, financial_year, next_financial_year, due,
                   message, {user.format("opened_by_id")} FROM returns_returnround""",
        *["", "date", "date", "", "", "date", "", ""],
    )
    checks["agency_returns"] = lambda: _query(
        db,
        f"""SELECT (SELECT period FROM returns_returnround r WHERE r.id = round_id),
                   {agency.format("agency_id")}, status, target_this_year, target_next_year,
                   achieved, narrative, barriers, governance, reviewer_comment, saved_at,
                   submitted_at, reviewed_at, {user.format("saved_by_id")},
                   {user.format("submitted_by_id")}, {user.format("reviewed_by_id")}
            FROM returns_agencyreturn""",
        *["", "", "", "", "", "", "", "", "", "", "datetime", "datetime", "datetime"],
        *["", "", ""],
    )
    checks["reminders"] = lambda: _query(
        db,
        f"""SELECT (SELECT {agency.format("r.agency_id")} FROM returns_agencyreturn r
                    WHERE r.id = agency_return_id),
                   sent_on, kind, days, email, {user.format("user_id")}
            FROM returns_remindersent""",
        *["", "date", "", "", "", ""],
    )
    missing = set(CONTENT_CHECKS) ^ set(checks)
    assert not missing, f"content checks out of step with fingerprints.py: {missing}"
    return {name: check() for name, check in checks.items()}


def _canonical(text: str) -> bytes:
    return canonical_json(json.loads(text))


def expected(path: Path, assess: dict[str, Any] | None) -> dict[str, Any]:
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        found = content(db)
        result: dict[str, Any] = {
            "tables": tables(db),
            "content": {
                name: summary(found[name], how, keep_order=name == "audit_events")
                for name, how in CONTENT_CHECKS.items()
            },
            "migrations": sorted(
                [app, name] for app, name in db.execute("SELECT app, name FROM django_migrations")
            ),
        }
    finally:
        db.close()
    if assess is not None:
        result["cli"] = {"assess": assess}
    return result


def assess_fields(answer: dict[str, Any], code: str, period: str) -> dict[str, Any]:
    """What the CLI's assessment must still say: the figure, the target, the rating, the
    comparisons' numbers."""
    return {
        "args": [code, "--period", period],
        "answer": {
            key: answer[key] for key in ("code", "as_at", "period", "value", "target", "rag")
        },
        "comparisons": {
            key: [item["current"], item["comparator"]]
            for key, item in sorted(answer["comparisons"].items())
        },
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("database", type=Path)
    parser.add_argument("--assess-json", type=Path, help="the old CLI's `assess --json` answer")
    parser.add_argument("--assess-code", default="1.1")
    parser.add_argument("--assess-period", default="Q4 2023/24")
    args = parser.parse_args()
    assess = None
    if args.assess_json:
        answer = json.loads(args.assess_json.read_text())
        assess = assess_fields(answer, args.assess_code, args.assess_period)
    json.dump(expected(args.database, assess), sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
