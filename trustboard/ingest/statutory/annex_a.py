"""Ofsted's Annex A: the lists of children's social care records a council gives inspectors
(ILACS), as the one Excel workbook of the template.

Follows the template for inspections from 2023, as Social Finance's ``Annex_A_schema.yml`` (2025)
and its public sample ``Annex_A_2024_Jan.xlsx`` lay it out: sheets ``List 1`` to ``List 11``,
headings on row 1, the newer List 9 (UASC, personal advisor, pathway plan review, latest
contact). A list is known by its sheet's name, else by its headings, which are matched in any
case and punctuation (curly quotes, a stray bracket), with "Age" for "Age of Child (Years)" and
"Sex" for "Gender" (2026). A lettered value ("b) No", "q) 6: Police", "E1: Placement order",
"N1 - Abuse or neglect") is read by its national code where it has one, else by its words, and
not by its letter (the letters have varied: NOBT is s) in one version, t) in another); a bare
value ("No", "Female", "Physical abuse") is read as the sample writes it. Dates are Excel dates
or DD/MM/YYYY text.

Stored: List 1's contacts as MASH contacts (their agency group; Annex A does not say what a
contact led to); List 3's referrals (source, no further action, the child's sex, ethnicity and
age); List 4's assessments (start, authorisation); List 5's section 47 enquiries (start, the
initial conference, whether it was deemed unnecessary); List 7's child protection plans (start,
end, initial and latest category, previous plans); List 8's periods of care (start, end, legal
status, latest placement and provider, need, reason ceased, UASC, sex, ethnicity, age at the
start). Lists 2, 6, 9, 10 and 11 are checked for their headings, not stored: no record source
holds them. The date of birth is read only for ages; workers' and advisors' names, postcodes,
family and adopter identifiers and the other columns are not read. A column the template does
not have is refused if its heading says it identifies a person, else ignored.

The workbook names no authority: its records are the partnership's area's. Its lists look back
six or twelve months, not over a year, so nothing is replaced by date: each record is stored by
its id, and a later workbook restates what it shares with an earlier one. Referrals and plans
have the ids the CIN census gives them (the child and the day), so the two returns restate each
other rather than count a referral twice.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from trustboard.ingest.cells import ImportError_, RowError, file_error, too_many_rows
from trustboard.ingest.reader import MAX_COLUMNS, MAX_ROWS
from trustboard.ingest.statutory import cin_census, ssda903
from trustboard.ingest.statutory.returns import File, Return, SourceRows, age_on, refuse
from trustboard.ingest.statutory.rows import SHOWN, Checker, Row
from trustboard.measures import sources
from trustboard.measures.identifying import identifying
from trustboard.measures.sources import Source

Record = dict[str, Any]

KIND = "annex_a"
TITLE = "Annex A"

CHILD_ID = "Child Unique ID"
ADOPTER_ID = "Individual adopter identifier"
DISABILITY = "Does the Child have a Disability"
S47_START = "Strategy discussion initiating Section 47 Enquiry Start Date"
ICPC_DATE = "Date of Initial Child Protection Conference"
ICPC_UNNECESSARY = "Was an Initial Child Protection Conference deemed unnecessary?"
UASC = "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)"
_COMMON = (CHILD_ID, "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)")
_TEAM = ("Allocated Team", "Allocated Worker")

TEMPLATE: dict[int, tuple[str, ...]] = {
    1: (*_COMMON, "Date of Contact", "Contact Source"),
    2: (*_COMMON, "Assessment start date", "Assessment completion date",
        "Organisation completing assessment"),
    3: (*_COMMON, "Date of referral", "Referral Source", "Referral NFA?",
        "Number of Referrals in Last 12 Months", *_TEAM),
    4: (*_COMMON, DISABILITY, "Continuous Assessment Start Date",
        "Child Seen During Continuous Assessment", "Continuous Assessment Date of Authorisation",
        "Was the child assessed as requiring LA children's social care support?", *_TEAM),
    5: (*_COMMON, DISABILITY, S47_START, ICPC_UNNECESSARY, ICPC_DATE,
        "Did the Initial Child Protection Conference Result in a Child Protection Plan",
        "Number of Section 47 Enquiries in the last 12 months",
        "Number of ICPCs in the last 12 months", *_TEAM),
    6: (*_COMMON, DISABILITY, "CIN Start Date", "Primary Need Code", "Date Child Was Last Seen",
        "CIN Closure Date", "Reason for Closure", "Case Status", *_TEAM),
    7: (*_COMMON, DISABILITY, "Child Protection Plan Start Date", "Initial Category of Abuse",
        "Latest Category of Abuse", "Date of the Last Statutory Visit", "Was the Child Seen Alone?",
        "Date of latest review conference", "Child Protection Plan End Date",
        "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months "
        "(Y/N)", "Number of Previous Child Protection Plans", *_TEAM),
    8: (*_COMMON, UASC, DISABILITY, "Date Started to be Looked After", "Child's Category of Need",
        "Is this a second or subsequent period of being a Looked After Child within the last 12 "
        "months (Y/N)", "Start date of current legal status", "Child's Legal Status",
        "Date of Latest Statutory Review", "Date of Last Social Work Visit",
        "What is the permanence plan for this child?", "Date of Last IRO Visit / Contact to the "
        "Child", "Date of Last Health Assessment",
        "Date of Last Dental Check", "Number of Placements in the Last 12 months",
        "Date Ceased to be Looked After", "Reason Ceased to be Looked After",
        "Start Date of Most Recent Placement", "Placement Type", "Placement Provider",
        "Placement postcode", "URN of Placement", "Placement Location", "LA of Placement",
        "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 "
        "months",
        "Number of Episodes the Child has been 'Absent' from their Placement in the last 12 months",
        "Was the child offered a Return Interview after their last missing episode (Y/N)?",
        "Did the child accept a Return Interview after their last missing episode (Y/N)?", *_TEAM),
    9: (*_COMMON, "Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)",
        DISABILITY, *_TEAM, "Allocated Personal Advisor", "Eligibility Category",
        "Latest Pathway Plan Review Date", "LA in Touch", "Latest Date of Contact",
        "Type of Accommodation", "Suitability of Accommodation", "Activity Status"),
    10: (CHILD_ID, "Family identifier", *_COMMON[1:], DISABILITY, "Date the Child Entered Care",
         "Date of Decision that Child Should be Placed for Adoption", "Date of Placement Order",
         "Date of Matching Child and Prospective Adopters", "Date Placed for Adoption",
         "Date of Adoption Order", "Date of Decision that Child Should No Longer be Placed for "
         "Adoption",
         "Reason Why Child No Longer Placed for Adoption",
         "Date the child was placed for fostering in FFA or concurrent planning placement"),
    11: (ADOPTER_ID, "Family identifier", "Gender", "Ethnicity", "Disability",
         "Is the (prospective) adopter fostering for adoption?", "Date enquiry received",
         "Date Stage 1 started", "Date Stage 1 ended", "Date Stage 2 started", "Date Stage 2 ended",
         "Date application submitted", "Date application approved",
         "Date adopter matched with child(ren)", "Date child/children placed with adopter(s)",
         "No. of children placed", "Date of Adoption Order", "Date of leaving adoption process",
         "Reason for leaving adoption process"),
}  # fmt: skip
"""Each list's headings, in the template's order."""

NAMES = {
    1: "contacts", 2: "early help assessments", 3: "referrals", 4: "assessments",
    5: "section 47 enquiries", 6: "children in need", 7: "child protection",
    8: "children in care", 9: "care leavers", 10: "adoption", 11: "adopters",
}  # fmt: skip
REQUIRED: dict[int, tuple[str, ...]] = {
    1: (CHILD_ID, "Date of Contact", "Contact Source"),
    2: (CHILD_ID, "Assessment start date"),
    3: (*_COMMON[:4], "Date of referral", "Referral Source", "Referral NFA?"),
    4: (CHILD_ID, "Continuous Assessment Start Date",
        "Continuous Assessment Date of Authorisation"),
    5: (CHILD_ID, S47_START),
    6: (CHILD_ID, "CIN Start Date"),
    7: (CHILD_ID, "Child Protection Plan Start Date", "Initial Category of Abuse",
        "Child Protection Plan End Date"),
    8: (*_COMMON[:4], "Date Started to be Looked After", "Date Ceased to be Looked After",
        "Child's Legal Status", "Placement Type"),
    9: (CHILD_ID, "Eligibility Category"),
    10: (CHILD_ID, "Date of Decision that Child Should be Placed for Adoption"),
    11: (ADOPTER_ID, "Date enquiry received"),
}  # fmt: skip
"""The headings a list must have (those read; for a list not stored, its identifier and its
own date), which tell it apart on a sheet not named after it."""
ALIASES = {
    "Age": "Age of Child (Years)",
    "Sex": "Gender",
    "Eligibity Category": "Eligibility Category",
}
PRE_BIRTH = cin_census.PRE_BIRTH_DAYS
IDENTIFYING = (
    "no column that identifies a person: the Annex A template has no such column, and names, "
    "addresses and other details that identify a person must not be sent (remove the column). "
    "Nothing was stored."
)
MAX_SHEETS = 30
"""Sheets :func:`recognises` looks at; a workbook is read whole."""


def _norm(text: str) -> str:
    """A heading or value's words, lowercased, without punctuation: how they are matched."""
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


_CANONICAL = {_norm(h): h for headings in TEMPLATE.values() for h in headings} | {
    _norm(alias): heading for alias, heading in ALIASES.items()
}
_TITLE = re.compile(r"\s*list\s*0?([0-9]{1,2})(?![0-9])", re.IGNORECASE)


# -- lettered values ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Choice:
    """A column's values: by code (``coded``) or by their words, and what a problem says."""

    values: Mapping[str, Any]
    expected: str
    coded: bool = True


def _coded(codes: Collection[str], example: str) -> Choice:
    listed = ", ".join(codes)
    expected = f"one of the template's values, read by their code ({listed}), as in '{example}'"
    return Choice({c: c for c in codes}, expected)


def _worded(values: Mapping[str, Any], shown: Sequence[str]) -> Choice:
    expected = "one of the template's values: " + ", ".join(shown)
    return Choice({_norm(k): v for k, v in values.items()}, expected, coded=False)


SOURCES = _coded(cin_census.SOURCE_AGENCY, "q) 6: Police")
"""Contact Source and Referral Source: the CIN census's referral source codes."""
ETHNICITY = _coded(ssda903.ETHNIC, "a) WBRI")
LEGAL = _coded(ssda903.LEGAL_STATUS, "E1: Placement order")
PLACEMENTS = _coded(ssda903.PLACEMENT, "f) U6: Foster placement - not FFA")
PROVIDERS = _coded(ssda903.PROVIDER, "b) PR1: Own provision")
NEEDS = _coded(cin_census.PRIMARY_NEED, "N1 - Abuse or neglect")
CEASED = _coded(ssda903.REASON_CEASED, "a) E11: Adopted - application unopposed")
GENDER = _worded(
    {"Male": "male", "Female": "female", "Not stated/recorded": "unknown",
     "Not stated/recorded (or unborn)": "unknown", "Neither": "other"},
    ("a) Male", "b) Female", "c) Not stated/recorded", "d) Neither"),
)  # fmt: skip
YES_NO = _worded({"Yes": True, "Y": True, "No": False, "N": False, "Unknown": None},
                 ("a) Yes", "b) No", "c) Unknown"))  # fmt: skip
CATEGORIES = _worded(
    {"Neglect": "neglect", "Physical abuse": "physical_abuse", "Sexual abuse": "sexual_abuse",
     "Emotional abuse": "emotional_abuse", "Multiple/not recommended": "multiple",
     "Multiple": "multiple"},
    ("a) Neglect", "b) Physical abuse", "c) Sexual abuse", "d) Emotional abuse",
     "e) Multiple/not recommended"),
)  # fmt: skip
_LETTER = re.compile(r"[a-z]{1,2}[0-9]?\)\s*", re.IGNORECASE)
_CODE = re.compile(r"([a-z0-9]{1,5})\s*(?:[:\-–]|$)", re.IGNORECASE)


def _key(text: str, *, coded: bool) -> str:
    """A value without its letter: its code ("q) 6: Police" -> "6") or its words."""
    letter = _LETTER.match(text)
    rest = text[letter.end() :] if letter else text
    if not coded:
        return _norm(rest)
    code = _CODE.match(rest)
    return code.group(1).upper() if code else ""


# -- the workbook ------------------------------------------------------------------------------
@dataclass
class _Sheet:
    label: str
    """The file and sheet, as problems name them: "annex_a.xlsx (List 3)"."""
    title: str
    header: list[str]
    rows: list[tuple[int, list[str]]]
    columns: dict[str, str] = field(default_factory=dict)
    """Each template heading the sheet has, and how the sheet writes it."""

    def col(self, heading: str) -> str:
        return self.columns.get(heading, heading)

    def records(self) -> Iterator[Row]:
        for number, cells in self.rows:
            pairs = zip(self.header, cells, strict=False)
            yield Row(self.label, number, {h: v for h, v in pairs if h})


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\xa0", " ").strip()


def _header(sheet: Any) -> list[str]:
    """Row 1 as text, without the empty cells after its last heading."""
    sheet.reset_dimensions()  # a file's declared size may be wrong or huge
    texts = [_text(v) for v in next(sheet.iter_rows(max_row=1, values_only=True), ())]
    while texts and not texts[-1]:
        texts.pop()
    return texts


def _sheet(name: str, sheet: Any) -> _Sheet:
    label = f"{name} ({sheet.title})"
    header = _header(sheet)
    if len(header) > MAX_COLUMNS:
        raise file_error(label, f"at most {MAX_COLUMNS} columns (delete stray cells in row 1)", 1)
    rows: list[tuple[int, list[str]]] = []
    for number, values in enumerate(
        sheet.iter_rows(min_row=2, max_col=max(len(header), 1), values_only=True), start=2
    ):
        texts = [_text(v) for v in values]
        if not any(texts):
            continue
        if number > MAX_ROWS + 1:
            raise too_many_rows(label, number, MAX_ROWS)
        rows.append((number, texts))
    return _Sheet(label, sheet.title, header, rows)


def _open(data: bytes) -> Any:
    import openpyxl

    return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)


def _workbook(file: File) -> list[_Sheet]:
    """Every sheet of the workbook, read once, in read-only mode."""
    try:
        book = _open(file.data)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise file_error(file.name, "an Excel workbook (.xlsx) that opens") from None
    try:
        return [_sheet(file.name, sheet) for sheet in book.worksheets]
    except ImportError_:
        raise
    except Exception as error:  # a workbook that opens may hold XML openpyxl cannot read
        expected = f"an Excel workbook (.xlsx) that can be read ({error})"
        raise file_error(file.name, expected) from None
    finally:
        book.close()


def _known(header: Sequence[str]) -> set[str | None]:
    """The template headings a header has."""
    return {_CANONICAL.get(_norm(h)) for h in header}


def _number(title: str, header: Sequence[str]) -> int | None:
    """The list a sheet is: by its name ("List 3"), else by its headings."""
    named = _TITLE.match(title)
    if named and 1 <= int(named.group(1)) <= len(TEMPLATE):
        return int(named.group(1))
    found = _known(header)
    return next((n for n, needed in REQUIRED.items() if set(needed) <= found), None)


def recognises(name: str, data: bytes) -> bool:
    """An ``.xlsx`` workbook with a sheet that is an Annex A list by its headings, or that is
    named like one ("List 1") and has the child's or adopter's identifier among its headings."""
    if Path(name).suffix.lower() != ".xlsx":
        return False
    try:
        book = _open(data)
        try:
            for sheet in book.worksheets[:MAX_SHEETS]:
                number = _number(sheet.title, header := _header(sheet))
                if number is not None and REQUIRED[number][0] in _known(header):
                    return True
            return False
        finally:
            book.close()
    except Exception:  # not a workbook, or one openpyxl cannot read: not Annex A
        return False


def _columns(sheet: _Sheet, number: int, checker: Checker) -> list[str]:
    """Map the sheet's headings to the list's; refuse a missing one, a repeated one and one
    that identifies a person; a note for the columns the template does not have."""
    ignored: list[str] = []

    def problem(heading: str, expected: str) -> None:
        checker.errors.append(RowError(sheet.label, 1, heading, "", expected))

    for heading in filter(None, sheet.header):
        known = _CANONICAL.get(_norm(heading))
        if known in TEMPLATE[number] and known in sheet.columns:
            problem(heading, f"each heading once ('{sheet.columns[known]}' is the same column)")
        elif known in TEMPLATE[number]:
            sheet.columns[known] = heading
        elif identifying(heading):
            problem(heading, IDENTIFYING)
        else:
            ignored.append(heading)
    for heading in REQUIRED[number]:
        if heading not in sheet.columns:
            problem(heading, f"a column headed '{heading}', as List {number} of the template has")
    if not ignored:
        return []
    listed = ", ".join(f"'{h}'" for h in ignored)
    return [f"{sheet.label}: not in the Annex A template, so not read: {listed}"]


def _lists(sheets: list[_Sheet], checker: Checker) -> tuple[dict[int, _Sheet], list[str]]:
    """The lists of the workbook, each from one sheet, and notes on what is not read."""
    lists: dict[int, _Sheet] = {}
    notes: list[str] = []
    for sheet in sheets:
        number = _number(sheet.title, sheet.header)
        if not sheet.header and not sheet.rows:
            continue  # an empty sheet: a list the council had nothing for, or a spare sheet
        if number is None:
            notes.append(f"{sheet.label}: not an Annex A list, so not read")
            continue
        if number in lists:
            expected = f"List {number} once: {lists[number].label} is List {number} too"
            checker.errors.append(RowError(sheet.label, None, "(sheet)", "", expected))
            continue
        lists[number] = sheet
        notes.extend(_columns(sheet, number, checker))
    return lists, notes


# -- checking and turning rows into records ----------------------------------------------------
@dataclass
class _Reader:
    today: date
    checker: Checker = field(default_factory=Checker)

    def problem(self, row: Row, heading: str, day: date, expected: str) -> None:
        self.checker.problem(row, heading, f"{day:%d/%m/%Y}", expected)

    def choice(self, row: Row, heading: str, choice: Choice, *, required: bool = False) -> Any:
        """A lettered value as what it stands for; None when empty or unknown."""
        text = row.get(heading)
        if not text:
            if required:
                self.checker.problem(row, heading, "", f"a value: {choice.expected}")
            return None
        key = _key(text, coded=choice.coded)
        if key not in choice.values:
            self.checker.problem(row, heading, text[:SHOWN], choice.expected)
            return None
        return choice.values[key]

    def day(
        self, row: Row, heading: str, *, after: tuple[date | None, str] | None = None
    ) -> date | None:
        """An event's date, on or before today, required unless it is ``after`` another: the
        (date, heading) it cannot come before, as an end cannot come before its start."""
        day = self.checker.day(row, heading, required=after is None)
        if day is not None and day > self.today:
            self.problem(row, heading, day, f"a date on or before today ({self.today:%d/%m/%Y})")
            return None
        if day is not None and after and after[0] and day < after[0]:
            expected = f"a date on or after its {after[1]}, {after[0]:%d/%m/%Y}"
            self.problem(row, heading, day, expected)
            return None
        return day

    def count(self, row: Row, heading: str) -> int | None:
        text = row.get(heading)
        if text and (not text.isdigit() or int(text) > cin_census.PREVIOUS_PLANS_MAX):
            expected = f"a whole number from 0 to {cin_census.PREVIOUS_PLANS_MAX}"
            self.checker.problem(row, heading, text[:SHOWN], expected)
            return None
        return int(text) if text else None

    def child(self, sheet: _Sheet, row: Row, heading: str, day: date | None, age: str) -> Record:
        """The child's sex, ethnicity and ``age`` on the ``day`` of the list's event, from the
        date of birth, which goes no further. Only a referral may come before birth (at most
        280 days, as the CIN census allows), and has no age then."""
        birth = self.checker.day(row, sheet.col("Date of Birth"), required=False, secret=True)
        years = age_on(birth, day) if birth and day and day >= birth else None
        unborn = age == "age_at_referral"
        if birth and day and day < birth and (not unborn or (birth - day).days > PRE_BIRTH):
            limit = f" or at most {PRE_BIRTH} days before it" if unborn else ""
            self.problem(row, heading, day, f"a date on or after the child's birth{limit}")
        elif years is not None and years > 25:
            self.problem(row, heading, day, "a date before the child was 26")
            years = None
        return {
            "sex": self.choice(row, sheet.col("Gender"), GENDER),
            "ethnicity": self.choice(row, sheet.col("Ethnicity"), ETHNICITY) or "",
            age: years,
        }

    def records(self, sheet: _Sheet, number: int) -> SourceRows:
        """A stored list's records (each column its default where not read): each row's
        child, its date (by which the child's records are told apart) and the values
        ``LOADED`` reads."""
        source, heading, column, kind, values = LOADED[number]
        records: list[Record] = []
        first: dict[tuple[str, date], int] = {}
        same_day: Counter[tuple[str, date]] = Counter()
        began = sheet.col(heading)
        for row in sheet.records():
            ident = self.checker.required(row, sheet.col(CHILD_ID), secret=True)
            day = self.day(row, began)
            record = values(self, sheet, row, day)
            if not ident or day is None:
                continue
            same_day[ident, day] += 1
            if kind is None:  # contacts: a child may have several in a day
                key = f"{ident}|{day.isoformat()}|{same_day[ident, day]}"
            elif same_day[ident, day] > 1:
                expected = f"each record once: row {first[ident, day]} has the same child and date"
                self.problem(row, began, day, expected)
                continue
            else:
                key = f"{ident}|{kind}{day.isoformat()}"
            first.setdefault((ident, day), row.number)
            records.append({"record_id": key, "child_id": ident, column: day, **record})
        return SourceRows.of(source, records)

    # -- what each stored list holds beyond the child and the day ------------------------------
    def contact(self, sheet: _Sheet, row: Row, day: date | None) -> Record:
        source = self.choice(row, sheet.col("Contact Source"), SOURCES, required=True)
        return {"source_agency": cin_census.SOURCE_AGENCY.get(source or ""), "outcome": None}

    def referral(self, sheet: _Sheet, row: Row, day: date | None) -> Record:
        source = self.choice(row, sheet.col("Referral Source"), SOURCES) or ""
        return {
            "referral_source": source,
            "source_agency": cin_census.SOURCE_AGENCY.get(source),
            "nfa": self.choice(row, sheet.col("Referral NFA?"), YES_NO),
            **self.child(sheet, row, sheet.col("Date of referral"), day, "age_at_referral"),
        }

    def assessment(self, sheet: _Sheet, row: Row, day: date | None) -> Record:
        began = sheet.col("Continuous Assessment Start Date")
        done = sheet.col("Continuous Assessment Date of Authorisation")
        return {"authorised_date": self.day(row, done, after=(day, began))}

    def enquiry(self, sheet: _Sheet, row: Row, day: date | None) -> Record:
        deemed = self.choice(row, sheet.col(ICPC_UNNECESSARY), YES_NO)
        return {
            "icpc_date": self.day(row, sheet.col(ICPC_DATE), after=(day, sheet.col(S47_START))),
            "icpc_not_required": deemed is True,
        }

    def plan(self, sheet: _Sheet, row: Row, day: date | None) -> Record:
        began, ended, initial, latest, previous = map(sheet.col, PLAN_HEADINGS)
        return {
            "end_date": self.day(row, ended, after=(day, began)),
            "plan_type": "child_protection",
            "category": self.choice(row, initial, CATEGORIES, required=True),
            "latest_category": self.choice(row, latest, CATEGORIES),
            "previous_plans": self.count(row, previous),
        }

    def period_of_care(self, sheet: _Sheet, row: Row, day: date | None) -> Record:
        """A period of care: its end, legal status, latest placement and why it ended."""
        began, ended = map(sheet.col, CARE_DATES)
        codes = {
            column: self.choice(row, sheet.col(heading), choice, required=required) or ""
            for column, (heading, choice, required) in CARE_CODES.items()
        }
        return {
            "end_date": self.day(row, ended, after=(day, began)),
            **codes,
            "uasc": self.choice(row, sheet.col(UASC), YES_NO),
            "registered": None,
            "reason_new_episode": "S",
            **self.child(sheet, row, began, day, "age_at_start"),
        }


PLAN_HEADINGS = (
    "Child Protection Plan Start Date", "Child Protection Plan End Date",
    "Initial Category of Abuse", "Latest Category of Abuse",
    "Number of Previous Child Protection Plans",
)  # fmt: skip
CARE_DATES = ("Date Started to be Looked After", "Date Ceased to be Looked After")
CARE_CODES: dict[str, tuple[str, Choice, bool]] = {
    "legal_status": ("Child's Legal Status", LEGAL, True),
    "placement_type": ("Placement Type", PLACEMENTS, True),
    "placement_provider": ("Placement Provider", PROVIDERS, False),
    "category_of_need": ("Child's Category of Need", NEEDS, False),
    "reason_ceased": ("Reason Ceased to be Looked After", CEASED, False),
}
"""List 8's coded columns: the column each is stored in, its heading, and whether required."""
_Values = Callable[[_Reader, _Sheet, Row, "date | None"], Record]
LOADED: dict[int, tuple[Source, str, str, str | None, _Values]] = {
    1: (sources.MASH_CONTACTS, "Date of Contact", "contact_date", None, _Reader.contact),
    3: (sources.REFERRALS, "Date of referral", "referral_date", "", _Reader.referral),
    4: (sources.SOCIAL_CARE_ASSESSMENTS, "Continuous Assessment Start Date", "start_date",
        "assessment|", _Reader.assessment),
    5: (sources.SECTION_47_ENQUIRIES, S47_START, "start_date", "s47|", _Reader.enquiry),
    7: (sources.PLANS, PLAN_HEADINGS[0], "start_date", "cp_plan|", _Reader.plan),
    8: (sources.CARE_EPISODES, CARE_DATES[0], "start_date", "care|", _Reader.period_of_care),
}  # fmt: skip
"""The lists stored: each one's record source, the heading and column of its date, what its
record ids say between the child and the date (the CIN census's for referrals and plans; a
child's contacts on one day are numbered instead), and what else a row holds."""
CANNOT_GIVE = {
    1: sources.MASH_CONTACTS.column("outcome").not_in_returns,
    3: "Annex A's list of referrals does not record a referral's primary need or closure",
    4: "Annex A's list of assessments does not record the factors identified",
    8: sources.CARE_EPISODES.column("registered").not_in_returns,
}


def read(files: Sequence[File], *, today: date) -> Return:
    """Every list of the workbook, checked whole before anything is handed back."""
    if len(files) != 1:
        raise file_error(", ".join(f.name for f in files), "one Annex A workbook on its own")
    file = files[0]
    reader = _Reader(today)
    lists, notes = _lists(_workbook(file), reader.checker)
    if not lists:
        expected = f"an Annex A workbook: sheets List 1 to 11, headings on row 1 ({CHILD_ID}, ...)"
        raise file_error(file.name, expected)
    tables: list[SourceRows] = []
    for number, sheet in sorted(lists.items()):
        if number not in LOADED:
            what = f"List {number} ({NAMES[number]}) is checked for its headings, not stored"
            notes.append(f"{sheet.label}: {what} (no record source holds it)")
        elif all(h in sheet.columns for h in REQUIRED[number]):
            tables.append(reader.records(sheet, number))
    refuse(reader.checker.errors)
    cannot = tuple(text for number, text in CANNOT_GIVE.items() if number in lists)
    # No authority code (la_code ""), and no scope: records are upserted by id.
    return Return(KIND, _title(tables), (file.name,), "", tuple(tables), tuple(notes), cannot)


def _title(tables: Sequence[SourceRows]) -> str:
    """ "Annex A (records to 16 September 2024)": the latest day its stored lists hold."""
    last = max((d for t in tables for d in t.columns[t.source.date_column] if d), default=None)
    return f"{TITLE} (records to {last.day} {last:%B %Y})" if last else TITLE
