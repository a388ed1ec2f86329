"""Forms for returns: they read and show fields; ``returns.services`` decides what is valid.

The numbers are plain text boxes with a numeric keyboard (as the GOV.UK design system advises
over ``type=number``, which swallows typing on scroll and reads badly to screen readers), and
their checks live in :func:`trustboard.web.returns.services.clean_answers`, so the web and any
other caller give the same messages. Django (5.2) links each field's help text and error to it
with ``aria-describedby`` and marks fields in error ``aria-invalid``; the templates give the
help and error elements the ids Django expects (``<id>_helptext``, ``<id>_error``).
"""

from __future__ import annotations

from django import forms

from trustboard.web.returns.models import AgencyReturn
from trustboard.web.returns.services import TEXT_MAX, ReturnError


def _number(label: str, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=20,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "class": "input-number"}
        ),
    )


def _text(label: str, help_text: str, rows: int = 6) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=TEXT_MAX,
        strip=False,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class ErrorsFromService:
    """Puts a :class:`ReturnError`'s messages beside the fields they are about."""

    def add_service_errors(self: forms.Form, error: ReturnError) -> None:  # type: ignore[misc]
        for name, message in error.errors.items():
            self.add_error(name if name in self.fields else None, message)


class ReturnForm(ErrorsFromService, forms.Form):
    """An agency's return. Labels name the financial years, so nobody guesses which year."""

    def __init__(self, *args, agency_return: AgencyReturn, data_hint: str, **kwargs):
        round_ = agency_return.round
        kwargs.setdefault(
            "initial",
            {
                "target_this_year": agency_return.target_this_year,
                "target_next_year": agency_return.target_next_year,
                "achieved": agency_return.achieved,
                "narrative": agency_return.narrative,
                "barriers": agency_return.barriers,
                "governance": agency_return.governance,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["target_this_year"] = _number(
            f"Early help assessment (EHA) target for {round_.financial_year}",
            "How many assessments your agency aims to complete in the year. A whole number.",
        )
        self.fields["target_next_year"] = _number(
            f"EHA target for {round_.next_financial_year}",
            "Your target for next year, if it is set. A whole number.",
        )
        self.fields["achieved"] = _number(
            f"EHAs completed in {round_.financial_year} to the end of {round_.period}",
            f"Your agency's own count. {data_hint}",
        )
        self.fields["narrative"] = _text(
            "Narrative: performance against the targets",
            "What the figures show and what is being done. Needed to submit.",
            rows=8,
        )
        self.fields["barriers"] = _text(
            "Barriers and challenges",
            "Anything that makes the targets harder to reach, and help you need from partners.",
        )
        self.fields["governance"] = _text(
            "Early help internal governance and reporting",
            "How early help is led, governed and reported inside your organisation.",
        )


class ReviewForm(ErrorsFromService, forms.Form):
    comment = forms.CharField(
        label="Comment to the agency",
        help_text="Needed to send the return back: say what should change.",
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, prefix_id: str = "", **kwargs):
        if prefix_id:
            kwargs.setdefault("auto_id", f"id_{prefix_id}_%s")
        super().__init__(*args, **kwargs)


class RoundForm(ErrorsFromService, forms.Form):
    period = forms.CharField(
        label="Reporting period",
        help_text="A quarter, like Q3 2022/23 (or a month or a financial year).",
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    due = forms.DateField(
        label="Due date",
        help_text="When agencies should submit. Reminders go 7 days and 1 day before it.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "Enter the due date", "invalid": "Enter a real date"},
    )
    message = forms.CharField(
        label="Message to agencies (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].error_messages["required"] = "Enter the reporting period"
