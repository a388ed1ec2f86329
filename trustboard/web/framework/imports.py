"""The one way a file comes in, from the imports page and from ``trustboard import`` alike.

A file is either figures (observations, a DfE statistics file) for the framework, or a kind of
file another app owns (record-level extracts, which the measures app loads into the analytic
store). Apps above the framework say which files are theirs by registering an importer when
they start (``register``), so the framework never imports them and both entry points share one
dispatch.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from trustboard.ingest.reader import file_error
from trustboard.web.framework import services
from trustboard.web.framework.services import PublishedMapping


class ImportSummary(Protocol):
    """What every importer returns: enough for a page or the command line to say what happened."""

    already_imported: bool

    def summary(self) -> str: ...


class Importer(Protocol):
    """A kind of file an app loads itself."""

    name: str

    def recognises(self, *, name: str, data: bytes, source: str | None) -> bool: ...

    def load(
        self, *, name: str, data: bytes, actor: Any, source: str | None, replace: bool
    ) -> ImportSummary: ...


_IMPORTERS: list[Importer] = []


def register(importer: Importer) -> None:
    """Make ``importer`` a destination of ``import_file``; registering twice is harmless."""
    if all(existing.name != importer.name for existing in _IMPORTERS):
        _IMPORTERS.append(importer)


@dataclass(frozen=True)
class Imported:
    """One file's outcome: which importer took it and its result."""

    kind: str
    result: ImportSummary

    def summary(self) -> str:
        return self.result.summary()


def import_file(
    *,
    name: str,
    data: bytes,
    actor: Any = None,
    source: str | None = None,
    replace: bool = False,
    mapping: PublishedMapping | None = None,
) -> Imported:
    """Load one file, whole or not at all, wherever it belongs.

    ``source`` names a record-level extract's source when its headings do not; ``replace``
    makes such an extract a full refresh; ``mapping`` places a DfE statistics file the
    framework does not map. Raises :class:`ImportError_` listing every problem, by file, row
    and column; nothing is changed then.
    """
    name = Path(name).name
    for importer in _IMPORTERS:
        if importer.recognises(name=name, data=data, source=source):
            if mapping is not None:
                raise file_error(name, "a DfE statistics file (a mapping is only for those)")
            return Imported(
                importer.name,
                importer.load(name=name, data=data, actor=actor, source=source, replace=replace),
            )
    if source is not None:
        raise file_error(name, f"a record-level extract of source {source!r}")
    result = services.import_observations(name=name, data=data, actor=actor, mapping=mapping)
    return Imported("observations", result)
