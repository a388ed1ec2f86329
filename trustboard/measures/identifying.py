"""Headings that say a column identifies a person, in the spellings real files use.

An extract carrying such a column is refused before any value is read, unless a statutory
return's adapter knows the column and derives what it needs from it (an age from a date of
birth) without storing it. Kept apart from the schemas because it is a judgement about
headings, not a description of what the store holds.
"""

from __future__ import annotations

import re

from trustboard.measures.sources import normalise_header

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
