"""Forms for the board report's words: details, meeting items, narrative, commentary."""

from __future__ import annotations

from django import forms

from trustboard.web.reports.models import MeetingItem, ReportDetails


class DetailsForm(forms.ModelForm):
    class Meta:
        model = ReportDetails
        fields = [
            "report_date",
            "report_to",
            "meetings",
            "priorities",
            "summary",
            "forward_plan",
            "next_meeting",
        ]
        widgets = {
            "report_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "meetings": forms.Textarea(attrs={"rows": 3}),
            "summary": forms.Textarea(attrs={"rows": 4}),
            "forward_plan": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {
            "report_to": "Report to",
            "meetings": "Dates of meetings held since the last report",
            "priorities": "Priorities addressed in this report",
            "forward_plan": "Forward plan",
            "next_meeting": "Next meeting (for the forward plan's heading)",
        }


class ItemForm(forms.ModelForm):
    class Meta:
        model = MeetingItem
        fields = ["title", "body", "recommendations"]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 6}),
            "recommendations": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"title": "Item title", "body": "What the board discussed"}


class CommentaryForm(forms.Form):
    text = forms.CharField(
        label="What is being done to improve performance?",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=4000,
    )


class ReviewForm(forms.Form):
    text = forms.CharField(
        label="Commentary (you may edit it before approving)",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=4000,
    )
    note = forms.CharField(
        label="Note to the owner (needed when returning)",
        required=False,
        max_length=500,
    )


class RequestForm(forms.Form):
    message = forms.CharField(
        label="Message to owners", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    due = forms.DateField(
        label="Due date",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
