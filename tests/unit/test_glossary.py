"""Acronyms are spelt out once, where a reader first meets them, and listed at the end."""

from __future__ import annotations

import dataclasses

from trustboard.reports.glossary import GLOSSARY, expand_first_use, expand_report, plural
from trustboard.reports.model import AreaSection, Cover, IndicatorRow, MeetingItem, Report


def test_first_use_is_expanded_and_later_uses_are_not():
    texts, used = expand_first_use(["62% of MASH contacts lead to NFA.", "MASH contacts rose."])
    assert texts == [
        "62% of Multi-Agency Safeguarding Hub (MASH) contacts lead to No Further Action (NFA).",
        "MASH contacts rose.",
    ]
    assert used == [("MASH", GLOSSARY["MASH"]), ("NFA", GLOSSARY["NFA"])]


def test_reading_order_spans_texts():
    texts, _ = expand_first_use(["No acronyms here.", "The OSCB met.", "OSCB again."])
    assert texts[1] == "The Oxfordshire Safeguarding Children's Board (OSCB) met."
    assert texts[2] == "OSCB again."


def test_word_boundaries():
    texts, used = expand_first_use(["CAMHSX is not CAMHS; EHAB and xEH are not acronyms."])
    assert texts == [
        "CAMHSX is not Child and Adolescent Mental Health Services (CAMHS); EHAB and xEH are "
        "not acronyms."
    ]
    assert [a for a, _ in used] == ["CAMHS"]


def test_longest_acronym_wins():
    texts, used = expand_first_use(["EHCNAs rose; EHCPs too; EH matters."])
    assert texts == [
        "Education, Health and Care Needs Assessments (EHCNAs) rose; Education, Health and "
        "Care Plans (EHCPs) too; Early Help (EH) matters."
    ]
    assert [a for a, _ in used] == ["EH", "EHCNA", "EHCP"]


def test_ampersand_acronyms():
    texts, used = expand_first_use(["A&E attendances fell; 1.8 S&Ns per contact.", "A&E again"])
    assert texts[0] == (
        "Accident and Emergency (A&E) attendances fell; 1.8 Strengths and Needs assessments "
        "(S&Ns) per contact."
    )
    assert texts[1] == "A&E again"
    assert [a for a, _ in used] == ["A&E", "S&N"]


def test_plurals():
    texts, _ = expand_first_use(["More EHAs were completed; EHAs matter.", "IHAs and UASC."])
    assert texts[0] == "More Early Help Assessments (EHAs) were completed; EHAs matter."
    assert texts[1] == (
        "Initial Health Assessments (IHAs) and Unaccompanied Asylum-Seeking Children (UASC)."
    )


def test_plural_rules():
    assert plural("Early Help Assessment") == "Early Help Assessments"
    assert plural("Child in Need") == "Children in Need"
    assert plural("Special Educational Needs") == "Special Educational Needs"
    assert plural("Strategy") == "Strategies"


def test_already_expanded_by_the_author_is_left_alone():
    texts, used = expand_first_use(
        [
            "Waits for CAMHS (Child & Adolescent Mental Health Service) are long.",
            "Multi-Agency Safeguarding Hubs (MASH) contacts rose; CAMHS and MASH again.",
        ]
    )
    assert texts == [
        "Waits for CAMHS (Child & Adolescent Mental Health Service) are long.",
        "Multi-Agency Safeguarding Hubs (MASH) contacts rose; CAMHS and MASH again.",
    ]
    assert [a for a, _ in used] == ["CAMHS", "MASH"]


def test_unrelated_bracket_does_not_count_as_expansion():
    texts, _ = expand_first_use(["MASH (see chart) contacts rose."])
    assert texts == ["Multi-Agency Safeguarding Hub (MASH) (see chart) contacts rose."]


def test_case_sensitive():
    texts, used = expand_first_use(["Da, da and Eh are words; DfE is an acronym."])
    assert texts == ["Da, da and Eh are words; Department for Education (DfE) is an acronym."]
    assert used == [("DfE", "Department for Education")]


def test_glossary_is_sorted_case_insensitively():
    _, used = expand_first_use(["TYSS, CYPP, DfE, A&E, ChIN and CIN"])
    assert [a for a, _ in used] == ["A&E", "ChIN", "CIN", "CYPP", "DfE", "TYSS"]


def test_custom_glossary_and_empty():
    texts, used = expand_first_use(["XYZ and MASH"], {"XYZ": "Ex Why Zed"})
    assert texts == ["Ex Why Zed (XYZ) and MASH"]
    assert used == [("XYZ", "Ex Why Zed")]
    assert expand_first_use(["MASH"], {}) == (["MASH"], [])


def test_the_seeds_acronyms_are_all_there():
    seeds = "CAMHS EHA S&N MASH NFA CP CPP CIN ChIN UASC EHCP EHCNA SEND SEN EHE LCSS TAF EHN"
    seeds += " TVP OCC OSCB HWBB CTB CYPP ICB BOB OUH IHA DA VCS KS DfE NHS A&E PEX TYSS MHST EH"
    assert not [a for a in seeds.split() if a not in GLOSSARY]


def _report() -> Report:
    return Report(
        title="CTB report",
        cover=Cover("Children's Trust Board", "Cllr X", "HWBB", "1 March 2023", "Q3 22/23"),
        summary="The CTB met.",
        items=(MeetingItem(1, "SEND update", "EHCPs rose.", ("HWBB note the SEND update.",)),),
        forward_plan=("SEND update",),
        appendix_title="What is being done",
        appendix_intro="Quarter 3.",
        areas=(
            AreaSection(
                name="Be safe",
                bullets=("MASH contacts rose.",),
                rows=(IndicatorRow("1.1", "Children on a CPP", "R", "Red", "1", "2", "CPP up."),),
            ),
        ),
    )


def test_expand_report_walks_the_printed_order():
    report = expand_report(_report())
    assert report.title == "CTB report"  # titles are names, left alone
    assert report.summary == "The Children's Trust Board (CTB) met."
    item = report.items[0]
    assert item.title == "Special Educational Needs and Disabilities (SEND) update"
    assert item.body == "Education, Health and Care Plans (EHCPs) rose."
    assert item.recommendations == ("Health and Wellbeing Board (HWBB) note the SEND update.",)
    assert report.forward_plan == ("SEND update",)
    area = report.areas[0]
    assert area.bullets == ("Multi-Agency Safeguarding Hub (MASH) contacts rose.",)
    assert area.rows[0].title == "Children on a Child Protection Plan (CPP)"
    assert area.rows[0].commentary == "CPP up."
    acronyms = [g.acronym for g in report.glossary]
    assert acronyms == ["CPP", "CTB", "EHCP", "HWBB", "MASH", "RAG", "SEND"]


def test_expand_report_without_tables_has_no_rag():
    bare = dataclasses.replace(_report(), areas=())
    assert "RAG" not in [g.acronym for g in expand_report(bare).glossary]
