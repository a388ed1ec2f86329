"""MASH contacts: by source agency, ending in no further action, against early help assessments
(contacts per assessment and back, over rolling 12 months), and with a preceding assessment."""

from __future__ import annotations

from tests.spec.records import contact, eha, value, values

NFA = "no_further_action"


def test_contacts_by_source_agency(engine):
    data = engine(
        mash_contacts=[
            contact("2023-04-01", "Police"),
            contact("2023-04-30", "Police", NFA),
            contact("2023-04-12", "Education", "early_help"),
            contact("2023-05-01", "Health", "social_care_assessment"),
        ]
    )

    def v(period, agency, n):
        return value("mash_contacts", period, agency, n)

    assert values(data, "mash_contacts") == [
        v("Apr 2023", "", 3),
        v("Apr 2023", "Education", 1),
        v("Apr 2023", "Health", 0),
        v("Apr 2023", "Police", 2),
        v("May 2023", "", 1),
        v("May 2023", "Education", 0),
        v("May 2023", "Health", 1),
        v("May 2023", "Police", 0),
    ]


def test_nfa_percentage_overall_and_per_agency(engine):
    data = engine(
        mash_contacts=[
            contact("2023-01-02", "Police", NFA),
            contact("2023-01-03", "Police", NFA),
            contact("2023-01-04", "Police", "social_care_assessment"),
            contact("2023-01-05", "County Council", "early_help"),
            contact("2023-01-31", "Health", NFA),
            contact("2023-02-01", "Police", "other"),
        ]
    )

    def v(period, agency, nfa, contacts):
        return value("mash_nfa", period, agency, nfa, contacts)

    # February had no County Council or Health contacts: no percentage, rather than 0%.
    assert values(data, "mash_nfa") == [
        v("Jan 2023", "", 3, 5),
        v("Jan 2023", "County Council", 0, 1),
        v("Jan 2023", "Health", 1, 1),
        v("Jan 2023", "Police", 2, 3),
        v("Feb 2023", "", 0, 1),
        v("Feb 2023", "Police", 0, 1),
    ]


def test_nfa_percentage_per_area(engine):
    data = engine(
        mash_contacts=[
            contact("2023-01-02", "Police", NFA, la_code="E10000025"),
            contact("2023-01-03", "Police", "other", la_code="E10000025"),
            contact("2023-01-04", "Police", NFA, la_code="E06000036"),
        ]
    )

    assert values(data, "mash_nfa") == [
        value("mash_nfa", "Jan 2023", "", 1, 1, area="E06000036"),
        value("mash_nfa", "Jan 2023", "Police", 1, 1, area="E06000036"),
        value("mash_nfa", "Jan 2023", "", 1, 2, area="E10000025"),
        value("mash_nfa", "Jan 2023", "Police", 1, 2, area="E10000025"),
    ]


def test_nfa_over_rolling_12_months_from_the_first_whole_year_of_data(engine):
    data = engine(
        mash_contacts=[
            contact("2022-01-05", "Police", NFA),
            contact("2022-01-31", "Police", NFA),
            contact("2022-06-30", "Police", "other"),
            contact("2022-12-31", "Education", NFA),
            contact("2023-01-01", "Police", NFA),
            contact("2023-02-10", "Police", "other"),
        ]
    )

    def v(period, agency, nfa, contacts):
        return value("mash_nfa_12_months", period, agency, nfa, contacts)

    # The data starts in January 2022, so the 12 months to December 2022 is the first window;
    # windows that began before (November 2022 and earlier) would undercount and are left out.
    assert values(data, "mash_nfa_12_months") == [
        v("Dec 2022", "", 3, 4),
        v("Dec 2022", "Education", 1, 1),
        v("Dec 2022", "Police", 2, 3),
        v("Jan 2023", "", 2, 3),  # the two January 2022 contacts have left the window
        v("Jan 2023", "Education", 1, 1),
        v("Jan 2023", "Police", 1, 2),
        v("Feb 2023", "", 2, 4),
        v("Feb 2023", "Education", 1, 1),
        v("Feb 2023", "Police", 1, 3),
    ]


# -- contacts per assessment ------------------------------------------------------------------
ASSESSMENTS = [
    eha("2022-01-10", "Education"),
    eha("2022-01-20", "Education"),
    eha("2022-03-01", "Education"),
    eha("2022-07-01", "Health", pilot=True),
    eha("2022-08-01", "Health"),
    eha("2022-12-20", "Police"),
    eha("2023-01-15", "Education"),
]
CONTACTS = [
    contact("2022-01-02", "Education"),
    contact("2022-02-02", "Education"),
    contact("2022-05-05", "Education"),
    contact("2022-11-30", "Education"),
    contact("2023-01-20", "Education"),
    contact("2022-09-09", "Health"),
    contact("2022-10-10", "Health"),
    contact("2022-12-12", "Health"),
    contact("2022-06-06", "Police"),
    contact("2022-04-04", "County Council"),
]
# Both extracts cover January 2022 to January 2023, so only the 12 months to December 2022 and
# to January 2023 are whole windows.


def test_contacts_per_assessment_over_rolling_12_months(engine):
    data = engine(early_help_assessments=ASSESSMENTS, mash_contacts=CONTACTS)

    def v(period, agency, contacts, assessments):
        return value("mash_contacts_per_eha", period, agency, contacts, assessments)

    # County Council made a contact but completed no assessment: no ratio (not infinity).
    assert values(data, "mash_contacts_per_eha") == [
        v("Dec 2022", "", 9, 6),
        v("Dec 2022", "Education", 4, 3),
        v("Dec 2022", "Health", 3, 2),
        v("Dec 2022", "Police", 1, 1),
        v("Jan 2023", "", 9, 5),
        v("Jan 2023", "Education", 4, 2),
        v("Jan 2023", "Health", 3, 2),
        v("Jan 2023", "Police", 1, 1),
    ]


def test_assessments_per_contact_over_rolling_12_months(engine):
    data = engine(early_help_assessments=ASSESSMENTS, mash_contacts=CONTACTS)

    def v(period, agency, assessments, contacts):
        return value("eha_per_mash_contact", period, agency, assessments, contacts)

    assert values(data, "eha_per_mash_contact") == [
        v("Dec 2022", "", 6, 9),
        v("Dec 2022", "County Council", 0, 1),
        v("Dec 2022", "Education", 3, 4),
        v("Dec 2022", "Health", 2, 3),
        v("Dec 2022", "Police", 1, 1),
        v("Jan 2023", "", 5, 9),
        v("Jan 2023", "County Council", 0, 1),
        v("Jan 2023", "Education", 2, 4),
        v("Jan 2023", "Health", 2, 3),
        v("Jan 2023", "Police", 1, 1),
    ]


def test_contacts_per_assessment_without_the_pilot(engine):
    data = engine(early_help_assessments=ASSESSMENTS, mash_contacts=CONTACTS)

    def v(period, agency, contacts, assessments):
        return value("mash_contacts_per_eha_without_pilot", period, agency, contacts, assessments)

    assert values(data, "mash_contacts_per_eha_without_pilot") == [
        v("Dec 2022", "", 9, 5),
        v("Dec 2022", "Education", 4, 3),
        v("Dec 2022", "Health", 3, 1),
        v("Dec 2022", "Police", 1, 1),
        v("Jan 2023", "", 9, 4),
        v("Jan 2023", "Education", 4, 2),
        v("Jan 2023", "Health", 3, 1),
        v("Jan 2023", "Police", 1, 1),
    ]


def test_ratios_need_both_extracts_to_cover_a_whole_window(engine):
    # Contacts from January 2022 but assessments only from March 2022: the 12 months to
    # December 2022 began before the assessments did, so nothing can be reported until the
    # 12 months to February 2023 ... which the contacts no longer reach.
    data = engine(
        early_help_assessments=[eha("2022-03-05", "Police"), eha("2023-03-05", "Police")],
        mash_contacts=[contact("2022-01-05", "Police"), contact("2023-01-05", "Police")],
    )

    assert values(data, "mash_contacts_per_eha") == []
    assert values(data, "eha_per_mash_contact") == []


# -- a preceding early help assessment --------------------------------------------------------
def test_contacts_with_an_assessment_in_the_365_days_before(engine):
    data = engine(
        mash_contacts=[
            contact("2023-06-15", child="exactly-365"),
            contact("2023-06-15", child="366-days"),
            contact("2023-06-15", child="same-day"),
            contact("2023-06-20", child="day-before"),
            contact("2023-06-21", child="after"),
            contact("2023-06-22", child="two-assessments"),
            contact("2023-06-01", child="twice"),  # before the assessment
            contact("2023-06-30", child="twice"),  # after it
        ],
        early_help_assessments=[
            eha("2022-06-15", child="exactly-365"),
            eha("2022-06-14", child="366-days"),
            eha("2023-06-15", child="same-day"),
            eha("2023-06-19", child="day-before"),
            eha("2023-06-25", child="after"),
            eha("2023-01-01", child="two-assessments"),
            eha("2023-02-01", child="two-assessments"),
            eha("2023-06-10", child="twice"),
        ],
    )

    # Preceded: exactly-365, day-before, two-assessments (once), twice's second contact.
    assert values(data, "mash_with_preceding_eha") == [
        value("mash_with_preceding_eha", "Jun 2023", "", 4, 8)
    ]


def test_a_preceding_assessment_must_be_in_the_same_area(engine):
    data = engine(
        mash_contacts=[
            contact("2023-06-15", child="c1", la_code="E10000025"),
            contact("2023-06-15", child="c1", la_code="E06000036"),
        ],
        # The same (unhashed) child id in another area is another child.
        early_help_assessments=[eha("2023-06-01", child="c1", la_code="E06000036")],
    )

    assert values(data, "mash_with_preceding_eha") == [
        value("mash_with_preceding_eha", "Jun 2023", "", 1, 1, area="E06000036"),
        value("mash_with_preceding_eha", "Jun 2023", "", 0, 1, area="E10000025"),
    ]


def test_the_same_record_id_in_two_areas_is_two_records(engine):
    # Each council's case system numbers its own records; the store hashes them with the area
    # code, but a record table read from elsewhere (Parquet for Spark) may not.
    data = engine(
        mash_contacts=[
            contact("2023-06-15", child="c1", la_code="E10000025", record_id="r1"),
            contact("2023-06-15", child="c2", la_code="E06000036", record_id="r1"),
        ],
        early_help_assessments=[eha("2023-06-01", child="c1", la_code="E10000025")],
    )

    assert values(data, "mash_with_preceding_eha") == [
        value("mash_with_preceding_eha", "Jun 2023", "", 0, 1, area="E06000036"),
        value("mash_with_preceding_eha", "Jun 2023", "", 1, 1, area="E10000025"),
    ]
