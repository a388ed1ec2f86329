"""The synthetic partnership: deterministic demo figures calibrated to published reports."""

from trustboard.synth.series import (
    CalibrationError,
    SyntheticObservation,
    generate,
    load_calibration,
    write_csv,
)

__all__ = [
    "CalibrationError",
    "SyntheticObservation",
    "generate",
    "load_calibration",
    "write_csv",
]
