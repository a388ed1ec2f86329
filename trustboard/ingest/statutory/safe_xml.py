"""Statutory returns written as XML, read a record at a time and safely.

A large authority's CIN census is tens of megabytes, so the file is fed to the parser in pieces
and each child's element is handed on as soon as it is complete, then dropped: memory follows
one child, not the file. A return never needs a document type declaration, so one is refused
outright, before any entity in it could be defined: no external entity is fetched and no
entity expanded ("billion laughs"). Every problem is named by file, element and line.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from xml.parsers import expat

from trustboard.ingest.cells import ImportError_, RowError

__all__ = ["CHUNK", "Element", "leaves", "stream", "text_of"]

CHUNK = 1 << 20
"""How much of the file the parser is given at a time."""

Element = ET.Element


class _Refused(Exception):
    def __init__(self, what: str, expected: str) -> None:
        self.what = what
        self.expected = expected


def _refuse_doctype(*_args) -> None:
    raise _Refused(
        "(document type declaration)",
        "no document type declaration: a statutory return has none, and one can define "
        "entities that fetch other files or expand without end",
    )


def _refuse_entity(*_args) -> None:
    raise _Refused("(entity declaration)", "no entity declarations")


def stream(name: str, data: bytes, root: str, wanted: set[str]) -> Iterator[tuple[Element, int]]:
    """Each element named in ``wanted`` (at any depth), once complete, with the line it starts
    on. The root element must be ``root``; anything outside the wanted elements is read past.

    Raises :class:`ImportError_` for a file that is not well-formed XML or is not that return.
    """
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = _refuse_doctype
    parser.EntityDeclHandler = _refuse_entity
    parser.ExternalEntityRefHandler = _refuse_entity
    ready: list[tuple[Element, int]] = []
    stack: list[Element] = []
    lines: list[int] = []
    depth = [0]

    def start(tag: str, attributes: dict[str, str]) -> None:
        # A return written with a namespace prefix (<cin:Message>) has the same elements.
        tag = tag.rpartition(":")[2]
        depth[0] += 1
        if depth[0] == 1 and tag != root:
            raise _Refused(f"<{tag}>", f"the root element <{root}>")
        if stack:
            element = ET.SubElement(stack[-1], tag, attributes)
        elif tag in wanted:
            element = ET.Element(tag, attributes)
            lines.append(parser.CurrentLineNumber)
        else:
            return
        stack.append(element)

    def end(tag: str) -> None:
        depth[0] -= 1
        if not stack:
            return
        element = stack.pop()
        if not stack:
            ready.append((element, lines.pop()))

    def characters(text: str) -> None:
        if stack:
            element = stack[-1]
            if len(element):
                last = element[-1]
                last.tail = (last.tail or "") + text
            else:
                element.text = (element.text or "") + text

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters
    try:
        for offset in range(0, max(len(data), 1), CHUNK):
            piece = data[offset : offset + CHUNK]
            parser.Parse(piece, offset + CHUNK >= len(data))
            yield from ready
            ready.clear()
    except _Refused as refused:
        raise ImportError_(
            [RowError(name, parser.CurrentLineNumber, refused.what, "", refused.expected, "line")]
        ) from None
    except expat.ExpatError as error:
        raise ImportError_(
            [
                RowError(
                    name,
                    error.lineno,
                    "(XML)",
                    "",
                    f"well-formed XML ({expat.ErrorString(error.code)}, column {error.offset})",
                    "line",
                )
            ]
        ) from None
    if depth[0] != 0 or parser.CurrentLineNumber == 0:
        raise ImportError_([RowError(name, None, "(XML)", "", f"a whole <{root}> document")])


def text_of(element: Element, tag: str) -> str:
    """A child element's text, stripped; "" when it is absent or empty."""
    found = element.find(tag)
    return (found.text or "").strip() if found is not None else ""


def leaves(element: Element, names: dict[str, str] | None = None) -> dict[str, str]:
    """An element's childless children as {tag: stripped text}: a row of a return's table.
    ``names`` renames tags to the columns the CSV form calls them (SSDA903's ``CHILDID``)."""
    names = names or {}
    return {
        names.get(leaf.tag, leaf.tag): (leaf.text or "").strip()
        for leaf in element
        if len(leaf) == 0
    }
