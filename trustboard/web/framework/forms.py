"""Upload form: checks size, type and content before the importer reads a byte."""

from __future__ import annotations

from django import forms

from trustboard.ingest.observations import SUPPORTED_SUFFIXES
from trustboard.web.uploads import check_upload

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
        # Suffix, size (settings.IMPORT_MAX_BYTES) and that the bytes are what the name says.
        check_upload(upload, UPLOAD_SUFFIXES)
        return upload
