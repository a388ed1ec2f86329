"""One way of writing a database's content down, shared by both sides of the upgrade test.

The old side reads the fixture with plain ``sqlite3`` SQL (``expected_from_sqlite.py``); the new
side reads the upgraded database through the new Django models (``check_upgrade.py``), on
SQLite or PostgreSQL. Each side turns its values into the same plain form here first (dates as
ISO text, datetimes as naive UTC text, booleans as booleans, JSON as data, file bytes as their
SHA-256), so that two readings agree exactly when the rows hold the same content, whatever the
engine or driver returned.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any

# Django's own bookkeeping, which an upgrade may legitimately add to (new migrations recorded,
# content types and permissions for the models' new app labels), and SQLite's internal table.
EXCLUDED_TABLES = frozenset(
    {
        "django_migrations",
        "django_session",
        "django_content_type",
        "auth_permission",
        "sqlite_sequence",
    }
)

# How each content check is written into expected.json: small ones in full, so that a failure
# shows the row that changed; large ones as a row count and a digest.
LISTED = "listed"
DIGEST = "digest"
CONTENT_CHECKS: dict[str, str] = {
    "observations": DIGEST,
    "restated_observations": LISTED,
    "report_files": LISTED,
    "report_snapshots": LISTED,
    "audit_events": DIGEST,
    "audit_actions": LISTED,
    "commentary": LISTED,
    "commentary_requests": LISTED,
    "narrative_edits": LISTED,
    "report_details": DIGEST,
    "meeting_items": DIGEST,
    "measure_runs": LISTED,
    "measure_figures": DIGEST,
    "targets": DIGEST,
    "benchmarks": DIGEST,
    "indicators": DIGEST,
    "areas": LISTED,
    "partnership": DIGEST,
    "import_batches": LISTED,
    "agencies": LISTED,
    "memberships": LISTED,
    "login_attempts": LISTED,
    "users": LISTED,
    "plan_actions": DIGEST,
    "plan_updates": DIGEST,
    "plan_imports": LISTED,
    "return_rounds": LISTED,
    "agency_returns": DIGEST,
    "reminders": LISTED,
}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def plain_datetime(value: datetime | str | None) -> str | None:
    """A moment as naive UTC text with microseconds: SQLite's stored text and an aware
    datetime from either engine come out the same."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.isoformat(sep=" ", timespec="microseconds")


def plain_date(value: date | str | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return value.isoformat()


def plain_json(value: Any, *, stored_as_text: bool) -> Any:
    """JSON as data: SQLite keeps the text, the ORM gives the parsed value."""
    if stored_as_text and value is not None:
        return json.loads(value)
    return value


def plain_bytes(value: bytes | memoryview | None) -> str | None:
    return None if value is None else sha256(bytes(value))


def plain_bool(value: Any) -> bool | None:
    return None if value is None else bool(value)


def plain(kind: str, value: Any, *, json_as_text: bool = False) -> Any:
    """A value in the shared plain form, by its kind: "json", "bool", "datetime", "date",
    "blob" (its SHA-256), "text" (an IP address object as text) or "" (as it is)."""
    if kind == "json":
        return plain_json(value, stored_as_text=json_as_text)
    if kind == "bool":
        return plain_bool(value)
    if kind == "datetime":
        return plain_datetime(value)
    if kind == "date":
        return plain_date(value)
    if kind == "blob":
        return plain_bytes(value)
    if kind == "text":
        return None if value is None else str(value)
    return value


def canonical_json(value: Any) -> bytes:
    """A JSON document as canonical bytes, whatever key order or spacing it was stored with."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def line(row: Sequence[Any]) -> str:
    """One row as canonical JSON text (object keys sorted, so PostgreSQL's jsonb key order
    does not matter)."""
    return json.dumps(list(row), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def sorted_rows(rows: Iterable[Sequence[Any]]) -> list[list[Any]]:
    """Rows in an order that depends on their content only, not on a database's collation."""
    return [json.loads(text) for text in sorted(line(row) for row in rows)]


def digest(rows: Sequence[Sequence[Any]], *, keep_order: bool = False) -> str:
    lines = [line(row) for row in rows]
    if not keep_order:
        lines.sort()
    return sha256("\n".join(lines).encode())


def summary(rows: Sequence[Sequence[Any]], how: str, *, keep_order: bool = False) -> Any:
    """What expected.json keeps of one content check."""
    if how == LISTED:
        return list(map(list, rows)) if keep_order else sorted_rows(rows)
    return {"rows": len(rows), "sha256": digest(rows, keep_order=keep_order)}


def table_summary(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> dict[str, Any]:
    """A whole table: its row count, its columns and a digest of every row."""
    return {"rows": len(rows), "columns": list(columns), "sha256": digest(rows)}
