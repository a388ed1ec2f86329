"""The record-level extracts a council holds, as the analytic store keeps them.

Each source is a schema: the columns an extract must or may have, their types and allowed
values. The schema is the single description that the importer validates against, the store
creates its tables from, the synthetic generator writes, and measures refer to. Child and record
identifiers are kept only as salted hashes (made at import), so no column here identifies a
person; columns that would (names, dates of birth, addresses, NHS numbers) are refused at import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from trustboard.core.catalogue import AGENCY_GROUPS


class ColumnType(StrEnum):
    ID = "id"
    """An identifier from the case system; replaced by a salted hash on the way in."""
    TEXT = "text"
    CHOICE = "choice"
    DATE = "date"
    BOOLEAN = "boolean"
    INTEGER = "integer"
    NUMBER = "number"


SQL_TYPES = {
    ColumnType.ID: "varchar",
    ColumnType.TEXT: "varchar",
    ColumnType.CHOICE: "varchar",
    ColumnType.DATE: "date",
    ColumnType.BOOLEAN: "boolean",
    ColumnType.INTEGER: "integer",
    ColumnType.NUMBER: "double",
}


AGENCIES = AGENCY_GROUPS
"""The agency groups an assessment's completing agency and a MASH contact's source take
(:data:`trustboard.core.catalogue.AGENCY_GROUPS`): the framework names its agencies by them, so
the list lives with the catalogue and the schemas read it from there."""


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType
    required: bool = True
    choices: tuple[str, ...] = ()
    """For a choice column, the stored values; the importer also accepts them in any case and
    with spaces for underscores ("No further action" for ``no_further_action``)."""
    default: str | bool | None = None
    """What an optional column that is missing from an extract, or empty, is stored as."""
    minimum: float | None = None
    maximum: float | None = None
    description: str = ""

    @property
    def sql_type(self) -> str:
        return SQL_TYPES[self.type]


@dataclass(frozen=True)
class Source:
    name: str
    """The store's table name, and what ``trustboard import --source`` and measures call it."""
    title: str
    columns: tuple[Column, ...]
    date_column: str
    """The date that says which period a record belongs to, used to recognise the extract."""

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(f"{self.name} has no column {name!r}")

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)


def _ids() -> tuple[Column, ...]:
    return (
        Column(
            "record_id",
            ColumnType.ID,
            description="The case system's identifier of this record; one row per record.",
        ),
        Column(
            "child_id",
            ColumnType.ID,
            description="The case system's identifier of the child (pseudonymised at import).",
        ),
    )


LA_CODE = Column(
    "la_code",
    ColumnType.TEXT,
    required=False,
    default="",
    description=(
        "The local authority's code (E10000025); empty means the partnership's own area. "
        "Regional and national extracts carry one per row."
    ),
)

EARLY_HELP_ASSESSMENTS = Source(
    name="early_help_assessments",
    title="Early help (strengths and needs) assessments",
    date_column="start_date",
    columns=(
        *_ids(),
        Column("start_date", ColumnType.DATE, description="The day the assessment started."),
        Column(
            "agency",
            ColumnType.CHOICE,
            choices=AGENCIES,
            description="The agency group that completed the assessment.",
        ),
        Column(
            "organisation_type",
            ColumnType.TEXT,
            required=False,
            default="",
            description='The kind of organisation within the agency ("Health - Health Visitor").',
        ),
        Column(
            "pilot",
            ColumnType.BOOLEAN,
            required=False,
            default=False,
            description="Completed under a pilot (the health visitor early help pilot).",
        ),
        Column("age", ColumnType.INTEGER, required=False, minimum=0, maximum=25),
        Column("locality", ColumnType.TEXT, required=False, default=""),
        LA_CODE,
    ),
)

MASH_OUTCOMES = ("no_further_action", "early_help", "social_care_assessment", "other")

MASH_CONTACTS = Source(
    name="mash_contacts",
    title="MASH contacts",
    date_column="contact_date",
    columns=(
        *_ids(),
        Column("contact_date", ColumnType.DATE, description="The day the contact was received."),
        Column(
            "source_agency",
            ColumnType.CHOICE,
            choices=AGENCIES,
            description="The agency group the contact came from.",
        ),
        Column(
            "outcome",
            ColumnType.CHOICE,
            choices=MASH_OUTCOMES,
            description="What the MASH decided.",
        ),
        Column(
            "urgency",
            ColumnType.CHOICE,
            required=False,
            choices=("red", "amber", "green"),
            description="The RAG rating given at screening.",
        ),
        Column(
            "decision_hours",
            ColumnType.NUMBER,
            required=False,
            minimum=0,
            description="Hours from the contact to the MASH decision.",
        ),
        LA_CODE,
    ),
)

PLAN_TYPES = ("child_protection", "child_in_need")
PLAN_CATEGORIES = ("neglect", "physical_abuse", "emotional_abuse", "sexual_abuse", "multiple")

PLANS = Source(
    name="plans",
    title="Child protection and child in need plans",
    date_column="start_date",
    columns=(
        *_ids(),
        Column("start_date", ColumnType.DATE),
        Column("end_date", ColumnType.DATE, required=False, description="Empty while open."),
        Column(
            "plan_type",
            ColumnType.CHOICE,
            required=False,
            choices=PLAN_TYPES,
            default="child_protection",
        ),
        Column(
            "category",
            ColumnType.CHOICE,
            choices=PLAN_CATEGORIES,
            description="The category of abuse or neglect (the initial category for a plan).",
        ),
        LA_CODE,
    ),
)

CARE_EPISODES = Source(
    name="care_episodes",
    title="Children we care for: episodes of care",
    date_column="start_date",
    columns=(
        *_ids(),
        Column("start_date", ColumnType.DATE),
        Column("end_date", ColumnType.DATE, required=False, description="Empty while open."),
        Column(
            "legal_status",
            ColumnType.TEXT,
            required=False,
            default="",
            description="The legal status code (C2, V2, ...).",
        ),
        Column(
            "uasc",
            ColumnType.BOOLEAN,
            required=False,
            default=False,
            description="An unaccompanied asylum-seeking child.",
        ),
        Column("placement_type", ColumnType.TEXT, required=False, default=""),
        Column(
            "registered",
            ColumnType.BOOLEAN,
            required=False,
            default=True,
            description="The placement is registered with Ofsted (false: unregistered).",
        ),
        LA_CODE,
    ),
)

SOURCES: dict[str, Source] = {
    s.name: s for s in (EARLY_HELP_ASSESSMENTS, MASH_CONTACTS, PLANS, CARE_EPISODES)
}


IDENTIFYING_COLUMNS = frozenset(
    {
        "name",
        "first_name",
        "firstname",
        "forename",
        "forenames",
        "given_name",
        "surname",
        "last_name",
        "lastname",
        "family_name",
        "full_name",
        "child_name",
        "dob",
        "date_of_birth",
        "birth_date",
        "birthdate",
        "address",
        "address_line_1",
        "address_line_2",
        "address1",
        "street",
        "postcode",
        "post_code",
        "nhs_number",
        "nhs_no",
        "nhs",
        "upn",
        "unique_pupil_number",
        "ni_number",
        "national_insurance_number",
        "email",
        "email_address",
        "phone",
        "telephone",
        "mobile",
    }
)
"""Column names that identify a person. An extract carrying any of them is refused whole."""


def normalise_header(text: str) -> str:
    """A header as compared with the schema: "Date of Birth" -> ``date_of_birth``."""
    return re.sub(r"[^a-z0-9]+", "_", text.strip().lower()).strip("_")


PERSON_NAME_WORDS = frozenset(
    {
        "child", "childs", "s", "young", "person", "persons", "pupil", "pupils", "first",
        "given", "fore", "sur", "last", "family", "full", "middle", "preferred", "maiden",
        "known", "as", "legal", "mother", "mothers", "father", "fathers", "parent", "parents",
        "carer", "carers", "worker", "workers", "social", "case", "display", "other",
        "allocated", "key", "birth", "previous", "former", "alias",
    }
)  # fmt: skip
"""Words that, beside "name", make a heading a person's name ("Child's Full Name"); any other
word makes it something's name ("Agency name", "School name"), which is not personal."""
_NAME_WORDS = re.compile(
    r"^(?:fore|sur|first|last|given|family|full|maiden|nick|child|middle)names?$"
)
_IDENTIFYING_PATTERNS = (
    re.compile(r"(?:^|_)dob(?:_|$)|birth"),  # DOB (dd/mm/yyyy), PersonBirthDate
    re.compile(r"firstname|surname|forename"),  # within one word: ChildSurname
    re.compile(r"post_?code|(?:^|_)post$|(?:^|_)pcode$"),  # postcodes, HOME_POST, PL_POST
    re.compile(r"address|(?:^|_)street|(?:^|_)house_?(?:name|number)"),
    re.compile(r"(?:^|_)nhs(?:_|$)|nhsnumber|nhsno"),
    re.compile(r"(?:^|_)(?:former_)?upn(?:_|$)|unique_?pupil|(?:^|_)uln(?:_|$)"),
    re.compile(r"national_?insurance|(?:^|_)ni_?(?:no|number)(?:_|$)"),
    re.compile(r"e_?mail"),
    re.compile(r"(?:^|_)(?:tele)?phone|(?:^|_)mobile|(?:^|_)tel(?:_|$)"),
    re.compile(r"social_?worker|case_?worker|key_?worker|allocated_worker|(?:^|_)worker$"),
)
"""Spellings real returns and case-system extracts use for what identifies a person."""


def identifying(header: str) -> bool:
    """Whether a heading names something that identifies a person, in the spellings real files
    use: exact names (:data:`IDENTIFYING_COLUMNS`), a name of a person rather than of an agency
    or school, birth dates, postcodes (``HOME_POST``), addresses, NHS numbers, UPNs, national
    insurance numbers, email, phone and the worker's name."""
    key = normalise_header(header)
    if key in IDENTIFYING_COLUMNS:
        return True
    words = key.split("_")
    if any(_NAME_WORDS.match(word) for word in words):
        return True
    if "name" in words or "names" in words:
        others = [w for w in words if w not in ("name", "names")]
        if all(w in PERSON_NAME_WORDS for w in others):
            return True
    return any(pattern.search(key) for pattern in _IDENTIFYING_PATTERNS)


def marks_of_another(source: Source, names: set[str]) -> set[str]:
    """The headings that belong to some other source and not to this one: "pilot" and
    "organisation_type" mark an early help extract, whatever else it holds."""
    others = {c for s in SOURCES.values() if s is not source for c in s.column_names}
    return (names - set(source.column_names)) & others


def recognise(headers: list[str]) -> Source | None:
    """The source an extract's headers are, if exactly one fits.

    A source fits when the file has every column it needs and no column that marks it as
    another source: a file with ``record_id``, ``child_id`` and ``start_date`` holds all a
    care episodes extract needs, but if it also has an early help extract's ``pilot`` it is an
    early help extract short of a column, never a file of episodes of care.
    """
    names = {normalise_header(h) for h in headers}
    matches = [
        s for s in SOURCES.values() if set(s.required) <= names and not marks_of_another(s, names)
    ]
    if not matches:
        return None
    # A plans extract also holds every column a care episodes extract needs; the source that
    # needs the most of what is there is the one meant, unless two tie.
    matches.sort(key=lambda s: len(s.required), reverse=True)
    if len(matches) > 1 and len(matches[0].required) == len(matches[1].required):
        return None
    return matches[0]


def closest(headers: list[str]) -> tuple[Source, tuple[str, ...]] | None:
    """The source a file comes nearest to, and the columns it lacks, for the message that
    refuses it: the one sharing most of its columns, if it shares more than the identifiers."""
    names = {normalise_header(h) for h in headers}
    shared = {
        s.name: len(names & set(s.column_names) - {"record_id", "child_id"})
        for s in SOURCES.values()
    }
    best = max(SOURCES.values(), key=lambda s: (shared[s.name], -len(s.required)))
    if shared[best.name] == 0:
        return None
    return best, tuple(c for c in best.required if c not in names)
