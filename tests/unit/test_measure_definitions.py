"""Measure definitions: the example file reads, and a wrong file is refused with every problem
at once, each naming the measure (and the condition) it is in."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import trustboard.examples
from trustboard.measures.definitions import (
    Condition,
    Count,
    DefinitionError,
    Preceding,
    Result,
    Window,
    load_measures,
    parse_measures,
)

EXAMPLE = Path(trustboard.examples.__file__).parent / "oxfordshire" / "measures.yaml"


def measure(**fields) -> dict:
    """A valid measure, with ``fields`` replacing (or, as None, removing) its own."""
    raw = {
        "id": "contacts",
        "title": "MASH contacts",
        "count": {"source": "mash_contacts", "date": "contact_date"},
    }
    raw.update(fields)
    return {k: v for k, v in raw.items() if v is not None}


def problems(*measures, document=None) -> list[str]:
    with pytest.raises(DefinitionError) as caught:
        parse_measures(document if document is not None else {"measures": list(measures)}, "m.yaml")
    assert str(caught.value) == "\n".join(caught.value.problems)
    return caught.value.problems


def only_problem(*measures) -> str:
    (problem,) = problems(*measures)
    return problem


# -- what reads -------------------------------------------------------------------------------
def test_the_example_file_reads():
    measures = load_measures(EXAMPLE)

    ids = [m.id for m in measures]
    assert len(ids) == len(set(ids)) >= 16
    assert all(m.title and m.owner and isinstance(m.reviewed, date) for m in measures)
    by_id = {m.id: m for m in measures}
    assert by_id["eha_started"].result is Result.COUNT
    assert by_id["mash_nfa"].result is Result.PERCENTAGE
    assert by_id["mash_contacts_per_eha"].result is Result.RATIO
    assert by_id["mash_contacts_per_eha"].window is Window.ROLLING_12_MONTHS
    assert by_id["neglect_plans_with_eha"].frequency == "quarterly"
    assert by_id["cp_plans_open"].count.counts_children
    assert by_id["mash_with_preceding_eha"].sources == {"mash_contacts", "early_help_assessments"}


def test_a_full_definition_reads_into_its_parts():
    (parsed,) = parse_measures(
        {
            "measures": [
                measure(
                    count={
                        "source": "mash_contacts",
                        "date": "contact_date",
                        "where": [{"column": "urgency", "in": ["red", "amber"]}],
                        "breakdown": "source_agency",
                    },
                    of_which=[
                        {
                            "preceded_by": {
                                "source": "early_help_assessments",
                                "date": "start_date",
                                "within_days": 365,
                                "where": [{"column": "pilot", "is": False}],
                            }
                        }
                    ],
                    window="year_to_date",
                    frequency="quarterly",
                    reviewed=date(2026, 11, 22),
                )
            ]
        },
        "m.yaml",
    )

    assert parsed.count == Count(
        "mash_contacts",
        "contact_date",
        None,
        (Condition(column="urgency", values=("red", "amber")),),
        "source_agency",
    )
    assert parsed.of_which == (
        Condition(
            preceded_by=Preceding(
                "early_help_assessments",
                "start_date",
                365,
                (Condition(column="pilot", values=(False,)),),
            )
        ),
    )
    assert parsed.window is Window.YEAR_TO_DATE
    assert parsed.result is Result.PERCENTAGE


def test_open_records_may_ask_how_long_they_have_been_open():
    (parsed,) = parse_measures(
        {
            "measures": [
                measure(
                    count={
                        "source": "plans",
                        "open_at_end": ["start_date", "end_date"],
                        "where": [{"open_longer_than_months": 18}],
                    }
                )
            ]
        },
        "m.yaml",
    )

    assert parsed.count.open_at_end == ("start_date", "end_date")
    assert parsed.count.where == (Condition(open_longer_than_months=18),)


# -- what is refused --------------------------------------------------------------------------
def test_every_problem_is_reported_at_once_with_its_measure():
    found = problems(
        measure(id="a", count={"source": "nope", "date": "contact_date"}),
        measure(id="b", window="weekly"),
        measure(id="c", count={"source": "mash_contacts", "date": "received"}),
        measure(id="d", frequency="fortnightly", title=None),
    )

    assert len(found) == 5
    assert found[0].startswith("m.yaml: measure a count: source 'nope': expected one of ")
    assert found[1].startswith("m.yaml: measure b: window 'weekly': expected one of period, ")
    assert found[2].startswith("m.yaml: measure c count: date 'received': expected a column of ")
    assert found[3].startswith("m.yaml: measure d: frequency 'fortnightly': expected one of ")
    assert found[4] == "m.yaml: measure d: title: expected the measure's name"


def test_several_problems_in_one_measure_are_all_reported():
    found = problems(
        measure(
            count={
                "source": "mash_contacts",
                "date": "source_agency",
                "where": [{"column": "outcome", "is": "nfa"}, {"column": "colour", "is": "red"}],
                "breakdown": "agency",
            },
            window="fortnight",
        )
    )

    assert all(p.startswith("m.yaml: measure contacts") for p in found)
    assert len(found) == 5
    assert any("'source_agency': expected a date column" in p for p in found)
    assert any(
        p.startswith("m.yaml: measure contacts count condition 1: outcome 'nfa'") for p in found
    )
    assert any(
        p.startswith("m.yaml: measure contacts count condition 2: column 'colour'") for p in found
    )
    assert any("breakdown 'agency'" in p for p in found)
    assert any("window 'fortnight'" in p for p in found)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            {"count": {"source": "mash_contacts"}},
            "m.yaml: measure contacts count: date None: expected a column of mash_contacts",
        ),
        (
            {"count": {"source": "mash_contacts", "date": "contact_date", "group": "x"}},
            "m.yaml: measure contacts count: unknown field(s) group",
        ),
        ({"counts": 1}, "m.yaml: measure contacts: unknown field(s) counts"),
        (
            {"count": "mash_contacts"},
            "m.yaml: measure contacts count: expected a mapping with source and date",
        ),
        (
            {"count": {"source": ["mash_contacts"], "date": "contact_date"}},
            "m.yaml: measure contacts count: source ['mash_contacts']: expected one of",
        ),
        (
            {"count": {"source": "plans", "open_at_end": ["start_date"]}},
            "m.yaml: measure contacts count: open_at_end: expected [start column, end column]",
        ),
        (
            {"count": {"source": "plans", "open_at_end": ["start_date", "category"]}},
            "m.yaml: measure contacts count: 'category': expected a date column",
        ),
        (
            {
                "count": {
                    "source": "plans",
                    "date": "start_date",
                    "open_at_end": ["start_date", "end_date"],
                }
            },
            "m.yaml: measure contacts count: expected date (events) or open_at_end",
        ),
        (
            {"window": "rolling_13_months"},
            "m.yaml: measure contacts: window 'rolling_13_months': expected one of",
        ),
        ({"reviewed": "last week"}, "m.yaml: measure contacts: reviewed 'last week': expected"),
        (
            {"of_which": []},
            "m.yaml: measure contacts of_which: expected at least one condition",
        ),
        (
            {"of_which": {"column": "outcome", "is": "other"}},
            "m.yaml: measure contacts of_which: expected a list of conditions",
        ),
        (
            {"of_which": ["outcome"]},
            "m.yaml: measure contacts of_which condition 1: expected a mapping",
        ),
        (
            {"of_which": [{"column": "outcome", "in": []}]},
            "m.yaml: measure contacts of_which condition 1: expected 'is: VALUE' or 'in: [VALUES]'",
        ),
        (
            {"of_which": [{"column": "outcome", "equals": "other"}]},
            "m.yaml: measure contacts of_which condition 1: expected 'is: VALUE' or 'in: [VALUES]'",
        ),
        (
            {
                "count": {"source": "early_help_assessments", "date": "start_date"},
                "of_which": [{"column": "pilot", "is": "yes"}],
            },
            "m.yaml: measure contacts of_which condition 1: pilot 'yes': expected true or false",
        ),
        (
            {"of_which": [{"column": "urgency", "in": ["red", "purple"]}]},
            "m.yaml: measure contacts of_which condition 1: urgency 'purple': expected one of red",
        ),
        (
            {"of_which": [{"open_longer_than_months": 18}]},
            "m.yaml: measure contacts of_which condition 1: open_longer_than_months needs a "
            "count of open records",
        ),
        (
            {
                "count": {
                    "source": "plans",
                    "open_at_end": ["start_date", "end_date"],
                    "where": [{"open_longer_than_months": "18"}],
                }
            },
            "m.yaml: measure contacts count condition 1: open_longer_than_months '18': expected",
        ),
    ],
)
def test_one_wrong_field(fields, expected):
    found = problems(measure(**fields))

    assert found[0].startswith(expected)
    # An of_which left with no usable condition also says so; nothing else is reported.
    assert found[1:] in ([], ["m.yaml: measure contacts of_which: expected at least one condition"])


@pytest.mark.parametrize("within", [0, -1, True, "365", None])
def test_preceded_by_needs_a_number_of_days(within):
    of_which = [
        {
            "preceded_by": {
                "source": "early_help_assessments",
                "date": "start_date",
                "within_days": within,
            }
        }
    ]

    assert only_problem(measure(of_which=of_which)) == (
        f"m.yaml: measure contacts of_which condition 1 preceded_by: within_days {within!r}: "
        "expected days > 0"
    )


def test_preceded_by_problems_name_the_condition():
    of_which = [
        {"column": "outcome", "is": "other"},
        {"preceded_by": {"source": "assessments", "date": "start_date", "within_days": 10}},
        {
            "preceded_by": {
                "source": "plans",
                "date": "category",
                "within_days": 10,
                "where": [{"column": "plan_type", "is": "cp"}],
            }
        },
        {"preceded_by": "early_help_assessments"},
    ]

    found = problems(measure(of_which=of_which))

    assert found[0].startswith(
        "m.yaml: measure contacts of_which condition 2 preceded_by: source 'assessments'"
    )
    assert found[1].startswith(
        "m.yaml: measure contacts of_which condition 3 preceded_by condition 1: plan_type 'cp'"
    )
    assert found[2] == (
        "m.yaml: measure contacts of_which condition 4 preceded_by: expected a mapping with "
        "source and date"
    )
    assert len(found) == 3


def test_a_measure_is_a_percentage_or_a_ratio_not_both():
    assert (
        only_problem(
            measure(
                of_which=[{"column": "outcome", "is": "other"}],
                per={"source": "early_help_assessments", "date": "start_date"},
            )
        )
        == "m.yaml: measure contacts: a measure is a percentage (of_which) or a ratio (per)"
    )


def test_a_ratio_is_broken_down_on_both_sides_or_neither():
    assert (
        only_problem(
            measure(
                count={
                    "source": "mash_contacts",
                    "date": "contact_date",
                    "breakdown": "source_agency",
                },
                per={"source": "early_help_assessments", "date": "start_date"},
            )
        )
        == "m.yaml: measure contacts: count and per must both be broken down, or neither"
    )


def test_an_empty_per_is_a_problem_not_ignored():
    assert only_problem(measure(per={})).startswith(
        "m.yaml: measure contacts per: source None: expected one of"
    )


@pytest.mark.parametrize("ident", ["has space", "dash-ed", "", 7, None])
def test_ids_are_letters_digits_and_underscores(ident):
    assert only_problem(measure(id=ident) if ident is not None else measure(id=None)) == (
        f"m.yaml: measure 1: id {ident!r}: expected letters, digits and underscores"
    )


def test_an_id_is_used_once():
    found = problems(measure(), measure(), measure(id="other"))

    assert found == ["m.yaml: measure 2: id 'contacts' is used twice"]


@pytest.mark.parametrize("document", [[], {"measure": []}, {"measures": {}}, "measures"])
def test_the_file_is_a_mapping_with_a_list_of_measures(document):
    assert problems(document=document) == ["m.yaml: expected a mapping with a list 'measures'"]


def test_a_measure_that_is_not_a_mapping(tmp_path):
    assert problems("contacts") == ["m.yaml: measure 1: expected a mapping"]


def test_a_file_that_is_not_yaml(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("measures: [\n  - id: x\n", encoding="utf-8")

    with pytest.raises(DefinitionError) as caught:
        load_measures(path)

    (problem,) = caught.value.problems
    assert problem.startswith("broken.yaml: not valid YAML:")
