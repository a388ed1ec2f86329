"""Forms of the action plan: a progress update, an analyst's edit of an action, the upload."""

from __future__ import annotations

from datetime import date

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from trustboard.ingest.plan import SUPPORTED_SUFFIXES, indicator_codes
from trustboard.web.accounts.models import Agency
from trustboard.web.accounts.roles import ROLE_PERMISSIONS, Permission
from trustboard.web.framework.models import Indicator
from trustboard.web.plan.models import MAX_UPDATE_MONTHS
from trustboard.web.uploads import check_upload

EARLIEST_UPDATE = date(2000, 1, 1)
MAX_UPDATE_CHARS = 10_000


class DescribedForm(forms.Form):
    """Ties each field to its hint and its error messages (``aria-describedby``), so a screen
    reader reads them when the field is reached, not only when the page is read through."""

    def full_clean(self) -> None:
        super().full_clean()
        for name, field in self.fields.items():
            if self[name].use_fieldset:
                continue  # the fieldset carries its hint and errors (plan/field.html)
            ids = []
            if field.help_text:
                ids.append(f"{self[name].auto_id}_helptext")
            if name in self.errors:
                ids.append(f"{self[name].auto_id}_error")
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)


class UpdateForm(DescribedForm):
    on = forms.DateField(
        label="Date the progress is as at",
        help_text="For example 31/03/2023. It cannot be in the future.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Enter the date the progress is as at.",
            "invalid": "Enter a real date, for example 31/03/2023.",
        },
    )
    text = forms.CharField(
        label="Progress",
        error_messages={"required": "Enter the progress."},
        max_length=MAX_UPDATE_CHARS,
        help_text=(
            "What has been done since the last update and what the measures show. Updates "
            "cannot be changed later: to correct one, add another."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def clean_on(self) -> date:
        on = self.cleaned_data["on"]
        if on > timezone.localdate():
            raise forms.ValidationError("The date cannot be in the future.")
        if on < EARLIEST_UPDATE:
            raise forms.ValidationError(f"The date must be on or after {EARLIEST_UPDATE:%d/%m/%Y}.")
        return on

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError("Enter the progress.")
        return text


def _people_who_update():
    """Users whose roles let them report progress: the choices for an action's owner."""
    roles = [r.value for r, perms in ROLE_PERMISSIONS.items() if Permission.UPDATE_ACTIONS in perms]
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=roles)
        .distinct()
        .order_by("username")
    )


class ActionEditForm(DescribedForm):
    owner = forms.ModelChoiceField(
        queryset=get_user_model().objects.none(),
        required=False,
        label="Owner",
        help_text="The person who reports this action's progress (besides its agencies).",
        empty_label="No owner",
    )
    update_every_months = forms.IntegerField(
        label="Progress expected every (months)",
        min_value=1,
        max_value=MAX_UPDATE_MONTHS,
        help_text="The action is marked overdue when no update is this old or newer.",
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    agencies = forms.ModelMultipleChoiceField(
        queryset=Agency.objects.filter(active=True),
        required=False,
        label="Responsible agencies",
        widget=forms.CheckboxSelectMultiple,
    )
    other_responsible = forms.CharField(
        required=False, label="Other responsible bodies", max_length=2000
    )
    indicator_codes = forms.CharField(
        required=False,
        label="Indicators",
        help_text="Codes of the framework's indicators that measure this action, e.g. 1.4, 2.5.",
        max_length=500,
    )
    board_leads = forms.CharField(
        required=False, label="Children's Trust Board leads", max_length=2000
    )
    timetable = forms.CharField(required=False, label="Reporting timetable", max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _people_who_update()

    def clean_indicator_codes(self) -> list[Indicator]:
        codes = indicator_codes(self.cleaned_data["indicator_codes"])
        found = {i.code: i for i in Indicator.objects.filter(code__in=codes, active=True)}
        unknown = [c for c in codes if c not in found]
        if unknown:
            raise forms.ValidationError(
                f"No indicator with the code {', '.join(unknown)}; use the framework's codes."
            )
        return [found[c] for c in dict.fromkeys(codes)]


class PlanUploadForm(DescribedForm):
    file = forms.FileField(
        label="Progress spreadsheet",
        help_text=(
            "An .xlsx or .csv laid out like the board's progress plan: a heading row per area "
            "of focus (e.g. 'BE SUCCESSFUL – Focus on ...'), the columns Actions, Responsible "
            "Agencies, How we will know, Board Leads, Reporting Timetable, Progress and "
            "optionally Indicators (codes such as 1.4, 2.5), then one action per row."
        ),
    )
    progress_date = forms.DateField(
        label="Date the Progress column is as at",
        required=False,
        help_text="Leave empty for today.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # The site's one upload check: suffix, size, and content that matches the suffix.
        check_upload(upload, SUPPORTED_SUFFIXES)
        return upload

    def clean_progress_date(self) -> date | None:
        on = self.cleaned_data.get("progress_date")
        if on is not None and on > timezone.localdate():
            raise forms.ValidationError("The date cannot be in the future.")
        return on
