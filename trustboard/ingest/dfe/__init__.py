"""Read the Department for Education's published statistics files ("explore education
statistics", EES) and pick out one indicator for the area and its comparators.

Every EES data file has the same shape: a row per time period, geography and combination of
filter values, with ``time_period``, ``time_identifier``, ``geographic_level`` and the geography
columns first, then the publication's own columns. Those own columns are either *filters*
(category labels such as ``population_count`` or ``school_type``) or *measures* (numbers, or a
symbol standing in for a number that cannot be published). The file says nothing about which is
which (that lives in a separate ``.meta.csv`` we are usually not given), so the reader decides
from the values, and the board's mapping then says which measure and which filter values hold
an indicator. Nothing here is tuned to one publication: a school absence file reads the same way
as the children looked after file.

Symbols are kept as what they mean. A suppressed count (``c``) or a figure that rounds to zero
(``low``) is not zero, and reading it as a number would put a false figure in a board report.

Sources for the formats accepted here:

- symbols: DfE analysts' guide, "Open data standards", section "Data symbols"
  (github.com/dfe-analytical-services/analysts-guide, statistics-production/ud.qmd): ``z``,
  ``x``, ``c``, ``low``, ``u``, with ``:`` and ``~`` as obsolete forms of ``x`` and ``low``. The
  EES data screener flags the obsolete ones, but files published before it may still carry
  them. ``k`` is the GSS shorthand for a low figure that rounds to zero; it is not in the DfE
  guide, but the notes that came with our DfE files list it, so it is read as ``low``.
- time identifiers: the same guide, "List of allowable time values", and the service's own enum
  (explore-education-statistics, ``Common/Model/TimeIdentifier.cs``).
- geographic levels and their columns: the data screener's ``data/geography_matrix.csv``.
"""

from trustboard.ingest.dfe.geography import (
    BENCHMARK_LEVELS,
    GEOGRAPHY_LEVELS,
    LOCAL_AUTHORITY,
    NATIONAL,
    OTHER_GEOGRAPHY_LEVELS,
    REGIONAL,
    REQUIRED_COLUMNS,
)
from trustboard.ingest.dfe.selection import BenchmarkValue, DfeMapping, Selection, select
from trustboard.ingest.dfe.symbols import EXPECTED_MEASURE, SYMBOLS, DfeCell
from trustboard.ingest.dfe.table import DfeRow, DfeTable, looks_like_dfe, read_dfe
from trustboard.ingest.dfe.time_periods import (
    SUPPORTED_TIME_IDENTIFIERS,
    TIME_IDENTIFIERS,
    dfe_period,
)

__all__ = [
    "BENCHMARK_LEVELS",
    "EXPECTED_MEASURE",
    "GEOGRAPHY_LEVELS",
    "LOCAL_AUTHORITY",
    "NATIONAL",
    "OTHER_GEOGRAPHY_LEVELS",
    "REGIONAL",
    "REQUIRED_COLUMNS",
    "SUPPORTED_TIME_IDENTIFIERS",
    "SYMBOLS",
    "TIME_IDENTIFIERS",
    "BenchmarkValue",
    "DfeCell",
    "DfeMapping",
    "DfeRow",
    "DfeTable",
    "Selection",
    "dfe_period",
    "looks_like_dfe",
    "read_dfe",
    "select",
]
