"""Loading the performance framework an analyst edits by hand.

A framework that half-loads would rate indicators against the wrong rules, so every mistake
must be refused, and refused with the file, the indicator and the field, all at once.
"""

from datetime import date
from textwrap import dedent

import pytest

from trustboard.core.catalogue import (
    DEFAULT_STALENESS_MONTHS,
    DEFAULT_TOLERANCE,
    Aggregation,
    Area,
    Breakdown,
    CatalogueError,
    Frequency,
    Indicator,
    Polarity,
    Target,
    Unit,
    load_framework,
)
from trustboard.core.periods import (
    Basis,
    Kind,
    academic_year,
    calendar_year,
    financial_year,
    month,
    parse,
    quarter,
    snapshot,
    term,
    week,
)

HEADER = """\
partnership:
  name: Anyshire Children's Trust
  la_code: E10000025
  reporting_period: Q3 2022/23
areas:
  - {code: successful, name: Be successful}
  - {code: safe, name: Be safe}
indicators:
"""

VALID = (
    HEADER
    + """\
  - code: "1.1"
    title: Early help assessments started
    area: successful
    unit: count
    polarity: higher_is_better
    frequency: monthly
    aggregation: sum
    owner: Head of Early Help
    source: Early help system
    definition: >
      Strengths and needs assessments started in the month.
    tolerance: 0.1
    targets:
      - {period: 2022/23, value: 5000}
      - {period: Q3 2022/23, value: 1300, note: winter push}
    breakdown: {name: Locality, values: [Central, North, South]}
  - code: "1.3a"
    title: Good level of development at the end of reception
    area: successful
    unit: percentage
    polarity: higher_is_better
    frequency: annual
    period_basis: academic
    targets:
      - {period: 2022/23, value: 68.5}
  - code: "3.2"
    title: Children on a child protection plan
    area: safe
    unit: rate_per_10000
    polarity: neither
    frequency: quarterly
    staleness_months: 9
    baseline: 2018/19
"""
)


def write(tmp_path, text, name="framework.yaml"):
    path = tmp_path / name
    path.write_text(dedent(text), encoding="utf-8")
    return path


def problems_of(tmp_path, indicators_yaml, header=HEADER):
    """Load a framework whose indicators are ``indicators_yaml``; return its problems."""
    path = write(tmp_path, header + dedent(indicators_yaml))
    with pytest.raises(CatalogueError) as raised:
        load_framework(path)
    return path, raised.value.problems


GOOD_FIELDS = """\
    title: A title
    area: safe
    unit: count
    polarity: lower_is_better
    frequency: quarterly
"""


def indicator(code, extra="", fields=GOOD_FIELDS):
    """One indicator's YAML: a good one, with ``extra`` lines added or overriding."""
    lines = [f'  - code: "{code}"']
    overridden = {line.split(":")[0].strip() for line in dedent(extra).splitlines() if line}
    lines += [line for line in fields.splitlines() if line.split(":")[0].strip() not in overridden]
    lines += ["    " + line for line in dedent(extra).splitlines()]
    return "\n".join(lines) + "\n"


# -- a good framework ---------------------------------------------------------------------
def test_a_valid_framework_loads_with_typed_fields(tmp_path):
    """Everything downstream relies on enums and periods, never on raw YAML strings."""
    path = write(tmp_path, VALID)

    framework = load_framework(path)

    assert framework.source == str(path)
    assert framework.partnership.name == "Anyshire Children's Trust"
    assert framework.partnership.reporting_period == quarter(2022, 3)
    assert framework.areas == (
        Area("successful", "Be successful", 0),
        Area("safe", "Be safe", 1),
    )
    assert [i.code for i in framework.indicators] == ["1.1", "1.3a", "3.2"]

    eha = framework.indicator("1.1")
    assert isinstance(eha, Indicator)
    assert eha.unit is Unit.COUNT
    assert eha.polarity is Polarity.HIGHER_IS_BETTER
    assert eha.frequency is Frequency.MONTHLY
    assert eha.basis is Basis.FINANCIAL
    assert eha.aggregation is Aggregation.SUM
    assert eha.tolerance == 0.1
    assert eha.owner == "Head of Early Help"
    assert eha.definition == "Strengths and needs assessments started in the month."
    assert eha.targets == (
        Target(financial_year(2022), 5000.0),
        Target(quarter(2022, 3), 1300.0, "winter push"),
    )
    assert eha.breakdown == Breakdown("Locality", ("Central", "North", "South"))


def test_defaults_apply_when_fields_are_left_out(tmp_path):
    """Analysts write only what differs from the board's standard rules."""
    framework = load_framework(write(tmp_path, VALID))

    cp = framework.indicator("3.2")
    assert cp.tolerance == DEFAULT_TOLERANCE
    assert cp.aggregation is Aggregation.POINT
    assert cp.basis is Basis.FINANCIAL
    assert cp.targets == ()
    assert cp.breakdown is None
    assert cp.stale_after_months == 9
    assert framework.indicator("1.1").stale_after_months == DEFAULT_STALENESS_MONTHS["monthly"]


def test_an_academic_indicator_reads_its_year_pairs_as_school_years(tmp_path):
    """A GLD target for "2022/23" means the school year ending August 2023, not March."""
    framework = load_framework(write(tmp_path, VALID))

    gld = framework.indicator("1.3a")
    assert gld.basis is Basis.ACADEMIC
    assert gld.targets == (Target(academic_year(2022), 68.5),)


def test_baseline_field_overrides_the_default_year(tmp_path):
    """A framework may pick its own baseline where 2019/20 was unusual locally."""
    framework = load_framework(write(tmp_path, VALID))

    assert framework.indicator("3.2").baseline_year == financial_year(2018)


def test_unknown_indicator_code_is_a_key_error(tmp_path):
    """Asking for an indicator the board never agreed must not return a different one."""
    framework = load_framework(write(tmp_path, VALID))

    with pytest.raises(KeyError):
        framework.indicator("9.9")


def test_choices_are_read_regardless_of_case(tmp_path):
    """People type "Percentage" and "Monthly"; that is not a mistake worth refusing."""
    extra = "unit: Percentage\nfrequency: Monthly\npolarity: Lower_Is_Better"

    framework = load_framework(write(tmp_path, HEADER + indicator("2.1", extra)))

    found = framework.indicator("2.1")
    assert (found.unit, found.frequency, found.polarity) == (
        Unit.PERCENTAGE,
        Frequency.MONTHLY,
        Polarity.LOWER_IS_BETTER,
    )


def test_extra_top_level_sections_are_kept_for_other_layers(tmp_path):
    """Localities and other sections live in the same file and are read by other modules."""
    text = VALID + "localities:\n  - {code: city, name: City}\n"

    framework = load_framework(write(tmp_path, text))

    assert framework.extra == {"localities": [{"code": "city", "name": "City"}]}


def test_agencies_are_read_with_the_group_their_records_carry(tmp_path):
    text = VALID + (
        "agencies:\n"
        "  - {code: police, name: Thames Valley Police, records_as: Police}\n"
        "  - {code: vcs, name: Voluntary sector}\n"
    )

    framework = load_framework(write(tmp_path, text))

    assert [(a.code, a.name, a.records_as) for a in framework.agencies] == [
        ("police", "Thames Valley Police", "Police"),
        ("vcs", "Voluntary sector", ""),
    ]


def test_a_bad_agency_is_named_with_what_was_expected(tmp_path):
    text = VALID + (
        "agencies:\n"
        "  - {code: police, name: Thames Valley Police, records_as: Constabulary}\n"
        "  - {code: police, name: Again}\n"
        "  - {name: No code}\n"
    )

    with pytest.raises(CatalogueError) as error:
        load_framework(write(tmp_path, text))

    problems = "\n".join(error.value.problems)
    assert "agency 'police': field 'records_as': 'Constabulary': expected one of" in problems
    assert "agencies[2]: expected code and name" in problems


# -- each bad catalogue is refused, naming file, indicator and field -----------------------
BAD = [
    ("unknown area", "area: be_happy", "area", "be_happy"),
    ("unknown polarity", "polarity: up_is_good", "polarity", "up_is_good"),
    ("unknown unit", "unit: per_cent", "unit", "per_cent"),
    ("unknown frequency", "frequency: fortnightly", "frequency", "fortnightly"),
    ("unknown basis", "period_basis: tax", "period_basis", "tax"),
    ("unknown aggregation", "aggregation: average", "aggregation", "average"),
    ("target without a period", "targets: [{value: 10}]", "targets[0]", "without a period"),
    ("target with an empty period", 'targets: [{period: "", value: 10}]', "targets[0]", "period"),
    ("target with a bad period", "targets: [{period: 2022/24, value: 1}]", "targets[0]", "2022/24"),
    ("misspelt month", "targets: [{period: Smarch 2023, value: 1}]", "targets[0]", "Smarch"),
    ("non-numeric target", "targets: [{period: 2022/23, value: ten}]", "targets[0]", "'ten'"),
    ("target value missing", "targets: [{period: 2022/23}]", "targets[0]", "not a number"),
    ("target as true", "targets: [{period: 2022/23, value: true}]", "targets[0]", "True"),
    ("target not a number", "targets: [{period: 2022/23, value: .nan}]", "targets[0]", "nan"),
    ("targets not a list", "targets: {period: 2022/23, value: 10}", "targets", "a list"),
    ("target not a mapping", "targets: [2022/23]", "targets[0]", "period and value"),
    ("tolerance as percent", "tolerance: 5%", "tolerance", "5%"),
    ("tolerance above 1", "tolerance: 5", "tolerance", "0.05 = 5%"),
    ("negative tolerance", "tolerance: -0.1", "tolerance", "-0.1"),
    ("tolerance as yes", "tolerance: yes", "tolerance", "True"),
    ("staleness not whole", "staleness_months: 1.5", "staleness_months", "1.5"),
    ("bad baseline", "baseline: 2019/21", "baseline", "2019/21"),
    ("breakdown without values", "breakdown: {name: Locality}", "breakdown", "list of values"),
    ("title missing", "title: ''", "title", "missing"),
    ("title left blank", "title:", "title", "missing"),
    ("title too long", "title: " + "x" * 301, "title", "at most 300"),
    (
        "breakdown value twice",
        "breakdown: {name: Locality, values: [City, Cherwell, city]}",
        "breakdown",
        "'city' is a second 'City'",
    ),
    (
        "breakdown value blank",
        "breakdown: {name: Locality, values: [City, ~]}",
        "breakdown",
        "empty",
    ),
    (
        "breakdown value too long",
        "breakdown: {name: Locality, values: [" + "x" * 101 + "]}",
        "breakdown",
        "at most 100",
    ),
]


@pytest.mark.parametrize(("case", "extra", "field", "detail"), BAD, ids=[b[0] for b in BAD])
def test_a_bad_field_is_refused_naming_file_indicator_and_field(
    tmp_path, case, extra, field, detail
):
    """The analyst must be able to go straight to the line that is wrong."""
    path, problems = problems_of(tmp_path, indicator("2.4", extra))

    assert len(problems) == 1, problems
    [problem] = problems
    assert str(path) in problem
    assert "'2.4'" in problem
    assert f"field '{field}'" in problem
    assert detail in problem


def test_a_missing_required_choice_says_it_is_missing(tmp_path):
    """ "None is not one of ..." reads like a bug; the analyst needs to know the field is absent."""
    fields = GOOD_FIELDS.replace("    unit: count\n", "")

    _, problems = problems_of(tmp_path, indicator("2.4", fields=fields))

    assert problems == [
        f"{tmp_path / 'framework.yaml'}: indicator '2.4': field 'unit': missing; "
        "expected one of count, percentage, days, rate_per_10000"
    ]


def test_unknown_area_lists_the_areas_there_are(tmp_path):
    """The fix is usually a typo, so the message shows the codes to choose from."""
    _, [problem] = problems_of(tmp_path, indicator("2.4", "area: Safe"))

    assert "'Safe' is not an area of focus" in problem
    assert "expected one of safe, successful" in problem


def test_duplicate_indicator_code_is_refused(tmp_path):
    """Two lines "1.1" would let figures for one be rated against the other's target."""
    path, problems = problems_of(tmp_path, indicator("1.1") + indicator("1.2") + indicator("1.1"))

    assert problems == [
        f"{path}: indicator '1.1': field 'code': duplicate code (also indicators[0])"
    ]


def test_two_targets_for_one_period_are_refused(tmp_path):
    """Which of two targets for 2022/23 applies would depend on file order."""
    extra = "targets: [{period: 2022/23, value: 10}, {period: 22/23, value: 12}]"

    path, [problem] = problems_of(tmp_path, indicator("2.4", extra))

    assert problem.startswith(f"{path}: indicator '2.4': field 'targets[1]'")
    assert "a second target for 2022/23 (also targets[0])" in problem


def test_a_target_with_a_bad_period_and_a_bad_value_reports_both(tmp_path):
    """Fixing one mistake only to be told of the next wastes a round trip."""
    extra = "targets: [{period: 2022/24, value: ten}]"

    _, problems = problems_of(tmp_path, indicator("2.4", extra))

    assert len(problems) == 2
    assert any("2022/24" in p for p in problems)
    assert any("'ten' is not a number" in p for p in problems)


def test_unknown_fields_are_refused(tmp_path):
    """A misspelt "polartiy" would otherwise be ignored and the default used in silence."""
    _, [problem] = problems_of(tmp_path, indicator("2.4", "polartiy: neither"))

    assert "indicator '2.4'" in problem
    assert "polartiy" in problem


def test_an_indicator_without_a_code_is_named_by_its_position(tmp_path):
    """With no code to quote, the list position is the only way to find the entry."""
    text = indicator("1.1") + "  - title: Orphan\n    area: safe\n"

    _, problems = problems_of(tmp_path, text)

    assert problems[0].endswith(
        "indicators[1]: field 'code': missing; expected a code such as \"1.3a\""
    )
    assert all("indicators[1]" in p for p in problems)


@pytest.mark.parametrize(
    ("written", "read_as"),
    [
        ("1.10", "read as the number 1.1"),
        ("2", "read as the number 2"),
        ("true", "read as true"),
        ("2022-01-01", "read as a date"),
    ],
)
def test_a_code_yaml_does_not_read_as_text_is_refused(tmp_path, written, read_as):
    """Unquoted, "code: 1.10" reaches us as the number 1.1: indicator 1.10 would silently
    become 1.1, and its figures and targets would attach to the wrong line."""
    text = indicator("1.1") + indicator("1.2").replace('code: "1.2"', f"code: {written}")

    path, problems = problems_of(tmp_path, text)

    assert problems == [
        f"{path}: indicators[1]: field 'code': {read_as}, not as text; put the code in quotes "
        'exactly as printed, e.g. code: "1.10"'
    ]


def test_a_quoted_code_is_kept_exactly(tmp_path):
    """The same code quoted loads as printed: 1.10 stays 1.10, not 1.1."""
    framework = load_framework(write(tmp_path, HEADER + indicator("1.10") + indicator("1.1")))

    assert [i.code for i in framework.indicators] == ["1.10", "1.1"]


def test_every_problem_is_reported_at_once(tmp_path):
    """An analyst fixing a catalogue should see the whole list, not one error per attempt."""
    text = (
        indicator("1.1", "unit: per_cent\ntolerance: 5%")
        + indicator("1.2", "area: nowhere")
        + indicator("1.1")
        + indicator("1.4", "targets: [{value: 3}]")
    )

    path, problems = problems_of(tmp_path, text)

    assert len(problems) == 5, problems
    assert all(p.startswith(f"{path}: ") for p in problems)
    joined = "\n".join(problems)
    for expected in (
        "indicator '1.1': field 'unit'",
        "indicator '1.1': field 'tolerance'",
        "indicator '1.2': field 'area'",
        "indicator '1.1': field 'code': duplicate",
        "indicator '1.4': field 'targets[0]'",
    ):
        assert expected in joined


def test_the_error_message_lists_every_problem(tmp_path):
    """Command-line users see str(error); it must carry every problem, one a line."""
    path = write(tmp_path, HEADER + indicator("1.1", "unit: x") + indicator("1.2", "area: y"))

    with pytest.raises(CatalogueError) as raised:
        load_framework(path)

    assert str(raised.value).splitlines() == raised.value.problems
    assert len(raised.value.problems) == 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("partnership: {}\nareas: [{code: a, name: A}]\n", "partnership: field 'name': missing"),
        ("partnership: Anyshire\nareas: [{code: a, name: A}]\n", "partnership: expected a mapping"),
        ("partnership: {name: X}\n", "areas: expected at least one area of focus"),
        ("partnership: {name: X}\nareas: safe\n", "areas: expected a list"),
        ("partnership: {name: X}\nareas: [{code: a}]\n", "areas[0]: expected code and name"),
        (
            "partnership: {name: X}\nareas: [{code: a, name: A}, {code: a, name: B}]\n",
            "area 'a': field 'code': duplicate area code",
        ),
        (
            "partnership: {name: X, reporting_period: Q5 2022/23}\nareas: [{code: a, name: A}]\n",
            "field 'reporting_period'",
        ),
        (
            "partnership: {name: X}\nareas: [{code: a, name: A}]\nindicators: {code: '1'}\n",
            "indicators: expected a list",
        ),
        ("- just a list\n", "expected partnership, areas and indicators"),
        ("partnership: [unclosed\n", "not valid YAML"),
    ],
)
def test_a_malformed_file_is_refused_with_its_name(tmp_path, text, expected):
    """Broken structure must be a clear refusal, not a Python traceback."""
    path = write(tmp_path, text)

    with pytest.raises(CatalogueError) as raised:
        load_framework(path)

    assert any(p.startswith(str(path)) and expected in p for p in raised.value.problems), (
        raised.value.problems
    )


def test_a_missing_file_is_refused_with_its_name(tmp_path):
    """A wrong path in settings should say which path."""
    path = tmp_path / "nowhere.yaml"

    with pytest.raises(CatalogueError, match=r"nowhere\.yaml: no such file"):
        load_framework(path)


def test_a_file_that_is_not_text_is_refused_with_its_name(tmp_path):
    """A spreadsheet saved over the YAML must not crash the loader."""
    path = tmp_path / "framework.yaml"
    path.write_bytes(b"\xff\xfe\x00binary")

    with pytest.raises(CatalogueError, match=r"framework\.yaml: cannot be read"):
        load_framework(path)


# -- targets, accepts and baselines ---------------------------------------------------------
def make(frequency=Frequency.MONTHLY, basis=Basis.FINANCIAL, targets=()):
    return Indicator(
        code="1.1",
        title="Early help assessments",
        area="successful",
        unit=Unit.COUNT,
        polarity=Polarity.HIGHER_IS_BETTER,
        frequency=frequency,
        basis=basis,
        targets=tuple(targets),
    )


def test_target_for_picks_the_narrowest_target_containing_the_period():
    """A quarter's own target beats the annual one; months outside it fall back to the year."""
    annual = Target(financial_year(2022), 5000)
    winter = Target(quarter(2022, 3), 1300)
    december = Target(month(2022, 12), 400)
    eha = make(targets=[annual, december, winter])

    assert eha.target_for(month(2022, 12)) == december
    assert eha.target_for(month(2022, 11)) == winter
    assert eha.target_for(quarter(2022, 3)) == winter
    assert eha.target_for(month(2022, 4)) == annual
    assert eha.target_for(financial_year(2022)) == annual
    assert eha.target_for(snapshot(date(2023, 3, 31))) == annual


def test_target_for_is_none_outside_every_target():
    """No target means RAG is not applicable, never last year's target."""
    eha = make(targets=[Target(financial_year(2022), 5000)])

    assert eha.target_for(month(2023, 4)) is None
    assert eha.target_for(financial_year(2021)) is None
    assert make().target_for(month(2022, 12)) is None


def test_target_for_needs_the_whole_period_inside_the_target():
    """A week running from March into April is not wholly in either financial year."""
    eha = make(targets=[Target(financial_year(2022), 5000), Target(financial_year(2023), 6000)])

    assert eha.target_for(week(date(2023, 3, 27))) is None
    assert eha.target_for(week(date(2023, 3, 20))).value == 5000


def test_target_periods_in_a_loaded_file_are_matched_against_observed_periods(tmp_path):
    """Targets written as labels must match the periods observations arrive with."""
    framework = load_framework(write(tmp_path, VALID))

    eha = framework.indicator("1.1")
    assert eha.target_for(parse("Dec-22")).value == 1300
    assert eha.target_for(parse("Mar 2023")).value == 5000
    assert eha.target_for(parse("Apr 2023")) is None


@pytest.mark.parametrize(
    ("frequency", "accepted", "refused"),
    [
        (Frequency.MONTHLY, [month(2023, 3)], [quarter(2022, 4), financial_year(2022)]),
        (Frequency.QUARTERLY, [quarter(2022, 3)], [month(2022, 12), financial_year(2022)]),
        (Frequency.TERMLY, [term(2022, 4)], [month(2023, 3), academic_year(2022)]),
        (
            Frequency.WEEKLY,
            [week(date(2022, 3, 14))],
            [month(2022, 3), snapshot(date(2022, 3, 14))],
        ),
        (
            # make() counts in financial years: an academic or calendar year is another year.
            Frequency.ANNUAL,
            [financial_year(2022), snapshot(date(2023, 3, 31))],
            [quarter(2022, 4), month(2023, 3), academic_year(2022), calendar_year(2022)],
        ),
    ],
    ids=lambda v: v.value if isinstance(v, Frequency) else "",
)
def test_accepts_matches_frequency_to_period_kind(frequency, accepted, refused):
    """A quarterly figure loaded against a monthly indicator would be read as one month."""
    indicator_ = make(frequency=frequency)

    for period in accepted:
        assert indicator_.accepts(period), period.label
    for period in refused:
        assert not indicator_.accepts(period), period.label


@pytest.mark.parametrize(
    ("basis", "year"),
    [
        (Basis.FINANCIAL, financial_year(2019)),
        (Basis.ACADEMIC, academic_year(2018)),
        (Basis.CALENDAR, calendar_year(2019)),
    ],
)
def test_baseline_year_defaults_to_the_last_year_before_the_pandemic(basis, year):
    """2019/20 ends before lockdown; the school year 2019/20 was cut short, so 2018/19."""
    baseline = make(basis=basis).baseline_year

    assert baseline == year
    assert baseline.kind in (Kind.FINANCIAL_YEAR, Kind.ACADEMIC_YEAR, Kind.CALENDAR_YEAR)


def test_an_explicit_baseline_wins_over_the_default():
    """Some indicators began after 2019; their baseline is their first full year."""
    indicator_ = Indicator(
        code="4.1",
        title="Family hubs contacts",
        area="supported",
        unit=Unit.COUNT,
        polarity=Polarity.HIGHER_IS_BETTER,
        frequency=Frequency.QUARTERLY,
        baseline=financial_year(2021),
    )

    assert indicator_.baseline_year == financial_year(2021)
    assert quarter(2023, 2).in_year(indicator_.baseline_year) == quarter(2021, 2)


# -- statistical process control and published statistics ----------------------------------
def test_spc_rebase_points_and_published_sources_are_read(tmp_path):
    """An analyst rebases SPC at a change of definition and maps a DfE file to an indicator."""
    path = write(
        tmp_path,
        HEADER
        + indicator(
            "4.16",
            """\
            spc_rebase: [Oct 2022, Apr 2020]
            published:
              - measure: rate_per_10000
                filters: {population_count: Children looked after at 31 March each year}
            """,
        ),
    )
    loaded = load_framework(path).indicator("4.16")
    assert [p.label for p in loaded.spc_rebase] == ["Apr 2020", "Oct 2022"]
    (source,) = loaded.published
    assert source.measure == "rate_per_10000"
    assert source.filters == (("population_count", "Children looked after at 31 March each year"),)


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ("spc_rebase: [Smarch 2020]\n", "field 'spc_rebase'"),
        ("spc_rebase: Apr 2020\n", "field 'spc_rebase': expected a list"),
        ("published: rate\n", "field 'published': expected a list"),
        ("published: [{filters: {a: b}}]\n", "field 'published[0]': expected a measure"),
        ("published: [{measure: rate, filters: [a]}]\n", "filters: expected column: value"),
    ],
)
def test_bad_spc_and_published_fields_are_refused(tmp_path, extra, expected):
    path, problems = problems_of(tmp_path, indicator("4.16", extra))
    assert any(str(path) in p and "'4.16'" in p and expected in p for p in problems), problems


def test_statistical_neighbours_are_local_authority_codes(tmp_path):
    header = HEADER.replace(
        "partnership:\n", "partnership:\n  statistical_neighbours: [E10000014, E06000060]\n", 1
    )
    loaded = load_framework(write(tmp_path, header + indicator("1.1")))
    assert loaded.partnership.statistical_neighbours == ("E10000014", "E06000060")
    bad = HEADER.replace("partnership:\n", "partnership:\n  statistical_neighbours: E1\n", 1)
    _, problems = problems_of(tmp_path, indicator("1.1"), header=bad)
    assert any("statistical_neighbours" in p for p in problems)


# -- codes, lengths and blank fields ---------------------------------------------------------
@pytest.mark.parametrize("code", ["1/2", "1.1 a", "?", ".1", "-1", "x" * 21, "1.1<script>", "é1"])
def test_a_code_that_cannot_go_in_an_address_is_refused(tmp_path, code):
    """The code is part of the indicator page's address; "1/2" would be two path segments."""
    path, problems = problems_of(tmp_path, indicator(code))

    [problem] = problems
    assert str(path) in problem
    assert repr(code) in problem
    assert "field 'code'" in problem
    assert "up to 19 letters, digits" in problem


@pytest.mark.parametrize("code", ["1.1", "1.3a", "EH-1", "cla_rate", "A", "x" * 20])
def test_codes_of_letters_digits_dots_dashes_and_underscores_load(tmp_path, code):
    loaded = load_framework(write(tmp_path, HEADER + indicator(code)))
    assert loaded.indicators[0].code == code


@pytest.mark.parametrize("area_code", ["be safe", "safe/2", "x" * 41, "-safe"])
def test_an_area_code_must_be_a_short_slug(tmp_path, area_code):
    header = HEADER.replace("{code: safe,", f"{{code: {area_code!r},", 1)
    path, problems = problems_of(tmp_path, indicator("1.1"), header=header)
    assert any(
        str(path) in p and repr(area_code) in p and "field 'code'" in p and "up to 39" in p
        for p in problems
    ), problems


def test_blank_fields_are_empty_not_the_word_none(tmp_path):
    """YAML reads "owner:" with nothing after it as null; the page must not say "None"."""
    header = """\
partnership:
  name: Anyshire Children's Trust
  area_name:
  la_code:
  board:
  chair:
areas:
  - {code: safe, name: Be safe}
indicators:
"""
    extra = """\
owner:
source:
definition:
targets: [{period: 2022/23, value: 10, note: }]
"""
    loaded = load_framework(write(tmp_path, header + indicator("1.1", extra)))

    partnership = loaded.partnership
    assert (partnership.area_name, partnership.la_code, partnership.board, partnership.chair) == (
        "",
        "",
        "",
        "",
    )
    found = loaded.indicator("1.1")
    assert (found.owner, found.source, found.definition) == ("", "", "")
    assert found.targets[0].note == ""


def test_a_blank_partnership_name_is_missing(tmp_path):
    header = HEADER.replace("  name: Anyshire Children's Trust\n", "  name:\n", 1)
    _, problems = problems_of(tmp_path, indicator("1.1"), header=header)
    assert any("partnership: field 'name': missing" in p for p in problems), problems


@pytest.mark.parametrize(
    ("basis", "accepted", "refused"),
    [
        (Basis.FINANCIAL, financial_year(2022), [academic_year(2022), calendar_year(2022)]),
        (Basis.ACADEMIC, academic_year(2022), [financial_year(2022), calendar_year(2022)]),
        (Basis.CALENDAR, calendar_year(2022), [financial_year(2022), academic_year(2022)]),
    ],
)
def test_an_annual_indicator_accepts_only_years_of_its_own_basis(basis, accepted, refused):
    """A school-year figure filed against a financial-year indicator is another year's figure."""
    annual = make(frequency=Frequency.ANNUAL, basis=basis)

    assert annual.accepts(accepted)
    assert annual.accepts(snapshot(date(2023, 3, 31)))
    for period in refused:
        assert not annual.accepts(period), period.label
