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

from trustboard.ingest.cells import ImportError_
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


def import_files(
    files: list[tuple[str, bytes]],
    *,
    actor: Any = None,
    source: str | None = None,
    replace: bool = False,
    mapping: PublishedMapping | None = None,
) -> list[tuple[str, Imported | ImportError_]]:
    """Several files, each whole or not at all, except that the CSV tables of one statutory
    return (SSDA903's header, episodes, ...) are one import: checked and stored together.

    A name may carry its folder (the command line gives paths): tables in one folder are one
    return, so every year's SSDA903 return can be given at once, each year in its folder. An
    XML or Excel return is a file on its own. Returns each import's files (as one label) and
    its outcome, in the order given; one refused import does not stop the others.
    """
    groups: dict[tuple[str, ...], list[tuple[str, bytes]]] = {}
    for position, (name, data) in enumerate(files):
        found = _return_of(name, data) if source is None and mapping is None else None
        if found is None:
            key: tuple[str, ...] = ("file", str(position))
        elif Path(name).suffix.lower() == ".csv":
            key = (*found, str(Path(name).parent))
        else:
            key = (*found, str(position))
        groups.setdefault(key, []).append((Path(name).name, data))
    outcomes: list[tuple[str, Imported | ImportError_]] = []
    for key, group in groups.items():
        label = ", ".join(name for name, _ in group)
        try:
            if key[0] == "file":
                [(name, data)] = group
                imported = import_file(
                    name=name, data=data, actor=actor, source=source, replace=replace,
                    mapping=mapping,
                )  # fmt: skip
            else:
                importer = next(i for i in _IMPORTERS if i.name == key[0])
                result = importer.load_return(files=group, actor=actor)  # type: ignore[attr-defined]
                imported = Imported(importer.name, result)
        except ImportError_ as error:
            outcomes.append((label, error))
        else:
            outcomes.append((label, imported))
    return outcomes


def _return_of(name: str, data: bytes) -> tuple[str, str] | None:
    """(importer, return kind) for a file that is part of a statutory return."""
    for importer in _IMPORTERS:
        return_of = getattr(importer, "return_of", None)
        if return_of is not None and (kind := return_of(name=Path(name).name, data=data)):
            return importer.name, kind
    return None


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
