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
    required_when: tuple[str, str] | None = None
    """(column, value): an optional column that a record must fill when that column holds that
    value: a child protection plan needs its category, a child in need plan has none."""
    not_in_returns: str = ""
    """What the statutory returns do not say about this column: records that came from a
    return hold it empty (unknown), and a measure that needs it is not computed from them.
    An extract must still fill it where it is required; the store allows it empty."""

    @property
    def stored_not_null(self) -> bool:
        return self.required and not self.not_in_returns

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
            description="What the MASH decided (an extract must say; a return may not).",
            not_in_returns="Annex A's list of contacts does not record what a contact led to",
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
            required=False,
            choices=PLAN_CATEGORIES,
            required_when=("plan_type", "child_protection"),
            description=(
                "The category of abuse or neglect a child protection plan started under (its "
                "initial category); empty for a child in need plan."
            ),
        ),
        Column(
            "latest_category",
            ColumnType.CHOICE,
            required=False,
            choices=PLAN_CATEGORIES,
            description="The plan's latest category of abuse or neglect, where it has changed.",
        ),
        Column(
            "previous_plans",
            ColumnType.INTEGER,
            required=False,
            minimum=0,
            maximum=50,
            description=(
                "How many child protection plans the child had before this one, in any area "
                "(the CIN census's NumberOfPreviousCPP); empty where not known."
            ),
        ),
        LA_CODE,
    ),
)

SEX = Column(
    "sex",
    ColumnType.CHOICE,
    required=False,
    choices=("male", "female", "other", "unknown"),
    description="The child's sex as the return records it (SSDA903 SEX, CIN GenderCurrent).",
)
ETHNICITY = Column(
    "ethnicity",
    ColumnType.TEXT,
    required=False,
    default="",
    description="The child's ethnicity, as the DfE's code (WBRI, MWBC, ...).",
)


def _age(name: str, event: str) -> Column:
    return Column(
        name,
        ColumnType.INTEGER,
        required=False,
        minimum=0,
        maximum=25,
        description=(
            f"The child's age in whole years on the day the {event}, worked out at import from "
            "the date of birth, which is never stored."
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
            not_in_returns=(
                "SSDA903 and Annex A do not record whether a placement is registered with Ofsted"
            ),
        ),
        Column(
            "uasc_ceased",
            ColumnType.DATE,
            required=False,
            description="The day the child stopped being an unaccompanied asylum seeker (DUC).",
        ),
        Column(
            "placement_provider",
            ColumnType.TEXT,
            required=False,
            default="",
            description="Who provides the placement, as SSDA903's code (PR0 to PR5).",
        ),
        Column(
            "reason_new_episode",
            ColumnType.TEXT,
            required=False,
            default="",
            description="Why the episode started, as SSDA903's RNE code (L, P, T, ...).",
        ),
        Column(
            "reason_ceased",
            ColumnType.TEXT,
            required=False,
            default="",
            description="Why the episode ended, as SSDA903's REC code (E11, E41, X1, ...).",
        ),
        Column(
            "category_of_need",
            ColumnType.TEXT,
            required=False,
            default="",
            description="The category of need when the episode started (N1 to N8).",
        ),
        SEX,
        ETHNICITY,
        _age("age_at_start", "episode started"),
        LA_CODE,
    ),
)

MISSING_EPISODES = Source(
    name="missing_episodes",
    title="Children we care for: missing and away from placement",
    date_column="start_date",
    columns=(
        *_ids(),
        Column("start_date", ColumnType.DATE, description="The day the child went missing."),
        Column("end_date", ColumnType.DATE, required=False, description="The day they returned."),
        Column(
            "missing_type",
            ColumnType.CHOICE,
            choices=("missing", "away"),
            description="Missing from placement, or away from it without authorisation.",
        ),
        _age("age_at_start", "child went missing"),
        LA_CODE,
    ),
)

REFERRALS = Source(
    name="referrals",
    title="Referrals to children's social care",
    date_column="referral_date",
    columns=(
        *_ids(),
        Column("referral_date", ColumnType.DATE),
        Column(
            "referral_source",
            ColumnType.TEXT,
            required=False,
            default="",
            description="Who made the referral, as the CIN census's code (1A to 10).",
        ),
        Column(
            "source_agency",
            ColumnType.CHOICE,
            required=False,
            choices=AGENCIES,
            description="The agency group the referral came from (mapped from its source code).",
        ),
        Column(
            "nfa",
            ColumnType.BOOLEAN,
            required=False,
            default=False,
            description="The referral ended in no further action.",
        ),
        Column("primary_need", ColumnType.TEXT, required=False, default="", description="N0-N9."),
        Column("closure_date", ColumnType.DATE, required=False, description="Empty while open."),
        Column("closure_reason", ColumnType.TEXT, required=False, default="", description="RC1-9."),
        SEX,
        ETHNICITY,
        _age("age_at_referral", "referral was made"),
        LA_CODE,
    ),
)

SOCIAL_CARE_ASSESSMENTS = Source(
    name="social_care_assessments",
    title="Children's social care (single) assessments",
    date_column="start_date",
    columns=(
        *_ids(),
        Column("start_date", ColumnType.DATE),
        Column("authorised_date", ColumnType.DATE, required=False, description="Completion."),
        Column(
            "factors",
            ColumnType.TEXT,
            required=False,
            default="",
            description="The factors identified, as the CIN census's codes, space-separated.",
        ),
        LA_CODE,
    ),
)

SECTION_47_ENQUIRIES = Source(
    name="section_47_enquiries",
    title="Section 47 enquiries and initial child protection conferences",
    date_column="start_date",
    columns=(
        *_ids(),
        Column("start_date", ColumnType.DATE),
        Column("icpc_date", ColumnType.DATE, required=False, description="The ICPC, if held."),
        Column(
            "icpc_not_required",
            ColumnType.BOOLEAN,
            required=False,
            default=False,
            description="The enquiry concluded that no conference was needed.",
        ),
        LA_CODE,
    ),
)

SOURCES: dict[str, Source] = {
    s.name: s
    for s in (
        EARLY_HELP_ASSESSMENTS,
        MASH_CONTACTS,
        PLANS,
        CARE_EPISODES,
        MISSING_EPISODES,
        REFERRALS,
        SOCIAL_CARE_ASSESSMENTS,
        SECTION_47_ENQUIRIES,
    )
}


def normalise_header(text: str) -> str:
    """A header as compared with the schema: "Date of Birth" -> ``date_of_birth``."""
    return re.sub(r"[^a-z0-9]+", "_", text.strip().lower()).strip("_")


def own_columns(source: Source) -> tuple[str, ...]:
    """The columns no other source has: what tells a file of this source from the others
    when their required columns are the same (a plan's ``plan_type``, an episode's
    ``legal_status``)."""
    others = {c for s in SOURCES.values() if s is not source for c in s.column_names}
    return tuple(c for c in source.column_names if c not in others)


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
