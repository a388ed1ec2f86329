"""Importing the DfE's Children in Need census: one XML file, checked whole and stored all or
nothing, with no identifier or date of birth ever stored or quoted."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from trustboard.ingest.cells import ImportError_
from trustboard.ingest.statutory import File, adapter_for, cin_census, import_return
from trustboard.measures import store
from trustboard.measures.sources import ColumnType

AREA = "E10000025"
NAME = "cin_census_2024.xml"
CHILD_IDS = ("OXF0000101", "OXF0000102", "OXF0000103", "OXF0000104")
BIRTHS = ("2015-06-01", "2008-01-15", "2024-06-01", "2024-05-28", "2012-02-29")
UPN = "A123456789012"
SOURCES = ("referrals", "social_care_assessments", "section_47_enquiries", "plans")


# -- a census in the published layout -----------------------------------------------------------
Node = tuple[str, "str | list[Node] | None"]


def _render(node: Node, depth: int = 0) -> list[str]:
    tag, content = node
    pad = "    " * depth
    if isinstance(content, list):
        inner = [line for child in content for line in _render(child, depth + 1)]
        return [f"{pad}<{tag}>", *inner, f"{pad}</{tag}>"] if inner else [f"{pad}<{tag}/>"]
    return [f"{pad}<{tag}>{content}</{tag}>"]


def _present(*nodes: Node) -> list[Node]:
    """The elements that have a value: an optional element left out is absent, as in a return."""
    return [node for node in nodes if node[1] is not None]


def message(children: list[Node], *, reference: str = "2024-03-31", lea: str = "931") -> bytes:
    """A whole census, Message/Header/CollectionDetails/Source/Children, as the DfE's schema
    orders it."""
    tree: Node = (
        "Message",
        [
            (
                "Header",
                [
                    (
                        "CollectionDetails",
                        [
                            ("Collection", "CIN"),
                            ("Year", reference[:4]),
                            ("ReferenceDate", reference),
                        ],
                    ),
                    (
                        "Source",
                        [
                            ("SourceLevel", "L"),
                            ("LEA", lea),
                            ("SoftwareCode", "Local Authority"),
                            ("Release", "ver 3.1.21"),
                            ("SerialNo", "001"),
                            ("DateTime", f"{reference[:4]}-05-23T11:14:05"),
                        ],
                    ),
                ],
            ),
            ("Children", children),
        ],
    )
    return ("\n".join(_render(tree)) + "\n").encode()


def child(
    ident: str,
    *episodes: Node,
    birth: str | None = "2015-06-01",
    expected: str | None = None,
    sex: tuple[str, str] = ("GenderCurrent", "1"),
    ethnicity: str = "WBRI",
    upn: str | None = UPN,
) -> Node:
    identifiers = _present(
        ("LAchildID", ident),
        ("UPN", upn),
        ("UPNunknown", None if upn else "UN1"),
        ("PersonBirthDate", birth),
        ("ExpectedPersonBirthDate", expected),
        sex,
    )
    characteristics: list[Node] = [
        ("Ethnicity", ethnicity),
        ("Disabilities", [("Disability", "NONE")]),
    ]
    return (
        "Child",
        [
            ("ChildIdentifiers", identifiers),
            ("ChildCharacteristics", characteristics),
            *episodes,
        ],
    )


def episode(
    referral: str,
    *,
    source: str = "2A",
    need: str | None = "N1",
    closed: str | None = None,
    reason: str | None = None,
    nfa: str = "false",
    assessments: tuple[Node, ...] = (),
    cin_plans: tuple[Node, ...] = (),
    enquiries: tuple[Node, ...] = (),
    cp_plans: tuple[Node, ...] = (),
) -> Node:
    return (
        "CINdetails",
        [
            *_present(
                ("CINreferralDate", referral),
                ("ReferralSource", source),
                ("PrimaryNeedCode", need),
                ("CINclosureDate", closed),
                ("ReasonForClosure", reason),
            ),
            *assessments,
            *cin_plans,
            *enquiries,
            ("ReferralNFA", nfa),
            *cp_plans,
        ],
    )


def assessment(start: str, authorised: str | None = None, factors: tuple[str, ...] = ()) -> Node:
    return (
        "Assessments",
        [
            *_present(
                ("AssessmentActualStartDate", start),
                ("AssessmentAuthorisationDate", authorised),
            ),
            ("FactorsIdentifiedAtAssessment", [("AssessmentFactors", f) for f in factors]),
        ],
    )


def section47(start: str, icpc: str | None = None, not_required: str = "false") -> Node:
    return (
        "Section47",
        _present(
            ("S47ActualStartDate", start),
            ("InitialCPCtarget", start),
            ("DateOfInitialCPC", icpc),
            ("ICPCnotRequired", not_required),
        ),
    )


def cin_plan(start: str, end: str | None = None) -> Node:
    return ("CINPlanDates", _present(("CINPlanStartDate", start), ("CINPlanEndDate", end)))


def cp_plan(
    start: str,
    end: str | None = None,
    *,
    initial: str = "NEG",
    latest: str = "NEG",
    previous: str | None = "0",
) -> Node:
    return (
        "ChildProtectionPlans",
        [
            *_present(
                ("CPPstartDate", start),
                ("CPPendDate", end),
                ("InitialCategoryOfAbuse", initial),
                ("LatestCategoryOfAbuse", latest),
                ("NumberOfPreviousCPP", previous),
            ),
            ("Reviews", [("CPPreviewDate", start)]),
        ],
    )


def census_2023_24(
    *,
    lea: str = "931",
    cp_end: str | None = None,
    closure: str = "2023-04-12",
    source: str = "2A",
    previous: str | None = "1",
    second_referral: str = "2023-09-01",
) -> bytes:
    """Three children: one with an assessment, an enquiry and a child protection plan; one with
    a referral closed with no further action and a second with a child in need plan and then a
    child protection plan; one not yet born (no date of birth, an expected one)."""
    return message(
        [
            child(
                "OXF0000101",
                episode(
                    "2023-05-02",
                    source=source,
                    assessments=(assessment("2023-05-03", "2023-05-20", ("3B", "4B", "16A")),),
                    enquiries=(section47("2023-05-10", "2023-05-24"),),
                    cp_plans=(
                        cp_plan(
                            "2023-05-24", cp_end, initial="NEG", latest="EMO", previous=previous
                        ),
                    ),
                ),
            ),
            child(
                "OXF0000102",
                episode("2023-04-10", source="6", need="N9", closed=closure, reason="RC8", nfa="1"),
                episode(
                    second_referral,
                    source="3A",
                    need="N4",
                    assessments=(assessment("2023-09-04"),),
                    cin_plans=(cin_plan("2023-10-01", "2023-10-31"),),
                    cp_plans=(cp_plan("2023-11-01", "2024-03-01", initial="PHY", latest="MUL"),),
                ),
                birth="2008-01-15",
                sex=("Sex", "F"),
                ethnicity="MWBC",
            ),
            child(
                "OXF0000103",
                episode(
                    "2024-01-10",
                    source="5D",
                    need="N3",
                    enquiries=(section47("2024-01-15", not_required="true"),),
                ),
                birth=None,
                expected="2024-06-01",
                sex=("GenderCurrent", "0"),
                ethnicity="NOBT",
                upn=None,
            ),
        ],
        lea=lea,
    )


def census_2024_25() -> bytes:
    """The next year's census: the first child's plan has ended, the second child's episode has
    closed, the third child is born, and a fourth child is referred."""
    return message(
        [
            child(
                "OXF0000101",
                episode(
                    "2023-05-02",
                    assessments=(assessment("2023-05-03", "2023-05-20", ("3B", "4B", "16A")),),
                    enquiries=(section47("2023-05-10", "2023-05-24"),),
                    cp_plans=(cp_plan("2023-05-24", "2024-06-01", latest="EMO", previous="1"),),
                ),
                sex=("Sex", "M"),
            ),
            child(
                "OXF0000102",
                episode("2023-09-01", source="3A", need="N4", closed="2024-05-01", reason="RC7"),
                birth="2008-01-15",
                sex=("Sex", "F"),
                ethnicity="MWBC",
            ),
            child(
                "OXF0000103",
                episode(
                    "2024-01-10",
                    source="5D",
                    need="N3",
                    enquiries=(section47("2024-01-15", not_required="true"),),
                ),
                birth="2024-05-28",
                sex=("Sex", "F"),
                ethnicity="NOBT",
            ),
            child(
                "OXF0000104",
                episode("2024-10-01", source="8", need="N5", nfa="0"),
                birth="2012-02-29",
                sex=("Sex", "U"),
                ethnicity="AIND",
            ),
        ],
        reference="2025-03-31",
    )


# -- helpers ----------------------------------------------------------------------------------
@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "analytics.duckdb"


def load(store_path: Path, data: bytes, name: str = NAME, area: str = AREA):
    return import_return([File(name, data)], store_path, area_code=area)


def rows(store_path: Path, sql: str) -> list[tuple]:
    connection = store.connect(store_path)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def hashed(store_path: Path, identifier: str, area: str = AREA) -> str:
    return store.pseudonymise(store.salt(store_path), area, identifier)


def counts(store_path: Path) -> dict[str, int]:
    return {source: store.record_count(store_path, source) for source in SOURCES}


def assert_nothing_stored(store_path: Path) -> None:
    assert counts(store_path) == dict.fromkeys(SOURCES, 0)
    assert rows(store_path, "select count(*) from record_batches") == [(0,)]


def child_lines(data: bytes) -> list[int]:
    """The line each <Child> element starts on, in order."""
    return [n for n, text in enumerate(data.decode().splitlines(), 1) if text.strip() == "<Child>"]


def line_of(data: bytes, ident: str) -> int:
    """The line of the first <Child> element whose LAchildID is ``ident``."""
    lines = data.decode().splitlines()
    at = next(n for n, text in enumerate(lines, 1) if f"<LAchildID>{ident}<" in text)
    return max(n for n in child_lines(data) if n < at)


def refused(store_path: Path, data: bytes, area: str = AREA) -> ImportError_:
    with pytest.raises(ImportError_) as caught:
        load(store_path, data, area=area)
    message_text = str(caught.value)
    for secret in (*CHILD_IDS, *BIRTHS, UPN):
        assert secret not in message_text
    assert_nothing_stored(store_path)
    return caught.value


# -- a good census ----------------------------------------------------------------------------
def test_a_census_is_recognised_by_its_root_and_collection():
    spaced = census_2023_24().replace(b"<Collection>CIN<", b"<Collection>\n  CIN  \n<")
    assert adapter_for(NAME, census_2023_24()) is cin_census
    assert adapter_for(NAME, spaced) is cin_census
    assert adapter_for("cin_census_2024.csv", census_2023_24()) is None
    other = census_2023_24().replace(b"<Collection>CIN<", b"<Collection>SCHOOLS<")
    assert adapter_for(NAME, other) is None


def test_a_census_loads_its_referrals_assessments_enquiries_and_plans(store_path):
    data = census_2023_24()
    result = load(store_path, data)

    assert (result.source, result.title, result.rows, result.restated) == (
        "cin_census",
        "CIN census 2023/24",
        11,
        0,
    )
    assert [(p.source, p.rows) for p in result.parts] == [
        ("referrals", 4),
        ("social_care_assessments", 2),
        ("section_47_enquiries", 2),
        ("plans", 3),
    ]
    assert counts(store_path) == {
        "referrals": 4,
        "social_care_assessments": 2,
        "section_47_enquiries": 2,
        "plans": 3,
    }
    assert rows(
        store_path,
        "select referral_date, referral_source, source_agency, nfa, primary_need, closure_date, "
        "closure_reason, sex, ethnicity, age_at_referral, la_code from referrals "
        "order by referral_date",
    ) == [
        (date(2023, 4, 10), "6", "Police", True, "N9", date(2023, 4, 12), "RC8", "female",
         "MWBC", 15, AREA),
        (date(2023, 5, 2), "2A", "Education", False, "N1", None, "", "male", "WBRI", 7, AREA),
        (date(2023, 9, 1), "3A", "Health", False, "N4", None, "", "female", "MWBC", 15, AREA),
        # Not yet born: its sex is unknown (GenderCurrent 0) and it has no age.
        (date(2024, 1, 10), "5D", "County Council", False, "N3", None, "", "unknown", "NOBT",
         None, AREA),
    ]  # fmt: skip
    assert rows(
        store_path,
        "select plan_type, start_date, end_date, category, latest_category, previous_plans "
        "from plans order by start_date",
    ) == [
        ("child_protection", date(2023, 5, 24), None, "neglect", "emotional_abuse", 1),
        ("child_in_need", date(2023, 10, 1), date(2023, 10, 31), None, None, None),
        ("child_protection", date(2023, 11, 1), date(2024, 3, 1), "physical_abuse", "multiple", 0),
    ]
    assert rows(
        store_path,
        "select start_date, authorised_date, factors from social_care_assessments "
        "order by start_date",
    ) == [(date(2023, 5, 3), date(2023, 5, 20), "3B 4B 16A"), (date(2023, 9, 4), None, "")]
    assert rows(
        store_path,
        "select start_date, icpc_date, icpc_not_required from section_47_enquiries "
        "order by start_date",
    ) == [(date(2023, 5, 10), date(2023, 5, 24), False), (date(2024, 1, 15), None, True)]


def test_children_are_pseudonymised_and_no_birth_date_or_upn_is_stored(store_path):
    load(store_path, census_2023_24())

    first = hashed(store_path, "OXF0000101")
    assert rows(
        store_path, "select record_id, child_id from referrals where age_at_referral = 7"
    ) == [(hashed(store_path, "OXF0000101|2023-05-02"), first)]
    assert rows(
        store_path, "select distinct child_id from plans where start_date < '2023-06-01'"
    ) == [(first,)]
    assert rows(store_path, "select count(distinct child_id) from referrals") == [(3,)]
    # Each child's records join across the sources by the same pseudonym.
    assert rows(
        store_path,
        "select count(*) from referrals r join social_care_assessments a using (child_id) "
        "join section_47_enquiries s using (child_id) join plans p using (child_id)",
    ) == [(1,)]
    columns = {name for (name,) in rows(store_path, "select column_name from duckdb_columns()")}
    assert not {c for c in columns if "birth" in c or "upn" in c.lower()}
    births = ", ".join(f"date '{b}'" for b in BIRTHS)
    for source in SOURCES:
        for column in store.SOURCES[source].columns:
            if column.type is ColumnType.DATE:
                assert rows(
                    store_path, f'select count(*) from {source} where "{column.name}" in ({births})'
                ) == [(0,)], (source, column.name)
    everything = store_path.read_bytes()
    for raw in (b"OXF00001", UPN.encode()):
        assert raw not in everything


def test_the_same_census_imported_again_changes_nothing(store_path):
    data = census_2023_24()
    first = load(store_path, data)
    again = load(store_path, data)

    assert again.already_imported
    assert again.content_hash == first.content_hash
    assert counts(store_path)["referrals"] == 4
    assert rows(store_path, "select count(*) from record_batches") == [(1,)]


def test_a_later_census_restates_the_records_it_shares_with_an_earlier_one(store_path):
    load(store_path, census_2023_24())
    later = load(store_path, census_2024_25(), name="cin_census_2025.xml")

    assert later.title == "CIN census 2024/25"
    # The first child's referral, assessment, enquiry and plan, the second child's open
    # referral and the third child's referral and enquiry.
    assert later.restated == 7
    assert counts(store_path) == {
        "referrals": 5,
        "social_care_assessments": 2,
        "section_47_enquiries": 2,
        "plans": 3,
    }
    assert rows(
        store_path, "select referral_date, closure_date, age_at_referral from referrals "
        "order by referral_date"
    ) == [
        (date(2023, 4, 10), date(2023, 4, 12), 15),  # kept from the earlier census
        (date(2023, 5, 2), None, 7),
        (date(2023, 9, 1), date(2024, 5, 1), 15),
        (date(2024, 1, 10), None, None),  # referred before birth, within 280 days
        (date(2024, 10, 1), None, 12),
    ]  # fmt: skip
    assert rows(store_path, "select end_date from plans where start_date = date '2023-05-24'") == [
        (date(2024, 6, 1),)
    ]


def test_a_census_with_a_default_namespace_loads(store_path):
    """The schema has no namespace, but a case system may add one: elements keep their names."""
    data = census_2023_24().replace(b"<Message>", b'<Message xmlns="urn:example:cin">', 1)

    assert load(store_path, data).rows == 11


@pytest.mark.parametrize("lea", ["931", "E10000025"])
def test_either_code_of_the_partnerships_authority_is_accepted(store_path, lea):
    load(store_path, census_2023_24(lea=lea))

    assert rows(store_path, "select distinct la_code from referrals") == [(AREA,)]


def test_a_census_for_another_authority_is_refused(store_path):
    error = refused(store_path, census_2023_24(lea="825"))

    assert "Oxfordshire (931, E10000025)" in str(error)
    assert "Buckinghamshire (825, E06000060)" in str(error)


def test_the_public_synthetic_sample_loads(store_path):
    """The structure and values of Social Finance's BAR_cin_2022.xml, with its ids changed."""
    data = SAMPLE.encode()
    result = load(store_path, data, name="BAR_cin_2022.xml", area="E09000001")

    assert result.title == "CIN census 2021/22"
    assert rows(
        store_path,
        "select referral_date, referral_source, source_agency, nfa, primary_need, closure_date, "
        "closure_reason, sex, ethnicity, age_at_referral, la_code from referrals",
    ) == [
        (date(1970, 10, 6), "1A", "Other", False, "N4", date(1971, 2, 27), "RC1", "male",
         "WBRI", 4, "E09000001"),
    ]  # fmt: skip
    assert rows(
        store_path, "select start_date, authorised_date, factors from social_care_assessments"
    ) == [(date(1970, 6, 3), date(1971, 7, 18), "2A 2B")]
    assert rows(
        store_path, "select start_date, icpc_date, icpc_not_required from section_47_enquiries"
    ) == [(date(1970, 2, 2), date(1970, 2, 11), False)]
    assert rows(
        store_path,
        "select plan_type, start_date, end_date, category, latest_category, previous_plans "
        "from plans order by start_date",
    ) == [
        ("child_protection", date(1970, 2, 17), date(1971, 3, 14), "physical_abuse",
         "physical_abuse", 10),
        ("child_in_need", date(1971, 1, 24), date(1971, 1, 26), None, None, None),
    ]  # fmt: skip


# -- refused ----------------------------------------------------------------------------------
def test_a_document_type_declaration_is_refused_before_any_entity_is_read(store_path):
    data = census_2023_24().replace(b"OXF0000101", b"&xxe;")
    data = (
        b'<?xml version="1.0"?>\n<!DOCTYPE Message [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
        + data
    )

    error = refused(store_path, data)

    assert [(e.file, e.column) for e in error.errors] == [(NAME, "(document type declaration)")]
    assert "root:" not in str(error)


def test_xml_that_is_not_well_formed_is_refused_with_its_line(store_path):
    data = census_2023_24().replace(b"</ReferralSource>", b"</ReferralSauce>", 1)
    line = next(
        n for n, text in enumerate(data.decode().splitlines(), 1) if "</ReferralSauce>" in text
    )

    error = refused(store_path, data)

    assert [(e.file, e.row, e.unit, e.column) for e in error.errors] == [
        (NAME, line, "line", "(XML)")
    ]
    assert "well-formed XML" in str(error)


@pytest.mark.parametrize(
    ("knobs", "ident", "element", "shown", "expected"),
    [
        ({"cp_end": "2023-05-01"}, "OXF0000101", "CPPendDate", "2023-05-01",
         "a date on or after its CPPstartDate, 2023-05-24"),
        ({"closure": "2024-04-02"}, "OXF0000102", "CINclosureDate", "2024-04-02",
         "a date on or before the census reference date 2024-03-31"),
        ({"source": "11"}, "OXF0000101", "ReferralSource", "11", "one of 1A, 1B, 1C, 1D, 2A"),
        ({"previous": None}, "OXF0000101", "NumberOfPreviousCPP", "",
         "a value: a whole number from 0 to 50"),
        ({"previous": "1.5"}, "OXF0000101", "NumberOfPreviousCPP", "1.5",
         "a whole number from 0 to 50"),
        ({"second_referral": "2023-04-10"}, "OXF0000102", "CINreferralDate", "2023-04-10",
         "each referral recorded once: the child at line"),
    ],
)  # fmt: skip
def test_a_bad_value_is_refused_naming_the_file_line_and_element(
    store_path, knobs, ident, element, shown, expected
):
    data = census_2023_24(**knobs)

    error = refused(store_path, data)

    assert len(error.errors) == 1
    (found,) = error.errors
    assert (found.file, found.row, found.unit, found.column, found.value) == (
        NAME,
        line_of(data, ident),
        "line",
        element,
        shown,
    )
    assert found.expected.startswith(expected)
    assert str(found).startswith(f"{NAME}: line {line_of(data, ident)}, column '{element}'")


def test_an_identifier_or_date_of_birth_is_never_quoted(store_path):
    data = message(
        [
            child("OXF0000101", episode("2023-05-02"), birth="2015-06-41"),
            child("OXF0000101", episode("2023-06-02")),
            child("OXF0000102", episode("2023-05-02"), birth="2024-06-01"),
            child("OXF0000103" * 30, episode("2023-05-02")),
        ]
    )

    error = refused(store_path, data)

    first, again, unborn, long = child_lines(data)
    assert [(e.row, e.column, e.value) for e in error.errors] == [
        (first, "PersonBirthDate", "(a date of birth)"),
        (again, "LAchildID", "(an identifier)"),
        (unborn, "PersonBirthDate", "(a date of birth)"),
        (long, "LAchildID", "(an identifier)"),
    ]
    assert "2015-06-41" not in str(error)


SAMPLE = """<Message>
    <Header>
        <CollectionDetails>
            <Collection>CIN</Collection>
            <Year>2022</Year>
            <ReferenceDate>2022-03-31</ReferenceDate>
        </CollectionDetails>
        <Source>
            <SourceLevel>L</SourceLevel>
            <LEA>201</LEA>
            <SoftwareCode>Local Authority</SoftwareCode>
            <Release>ver 3.1.21</Release>
            <SerialNo>001</SerialNo>
            <DateTime>2022-05-23T11:14:05</DateTime>
        </Source>
    </Header>
    <Children>
        <Child>
            <ChildIdentifiers>
                <LAchildID>TBX0000001</LAchildID>
                <UPN>A123456789012</UPN>
                <FormerUPN>X98765432100B</FormerUPN>
                <UPNunknown>UN3</UPNunknown>
                <PersonBirthDate>1966-03-24</PersonBirthDate>
                <ExpectedPersonBirthDate>1966-03-22</ExpectedPersonBirthDate>
                <GenderCurrent>1</GenderCurrent>
                <PersonDeathDate>1980-10-08</PersonDeathDate>
            </ChildIdentifiers>
            <ChildCharacteristics>
                <Ethnicity>WBRI</Ethnicity>
                <Disabilities>
                    <Disability>HAND</Disability>
                    <Disability>HEAR</Disability>
                </Disabilities>
            </ChildCharacteristics>
            <CINdetails>
                <CINreferralDate>1970-10-06</CINreferralDate>
                <ReferralSource>1A</ReferralSource>
                <PrimaryNeedCode>N4</PrimaryNeedCode>
                <CINclosureDate>1971-02-27</CINclosureDate>
                <ReasonForClosure>RC1</ReasonForClosure>
                <DateOfInitialCPC>1970-02-06</DateOfInitialCPC>
                <Assessments>
                    <AssessmentActualStartDate>1970-06-03</AssessmentActualStartDate>
                    <AssessmentInternalReviewDate>1970-06-22</AssessmentInternalReviewDate>
                    <AssessmentAuthorisationDate>1971-07-18</AssessmentAuthorisationDate>
                    <FactorsIdentifiedAtAssessment>
                        <AssessmentFactors>2A</AssessmentFactors>
                        <AssessmentFactors>2B</AssessmentFactors>
                    </FactorsIdentifiedAtAssessment>
                </Assessments>
                <CINPlanDates>
                    <CINPlanStartDate>1971-01-24</CINPlanStartDate>
                    <CINPlanEndDate>1971-01-26</CINPlanEndDate>
                </CINPlanDates>
                <Section47>
                    <S47ActualStartDate>1970-02-02</S47ActualStartDate>
                    <InitialCPCtarget>1970-06-23</InitialCPCtarget>
                    <DateOfInitialCPC>1970-02-11</DateOfInitialCPC>
                    <ICPCnotRequired>false</ICPCnotRequired>
                </Section47>
                <ReferralNFA>false</ReferralNFA>
                <ChildProtectionPlans>
                    <CPPstartDate>1970-02-17</CPPstartDate>
                    <CPPendDate>1971-03-14</CPPendDate>
                    <InitialCategoryOfAbuse>PHY</InitialCategoryOfAbuse>
                    <LatestCategoryOfAbuse>PHY</LatestCategoryOfAbuse>
                    <NumberOfPreviousCPP>10</NumberOfPreviousCPP>
                    <Reviews>
                        <CPPreviewDate>1971-02-15</CPPreviewDate>
                    </Reviews>
                </ChildProtectionPlans>
            </CINdetails>
        </Child>
    </Children>
</Message>
"""
"""Social Finance's synthetic sample (liia-tools-pipeline, BAR_cin_2022.xml), its child's ids
and UPNs changed: 2021-22's layout, GenderCurrent, ``false`` for the schema's 0."""


def test_a_census_written_with_a_namespace_prefix_loads_the_same(store_path, tmp_path):
    plain = census_2023_24()
    prefixed = re.sub(rb"<(/?)([A-Za-z])", rb"<\1cin:\2", plain).replace(
        b"<cin:Message>", b'<cin:Message xmlns:cin="http://www.dfe.gov.uk/CIN">', 1
    )
    assert b"<cin:Child>" in prefixed

    load(store_path, prefixed)
    other = tmp_path / "other.duckdb"
    load(other, plain)

    assert counts(store_path) == counts(other) and counts(store_path)["referrals"] > 0
