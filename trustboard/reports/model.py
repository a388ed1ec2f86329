"""The board report as data: what the HTML, PDF and Word renderers all draw from.

A report is built once from a frozen snapshot of the period's figures and commentary, then
rendered; the renderers decide layout only, never content, so the three formats say the same
thing. Everything here is plain data (JSON-serialisable through ``to_dict``/``from_dict``) so a
snapshot stores exactly what was printed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Cover:
    board: str
    chair: str
    report_to: str
    report_date: str
    period: str
    meetings: tuple[str, ...] = ()
    priorities: str = ""
    partnership: str = ""


@dataclass(frozen=True)
class MeetingItem:
    """One numbered item of the board's business, with what it asks the receiving board."""

    number: int
    title: str
    body: str
    recommendations: tuple[str, ...] = ()


@dataclass(frozen=True)
class Chart:
    """A chart: its Vega-Lite spec and the text that stands in for it (alt text)."""

    title: str
    description: str
    spec: dict[str, Any]


@dataclass(frozen=True)
class IndicatorRow:
    """One line of the red/amber table: indicator, rating, what is being done."""

    code: str
    title: str
    rag: str
    rag_name: str
    value: str
    target: str
    commentary: str


@dataclass(frozen=True)
class AreaSection:
    """One area of focus in the appendix: drafted bullets, the table, the charts."""

    name: str
    bullets: tuple[str, ...] = ()
    rows: tuple[IndicatorRow, ...] = ()
    charts: tuple[Chart, ...] = ()


@dataclass(frozen=True)
class GlossaryEntry:
    acronym: str
    meaning: str


@dataclass(frozen=True)
class Report:
    title: str
    cover: Cover
    summary: str
    items: tuple[MeetingItem, ...]
    forward_plan: tuple[str, ...]
    appendix_title: str
    appendix_intro: str
    areas: tuple[AreaSection, ...]
    glossary: tuple[GlossaryEntry, ...] = ()
    public: bool = False
    marking: str = ""
    provenance: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Report:
        return cls(
            title=data["title"],
            cover=Cover(**{**data["cover"], "meetings": tuple(data["cover"]["meetings"])}),
            summary=data["summary"],
            items=tuple(
                MeetingItem(**{**i, "recommendations": tuple(i["recommendations"])})
                for i in data["items"]
            ),
            forward_plan=tuple(data["forward_plan"]),
            appendix_title=data["appendix_title"],
            appendix_intro=data["appendix_intro"],
            areas=tuple(
                AreaSection(
                    name=a["name"],
                    bullets=tuple(a["bullets"]),
                    rows=tuple(IndicatorRow(**r) for r in a["rows"]),
                    charts=tuple(Chart(**c) for c in a["charts"]),
                )
                for a in data["areas"]
            ),
            glossary=tuple(GlossaryEntry(**g) for g in data["glossary"]),
            public=data["public"],
            marking=data["marking"],
            provenance=data["provenance"],
            extra=data.get("extra", {}),
        )
