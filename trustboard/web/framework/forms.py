"""Upload form: checks size, type and content before the importer reads a byte."""

from __future__ import annotations

from django import forms

from trustboard.ingest.observations import SUPPORTED_SUFFIXES
from trustboard.web.uploads import check_upload

UPLOAD_SUFFIXES = (*SUPPORTED_SUFFIXES, ".parquet", ".xml")


class _Files(forms.ClearableFileInput):
    allow_multiple_selected = True


class _FilesField(forms.FileField):
    """Several files at once: the tables of one SSDA903 return go up together."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", _Files())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class ImportForm(forms.Form):
    file = _FilesField(
        label=(
            "File of observations, or a record-level extract, or a statutory return "
            "(several files may be chosen at once)"
        ),
        help_text=(
            "Figures: a .csv or .xlsx file with the columns indicator, period and value, and "
            "optionally breakdown, numerator, denominator and status (provisional or final). "
            "Extracts (early help assessments, MASH contacts, plans, care episodes): .csv, .xlsx "
            "or .parquet with the columns in the README; never names, dates of birth, addresses "
            "or NHS numbers. Statutory returns as they are: an SSDA903 return's tables "
            "(header.csv, episodes.csv, uasc.csv, missing.csv, ...) chosen together, a CIN "
            "census .xml, or an Annex A .xlsx workbook. You may choose several files at once."
        ),
    )

    def clean_file(self):
        uploads = self.cleaned_data["file"]
        # Suffix, size (settings.IMPORT_MAX_BYTES) and that the bytes are what the name says.
        for upload in uploads:
            check_upload(upload, UPLOAD_SUFFIXES)
        return uploads
