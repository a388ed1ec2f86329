"""Upload form: checks size and type before the importer reads a byte."""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.conf import settings

from trustboard.ingest.observations import SUPPORTED_SUFFIXES

UPLOAD_SUFFIXES = (*SUPPORTED_SUFFIXES, ".parquet")


class ImportForm(forms.Form):
    file = forms.FileField(
        label="File of observations, or a record-level extract",
        help_text=(
            "Figures: a .csv or .xlsx file with the columns indicator, period and value, and "
            "optionally breakdown, numerator, denominator and status (provisional or final). "
            "Extracts (early help assessments, MASH contacts, plans, care episodes): .csv, .xlsx "
            "or .parquet with the columns in the README; never names, dates of birth, addresses "
            "or NHS numbers."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in UPLOAD_SUFFIXES:
            raise forms.ValidationError(
                f"{upload.name} is not a .csv, .xlsx or .parquet file; save the sheet as CSV or "
                "Excel."
            )
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                f"{upload.name} is {upload.size / 1e6:.1f} MB; the limit is "
                f"{settings.IMPORT_MAX_BYTES / 1e6:.0f} MB."
            )
        return upload
