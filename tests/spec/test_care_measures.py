"""Children we care for at month end: once per child, unaccompanied asylum-seeking children,
and unregistered placements; each area counted apart."""

from __future__ import annotations

from datetime import date

from tests.spec.records import episode, value, values


def test_children_we_care_for_once_per_child_and_per_area(engine):
    data = engine(
        care_episodes=[
            episode("2023-01-01", "2023-04-10", child="a", la_code="E10000025"),
            episode("2023-03-01", child="a", la_code="E10000025"),  # overlaps a's first
            episode("2023-02-15", "2023-02-28", child="b", la_code="E10000025"),
            episode("2023-02-28", child="c", la_code="E10000025"),
            episode("2023-01-10", child="a", la_code="E06000036"),  # another area's child a
        ]
    )

    def v(area, period, n):
        return value("children_we_care_for", period, "", n, area=area)

    assert values(data, "children_we_care_for") == [
        v("E06000036", "Jan 2023", 1),
        v("E06000036", "Feb 2023", 1),
        v("E06000036", "Mar 2023", 1),
        v("E06000036", "Apr 2023", 1),
        v("E10000025", "Jan 2023", 1),  # a
        v("E10000025", "Feb 2023", 2),  # a, c (b left on the month's last day)
        v("E10000025", "Mar 2023", 2),  # a (two episodes), c
        v("E10000025", "Apr 2023", 2),  # a, c
    ]


def test_unaccompanied_asylum_seeking_children(engine):
    data = engine(
        care_episodes=[
            episode("2023-01-05", child="u1", uasc=True),
            episode("2023-01-06", child="n1"),  # not UASC by default
            episode("2023-01-07", "2023-02-15", child="u2", uasc=True),
        ]
    )

    assert values(data, "uasc_we_care_for") == [
        value("uasc_we_care_for", "Jan 2023", "", 2),
        value("uasc_we_care_for", "Feb 2023", "", 1),
    ]
    assert values(data, "children_we_care_for") == [
        value("children_we_care_for", "Jan 2023", "", 3),
        value("children_we_care_for", "Feb 2023", "", 2),
    ]


def test_children_in_unregistered_placements(engine):
    data = engine(
        care_episodes=[
            episode("2023-01-02", child="r"),  # registered by default
            episode("2023-01-15", "2023-02-10", child="x", registered=False),
            episode("2023-02-01", child="y", registered=False),
            episode("2023-01-03", "2023-01-31", child="z", registered=False),
            episode("2023-01-31", child="z", registered=True),  # moved on the last day
        ]
    )

    assert values(data, "unregistered_placements", until=date(2023, 3, 31)) == [
        value("unregistered_placements", "Jan 2023", "", 1),  # x
        value("unregistered_placements", "Feb 2023", "", 1),  # y
        value("unregistered_placements", "Mar 2023", "", 1),  # y
    ]
    assert values(data, "children_we_care_for", until=date(2023, 3, 31)) == [
        value("children_we_care_for", "Jan 2023", "", 3),  # r, x, z
        value("children_we_care_for", "Feb 2023", "", 3),  # r, y, z
        value("children_we_care_for", "Mar 2023", "", 3),
    ]


def test_no_episodes_no_figures(engine):
    assert values(engine(), "children_we_care_for", until=date(2023, 3, 31)) == []
