"""trustboard: the performance framework of a Children's Trust Board."""

DEFAULT_DATA_DIR = "trustboard-data"
"""Where a partnership's data lives when neither --data-dir nor TRUSTBOARD_DATA_DIR says."""
