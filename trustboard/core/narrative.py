"""Draft the report's bullet sentences from the figures, in the board reports' own voice.

The appendix "What is being done in areas rated Red or Amber" is a handful of sentences per area
of focus: "MASH contacts for the first 11 months of the year are 4% higher than last year and more
than 60% higher than pre pandemic levels", "Child protection numbers remain above target (605
compared to 550 target) but have decreased by 50 in the last quarter". An analyst wrote those by
hand from the performance table; this module drafts them from the same figures so the words and
the numbers cannot disagree, and the analyst edits the wording rather than the arithmetic.

Every number in a sentence is a :class:`Figure`, held apart from the words in a template, so the
published report can re-render the same sentence with small numbers suppressed
(:meth:`Sentence.render` with :func:`trustboard.core.suppression.suppress_figure`). Words come
from the data only: a sentence whose figures are missing is not drafted, never filled in.

The choices, in one place:

* **Subject.** A count is "the number of <title>"; any other unit is "the figure for <title>".
  One rule keeps the grammar right for every title (a title can be plural, "MASH contacts", or
  not, "Persistent absence, primary schools"), where echoing the title as the subject would
  not. The title's first letter is lowered inside a sentence unless the title starts with an
  acronym ("MASH contacts", "A&E attendances") or a name ("Operation Encompass"): its first
  word has two or more capitals, or its first two words are both capitalised.
* **Numbers** are printed by the number policy, :mod:`trustboard.core.formatting`, the same
  rounding the dashboard's tables and the report's rows use, so a sentence and the table beside
  it cannot show different figures.
* **Percentage changes** are whole numbers, halves away from zero. Under 50% they are exact
  ("4% higher", "24% higher", "19% below target", as the reports print them). From 50% they are
  rounded down to a multiple of 10 and said as "more than 60%" (a rise of 64%), since the
  reports do so for large changes where the exact figure matters less than its size; a change
  of exactly 60% is "60%", never "more than 60%". A change that rounds to 0% is "in line with".
  The reports are not consistent here (the same appendix has "64% higher than pre pandemic
  levels" for home education), so this is a choice, held in :data:`EXACT_PERCENT_BELOW`
  (:func:`trustboard.core.formatting.percent_change_words`).
* **Counts** are whole numbers with thousands separators ("1,733"); percentages, days and rates
  have one decimal place only when it is not 0 ("8.5%", "29%", "124 days", "50 per 10,000")
  (:func:`trustboard.core.formatting.sentence_figure`). A change that prints as 0 is said as
  "unchanged". The year-end projection keeps
  :func:`trustboard.core.formatting.round_count`'s rounding, because it reuses the projection's
  sentence word for word.
* **Good or bad news** is said only with the indicator's polarity and the data: sentences join
  their clauses with "but" where the news turns ("remains above target ... but has decreased")
  and "and" where it does not, as :mod:`trustboard.core.benchmarks` does; "improving" and
  "worsening" appear only as the assessment's own direction of travel. With no better direction
  (polarity neither) every clause is joined with "and".
* **"Remains"** above or below target only when ``previous`` (the assessment a quarter
  earlier) was on the same side; otherwise "is".

What is drafted, at most three sentences per indicator (:func:`draft`):

* stale data: "Data on <title> has not been updated since Jul 2022.", then the last figure;
* a flow (aggregation sum) rated on its rolling 12 months: the rolling 12 months against the
  previous 12, with how far from target; any other flow: the year to date against last year and
  against the pre-pandemic baseline;
* a stock, rate or percentage with a target: above or below target, with the change since
  ``previous`` (or the direction of travel); without a target: the latest figure against the
  same period last year;
* the year-end projection (:attr:`Projection.sentence`, its numbers made figures);
* the benchmark (:attr:`BenchmarkComparison.sentence`).

Suppression in a sentence (:meth:`Sentence.render`): a figure is replaced when the suppressor
says so, and a figure is also withheld (``[c]``) when any raw count it was computed from
(:attr:`Figure.sources`) is one the suppressor would hide. So a change between a suppressed
count and a shown one is withheld with it, whatever suppressor is used, and a reader cannot
subtract their way back to the small number. Counts are matched by value: two different counts
that happen to be equal are both withheld, which errs on the safe side.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from trustboard.core import formatting, periods
from trustboard.core.assessment import RAG_ATTENTION_ORDER, Assessment, Comparison, Rag
from trustboard.core.benchmarks import BenchmarkComparison
from trustboard.core.catalogue import Aggregation, Indicator, Polarity, Unit
from trustboard.core.formatting import EXACT_PERCENT_BELOW, round_count
from trustboard.core.periods import Kind, PeriodError
from trustboard.core.projection import COMPLETE, Projection
from trustboard.core.sentences import (
    KINDS,
    Figure,
    Sentence,
    format_figure,
    literal,
    make_sentence,
    percent_change_text,
)

__all__ = [
    "EXACT_PERCENT_BELOW",
    "KINDS",
    "MAX_SENTENCES",
    "RAG_ORDER",
    "Figure",
    "Sentence",
    "area_bullets",
    "draft",
    "format_figure",
    "percent_change_text",
    "subject",
    "title_in_sentence",
]

MAX_SENTENCES = 3
"""At most this many sentences per indicator: a bullet, not a paragraph."""

RAG_ORDER = RAG_ATTENTION_ORDER
"""The order of bullets in an area (:data:`trustboard.core.assessment.RAG_ATTENTION_ORDER`):
red, then amber, then the unrated ones the reports also mention (stale data, no target), then
green."""

MIN_CAPITALS_FOR_ACRONYM = 2
MONTHS_IN_QUARTER = 3

VALUE_KIND = {
    Unit.COUNT: "count",
    Unit.PERCENTAGE: "percentage",
    Unit.DAYS: "days",
    Unit.RATE_PER_10000: "rate",
}


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def title_in_sentence(title: str) -> str:
    """The title as it reads after other words: "Children we care for" -> "children we care
    for"; "MASH contacts", "A&E attendances", "Operation Encompass notifications" unchanged."""
    words = title.split()
    if not words:
        return title
    first = words[0]
    acronym = sum(1 for ch in first if ch.isupper()) >= MIN_CAPITALS_FOR_ACRONYM
    name = len(words) > 1 and first[:1].isupper() and words[1][:1].isupper()
    if acronym or name:
        return title
    return title[:1].lower() + title[1:]


def subject(indicator: Indicator) -> str:
    """What the sentences are about, in lower case: "the number of children we care for"."""
    title = title_in_sentence(indicator.title)
    if indicator.unit is Unit.COUNT:
        return f"the number of {title}"
    return f"the figure for {title}"


def _noun(indicator: Indicator) -> str:
    return "number" if indicator.unit is Unit.COUNT else "figure"


def _value(indicator: Indicator, value: float) -> Figure:
    sources = (value,) if indicator.unit is Unit.COUNT else ()
    return Figure(value, indicator.unit.value, VALUE_KIND[indicator.unit], sources)


def _counts(indicator: Indicator, *values: float | None) -> tuple[float, ...]:
    """The raw counts behind a derived figure: the values themselves for a count indicator;
    none for waits, rates and percentages, whose numerators the assessment does not carry."""
    if indicator.unit is not Unit.COUNT:
        return ()
    return tuple(v for v in values if v is not None)


def _percent(indicator: Indicator, change: float, *values: float | None) -> Figure:
    return Figure(change, "percent", "percent_change", _counts(indicator, *values))


def _higher(change: float) -> str:
    return "higher" if change > 0 else "lower"


def _judgement(up: bool, polarity: Polarity) -> str:
    """Whether a move up (or being above) is good or bad news for this indicator."""
    if polarity is Polarity.NEITHER:
        return "neutral"
    return "good" if up == (polarity is Polarity.HIGHER_IS_BETTER) else "bad"


def _joined(first: str, second: str) -> str:
    """ "but" where the news turns, "and" where it does not."""
    return "but" if {first, second} == {"good", "bad"} else "and"


def _comparison(assessment: Assessment, key: str) -> Comparison | None:
    for comparison in assessment.comparisons:
        if comparison.key == key and comparison.available:
            return comparison
    return None


def _rounds_to_zero(percent: float) -> bool:
    """Whether a percentage change prints as 0% (and so is said as "in line with")."""
    return formatting.round_half_up(percent) == 0


def _prints_as_zero(change: float, unit: str) -> bool:
    """Whether a change prints as 0 in its unit (and so is said as "unchanged")."""
    return formatting.sentence_shows_zero(change, unit)


# -- the patterns ------------------------------------------------------------------------------
def _stale(indicator: Indicator, since: str, rag: Rag) -> Sentence:
    """ "Data on mean wait for core CAMHS (days) has not been updated since Jul 2022." """
    template = literal(
        f"Data on {title_in_sentence(indicator.title)} has not been updated since {since}."
    )
    return make_sentence(indicator.code, "stale", template, {}, rag)


def _latest(indicator: Indicator, assessment: Assessment) -> Sentence | None:
    """ "In Jul 2022 the figure was 124 days – 16% higher than Jul 2021." """
    if assessment.value is None or assessment.period is None:
        return None
    figures = {"value": _value(indicator, assessment.value)}
    template = literal(f"In {assessment.period} the {_noun(indicator)} was ") + "{value}"
    last_year = _comparison(assessment, "same_period_last_year")
    if last_year is not None and last_year.percent_change is not None:
        percent = last_year.percent_change
        if _rounds_to_zero(percent):
            template += literal(f" – in line with {last_year.comparator_label}")
        else:
            figures["change"] = _percent(
                indicator, percent, last_year.current, last_year.comparator
            )
            template += " – {change} " + literal(
                f"{_higher(percent)} than {last_year.comparator_label}"
            )
    return make_sentence(indicator.code, "latest", template + ".", figures, assessment.rag)


def _months(indicator: Indicator, assessment: Assessment) -> int | None:
    """How far into its year the latest figure is ("the first 11 months"), or None."""
    if assessment.period is None:
        return None
    try:
        period = periods.parse(assessment.period, indicator.basis)
    except PeriodError:
        return None
    if period.kind not in (Kind.MONTH, Kind.QUARTER, Kind.TERM):
        return None
    return period.months_into_year(indicator.basis)


def _year_to_date(indicator: Indicator, assessment: Assessment) -> Sentence | None:
    """ "The number of MASH contacts for the first 11 months of the year is 4% higher than last
    year and more than 60% higher than pre-pandemic levels." """
    clauses: list[str] = []
    figures: dict[str, Figure] = {}
    for key, name, against in (
        ("year_to_date", "ytd_change", "last year"),
        ("year_to_date_baseline", "baseline_change", "pre-pandemic levels"),
    ):
        comparison = _comparison(assessment, key)
        if comparison is None or comparison.percent_change is None:
            continue
        percent = comparison.percent_change
        if _rounds_to_zero(percent):
            clauses.append(f"in line with {against}")
        else:
            figures[name] = _percent(indicator, percent, comparison.current, comparison.comparator)
            clauses.append(f"{{{name}}} {_higher(percent)} than {against}")
    if not clauses:
        return None
    months = _months(indicator, assessment)
    if months is None:
        window = "for the year to date"
    elif months == 1:
        window = "for the first month of the year"
    else:
        figures["months"] = Figure(months, "months", "months")
        window = "for the first {months} months of the year"
    template = (
        literal(_capitalised(subject(indicator))) + f" {window} is " + " and ".join(clauses) + "."
    )
    return make_sentence(indicator.code, "year_to_date", template, figures, assessment.rag)


def _same_side(value: float | None, target: float | None, above: bool) -> bool:
    return (
        value is not None and target is not None and value != target and (value > target) == above
    )


def _rolling(
    indicator: Indicator, assessment: Assessment, previous: Assessment | None
) -> Sentence | None:
    """ "The number of early help assessments in the last 12 months is 24% higher than the
    previous 12 months but remains 19% below target." """
    comparison = _comparison(assessment, "rolling_12_months")
    if comparison is None or comparison.percent_change is None:
        return None
    percent = comparison.percent_change
    figures: dict[str, Figure] = {}
    if _rounds_to_zero(percent):
        first = "is in line with the previous 12 months"
        news = "neutral"
    else:
        figures["rolling_change"] = _percent(
            indicator, percent, comparison.current, comparison.comparator
        )
        first = f"is {{rolling_change}} {_higher(percent)} than the previous 12 months"
        news = _judgement(percent > 0, indicator.polarity)
    template = literal(_capitalised(subject(indicator))) + " in the last 12 months " + first
    measured, target = assessment.rag_value, assessment.target
    if measured is not None and target and assessment.rag_basis.startswith("rolling 12 months"):
        gap = (measured - target) / abs(target) * 100
        if _rounds_to_zero(gap):
            template += " and is on target"
        else:
            above = gap > 0
            figures["target_gap"] = _percent(indicator, gap, measured)
            was = previous is not None and previous.rag_basis.startswith("rolling 12 months")
            verb = (
                "remains"
                if was and _same_side(previous.rag_value, previous.target, above)
                else "is"
            )
            joiner = _joined(news, _judgement(above, indicator.polarity))
            side = "above" if above else "below"
            template += f" {joiner} {verb} {{target_gap}} {side} target"
    return make_sentence(
        indicator.code, "rolling_12_months", template + ".", figures, assessment.rag
    )


def _since(indicator: Indicator, assessment: Assessment, previous: Assessment) -> str | None:
    """When the change between two figures happened, from the periods the figures are for.

    "in the last quarter" for figures of consecutive quarters (or of months, or month-end
    snapshots, a quarter apart), "in the last month" for consecutive months (or month-end
    snapshots a month apart), otherwise "since <the earlier figure's period>". The periods the
    two reports are for do not come into it: an annual figure assessed in consecutive quarters
    changed since last year's figure, not in the last quarter. None when both are figures for
    the same period: there is no change to speak of.
    """
    assert assessment.period is not None and previous.period is not None
    if previous.period == assessment.period:
        return None
    fallback = f"since {previous.period}"
    try:
        now = periods.parse(assessment.period, indicator.basis)
        then = periods.parse(previous.period, indicator.basis)
    except PeriodError:
        return fallback
    if now == then:
        return None
    if then.kind is Kind.SNAPSHOT:
        fallback = f"since {then.label.removeprefix('at ')}"  # not "since at 15 March 2023"
    if now.kind is not then.kind:
        return fallback
    months = _months_apart(then.end, now.end)
    match now.kind:
        case Kind.QUARTER if then.next() == now:
            return "in the last quarter"
        case Kind.MONTH if then.next() == now:
            return "in the last month"
        case Kind.MONTH if months == MONTHS_IN_QUARTER:
            # Monthly figures a quarter apart: the change over the quarter between them.
            return "in the last quarter"
        case Kind.SNAPSHOT if _is_month_end(then.end) and _is_month_end(now.end):
            if months == 1:
                return "in the last month"
            if months == MONTHS_IN_QUARTER:
                return "in the last quarter"
    return fallback


def _is_month_end(day: date) -> bool:
    return (day + timedelta(days=1)).day == 1


def _months_apart(earlier: date, later: date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def _target(
    indicator: Indicator, assessment: Assessment, previous: Assessment | None
) -> Sentence | None:
    """ "The number of children subject to a child protection plan remains above target (605
    compared to 550 target) but has decreased by 50 in the last quarter." """
    value, target = assessment.value, assessment.target
    if value is None or target is None:
        return None
    figures = {"value": _value(indicator, value), "target": _target_figure(indicator, target)}
    start = literal(_capitalised(subject(indicator)))
    if value == target:
        template = start + " is on target ({value})"
        figures.pop("target")
        news = "neutral"
    else:
        above = value > target
        verb = (
            "remains"
            if previous is not None and _same_side(previous.value, previous.target, above)
            else "is"
        )
        side = "above" if above else "below"
        template = start + f" {verb} {side} target ({{value}} compared to {{target}} target)"
        news = _judgement(above, indicator.polarity)
    if (
        previous is not None
        and previous.value is not None
        and previous.period is not None
        and assessment.period is not None
        and (since := _since(indicator, assessment, previous)) is not None
    ):
        change = value - previous.value
        when = literal(since)
        if _prints_as_zero(change, indicator.unit):
            template += f" {_joined(news, 'neutral')} is unchanged {when}"
        else:
            figures["change"] = Figure(
                change,
                indicator.unit.value,
                "change",
                _counts(indicator, value, previous.value),
            )
            moved = "increased" if change > 0 else "decreased"
            joiner = _joined(news, _judgement(change > 0, indicator.polarity))
            template += f" {joiner} has {moved} by {{change}} {when}"
    elif assessment.direction_meaning in ("improving", "worsening"):
        good = "good" if assessment.direction_meaning == "improving" else "bad"
        template += f" {_joined(news, good)} is {assessment.direction_meaning}"
    return make_sentence(indicator.code, "target", template + ".", figures, assessment.rag)


def _target_figure(indicator: Indicator, target: float) -> Figure:
    return Figure(target, indicator.unit.value, "target")


def _projection(indicator: Indicator, projection: Projection, rag: Rag) -> Sentence | None:
    """:attr:`Projection.sentence` with its numbers as figures.

    The template is built from the projection's fields with the projection module's own
    rounding, then checked against its sentence: if the two ever differ (that module changed),
    the sentence is not drafted, rather than published with numbers suppression cannot see.
    """
    ytd = (projection.year_to_date,)
    figures: dict[str, Figure] = {}

    def count(name: str, value: float, shown: str) -> str:
        figures[name] = Figure(value, Unit.COUNT.value, "count", ytd, shown)
        return "{" + name + "}"

    if projection.method.startswith(COMPLETE):
        shown = formatting.number(projection.projected)
        template = literal(f"{projection.year} ended at ") + count(
            "projected", projection.projected, shown
        )
    else:
        projected = round_count(projection.projected)
        low = round_count(projection.low, like=projection.projected)
        high = round_count(projection.high, like=projection.projected)
        when = "the year" if projection.target is not None else projection.year
        template = "Projecting " + count("projected", projected, formatting.count(projected))
        template += literal(f" for {when}")
        if low != high:
            template += " (range " + count("low", low, formatting.count(low))
            template += " to " + count("high", high, formatting.count(high)) + ")"
    if projection.target is not None and projection.gap is not None:
        target = projection.target
        target_text = formatting.number(target)
        figures["target"] = Figure(target, Unit.COUNT.value, "target", (), target_text)
        if projection.gap_percent is None:
            if projection.gap == 0:
                template += ", on target ({target})"
            else:
                side = "above" if projection.gap > 0 else "below"
                template += f", {side} the target of {{target}}"
        elif _rounds_to_zero(projection.gap_percent):
            template += ", on target ({target})"
        else:
            figures["gap"] = Figure(
                projection.gap_percent,
                "percent",
                "percent_change",
                ytd,
                formatting.whole_percent(abs(projection.gap_percent)),
            )
            side = "above" if projection.gap > 0 else "below"
            template += f", {{gap}} {side} the target of {{target}}"
    template += "."
    missing = projection.sentence.partition(". No figure for ")[2]
    if missing:
        template += literal(f" No figure for {missing}")
    sentence = make_sentence(indicator.code, "projection", template, figures, rag)
    return sentence if sentence.text == projection.sentence else None


def _benchmark(
    indicator: Indicator, benchmark: BenchmarkComparison, first: bool, rag: Rag
) -> Sentence | None:
    """ "In 2023/24 it was below the national rate, but above similar authorities."

    The benchmark sentence carries no numbers of its own. Where it opens the indicator's
    sentences, "it" has nothing to refer to, so the indicator is named instead.
    """
    text = benchmark.sentence
    if not text:
        return None
    lead = f"In {benchmark.period} it was "
    if first and text.startswith(lead):
        text = f"In {benchmark.period} {subject(indicator)} was " + text[len(lead) :]
    return make_sentence(indicator.code, "benchmark", literal(text), {}, rag)


def draft(
    indicator: Indicator,
    assessment: Assessment,
    projection: Projection | None = None,
    benchmark: BenchmarkComparison | None = None,
    previous: Assessment | None = None,
    stale_since: str | None = None,
) -> list[Sentence]:
    """Up to :data:`MAX_SENTENCES` sentences for one indicator (patterns in the module notes).

    ``previous`` is the assessment a quarter earlier; it gives the change since its figure
    ("in the last quarter" only when the two figures are a quarter apart) and "remains".
    ``stale_since`` names the last period with data for a stale indicator; an assessment
    marked stale uses its own latest period when it is not given.
    """
    rag = assessment.rag
    since = stale_since or (assessment.period if assessment.stale else None)
    found: list[Sentence | None] = []
    if since:
        found.append(_stale(indicator, since, rag))
        found.append(_latest(indicator, assessment))
    else:
        if indicator.aggregation is Aggregation.SUM:
            rated_on_rolling = assessment.rag_basis.startswith("rolling 12 months")
            headline = (
                (_rolling(indicator, assessment, previous) if rated_on_rolling else None)
                or _year_to_date(indicator, assessment)
                or _rolling(indicator, assessment, previous)
            )
        elif assessment.target is not None:
            headline = _target(indicator, assessment, previous)
        else:
            headline = None
        found.append(headline or _latest(indicator, assessment))
        if projection is not None:
            found.append(_projection(indicator, projection, rag))
    if benchmark is not None:
        first = not any(found)
        found.append(_benchmark(indicator, benchmark, first, rag))
    return [s for s in found if s is not None][:MAX_SENTENCES]


def area_bullets(items: Sequence[tuple[Indicator, list[Sentence]]]) -> list[Sentence]:
    """An area's bullets: red indicators first, then amber, then unrated, then green.

    The rating is the one each sentence was drafted with (:attr:`Sentence.rag`, from the
    indicator's assessment), so no second look-up can disagree with the sentence. Within a
    rating, indicators keep the order given (the framework's) and an indicator's sentences stay
    together and in order. Filtering (e.g. red and amber only) is the caller's choice.
    """
    rank: Mapping[Rag, int] = {rag: i for i, rag in enumerate(RAG_ORDER)}
    ordered = sorted(
        enumerate(items),
        key=lambda pair: (
            min((rank[s.rag] for s in pair[1][1]), default=len(RAG_ORDER)),
            pair[0],
        ),
    )
    return [sentence for _, (_, sentences) in ordered for sentence in sentences]
