"""Read a CYPP progress spreadsheet into priorities and actions, finding every problem first.

The board keeps its plan as a Word-like table pasted into Excel: a heading row per area of
focus ("BE SUCCESSFUL – Focus on Children who are not engaged in Education"), the six column
headings, then one action per row, with long cells often split over several rows. This module
knows that layout and nothing about the database: it is given the framework's area names and
indicator codes, and returns what the file says or raises :class:`ImportError_` naming every
problem with its file, row, column and what was expected, so a partner fixes them in one go.

The rules, in the order a row is tried:

* a row whose first cell starts with an area of focus ("Be successful", any case), optionally
  followed by a dash and the priority ("– Focus on ..."), starts a priority;
* a row whose first cell starts with "Action" and whose other cells name the other columns is
  the header (it may be repeated under every heading, or given once);
* a row that holds only a note in brackets, such as "(Agreement with Children's Trust members to
  extend the CYPP ...)", and rows above the first heading (titles) are skipped;
* any other row is an action; a row with an empty Actions cell continues the action above, its
  cells appended to that action's;
* an action with an empty Responsible Agencies, Board Leads or Reporting Timetable cell takes the
  one above it in the same priority, as the plan's headings say ("for all actions unless
  otherwise stated").
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from trustboard.ingest.reader import ImportError_, RowError, decode, file_error

SUPPORTED_SUFFIXES = (".xlsx", ".csv")
MAX_ROWS = 5_000
"""Rows a plan may have: the board's plan has a few dozen; a sheet with a stray cell far down
is refused instead of read row by empty row."""
MAX_COLUMNS = 20
"""Columns read: the plan has six, seven with indicators, more in an exported plan."""
MAX_CELL_CHARS = 20_000
"""The longest cell accepted (the longest Progress cell in the board's plan is ~2,000)."""

COLUMNS: dict[str, str] = {
    "text": "Actions",
    "agencies": "Responsible Agencies",
    "measures": "How we will know this area of focus has improved",
    "leads": "Children's Trust Board Leads",
    "timetable": "Reporting Timetable",
    "progress": "Progress",
    "indicators": "Indicators",
}
"""Each column's key and its heading as the board's plan writes it."""
REQUIRED = ("text", "agencies", "measures", "leads", "timetable", "progress")
_HEADER_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("text", re.compile(r"^actions?\b")),
    ("agencies", re.compile(r"responsib")),
    ("measures", re.compile(r"how (we|will we) (will )?know")),
    ("leads", re.compile(r"\blead")),
    ("timetable", re.compile(r"timetable|reporting")),
    ("progress", re.compile(r"^progress\b")),
    ("indicators", re.compile(r"^indicators?( codes?)?$")),
)
"""How a heading is recognised: loosely, since each copy of the plan words them a little
differently ("Children's Trust Board Leads (for all actions unless otherwise stated)")."""

UNKNOWN_HEADING = re.compile(r"^BE\s+[A-Z][A-Z]+\b")
"""An area-of-focus heading the framework does not have ("BE INSPIRED"), told apart from an
action's text by its capitals."""
_NOTE = re.compile(r"^\(.*\)$", re.DOTALL)
_DASHES = "–—-:"
_CODE_SPLIT = re.compile(r"[,;\s]+")

UPDATE_MONTHS = (
    (re.compile(r"\bmonthly\b|\bevery month\b"), 1),
    (re.compile(r"\b(six|6)[- ]?month|\bhalf[- ]?year|\bbi-?annual"), 6),
    (re.compile(r"\bquarter"), 3),
    (re.compile(r"\bterm"), 4),
    (re.compile(r"\bannual|\byearly\b|\bevery year\b"), 12),
)
"""Reporting timetables that say how often, and the months between updates they mean; a date
("Sep 21") says when, not how often, and leaves the default."""


@dataclass
class ActionRow:
    """One action as the file gives it; ``row`` is its first spreadsheet row."""

    row: int
    text: str
    agencies: str = ""
    measures: str = ""
    leads: str = ""
    timetable: str = ""
    progress: str = ""
    indicators: list[str] = field(default_factory=list)


@dataclass
class PrioritySection:
    row: int
    area: str
    """The framework's area name, as given to :func:`read_plan`."""
    title: str
    actions: list[ActionRow] = field(default_factory=list)


def update_months(timetable: str, default: int) -> int:
    """Months between progress updates that a reporting timetable implies."""
    lowered = timetable.lower()
    for pattern, months in UPDATE_MONTHS:
        if pattern.search(lowered):
            return months
    return default


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        # A timetable typed as "Sep 21" becomes a date in Excel; show it as the plan does.
        return f"{value:%b %Y}" if value.day == 1 else f"{value:%d/%m/%Y}"
    lines = [line.strip() for line in str(value).replace("\r\n", "\n").split("\n")]
    return "\n".join(lines).strip()


def _xlsx_grid(name: str, data: bytes) -> list[tuple[int, list[str]]]:
    import openpyxl

    if not data.startswith(b"PK"):
        raise file_error(name, "an Excel workbook (.xlsx); this file is not one")
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise file_error(name, "an Excel workbook (.xlsx) that opens") from None
    try:
        sheet = book.worksheets[0]
        # The dimensions a file declares may be wrong or huge: read what is there.
        sheet.reset_dimensions()
        rows = []
        for number, row in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS), start=1):
            cells = [_text(getattr(c, "value", None)) for c in row]
            if not any(cells):
                continue
            if number > MAX_ROWS:
                raise _too_many_rows(name, number)
            rows.append((number, cells))
    except ImportError_:
        raise
    except Exception as error:  # a workbook that opens may still hold XML openpyxl cannot read
        raise file_error(name, f"an Excel workbook (.xlsx) that can be read ({error})") from None
    finally:
        book.close()
    return rows


def _too_many_rows(name: str, row: int) -> ImportError_:
    return file_error(
        name,
        f"a plan of at most {MAX_ROWS:,} rows; row {row:,} has a value (delete any stray "
        "cells below the plan)",
        row,
    )


def _csv_grid(name: str, data: bytes) -> list[tuple[int, list[str]]]:
    text = decode(name, data)
    rows = []
    reader = csv.reader(io.StringIO(text, newline=""))
    number = 0
    try:
        for number, row in enumerate(reader, start=1):
            cells = [_text(c) for c in row[:MAX_COLUMNS]]
            if not any(cells):
                continue
            if number > MAX_ROWS:
                raise _too_many_rows(name, number)
            rows.append((number, cells))
    except csv.Error as error:
        raise file_error(
            name, f"CSV text that can be read from row {number + 1} on ({error})", number + 1
        ) from None
    return rows


def read_grid(name: str, data: bytes) -> list[tuple[int, list[str]]]:
    """The filled rows of the first sheet (or the CSV), numbered as the spreadsheet shows."""
    suffix = Path(name).suffix.lower()
    if suffix == ".xlsx":
        return _xlsx_grid(name, data)
    if suffix == ".csv":
        return _csv_grid(name, data)
    raise ImportError_([RowError(name, None, "(file)", suffix or name, "a .xlsx or .csv file")])


def _header_columns(cells: list[str]) -> dict[str, int] | None:
    """The column of each heading, if this row is the header; else None."""
    lowered = [c.lower() for c in cells]
    if not lowered or not _HEADER_PATTERNS[0][1].search(lowered[0]):
        return None
    found: dict[str, int] = {}
    for index, heading in enumerate(lowered):
        for key, pattern in _HEADER_PATTERNS:
            if key not in found and pattern.search(heading):
                found[key] = index
                break
    # An action whose text starts with "Action..." is not a header unless other headings follow.
    return found if len(found) >= 3 else None


def _area_heading(first: str, areas: Sequence[str]) -> tuple[str, str] | None:
    """(area, priority title) if the cell is an area-of-focus heading."""
    collapsed = " ".join(first.split())
    for area in sorted(areas, key=len, reverse=True):
        if not collapsed.lower().startswith(area.lower()):
            continue
        rest = collapsed[len(area) :]
        if rest and not (rest[0].isspace() or rest[0] in _DASHES):
            continue  # "Be safer ..." is not "Be safe"
        title = rest.strip().lstrip(_DASHES).strip()
        return area, title or area
    return None


def _append(old: str, new: str) -> str:
    if not new:
        return old
    return f"{old}\n{new}" if old else new


def indicator_codes(cell: str) -> list[str]:
    """Codes in an Indicators cell: "1.4, 2.5" or "1.4; 2.5" or one per line."""
    return [c for c in _CODE_SPLIT.split(cell) if c]


def read_plan(
    name: str, data: bytes, *, areas: Sequence[str], indicators: Collection[str]
) -> list[PrioritySection]:
    """The plan's priorities and actions, or :class:`ImportError_` with every problem.

    ``areas`` are the framework's area names ("Be successful"); ``indicators`` its codes.
    """
    grid = read_grid(name, data)
    errors: list[RowError] = []
    sections: list[PrioritySection] = []
    section: PrioritySection | None = None
    skipping = False  # under a heading the framework does not have: its rows are not checked
    columns: dict[str, int] | None = None
    header_missing_reported = False
    last: ActionRow | None = None

    def error(row: int, column: str, value: str, expected: str) -> None:
        shown = value if len(value) <= 80 else value[:77] + "..."
        errors.append(RowError(name, row, column, shown, expected))

    for number, cells in grid:
        first = cells[0] if cells else ""
        heading = _area_heading(first, areas) if first else None
        if heading is not None:
            section = PrioritySection(number, heading[0], heading[1])
            sections.append(section)
            skipping, last = False, None
            continue
        others_empty = not any(cells[1:])
        if others_empty and UNKNOWN_HEADING.match(first):
            error(
                number,
                COLUMNS["text"],
                first,
                "an area of focus of the framework ("
                + ", ".join(areas)
                + "), optionally followed by '– Focus on ...'",
            )
            section, skipping, last = None, True, None
            continue
        header = _header_columns(cells)
        if header is not None:
            missing = [COLUMNS[k] for k in REQUIRED if k not in header]
            if missing:
                error(
                    number,
                    "(header)",
                    " | ".join(c for c in cells if c),
                    "the column headings "
                    + ", ".join(f"'{COLUMNS[k]}'" for k in REQUIRED)
                    + " (and optionally 'Indicators'); missing: "
                    + ", ".join(f"'{m}'" for m in missing),
                )
            columns = header
            last = None
            continue
        if others_empty and _NOTE.match(first):
            continue  # "(Agreement with Children's Trust members to extend the CYPP ...)"
        if skipping:
            continue
        if section is None:
            if columns is not None and sum(1 for c in cells if c) > 1:
                error(
                    number,
                    COLUMNS["text"],
                    first,
                    "an area-of-focus heading such as 'BE SUCCESSFUL – Focus on ...' above the "
                    "first action",
                )
            continue  # the plan's title and notes above the first heading
        if columns is None:
            if not header_missing_reported:
                error(
                    number,
                    "(header)",
                    first,
                    "the column headings ("
                    + ", ".join(f"'{COLUMNS[k]}'" for k in REQUIRED)
                    + ") above the first action",
                )
                header_missing_reported = True
            continue

        def cell(key: str, cells: list[str] = cells, columns: dict[str, int] = columns) -> str:
            index = columns.get(key)
            return cells[index] if index is not None and index < len(cells) else ""

        values = {key: cell(key) for key in COLUMNS}
        for key, value in values.items():
            if len(value) > MAX_CELL_CHARS:
                error(
                    number,
                    COLUMNS[key],
                    value,
                    f"at most {MAX_CELL_CHARS:,} characters (this cell has {len(value):,})",
                )
                values[key] = value[:MAX_CELL_CHARS]
        codes = indicator_codes(values["indicators"])
        for code in codes:
            if code not in indicators:
                error(
                    number,
                    COLUMNS["indicators"],
                    code,
                    "codes of the framework's indicators, such as '1.4, 2.5' (format the column "
                    "as Text so that 1.10 is not read as 1.1)",
                )
        if not values["text"]:
            if last is None:
                if any(values.values()):
                    error(
                        number,
                        COLUMNS["text"],
                        "",
                        "an action: a row with an empty Actions cell continues the action above, "
                        "and there is none under this heading",
                    )
                continue
            for key in ("text", "agencies", "measures", "leads", "timetable", "progress"):
                setattr(last, key, _append(getattr(last, key), values[key]))
            last.indicators.extend(c for c in codes if c not in last.indicators)
            continue
        previous = section.actions[-1] if section.actions else None
        if any(a.text == values["text"] for a in section.actions):
            error(
                number,
                COLUMNS["text"],
                values["text"],
                "each action once under a heading (this one is already on row "
                f"{next(a.row for a in section.actions if a.text == values['text'])})",
            )
        last = ActionRow(
            row=number,
            text=values["text"],
            agencies=values["agencies"] or (previous.agencies if previous else ""),
            measures=values["measures"],
            leads=values["leads"] or (previous.leads if previous else ""),
            timetable=values["timetable"] or (previous.timetable if previous else ""),
            progress=values["progress"],
            indicators=list(dict.fromkeys(codes)),
        )
        section.actions.append(last)

    titles: dict[tuple[str, str], int] = {}
    for found in sections:
        if not found.actions:
            error(found.row, COLUMNS["text"], found.title, "at least one action under the heading")
        key = (found.area, found.title.lower())
        if key in titles:
            error(
                found.row,
                COLUMNS["text"],
                found.title,
                f"each priority once (this one is already on row {titles[key]})",
            )
        titles.setdefault(key, found.row)
    if not sections and not errors:
        errors.append(
            RowError(
                name,
                None,
                "(file)",
                "",
                "a heading row per area of focus, such as 'BE SUCCESSFUL – Focus on ...', then "
                "the column headings and the actions",
            )
        )
    if errors:
        raise ImportError_(errors)
    return sections
