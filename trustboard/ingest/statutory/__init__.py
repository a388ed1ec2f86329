"""Statutory returns imported as councils make them: SSDA903, the CIN census and Annex A.

One return may be several files (SSDA903's CSV tables): they are checked together and stored
together, all or nothing, as one batch known by the hash of all of them, so the same return sent
twice changes nothing. The return's local authority, where it names one, must be the
partnership's area.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from types import ModuleType

from trustboard.ingest.cells import ImportError_, RowError, content_hash
from trustboard.ingest.record_store import (
    RecordImportResult,
    held_by_other_returns,
    previous_import,
    write_return,
)
from trustboard.ingest.statutory import annex_a, cin_census, ssda903
from trustboard.ingest.statutory.la_codes import authority, codes_of, describe
from trustboard.ingest.statutory.returns import File, Return
from trustboard.measures import store
from trustboard.measures.sources import ColumnType

__all__ = ["ADAPTERS", "File", "adapter_for", "import_return"]

ADAPTERS: tuple[ModuleType, ...] = (ssda903, cin_census, annex_a)


FILES = {
    "ssda903": "its CSV tables chosen together (header, episodes, uasc, missing, ...) or its "
    "one XML file (<EXPSSDA903>)",
    "cin_census": "one XML file (<Message> of the CIN collection)",
    "annex_a": "one .xlsx workbook with the lists on sheets List 1 to List 11",
}
"""What each return's files are, for the message that refuses a file that is none of them."""

SUPPLEMENTARY = ("annex_a",)
"""Returns whose lists overlap the statutory returns': a table of one is stored only where no
SSDA903 return or CIN census already holds that source's records for the same area and dates
(a later SSDA903 or census replaces the overlap itself, by its year)."""


def adapter_for(name: str, data: bytes) -> ModuleType | None:
    """The return a file belongs to, from its headings or root element."""
    return next((a for a in ADAPTERS if a.recognises(name, data)), None)


def return_hash(files: Sequence[File]) -> str:
    """One hash for the files of a return, whatever order they are given in."""
    parts = sorted(content_hash(f.data) for f in files)
    return hashlib.sha256("".join(parts).encode()).hexdigest()


def import_return(
    files: Sequence[File], store_path: str | Path, *, area_code: str = "", today: date | None = None
) -> RecordImportResult:
    """Check every file of one return, then store its records in one transaction."""
    names = ", ".join(f.name for f in files)
    digest = return_hash(files)
    previous = previous_import(store_path, digest)
    if previous is not None:
        return previous
    kinds = {f.name: adapter_for(f.name, f.data) for f in files}
    adapters = set(kinds.values())
    if None in adapters or len(adapters) != 1:
        known = sorted({a.TITLE for a in adapters if a})
        expected = (
            f"a table of the same statutory return as the others ({', '.join(known)})"
            if len(adapters - {None}) == 1
            else "the files of one statutory return: "
            + "; ".join(f"{a.TITLE}: {FILES[a.KIND]}" for a in ADAPTERS)
        )
        raise ImportError_(
            [
                RowError(name, None, "(file)", "", expected)
                for name, adapter in kinds.items()
                if adapter is None or len(adapters - {None}) != 1
            ]
        )
    adapter = adapters.pop()
    read: Return = adapter.read(files, today=today or date.today())
    area = _area(read, area_code)
    salt = store.salt(store_path)
    tables = []
    held_elsewhere = []
    for part in read.tables:
        if read.kind in SUPPLEMENTARY and part.rows:
            dates = [d for d in part.columns[part.source.date_column] if d is not None]
            other = held_by_other_returns(
                store_path, part.source, area, min(dates), max(dates), read.kind
            )
            if other:
                # The statutory return's records are the fuller ones, and Annex A's own ids
                # could not match them: the same children would be counted twice.
                titles = {a.KIND: a.TITLE for a in ADAPTERS}
                held_elsewhere.append(
                    f"{part.source.title}: checked, not stored, as the store holds them from "
                    f"the {' and the '.join(titles.get(k, k) for k in other)} for the same "
                    "area and dates"
                )
                continue
        columns = dict(part.columns)
        columns["la_code"] = [area] * part.rows
        for column in part.source.columns:
            if column.type is ColumnType.ID:
                columns[column.name] = [
                    store.pseudonymise(salt, area, v) for v in columns[column.name]
                ]
        tables.append((part.source, columns, part.scope))
    result = write_return(
        store_path,
        kind=read.kind,
        title=read.title,
        files=names,
        digest=digest,
        tables=tables,
        area=area,
    )
    notes = (
        *read.not_loaded,
        *held_elsewhere,
        *(f"Not in this return: {text}." for text in read.cannot_give),
    )
    return RecordImportResult(
        result.source,
        result.file_name,
        result.content_hash,
        result.rows,
        result.restated,
        imported_at=result.imported_at,
        title=result.title,
        parts=result.parts,
        notes=tuple(f"{n}." if not n.endswith(".") else n for n in notes),
    )


def _area(read: Return, area_code: str) -> str:
    """The area the return's records are stored under: the partnership's, which the return's
    own code (old or new) must name."""
    area_code = area_code.strip().upper()
    if not read.la_code:
        return area_code
    if area_code and area_code not in codes_of(read.la_code):
        raise ImportError_(
            [
                RowError(
                    read.files[0],
                    None,
                    "(local authority)",
                    read.la_code[:10],
                    f"a return for the partnership's area, {describe(area_code)}: this return "
                    f"is for {describe(read.la_code)}. Nothing was stored.",
                )
            ]
        )
    found = authority(read.la_code)
    return area_code or (found.code if found is not None else read.la_code.upper())
