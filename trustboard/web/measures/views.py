"""The early help page. Thin: it reads the figures through the read model and draws them."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from trustboard.web.accounts.decorators import require
from trustboard.web.accounts.roles import Permission
from trustboard.web.framework.as_at import quarter_choices, reporting_period
from trustboard.web.measures.charts import (
    agency_months_chart,
    nfa_bar_chart,
    nfa_line_chart,
    trajectory_chart,
)
from trustboard.web.measures.early_help import (
    Figures,
    agency_months,
    measure_ids,
    nfa_section,
    ratio_table,
)
from trustboard.web.measures.early_help_years import trajectory
from trustboard.web.measures.models import MeasureFigure, MeasureRun


# -- the page ---------------------------------------------------------------------------------
def _latest_run(ids: dict[str, str]) -> MeasureRun | None:
    return (
        MeasureRun.objects.filter(figures_set__measure__in=ids.values())
        .order_by("-finished_at")
        .first()
    )


@require(Permission.VIEW_DASHBOARD)
def early_help(request: HttpRequest) -> HttpResponse:
    """Early help: assessments by agency, the agency ratio table, NFA shares, years to target."""
    as_at, error = reporting_period(request)
    ids = measure_ids()
    computed = MeasureFigure.objects.filter(measure__in=ids.values()).exists()
    context: dict = {
        "as_at": as_at,
        "as_at_error": error,
        "quarter_choices": quarter_choices(as_at),
        "computed": computed,
    }
    if computed:
        figures = Figures.load(as_at.end if as_at else None, ids)
        months = agency_months(figures)
        ratios = ratio_table(figures)
        nfa = nfa_section(figures)
        years = trajectory(figures, as_at)
        context.update(
            {
                "run": _latest_run(ids),
                "months": months,
                "months_svg": agency_months_chart(months) if months else "",
                "ratios": ratios,
                "nfa": nfa,
                "nfa_bar_svg": nfa_bar_chart(nfa) if nfa and nfa.rows else "",
                "nfa_line_svg": nfa_line_chart(nfa) if nfa and nfa.months else "",
                "years": years,
                "years_svg": trajectory_chart(years) if years else "",
            }
        )
    return render(request, "measures/early_help.html", context)
