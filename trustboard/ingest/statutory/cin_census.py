"""The Children in Need census, as councils send it to the DfE: one XML file a year.

Follows the DfE's CIN census specification for 2023-24 and 2024-25 (the layouts of
``CIN_schema_2024`` and ``CIN_schema_2025``, which 2025-26's extends): the child's sex as
GenderCurrent (0, 1, 2, 9, to 2023-24) or Sex (M, F, U, from 2024-25); ReferralNFA and
ICPCnotRequired as 1/0 or true/false, as the DfE's validation accepts them; the code lists of
2024-25, with ReferralSource 5D, ReasonForClosure RC9, and the assessment factors 18A and 19A
that older records still carry. Elements are found by name, not by position (ReferralNFA comes
after Section47 in the schema, not where a reader might expect it); dates are YYYY-MM-DD.

What is stored, per child: each CINdetails episode as a referral (its source as the DfE's code
and as the agency group the framework counts by, whether it ended in no further action, the
primary need, the closure and its reason) with the child's sex, ethnicity and age at referral;
each assessment with its factors; each section 47 enquiry with its initial child protection
conference; each child in need plan; each child protection plan with its initial and latest
category and how many plans the child had before. The date of birth is read only to work out
the age at referral; it is never stored, nor the UPN, former UPN, expected date of birth or date
of death. Not stored, as no record source holds them: disabilities, plan reviews, conference
target dates, assessments' internal review dates, a conference recorded on the episode rather
than on an enquiry, and 2025-26's pre-proceedings module.

The file is read a child at a time, so memory follows one child, not the file. Its LEA names the
authority (the orchestrator checks it is the partnership's) and its ReferenceDate the census
year, 1 April to 31 March: the return replaces the area's records that overlap that year, and
every date in it must fall on or before the reference date.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from trustboard.ingest.cells import ImportError_, RowError
from trustboard.ingest.statutory.returns import (
    File,
    Return,
    SourceRows,
    age_on,
    financial_year_of,
    refuse,
)
from trustboard.ingest.statutory.rows import SHOWN, Checker, Row
from trustboard.ingest.statutory.safe_xml import Element, leaves, stream, text_of
from trustboard.ingest.statutory.ssda903 import ETHNIC
from trustboard.measures.sources import (
    PLANS,
    REFERRALS,
    SECTION_47_ENQUIRIES,
    SOCIAL_CARE_ASSESSMENTS,
)

KIND = "cin_census"
TITLE = "CIN census"

SOURCE_AGENCY: dict[str, str] = {
    "1A": "Other", "1B": "Other", "1C": "Other", "1D": "Other",
    "2A": "Education", "2B": "Education",
    "3A": "Health", "3B": "Health", "3C": "Health", "3D": "Health", "3E": "Health",
    "3F": "Health",
    "4": "County Council",
    "5A": "County Council", "5B": "County Council", "5C": "County Council",
    "5D": "County Council",
    "6": "Police",
    "7": "Other", "8": "Other", "9": "Other", "10": "Other",
}  # fmt: skip
"""Each ReferralSource code and the agency group (``AGENCIES``) the framework counts it under.
Schools and education services (2A, 2B) are Education; every health service (3A-3F) is Health;
the police (6) are Police. Local authority services (5A social care, 5B other internal, 5C
another authority's, 5D early help) are the council's own, and so is housing (4: the council's
housing or a housing association, which the council's housing duty stands behind): County
Council. Individuals (1A-1D), courts and other legal agencies (7), other agencies and the
voluntary sector (8), anonymous (9) and unknown (10) referrals are Other."""
REFERRAL_SOURCES = tuple(SOURCE_AGENCY)
PRIMARY_NEED = ("N0", "N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8", "N9")
CLOSURE_REASONS = ("RC1", "RC2", "RC3", "RC4", "RC5", "RC6", "RC7", "RC8", "RC9")
ASSESSMENT_FACTORS = (
    "1A", "1B", "1C", "2A", "2B", "2C", "3A", "3B", "3C", "4A", "4B", "4C", "5A", "5B", "5C",
    "6A", "6B", "6C", "7A", "8B", "8C", "8D", "8E", "8F", "9A", "10A", "11A", "12A", "13A",
    "14A", "15A", "16A", "17A", "18A", "18B", "18C", "19A", "19B", "19C", "20", "21", "22A",
    "23A", "24A",
)  # fmt: skip
"""2024-25's factors, and 18A and 19A (physical and sexual abuse before they were split by who
abused, in 2021), which the DfE only queries."""
CATEGORIES = {
    "NEG": "neglect",
    "PHY": "physical_abuse",
    "EMO": "emotional_abuse",
    "SAB": "sexual_abuse",
    "MUL": "multiple",
}
"""Initial and LatestCategoryOfAbuse codes as the plans source stores them."""
GENDER_CURRENT = {"0": "unknown", "1": "male", "2": "female", "9": "unknown"}
"""To 2023-24: 0 not recorded or unborn, 9 indeterminate."""
SEX = {"M": "male", "F": "female", "U": "unknown"}
"""From 2024-25."""
FLAGS = {"1": True, "true": True, "0": False, "false": False}
"""ReferralNFA and ICPCnotRequired: the schema says 1/0, the DfE's rule 8568 also accepts
true/false in any case, and the DfE's own sample files use them."""
FLAG_EXPECTED = "1, 0, true or false"
PREVIOUS_PLANS_MAX = int(PLANS.column("previous_plans").maximum or 50)
PRE_BIRTH_DAYS = 280
"""A child may be referred before birth, up to 280 days before it (rule 8606)."""
LA_CODE = re.compile(r"[0-9]{3}|E[0-9]{8}", re.IGNORECASE)
_HEAD = 8192
_HEADER_EXPECTED = (
    "a <Header> giving the census's Collection, ReferenceDate and LEA, before its children"
)


def recognises(name: str, data: bytes) -> bool:
    """A ``.xml`` file whose first 8 KB open a ``<Message>`` of the CIN collection."""
    if Path(name).suffix.lower() != ".xml":
        return False
    head = data[:_HEAD]
    # With or without a namespace prefix (<cin:Message>), as safe_xml reads either.
    return (
        re.search(rb"<(?:\w+:)?Message\b", head) is not None
        and re.search(rb"<(?:\w+:)?Collection>\s*CIN\s*</(?:\w+:)?Collection>", head) is not None
    )


def read(files: Sequence[File], *, today: date) -> Return:
    """The census's records, every child checked before anything is handed back."""
    if len(files) != 1 or Path(files[0].name).suffix.lower() != ".xml":
        raise ImportError_(
            [
                RowError(
                    f.name,
                    None,
                    "(file)",
                    "",
                    f"one CIN census XML file on its own ({len(files)} files were given)",
                )
                for f in files
            ]
        )
    file = files[0]
    reader = _Reader(file.name, today)
    for element, line in stream(file.name, file.data, "Message", {"Header", "Child"}):
        if element.tag == "Header":
            reader.header(element, line)
        elif reader.header_line is None:
            raise ImportError_([RowError(file.name, line, "Header", "", _HEADER_EXPECTED, "line")])
        else:
            reader.child(element, line)
    if reader.header_line is None:
        raise ImportError_([RowError(file.name, None, "Header", "", _HEADER_EXPECTED)])
    if not reader.children_read:
        reader.checker.errors.append(
            RowError(file.name, None, "Child", "", "at least one <Child> in <Children>")
        )
    refuse(reader.checker.errors)
    assert reader.reference is not None
    scope = financial_year_of(reader.reference)
    tables = (
        (REFERRALS, reader.referrals),
        (SOCIAL_CARE_ASSESSMENTS, reader.assessments),
        (SECTION_47_ENQUIRIES, reader.enquiries),
        (PLANS, reader.plans),
    )
    return Return(
        kind=KIND,
        title=f"{TITLE} {scope[0].year}/{str(scope[1].year)[2:]}",
        files=(file.name,),
        la_code=reader.lea,
        tables=tuple(SourceRows.of(s, records, scope) for s, records in tables),
        cannot_give=(),
    )


@dataclass(frozen=True)
class _Child:
    ident: str
    """The case system's LAchildID: "" when missing (its records are checked, not kept)."""
    birth: date | None
    sex: str | None
    ethnicity: str


@dataclass
class _Reader:
    """One census being read: its header, the records so far, and every problem found.

    Children are read as the parser finishes them, so what stays in memory is the records
    (which are the result) and each record's id (to find one recorded twice), never an element.
    """

    file: str
    today: date
    checker: Checker = field(default_factory=Checker)
    header_line: int | None = None
    reference: date | None = None
    lea: str = ""
    referrals: list[dict[str, Any]] = field(default_factory=list)
    assessments: list[dict[str, Any]] = field(default_factory=list)
    enquiries: list[dict[str, Any]] = field(default_factory=list)
    plans: list[dict[str, Any]] = field(default_factory=list)
    children_read: int = 0
    """How many <Child> elements have been read."""
    children: dict[str, int] = field(default_factory=dict)
    """Each LAchildID and the line its <Child> starts on."""
    first: dict[str, int] = field(default_factory=dict)
    """Each record id and the line of the child it was first read in."""

    # -- the header ----------------------------------------------------------------------------
    def header(self, element: Element, line: int) -> None:
        """The collection, its reference date and the authority, which every child needs."""
        if self.header_line is not None:
            self.checker.errors.append(
                RowError(
                    self.file, line, "Header", "", f"one <Header> (line {self.header_line})", "line"
                )
            )
            return
        self.header_line = line
        details = element.find("CollectionDetails")
        values = leaves(details) if details is not None else {}
        leas = [text_of(source, "LEA") for source in element.findall("Source")]
        values["LEA"] = leas[0] if leas else ""
        row = Row(self.file, line, values, "line")
        self.checker.code(row, "Collection", ("CIN",))
        reference = self.checker.day(row, "ReferenceDate")
        year = row.get("Year")
        if reference is not None and (reference.month, reference.day) != (3, 31):
            self.checker.problem(
                row, "ReferenceDate", reference.isoformat(), "31 March, the census year's last day"
            )
            reference = None
        elif reference is not None and reference > self.today:
            self.checker.problem(
                row, "ReferenceDate", reference.isoformat(), "a census year that has ended"
            )
            reference = None
        elif reference is not None and year and year != str(reference.year):
            self.checker.problem(
                row, "Year", year[:SHOWN], f"{reference.year}, the ReferenceDate's year (rule 100)"
            )
        self.reference = reference
        lea = self.checker.required(row, "LEA")
        if lea and not LA_CODE.fullmatch(lea):
            self.checker.problem(
                row, "LEA", lea[:SHOWN], "the authority's code: three digits (931) or E10000025"
            )
        elif len(set(leas)) > 1:
            self.checker.problem(row, "LEA", lea[:SHOWN], "the same LEA in every <Source>")
        self.lea = lea

    # -- a child -------------------------------------------------------------------------------
    def child(self, element: Element, line: int) -> None:
        """The child's details, then each episode with the child's sex, ethnicity and age."""
        self.children_read += 1
        values: dict[str, str] = {}
        for part in ("ChildIdentifiers", "ChildCharacteristics"):
            found = element.find(part)
            if found is not None:
                values.update(leaves(found))
        row = Row(self.file, line, values, "line")
        ident = self.checker.required(row, "LAchildID", secret=True)
        birth = self.checker.day(row, "PersonBirthDate", required=False, secret=True)
        if birth is not None and self.reference is not None and birth > self.reference:
            self.checker.problem(
                row,
                "PersonBirthDate",
                "(a date of birth)",
                "a date of birth on or before the census reference date (rule 8520)",
            )
            birth = None
        if not row.get("PersonBirthDate") and not row.get("ExpectedPersonBirthDate"):
            self.checker.problem(
                row,
                "PersonBirthDate",
                "",
                "a date of birth, or an ExpectedPersonBirthDate for a child not yet born",
            )
        sex = self._sex(row)
        ethnicity = self.checker.code(row, "Ethnicity", ETHNIC)
        episodes = element.findall("CINdetails")
        if not episodes:
            self.checker.problem(row, "CINdetails", "", "at least one <CINdetails> per child")
        if ident in self.children:
            self.checker.problem(
                row,
                "LAchildID",
                "(an identifier)",
                f"each child once (line {self.children[ident]})",
            )
            return
        if ident:
            self.children[ident] = line
        child = _Child(ident, birth, sex, ethnicity)
        for episode in episodes:
            self._episode(_row(row, episode), episode, child)

    def _sex(self, row: Row) -> str | None:
        """Sex (from 2024-25) or, in earlier censuses, GenderCurrent."""
        if row.get("Sex"):
            return SEX.get(self.checker.code(row, "Sex", SEX))
        if row.get("GenderCurrent"):
            return GENDER_CURRENT.get(self.checker.code(row, "GenderCurrent", GENDER_CURRENT))
        self.checker.problem(
            row,
            "Sex",
            "",
            "the child's Sex (M, F or U), or GenderCurrent (0, 1, 2 or 9) to 2023-24",
        )
        return None

    def _age(self, row: Row, child: _Child, referred: date | None) -> int | None:
        """The age at referral; None for a child unborn then (or whose birth is not given)."""
        if child.birth is None or referred is None:
            return None
        if referred < child.birth:
            if (child.birth - referred).days > PRE_BIRTH_DAYS:
                self.checker.problem(
                    row,
                    "CINreferralDate",
                    referred.isoformat(),
                    f"a referral at most {PRE_BIRTH_DAYS} days before the child's date of birth "
                    "(rule 8606)",
                )
            return None
        age = age_on(child.birth, referred)
        if age > 25:
            self.checker.problem(
                row, "CINreferralDate", referred.isoformat(), "a referral before the child was 26"
            )
            return None
        return age

    # -- an episode and what it holds ----------------------------------------------------------
    def _episode(self, row: Row, element: Element, child: _Child) -> None:
        """A referral, then the assessments, enquiries and plans recorded in its episode."""
        referred = self._day(row, "CINreferralDate")
        source = self.checker.code(row, "ReferralSource", REFERRAL_SOURCES)
        nfa = self._flag(row, "ReferralNFA", required=True)
        need = self.checker.code(row, "PrimaryNeedCode", PRIMARY_NEED, required=False)
        closed = self._day(
            row, "CINclosureDate", required=False, after=(referred, "CINreferralDate")
        )
        reason = self.checker.code(row, "ReasonForClosure", CLOSURE_REASONS, required=False)
        age = self._age(row, child, referred)
        if referred is not None:
            self._add(
                self.referrals,
                row,
                "CINreferralDate",
                "each referral",
                {
                    "record_id": f"{child.ident}|{referred.isoformat()}",
                    "child_id": child.ident,
                    "referral_date": referred,
                    "referral_source": source,
                    "source_agency": SOURCE_AGENCY.get(source),
                    "nfa": nfa,
                    "primary_need": need,
                    "closure_date": closed,
                    "closure_reason": reason,
                    "sex": child.sex,
                    "ethnicity": child.ethnicity,
                    "age_at_referral": age,
                    "la_code": "",
                },
            )
        episode = f"{child.ident}|{referred.isoformat() if referred else ''}"
        for found in element.findall("Assessments"):
            self._assessment(_row(row, found), found, child, episode)
        for found in element.findall("Section47"):
            self._enquiry(_row(row, found), child, episode)
        for found in element.findall("CINPlanDates"):
            self._cin_plan(_row(row, found), child)
        for found in element.findall("ChildProtectionPlans"):
            self._cp_plan(_row(row, found), child)

    def _assessment(self, row: Row, element: Element, child: _Child, episode: str) -> None:
        start = self._day(row, "AssessmentActualStartDate")
        authorised = self._day(
            row,
            "AssessmentAuthorisationDate",
            required=False,
            after=(start, "AssessmentActualStartDate"),
        )
        factors: list[str] = []
        wrapper = element.find("FactorsIdentifiedAtAssessment")
        for factor in [] if wrapper is None else wrapper.findall("AssessmentFactors"):
            text = (factor.text or "").strip()
            code = self.checker.code(
                Row(row.file, row.number, {"AssessmentFactors": text}, row.unit),
                "AssessmentFactors",
                ASSESSMENT_FACTORS,
            )
            if code and code not in factors:
                factors.append(code)
        if start is not None:
            self._add(
                self.assessments,
                row,
                "AssessmentActualStartDate",
                "each assessment",
                {
                    "record_id": f"{episode}|assessment|{start.isoformat()}",
                    "child_id": child.ident,
                    "start_date": start,
                    "authorised_date": authorised,
                    "factors": " ".join(factors),
                },
            )

    def _enquiry(self, row: Row, child: _Child, episode: str) -> None:
        start = self._day(row, "S47ActualStartDate")
        conference = self._day(
            row, "DateOfInitialCPC", required=False, after=(start, "S47ActualStartDate")
        )
        not_required = self._flag(row, "ICPCnotRequired", required=False)
        if start is not None:
            self._add(
                self.enquiries,
                row,
                "S47ActualStartDate",
                "each section 47 enquiry",
                {
                    "record_id": f"{episode}|s47|{start.isoformat()}",
                    "child_id": child.ident,
                    "start_date": start,
                    "icpc_date": conference,
                    "icpc_not_required": bool(not_required),
                },
            )

    def _cin_plan(self, row: Row, child: _Child) -> None:
        start = self._day(row, "CINPlanStartDate")
        end = self._day(row, "CINPlanEndDate", required=False, after=(start, "CINPlanStartDate"))
        if start is not None:
            self._add(
                self.plans,
                row,
                "CINPlanStartDate",
                "each child in need plan",
                {
                    "record_id": f"{child.ident}|cin_plan|{start.isoformat()}",
                    "child_id": child.ident,
                    "start_date": start,
                    "end_date": end,
                    "plan_type": "child_in_need",
                    "category": None,
                },
            )

    def _cp_plan(self, row: Row, child: _Child) -> None:
        start = self._day(row, "CPPstartDate")
        end = self._day(row, "CPPendDate", required=False, after=(start, "CPPstartDate"))
        initial = self.checker.code(row, "InitialCategoryOfAbuse", CATEGORIES)
        latest = self.checker.code(row, "LatestCategoryOfAbuse", CATEGORIES)
        previous = self._count(row, "NumberOfPreviousCPP")
        if start is not None:
            self._add(
                self.plans,
                row,
                "CPPstartDate",
                "each child protection plan",
                {
                    "record_id": f"{child.ident}|cp_plan|{start.isoformat()}",
                    "child_id": child.ident,
                    "start_date": start,
                    "end_date": end,
                    "plan_type": "child_protection",
                    "category": CATEGORIES.get(initial),
                    "latest_category": CATEGORIES.get(latest),
                    "previous_plans": previous,
                },
            )

    # -- values --------------------------------------------------------------------------------
    def _day(
        self,
        row: Row,
        column: str,
        *,
        required: bool = True,
        after: tuple[date | None, str] | None = None,
    ) -> date | None:
        """A date of the census year or before it; ``after``: the (date, element) it cannot
        come before, as an end cannot come before its start."""
        day = self.checker.day(row, column, required=required)
        if day is None:
            return None
        if self.reference is not None and day > self.reference:
            self.checker.problem(
                row,
                column,
                day.isoformat(),
                f"a date on or before the census reference date {self.reference.isoformat()}",
            )
            return None
        if after is not None and after[0] is not None and day < after[0]:
            self.checker.problem(
                row, column, day.isoformat(), f"a date on or after its {after[1]}, {after[0]}"
            )
            return None
        return day

    def _flag(self, row: Row, column: str, *, required: bool) -> bool | None:
        text = row.get(column)
        if not text:
            if required:
                self.checker.problem(row, column, "", f"a value: {FLAG_EXPECTED}")
            return None
        if text.lower() not in FLAGS:
            self.checker.problem(row, column, text[:SHOWN], FLAG_EXPECTED)
            return None
        return FLAGS[text.lower()]

    def _count(self, row: Row, column: str) -> int | None:
        """A required whole number of previous plans, 0 to 50."""
        text = row.get(column)
        expected = f"a whole number from 0 to {PREVIOUS_PLANS_MAX}"
        if not text:
            self.checker.problem(row, column, "", f"a value: {expected} (rule 8730)")
            return None
        if not text.isdigit() or int(text) > PREVIOUS_PLANS_MAX:
            self.checker.problem(row, column, text[:SHOWN], expected)
            return None
        return int(text)

    def _add(
        self, records: list[dict[str, Any]], row: Row, column: str, what: str, record: dict
    ) -> None:
        """Keep a record, unless the same one (same child, same day) was read already."""
        if not record["child_id"]:
            return
        ident = record["record_id"]
        if ident in self.first:
            self.checker.problem(
                row,
                column,
                ident.rsplit("|", 1)[-1],
                f"{what} recorded once: the child at line {self.first[ident]} has another "
                "on the same day",
            )
            return
        self.first[ident] = row.number
        records.append(record)


def _row(parent: Row, element: Element) -> Row:
    """An element's leaves as a row, told against its child's line."""
    return Row(parent.file, parent.number, leaves(element), parent.unit)
