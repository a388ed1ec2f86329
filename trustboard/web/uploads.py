"""Checks on an uploaded file before any reader opens it: its name, its size, its content.

A file's name says what it claims to be; its first bytes say what it is. A spreadsheet reader
handed something else fails somewhere deep inside with a message no partner can act on, or,
worse, reads it. So every upload form (imports, returns, the action plan) calls
:func:`check_upload`, which refuses with a message naming the file and what was expected:

- ``.xlsx``: a zip archive (starts with ``PK\\x03\\x04``) holding a workbook, whose unpacked
  size is bounded (a "zip bomb" is refused before openpyxl unpacks it);
- ``.parquet``: starts and ends with ``PAR1``;
- ``.csv``: text: UTF-16 with its byte-order mark, or else no NUL byte and UTF-8 or
  Windows-1252, as the importer reads it;
- ``.xml``: a statutory return's XML (the CIN census, SSDA903): text whose first thing is a
  tag; its size limit is ``settings.RETURN_MAX_BYTES``, since a large authority's census is
  tens of megabytes.
"""

from __future__ import annotations

import codecs
import zipfile
from collections.abc import Iterable
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

ZIP_MAGIC = b"PK\x03\x04"
PARQUET_MAGIC = b"PAR1"
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
XLSX_MAX_UNPACKED_BYTES = 200 * 1024 * 1024
"""A workbook that would unpack to more than this is refused (Excel compresses about 10:1)."""


def _kinds(suffixes: Iterable[str]) -> str:
    """The suffixes as a phrase: ".csv, .xlsx or .parquet"."""
    names = list(suffixes)
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " or " + names[-1]


def _read_all(upload: UploadedFile) -> bytes:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


def _check_xlsx(name: str, upload: UploadedFile) -> None:
    upload.seek(0)
    start = upload.read(4)
    upload.seek(0)
    expected = (
        f"{name} is not an Excel workbook: an .xlsx file is a zip archive and this one is not. "
        "Open it in Excel and save it as Excel Workbook (.xlsx), or as CSV."
    )
    if start != ZIP_MAGIC:
        raise forms.ValidationError(expected)
    try:
        with zipfile.ZipFile(upload.file) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise forms.ValidationError(expected) from None
    finally:
        upload.seek(0)
    if not any(m.filename == "xl/workbook.xml" for m in members):
        raise forms.ValidationError(
            f"{name} is a zip archive but not an Excel workbook (it has no workbook inside). "
            "Open it in Excel and save it as Excel Workbook (.xlsx), or as CSV."
        )
    if sum(m.file_size for m in members) > XLSX_MAX_UNPACKED_BYTES:
        raise forms.ValidationError(
            f"{name} would unpack to more than {XLSX_MAX_UNPACKED_BYTES / 1e6:.0f} MB; save the "
            "sheet as CSV or split it into smaller files."
        )


def _check_parquet(name: str, upload: UploadedFile) -> None:
    data = _read_all(upload)
    if len(data) < 12 or not (data.startswith(PARQUET_MAGIC) and data.endswith(PARQUET_MAGIC)):
        raise forms.ValidationError(
            f"{name} is not a Parquet file: a .parquet file starts and ends with 'PAR1' and this "
            "one does not. Export it again as Parquet, or as CSV."
        )


def _check_csv(name: str, upload: UploadedFile) -> None:
    data = _read_all(upload)
    expected = (
        f"{name} is not a CSV file of text: expected text in UTF-8 (or Windows or UTF-16 text) "
        "with one row a line. Save the sheet as CSV UTF-8 (comma delimited)."
    )
    if data.startswith(UTF16_BOMS):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise forms.ValidationError(expected) from None
        if "\x00" in text:
            raise forms.ValidationError(expected)
        return
    if b"\x00" in data:
        raise forms.ValidationError(expected)
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return
    raise forms.ValidationError(expected)


def _check_xml(name: str, upload: UploadedFile) -> None:
    upload.seek(0)
    start = upload.read(1024)
    upload.seek(0)
    text = start.removeprefix(codecs.BOM_UTF8).lstrip()
    if b"\x00" in start or not text.startswith(b"<"):
        raise forms.ValidationError(
            f"{name} is not an XML file: expected the return as the case system wrote it, "
            "starting with <?xml ...> or its first element."
        )


CONTENT_CHECKS = {
    ".xlsx": _check_xlsx,
    ".parquet": _check_parquet,
    ".csv": _check_csv,
    ".xml": _check_xml,
}
"""What a file of each suffix must contain. A suffix without a check here is refused, so a
form cannot allow a type nobody has thought about."""


def check_upload(
    upload: UploadedFile, allowed_suffixes: Iterable[str], *, max_bytes: int | None = None
) -> None:
    """Refuse an upload whose suffix is not allowed, that is empty or too big, or whose content
    is not what its suffix says. Raises ``forms.ValidationError`` naming the file.

    ``max_bytes`` defaults to ``settings.IMPORT_MAX_BYTES``. Leaves the file at its start.
    """
    allowed = tuple(s.lower() for s in allowed_suffixes)
    unknown = [s for s in allowed if s not in CONTENT_CHECKS]
    if unknown:
        raise ValueError(f"no content check for {unknown}; known: {sorted(CONTENT_CHECKS)}")
    name = Path(upload.name or "the file").name
    suffix = Path(name).suffix.lower()
    if suffix not in allowed:
        hint = "; save the sheet as CSV or Excel." if {".csv", ".xlsx"} & set(allowed) else "."
        raise forms.ValidationError(f"{name} is not a {_kinds(allowed)} file{hint}")
    if max_bytes is not None:
        limit = max_bytes
    elif suffix == ".xml":
        limit = settings.RETURN_MAX_BYTES
    else:
        limit = settings.IMPORT_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise forms.ValidationError(
            f"{name} is {upload.size / 1e6:.1f} MB; the limit is {limit / 1e6:.0f} MB."
        )
    if not upload.size:
        raise forms.ValidationError(f"{name} is empty.")
    CONTENT_CHECKS[suffix](name, upload)
