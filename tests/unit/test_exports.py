"""Spreadsheet cells never carry a formula from text someone typed."""

from __future__ import annotations

from datetime import date

import pytest

from trustboard.web.exports import safe_cell, safe_row


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+44 1865", "'+44 1865"),
        ("-5 on last year", "'-5 on last year"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("\x01=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),  # a control character hides nothing
        ("Police", "Police"),
        ("a = b", "a = b"),
        ("", ""),
        ("line one\nline two", "line one\nline two"),
    ],
)
def test_text_that_a_spreadsheet_would_read_as_a_formula_is_quoted(typed, written):
    assert safe_cell(typed) == written


@pytest.mark.parametrize("value", [None, 0, -5, 12.5, date(2023, 1, 31), True])
def test_values_that_are_not_text_pass_through(value):
    assert safe_cell(value) is value


def test_a_row_is_made_safe_cell_by_cell():
    assert safe_row(["=1", 2, None, "ok"]) == ["'=1", 2, None, "ok"]
