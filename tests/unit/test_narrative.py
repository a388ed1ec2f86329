"""Drafted sentences say what the figures say, in the board reports' words.

Each report sentence is rebuilt from made-up assessments whose figures give the report's
numbers: "MASH contacts for the first 11 months of the year are 4% higher than last year and
more than 60% higher than pre pandemic levels" comes from a year to date of 12,000 against
11,538 (+4.0%) and 7,400 (+62.2%). The published version of each sentence is checked too.
"""

from __future__ import annotations

from functools import partial

import pytest

from trustboard.core.assessment import Assessment, Comparison, Point, Rag
from trustboard.core.benchmarks import Comparator, compare
from trustboard.core.catalogue import Aggregation, Frequency, Indicator, Polarity, Target, Unit
from trustboard.core.narrative import (
    MAX_SENTENCES,
    Figure,
    Sentence,
    area_bullets,
    draft,
    format_figure,
    percent_change_text,
    subject,
    title_in_sentence,
)
from trustboard.core.periods import Basis, financial_year, month
from trustboard.core.projection import Projection, project_year_end
from trustboard.core.suppression import SECONDARY, suppress_figure


# -- builders ---------------------------------------------------------------------------------
def indicator(title: str, **fields) -> Indicator:
    defaults = dict(
        code="9.9",
        title=title,
        area="safe",
        unit=Unit.COUNT,
        polarity=Polarity.LOWER_IS_BETTER,
        frequency=Frequency.MONTHLY,
    )
    return Indicator(**(defaults | fields))


def comparison(key: str, current: float, comparator: float, labels=("", "")) -> Comparison:
    change = current - comparator
    percent = change / abs(comparator) * 100 if comparator else None
    return Comparison(key, key, labels[0], labels[1], current, comparator, change, percent)


def assessment(value: float | None, **fields) -> Assessment:
    defaults = dict(
        code="9.9",
        as_at="Q4 2022/23",
        period="Mar 2023",
        value=value,
        target=None,
        target_period=None,
        rag=Rag.NOT_APPLICABLE,
        rag_reason="",
    )
    return Assessment(**(defaults | fields))


MASH = indicator(
    "MASH contacts", code="1.5", polarity=Polarity.NEITHER, aggregation=Aggregation.SUM
)
CP = indicator("Children subject to a child protection plan", code="1.2")
CARED_FOR = indicator("Children we care for", code="1.1")
EHA = indicator(
    "Early help assessments (strengths and needs)",
    code="1.4",
    polarity=Polarity.HIGHER_IS_BETTER,
    aggregation=Aggregation.SUM,
)
CAMHS = indicator("Mean wait for core CAMHS (days)", code="1.3a", unit=Unit.DAYS)


def public(sentence: Sentence) -> str:
    return sentence.render(suppress_figure)


# -- the report's sentences -------------------------------------------------------------------
def test_mash_contacts_year_to_date_against_last_year_and_pre_pandemic():
    """May 2023 report, to February 2023 (11 months into 2022/23)."""
    a = assessment(
        1100,
        as_at="Feb 2023",
        period="Feb 2023",
        comparisons=(
            comparison("year_to_date", 12000, 11538),  # +4.0%
            comparison("year_to_date_baseline", 12000, 7400),  # +62.2%
        ),
    )
    [sentence] = draft(MASH, a)
    assert sentence.text == (
        "The number of MASH contacts for the first 11 months of the year is 4% higher than "
        "last year and more than 60% higher than pre-pandemic levels."
    )
    assert sentence.template == (
        "The number of MASH contacts for the first {months} months of the year is "
        "{ytd_change} higher than last year and {baseline_change} higher than pre-pandemic "
        "levels."
    )
    assert sentence.figures["ytd_change"].sources == (12000, 11538)
    assert sentence.figures["months"].kind == "months"
    assert (sentence.code, sentence.key) == ("1.5", "year_to_date")
    assert public(sentence) == sentence.text


def test_child_protection_above_target_and_the_change_in_the_last_quarter():
    """May 2023 report: 605 against 550, 655 a quarter before."""
    a = assessment(605, target=550, rag=Rag.RED)
    before = assessment(655, as_at="Q3 2022/23", period="Dec 2022", target=550, rag=Rag.RED)
    [sentence] = draft(CP, a, previous=before)
    assert sentence.text == (
        "The number of children subject to a child protection plan remains above target "
        "(605 compared to 550 target) but has decreased by 50 in the last quarter."
    )
    assert sentence.figures["change"].sources == (605, 655)
    assert sentence.rag is Rag.RED


def test_is_rather_than_remains_when_last_quarter_was_on_the_other_side():
    a = assessment(605, target=550)
    before = assessment(540, as_at="Q3 2022/23", period="Dec 2022", target=550)
    [sentence] = draft(CP, a, previous=before)
    assert sentence.text == (
        "The number of children subject to a child protection plan is above target "
        "(605 compared to 550 target) and has increased by 65 in the last quarter."
    )


def test_a_month_apart_or_further_is_said_so():
    a = assessment(605, as_at="Mar 2023", target=550)
    before = assessment(600, as_at="Feb 2023", period="Feb 2023", target=550)
    assert "increased by 5 in the last month" in draft(CP, a, previous=before)[0].text
    long_before = assessment(600, as_at="Q1 2022/23", period="Jun 2022", target=550)
    # The figure's own period, not the report's: the figure before was June's.
    assert "increased by 5 since Jun 2022" in draft(CP, a, previous=long_before)[0].text


KS4 = indicator(
    "Pupils achieving grade 5 or above in English and maths",
    unit=Unit.PERCENTAGE,
    polarity=Polarity.HIGHER_IS_BETTER,
    frequency=Frequency.ANNUAL,
    basis=Basis.ACADEMIC,
)


def test_an_annual_figure_assessed_a_quarter_apart_changed_since_last_years_figure():
    """Reports a quarter apart, but the figures are a year apart: not "in the last quarter"."""
    a = assessment(45.2, target=50.0, as_at="Q4 2022/23", period="AY 2022/23")
    before = assessment(44.3, target=50.0, as_at="Q3 2022/23", period="AY 2021/22")
    assert draft(KS4, a, previous=before)[0].text == (
        "The figure for pupils achieving grade 5 or above in English and maths remains below "
        "target (45.2% compared to 50% target) but has increased by 0.9 percentage points "
        "since AY 2021/22."
    )
    unchanged = assessment(45.2, target=50.0, as_at="Q3 2022/23", period="AY 2021/22")
    assert draft(KS4, a, previous=unchanged)[0].text.endswith("is unchanged since AY 2021/22.")


@pytest.mark.parametrize(
    ("then", "now", "when"),
    [
        # Consecutive data periods, whatever reports they were assessed in.
        ("Q3 2022/23", "Q4 2022/23", "in the last quarter"),
        ("Feb 2023", "Mar 2023", "in the last month"),
        ("Dec 2022", "Mar 2023", "in the last quarter"),  # monthly figures a quarter apart
        ("at 31 December 2022", "at 31 March 2023", "in the last quarter"),
        ("at 28 February 2023", "at 31 March 2023", "in the last month"),
        # Anything else names the earlier figure's period.
        ("Q2 2022/23", "Q4 2022/23", "since Q2 2022/23"),
        ("Nov 2022", "Mar 2023", "since Nov 2022"),
        ("Dec 2022", "Q4 2022/23", "since Dec 2022"),
        ("2021/22", "2022/23", "since 2021/22"),
        ("at 15 February 2023", "at 15 March 2023", "since 15 February 2023"),
        ("Term 3 2022/23", "Term 4 2022/23", "since Term 3 2022/23"),
        ("last spring", "Mar 2023", "since last spring"),
    ],
)
def test_the_change_is_worded_from_the_figures_periods_not_the_reports(then, now, when):
    # Both assessed in the same report, so only the figures' periods can tell them apart.
    a = assessment(605, target=550, as_at="Q4 2022/23", period=now)
    before = assessment(600, target=550, as_at="Q4 2022/23", period=then)
    assert draft(CP, a, previous=before)[0].text.endswith(f"increased by 5 {when}.")


def test_no_change_clause_when_the_figures_are_for_the_same_period_however_written():
    a = assessment(605, target=550, period="Mar 2023")
    same = assessment(600, target=550, as_at="Q3 2022/23", period="2023-03")
    assert draft(CP, a, previous=same)[0].text == (
        "The number of children subject to a child protection plan remains above target "
        "(605 compared to 550 target)."
    )


def test_no_change_clause_when_last_quarter_had_no_newer_figure():
    a = assessment(605, target=550)
    same = assessment(605, as_at="Q3 2022/23", period="Mar 2023", target=550)
    assert draft(CP, a, previous=same)[0].text == (
        "The number of children subject to a child protection plan remains above target "
        "(605 compared to 550 target)."
    )


def test_children_we_care_for_above_target_but_improving_by_the_direction_of_travel():
    """March 2023 report: 803 against 750, "beginning to fall"; improving is the assessment's
    own direction of travel, not the drafter's opinion."""
    a = assessment(803, target=750, rag=Rag.RED, direction="down", direction_meaning="improving")
    assert draft(CARED_FOR, a)[0].text == (
        "The number of children we care for is above target (803 compared to 750 target) "
        "but is improving."
    )
    level = assessment(803, target=750, direction="level", direction_meaning="no change")
    assert draft(CARED_FOR, level)[0].text == (
        "The number of children we care for is above target (803 compared to 750 target)."
    )


def test_early_help_assessments_rolling_12_months_and_the_gap_to_target():
    """May 2023 report: 24% higher than the previous 12 months, 19% below the 5,000 target."""
    a = assessment(
        400,
        target=5000,
        rag=Rag.RED,
        rag_value=4050,
        rag_basis="rolling 12 months to Mar 2023",
        comparisons=(comparison("rolling_12_months", 4050, 3266),),  # +24.0%
    )
    before = assessment(
        350,
        as_at="Q3 2022/23",
        period="Dec 2022",
        target=5000,
        rag_value=3800,
        rag_basis="rolling 12 months to Dec 2022",
    )
    [sentence] = draft(EHA, a, previous=before)
    assert sentence.text == (
        "The number of early help assessments (strengths and needs) in the last 12 months is "
        "24% higher than the previous 12 months but remains 19% below target."
    )
    assert sentence.figures["target_gap"].sources == (4050,)
    without_previous = draft(EHA, a)[0].text
    assert without_previous.endswith("but is 19% below target.")


def test_a_flow_rated_on_rolling_months_but_on_target():
    a = assessment(
        400,
        target=5000,
        rag_value=5010,
        rag_basis="rolling 12 months to Mar 2023",
        comparisons=(comparison("rolling_12_months", 5010, 4000),),
    )
    assert draft(EHA, a)[0].text.endswith(
        "is 25% higher than the previous 12 months and is on target."
    )


def test_stale_data_and_the_last_figure():
    """Both reports: CAMHS waits not updated since July 2022; 124 days, 16% up on July 2021."""
    a = assessment(
        124,
        period="Jul 2022",
        stale=True,
        comparisons=(
            comparison("same_period_last_year", 124, 107, ("Jul 2022", "Jul 2021")),  # +15.9%
        ),
    )
    stale, latest = draft(CAMHS, a)
    assert (
        stale.text == "Data on mean wait for core CAMHS (days) has not been updated since Jul 2022."
    )
    assert latest.text == "In Jul 2022 the figure was 124 days – 16% higher than Jul 2021."
    assert [s.key for s in (stale, latest)] == ["stale", "latest"]
    assert draft(CAMHS, assessment(124, period="Jul 2022"), stale_since="July 2022")[0].text == (
        "Data on mean wait for core CAMHS (days) has not been updated since July 2022."
    )


def test_latest_figure_without_a_target():
    """RAG table: "In July 2022 the number was 70 – 20% lower than July 2021."""
    waits = indicator("Median wait for core CAMHS (days)", unit=Unit.DAYS)
    a = assessment(
        70, comparisons=(comparison("same_period_last_year", 70, 87.5, ("Mar 2023", "Mar 2022")),)
    )
    assert draft(waits, a)[0].text == (
        "In Mar 2023 the figure was 70 days – 20% lower than Mar 2022."
    )
    level = assessment(
        70, comparisons=(comparison("same_period_last_year", 70, 70.2, ("Mar 2023", "Mar 2022")),)
    )
    assert draft(waits, level)[0].text == (
        "In Mar 2023 the figure was 70 days – in line with Mar 2022."
    )


def _eha_points() -> list[Point]:
    """April 2022 to January 2023 at 300 a month, and 2021/22 at 250 a month."""
    points = [Point(month(2021 + (m < 4), m), 250.0) for m in (*range(4, 13), 1, 2, 3)]
    points += [Point(month(2022 + (m < 4), m), 300.0) for m in (*range(4, 13), 1)]
    return points


def test_projection_sentence_is_the_projection_modules_own_with_figures():
    flow = indicator(
        "Early help assessments",
        polarity=Polarity.HIGHER_IS_BETTER,
        aggregation=Aggregation.SUM,
        targets=(Target(financial_year(2022), 5000),),
    )
    projection = project_year_end(flow, _eha_points(), month(2023, 1))
    assert projection is not None
    a = assessment(300, as_at="Jan 2023", period="Jan 2023")
    sentences = draft(flow, a, projection=projection)
    [drafted] = [s for s in sentences if s.key == "projection"]
    assert drafted.text == projection.sentence
    assert drafted.text.startswith("Projecting 3,600 for the year")
    assert "28% below the target of 5,000" in drafted.text
    assert drafted.figures["projected"].sources == (3000,)
    assert drafted.figures["target"].kind == "target"


def test_a_projection_sentence_that_cannot_be_rebuilt_is_not_drafted():
    """If the projection module's wording ever changes, its numbers must not reach the public
    report untracked: the sentence is left out rather than published unsuppressible."""
    odd = Projection(
        year="2022/23",
        as_at="Jan 2023",
        periods_elapsed=10,
        periods_in_year=12,
        year_to_date=3,
        projected=4,
        low=3,
        high=5,
        method="straight line",
        target=None,
        gap=None,
        gap_percent=None,
        sentence="We expect about 4 this year.",
        trajectory=(),
    )
    flow = indicator("Early help assessments", aggregation=Aggregation.SUM)
    assert [s.key for s in draft(flow, assessment(1), projection=odd)] == ["latest"]


def test_benchmark_sentence_refers_to_the_indicator():
    benchmark = compare(
        "2023/24",
        50.0,
        Comparator("national", "E92000001", "England", 70.0),
        None,
        [Comparator("neighbour", "E1", "A", 41.0), Comparator("neighbour", "E2", "B", 44.0)],
        Polarity.LOWER_IS_BETTER,
    )
    rate = indicator("Children we care for per 10,000 children", unit=Unit.RATE_PER_10000)
    with_figure = draft(rate, assessment(50.0), benchmark=benchmark)
    assert with_figure[-1].text == (
        "In 2023/24 it was below the national rate, but above similar authorities."
    )
    alone = draft(rate, assessment(None), benchmark=benchmark)
    assert [s.text for s in alone] == [
        "In 2023/24 the figure for children we care for per 10,000 children was below the "
        "national rate, but above similar authorities."
    ]


def test_at_most_three_sentences_and_keys_unique():
    benchmark = compare(
        "2023/24",
        50.0,
        Comparator("national", "E92000001", "England", 70.0),
        None,
        [],
        Polarity.LOWER_IS_BETTER,
    )
    a = assessment(124, period="Jul 2022", stale=True)
    flow = indicator("Early help assessments", aggregation=Aggregation.SUM)
    projection = project_year_end(flow, _eha_points(), month(2023, 1))
    sentences = draft(CAMHS, a, projection=projection, benchmark=benchmark)
    assert len(sentences) <= MAX_SENTENCES
    assert len({s.key for s in sentences}) == len(sentences)


# -- never invent -----------------------------------------------------------------------------
def test_missing_inputs_draft_nothing():
    assert draft(CP, assessment(None)) == []
    no_comparator = assessment(
        1100,
        comparisons=(
            Comparison("year_to_date", "", "", "", 12000, None, reason="3 of 11 months missing"),
        ),
    )
    assert [s.key for s in draft(MASH, no_comparator)] == ["latest"]
    zero_comparator = assessment(1100, comparisons=(comparison("year_to_date", 12000, 0),))
    assert draft(MASH, zero_comparator)[0].text == "In Mar 2023 the number was 1,100."


def test_year_to_date_with_one_comparison_or_one_month():
    only_baseline = assessment(
        900,
        as_at="Apr 2022",
        period="Apr 2022",
        comparisons=(comparison("year_to_date_baseline", 900, 1000),),
    )
    assert draft(MASH, only_baseline)[0].text == (
        "The number of MASH contacts for the first month of the year is 10% lower than "
        "pre-pandemic levels."
    )
    flat = assessment(
        1100,
        as_at="Feb 2023",
        period="Feb 2023",
        comparisons=(comparison("year_to_date", 12000, 12020),),
    )
    assert draft(MASH, flat)[0].text == (
        "The number of MASH contacts for the first 11 months of the year is in line with last year."
    )


# -- wording rules ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("change", "text"),
    [
        (4.2, "4%"),
        (-4.5, "5%"),
        (23.6, "24%"),
        (49.4, "49%"),
        (49.6, "50%"),
        (60.0, "60%"),
        (62.2, "more than 60%"),
        (-64.0, "more than 60%"),
        (137.0, "more than 130%"),
        (1234.0, "more than 1,230%"),
    ],
)
def test_percentage_changes_round_as_the_reports_do(change, text):
    assert percent_change_text(change) == text


@pytest.mark.parametrize(
    ("figure", "text"),
    [
        (Figure(1733, "count", "count"), "1,733"),
        (Figure(845.5, "count", "count"), "846"),
        (Figure(8.5, "percentage", "percentage"), "8.5%"),
        (Figure(29.04, "percentage", "percentage"), "29%"),
        (Figure(124, "days", "days"), "124 days"),
        (Figure(1, "days", "days"), "1 day"),
        (Figure(50.06, "rate_per_10000", "rate"), "50.1 per 10,000"),
        (Figure(-50, "count", "change"), "50"),
        (Figure(-2.5, "percentage", "change"), "2.5 percentage points"),
        (Figure(1, "percentage", "change"), "1 percentage point"),
        (Figure(550, "count", "target"), "550"),
        (Figure(90, "percentage", "target"), "90%"),
        (Figure(11, "months", "months"), "11"),
    ],
)
def test_figures_print_by_kind_and_unit(figure, text):
    assert format_figure(figure) == text


def test_unknown_figure_kinds_are_refused():
    with pytest.raises(ValueError, match="figure kind 'people'"):
        Figure(3, "count", "people")


@pytest.mark.parametrize(
    ("title", "text"),
    [
        ("Children we care for", "children we care for"),
        ("Red (most urgent) MASH contacts dealt with on time", "red (most urgent) MASH ..."),
        ("MASH contacts", "MASH contacts"),
        ("A&E attendances for self-harm (under 18)", "A&E attendances for self-harm (under 18)"),
        ("Operation Encompass notifications to schools", "Operation Encompass ..."),
        ("Under-18 conceptions", "under-18 conceptions"),
    ],
)
def test_titles_lower_their_first_letter_unless_an_acronym_or_a_name(title, text):
    if text.endswith("..."):
        assert title_in_sentence(title).startswith(text[:-4])
    else:
        assert title_in_sentence(title) == text


def test_subject_by_unit():
    assert subject(CARED_FOR) == "the number of children we care for"
    assert subject(CAMHS) == "the figure for mean wait for core CAMHS (days)"


def test_braces_in_a_title_stay_words():
    odd = indicator("Children {looked after}")
    a = assessment(605, target=550)
    [sentence] = draft(odd, a)
    assert sentence.text.startswith("The number of children {looked after} is above target")
    assert public(sentence) == sentence.text


def test_percentage_indicator_changes_are_in_points():
    absence = indicator(
        "Persistent absence, primary schools", unit=Unit.PERCENTAGE, frequency=Frequency.TERMLY
    )
    a = assessment(22.5, target=20.0, as_at="Term 4 2022/23", period="Term 4 2022/23")
    before = assessment(25.0, as_at="Term 3 2022/23", period="Term 3 2022/23", target=20.0)
    assert draft(absence, a, previous=before)[0].text == (
        "The figure for persistent absence, primary schools remains above target (22.5% "
        "compared to 20% target) but has decreased by 2.5 percentage points since "
        "Term 3 2022/23."
    )


# -- suppression in sentences -----------------------------------------------------------------
def test_a_small_count_and_the_change_that_would_reveal_it_are_both_withheld():
    a = assessment(3, target=2, rag=Rag.RED)
    before = assessment(8, as_at="Q3 2022/23", period="Dec 2022", target=2)
    [sentence] = draft(CP, a, previous=before)
    assert sentence.text.endswith(
        "(3 compared to 2 target) but has decreased by 5 in the last quarter."
    )
    assert public(sentence).endswith(
        f"(<5 compared to 2 target) but has decreased by {SECONDARY} in the last quarter."
    )


def test_a_change_from_a_small_previous_count_is_withheld_though_both_shown_are_large():
    a = assessment(9, target=2)
    before = assessment(3, as_at="Q3 2022/23", period="Dec 2022", target=2)
    [sentence] = draft(CP, a, previous=before)
    assert public(sentence).endswith(
        f"(9 compared to 2 target) and has increased by {SECONDARY} in the last quarter."
    )


def test_percentage_changes_of_small_counts_are_withheld():
    a = assessment(
        3, comparisons=(comparison("same_period_last_year", 3, 6, ("Mar 2023", "Mar 2022")),)
    )
    assert (
        public(draft(CP, a)[0])
        == f"In Mar 2023 the number was <5 – {SECONDARY} lower than Mar 2022."
    )


def test_any_suppressor_withholds_figures_derived_from_what_it_hides():
    """A suppressor that only knows counts still cannot leak a change: render withholds any
    figure computed from a count the suppressor hides."""
    a = assessment(8, target=2)
    before = assessment(20, as_at="Q3 2022/23", period="Dec 2022", target=2)
    [sentence] = draft(CP, a, previous=before)

    def counts_under_ten(figure: Figure) -> str | None:
        return "<10" if figure.kind == "count" and 0 < figure.value < 10 else None

    assert sentence.render(counts_under_ten).endswith(
        f"(<10 compared to 2 target) but has decreased by {SECONDARY} in the last quarter."
    )
    stricter = partial(suppress_figure, threshold=10)
    assert sentence.render(stricter) == sentence.render(counts_under_ten)


def test_targets_and_months_are_not_people_and_stay_shown():
    a = assessment(
        1100,
        as_at="Jun 2022",
        period="Jun 2022",
        comparisons=(comparison("year_to_date", 3000, 2900),),
    )
    assert public(draft(MASH, a)[0]).startswith(
        "The number of MASH contacts for the first 3 months of the year"
    )
    small_target = assessment(9, target=2)
    assert "(9 compared to 2 target)" in public(draft(CP, small_target)[0])


# -- area bullets -----------------------------------------------------------------------------
def _sentence(code: str, rag: Rag, key: str = "latest") -> Sentence:
    return Sentence(code, key, code, {}, code, rag)


def test_area_bullets_red_then_amber_then_unrated_then_green_keeping_order():
    items = [
        (indicator("a", code="a"), [_sentence("a", Rag.GREEN)]),
        (indicator("b", code="b"), [_sentence("b", Rag.AMBER)]),
        (indicator("c", code="c"), [_sentence("c", Rag.RED), _sentence("c", Rag.RED, "x")]),
        (indicator("d", code="d"), [_sentence("d", Rag.NOT_APPLICABLE)]),
        (indicator("e", code="e"), [_sentence("e", Rag.AMBER)]),
        (indicator("f", code="f"), []),
    ]
    bullets = area_bullets(items)
    assert [(s.code, s.key) for s in bullets] == [
        ("c", "latest"),
        ("c", "x"),
        ("b", "latest"),
        ("e", "latest"),
        ("d", "latest"),
        ("a", "latest"),
    ]


def test_drafted_sentences_carry_the_assessments_rating():
    red = assessment(605, target=550, rag=Rag.RED)
    amber = assessment(570, target=550, rag=Rag.AMBER)
    bullets = area_bullets([(CARED_FOR, draft(CARED_FOR, amber)), (CP, draft(CP, red))])
    assert [s.code for s in bullets] == ["1.2", "1.1"]
