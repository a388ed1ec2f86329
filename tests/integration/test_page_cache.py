"""Cached analyses never outlive the data they were made from.

The overview's assessments and the charts are kept between requests (rendering is the dearest
part of a page); any change to the data, which always writes an audit event, must show at once.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.db_backend


def test_the_overview_shows_a_restated_figure_at_once(as_analyst, import_file):
    import_file("first.csv", b"indicator,period,value\n1.1,Mar 2023,770\n")
    page = as_analyst.get(reverse("overview"), {"as_at": "Q4 2022/23"}).content.decode()
    assert "770" in page
    import_file("restated.csv", b"indicator,period,value\n1.1,Mar 2023,912\n")
    page = as_analyst.get(reverse("overview"), {"as_at": "Q4 2022/23"}).content.decode()
    assert "912" in page and "770" not in page


def test_a_chart_is_rendered_once_and_then_served_from_the_cache(monkeypatch):
    from trustboard.reports import charts

    calls = []
    real = charts._render
    monkeypatch.setattr(
        charts, "_render", lambda spec, prefix: calls.append(1) or real(spec, prefix)
    )
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "description": "A test chart",
        "data": {"values": [{"x": 1, "y": 2}]},
        "mark": "point",
        "encoding": {"x": {"field": "x", "type": "quantitative"}},
    }
    first = charts.to_svg(spec, "one")
    assert charts.to_svg(spec, "one") == first and len(calls) == 1
    changed = dict(spec, data={"values": [{"x": 3, "y": 2}]})
    assert charts.to_svg(changed, "one") != first and len(calls) == 2
