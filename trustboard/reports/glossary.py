"""Acronyms: spelt out on first use, and listed in the report's glossary.

The board report goes to a Health and Wellbeing Board, councillors and, in its published
version, the public; partnership shorthand (MASH, EHA, S&N) is opaque to most of them. The
convention in the board's own reports is to spell an acronym out the first time it appears,
"Multi-Agency Safeguarding Hub (MASH)", and to list every acronym at the end. Doing it here,
once, over the text in reading order, keeps the three renderers saying the same thing.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache

from trustboard.reports.model import GlossaryEntry, MeetingItem, Report

GLOSSARY: dict[str, str] = {
    "A&E": "Accident and Emergency",
    "BOB": "Buckinghamshire, Oxfordshire and Berkshire West",
    "CAMHS": "Child and Adolescent Mental Health Services",
    "CEF": "Children, Education and Families",
    "ChIN": "Child in Need",
    "CIN": "Child in Need",
    "CLA": "Children Looked After",
    "CME": "Children Missing Education",
    "CP": "Child Protection",
    "CPP": "Child Protection Plan",
    "CSC": "Children's Social Care",
    "CTB": "Children's Trust Board",
    "CYPP": "Children and Young People's Plan",
    "DA": "Domestic Abuse",
    "DfE": "Department for Education",
    "EAL": "English as an Additional Language",
    "EH": "Early Help",
    "EHA": "Early Help Assessment",
    "EHCNA": "Education, Health and Care Needs Assessment",
    "EHCP": "Education, Health and Care Plan",
    "EHE": "Elective Home Education",
    "EHN": "Early Help Network",
    "FSP": "Family Solutions Plus",
    "GLD": "Good Level of Development",
    "HWB": "Health and Wellbeing Board",
    "HWBB": "Health and Wellbeing Board",
    "ICB": "Integrated Care Board",
    "ICP": "Integrated Care Partnership",
    "IHA": "Initial Health Assessment",
    "JSNA": "Joint Strategic Needs Assessment",
    "KS": "Key Stage",
    "LCSS": "Locality and Community Support Service",
    "MASH": "Multi-Agency Safeguarding Hub",
    "MHST": "Mental Health Support Team",
    "NFA": "No Further Action",
    "NHS": "National Health Service",
    "OCC": "Oxfordshire County Council",
    "OSAB": "Oxfordshire Safeguarding Adults Board",
    "OSCB": "Oxfordshire Safeguarding Children's Board",
    "OUH": "Oxford University Hospitals",
    "PEX": "Permanent Exclusion",
    "RAG": "Red, Amber or Green rating",
    "S&N": "Strengths and Needs assessment",
    "SEN": "Special Educational Needs",
    "SENCo": "Special Educational Needs Coordinator",
    "SEND": "Special Educational Needs and Disabilities",
    "TAF": "Team Around the Family",
    "TVP": "Thames Valley Police",
    "TYSS": "Targeted Youth Support Service",
    "UASC": "Unaccompanied Asylum-Seeking Children",
    "VCS": "Voluntary and Community Sector",
    "YP": "Young People",
}
"""Acronym → meaning, as the Oxfordshire reports and their glossary use them (en-GB)."""

PLURAL_MEANINGS: dict[str, str] = {
    "Child in Need": "Children in Need",
    "Children Looked After": "Children Looked After",
    "Children Missing Education": "Children Missing Education",
    "Unaccompanied Asylum-Seeking Children": "Unaccompanied Asylum-Seeking Children",
    "Young People": "Young People",
}
"""Meanings whose plural is not the regular one (or that are plural already)."""

_WORD = r"A-Za-z0-9&"


def plural(meaning: str) -> str:
    """The plural of a meaning, for "EHAs" → "Early Help Assessments (EHAs)"."""
    if meaning in PLURAL_MEANINGS:
        return PLURAL_MEANINGS[meaning]
    if meaning.endswith("s"):
        return meaning  # "Special Educational Needs", "Services": plural already
    if re.search(r"[^aeiou]y$", meaning):
        return meaning[:-1] + "ies"
    if re.search(r"(x|ch|sh)$", meaning):
        return meaning + "es"
    return meaning + "s"


@lru_cache(maxsize=16)
def _pattern(acronyms: tuple[str, ...]) -> re.Pattern[str]:
    # Longest first, so "EHCNA" is tried before "EHA" and "EH"; the lookarounds treat letters,
    # digits and "&" as part of a word, so "CAMHS" in "CAMHSX" or "EH" in "EHA" never match
    # while "S&N" and "A&E" do. A trailing lowercase "s" is the plural.
    alternatives = "|".join(re.escape(a) for a in sorted(acronyms, key=len, reverse=True))
    return re.compile(rf"(?<![{_WORD}])(?P<acronym>{alternatives})(?P<s>s?)(?![{_WORD}])")


def _initials_match(acronym: str, words: str) -> bool:
    """Whether bracketed words plausibly spell the acronym out ("CAMHS (Child & ...)")."""
    letters = [c for c in acronym if c.isalpha()]
    first = re.match(r"\s*([A-Za-z])", words)
    return bool(first and letters and first.group(1).lower() == letters[0].lower())


def _already_expanded(text: str, start: int, end: int, acronym: str) -> bool:
    """Whether this occurrence is already spelt out where it stands.

    Either the author wrote "Meaning (ACR)" (the acronym alone in brackets after a word), or
    "ACR (Meaning)" (a bracket straight after it starting with the acronym's first letter).
    The author's spelling ("Child & Adolescent Mental Health Service") is kept either way.
    """
    before, after = text[:start], text[end:]
    if before.endswith("(") and after.startswith(")"):
        return bool(re.search(r"[A-Za-z]{2,}\s*$", before[:-1]))
    bracket = re.match(r"\s*\(([^()]*)\)", after)
    return bool(bracket and _initials_match(acronym, bracket.group(1)))


def expand_first_use(
    texts: Sequence[str], glossary: Mapping[str, str] = GLOSSARY
) -> tuple[list[str], list[tuple[str, str]]]:
    """Spell out each acronym on its first use across ``texts``; list the acronyms used.

    ``texts`` are the document's pieces in reading order; the first occurrence of each
    acronym becomes "Meaning (ACR)" (plural "Meanings (ACRs)") unless the author already spelt
    it out there, and later occurrences are left alone. Returns the rewritten texts and the
    (acronym, meaning) of every acronym that occurs anywhere, sorted case-insensitively.
    """
    if not glossary:
        return list(texts), []
    pattern = _pattern(tuple(glossary))
    seen: set[str] = set()
    out: list[str] = []
    for text in texts:

        def replace(match: re.Match[str]) -> str:
            acronym, s = match.group("acronym"), match.group("s")
            if acronym in seen:
                return match.group(0)
            seen.add(acronym)
            meaning = glossary[acronym]
            if _already_expanded(match.string, match.start(), match.end(), acronym):
                return match.group(0)
            return f"{plural(meaning) if s else meaning} ({acronym}{s})"

        out.append(pattern.sub(replace, text))
    used = sorted(seen, key=lambda a: (a.casefold(), a))
    return out, [(a, glossary[a]) for a in used]


def expand_report(report: Report, glossary: Mapping[str, str] = GLOSSARY) -> Report:
    """The report with acronyms spelt out on first use and its glossary filled in.

    Reading order is the printed order: summary, each item's title, body and
    recommendations, the forward plan, the appendix introduction, then each area's bullets
    and each table row's indicator and commentary. The document and area titles are left
    alone (they are names, and a heading is a poor place for a bracket); chart titles and
    descriptions too, since the chart image itself cannot change. "RAG" heads every appendix
    table, so it is listed whenever a table is printed.
    """
    slots: list[str] = [report.summary]
    for item in report.items:
        slots += [item.title, item.body, *item.recommendations]
    slots += [*report.forward_plan, report.appendix_intro]
    for area in report.areas:
        slots += list(area.bullets)
        for row in area.rows:
            slots += [row.title, row.commentary]
    if any(area.rows for area in report.areas):
        slots.append("RAG" if "RAG" in glossary else "")
    expanded, used = expand_first_use(slots, glossary)
    it = iter(expanded)
    summary = next(it)
    items = []
    for item in report.items:
        title, body = next(it), next(it)
        recommendations = tuple(next(it) for _ in item.recommendations)
        items.append(MeetingItem(item.number, title, body, recommendations))
    forward_plan = tuple(next(it) for _ in report.forward_plan)
    appendix_intro = next(it)
    areas = []
    for area in report.areas:
        bullets = tuple(next(it) for _ in area.bullets)
        rows = []
        for row in area.rows:
            title, commentary = next(it), next(it)
            rows.append(dataclasses.replace(row, title=title, commentary=commentary))
        areas.append(dataclasses.replace(area, bullets=bullets, rows=tuple(rows)))
    return dataclasses.replace(
        report,
        summary=summary,
        items=tuple(items),
        forward_plan=forward_plan,
        appendix_intro=appendix_intro,
        areas=tuple(areas),
        glossary=tuple(GlossaryEntry(a, m) for a, m in used),
    )


__all__ = ["GLOSSARY", "expand_first_use", "expand_report", "plural"]
