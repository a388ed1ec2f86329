"""Time the example area's full quarterly board report pack: HTML, PDF and Word together.

Builds the demo partnership in a temporary data folder (not timed), then times freezing the
Q3 2022/23 report from the figures and rendering the board version in all three formats, as
`trustboard report --period "Q3 2022/23"` does. Goal: under 15 seconds together.

    uv run --group test python bench/report_pack.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="trustboard-bench-"))
    subprocess.run(
        [sys.executable, "-m", "trustboard.cli", "demo", "--no-serve", "--data-dir", str(folder)],
        check=True,
        capture_output=True,
    )
    os.environ["TRUSTBOARD_DATA_DIR"] = str(folder)
    os.environ["DJANGO_SETTINGS_MODULE"] = "trustboard.web.settings"
    import django

    django.setup()
    from trustboard.core import periods
    from trustboard.reports.model import Report
    from trustboard.web.reports import builder as report_builder
    from trustboard.web.reports import services as reports

    period = periods.parse("Q3 2022/23")
    timings: dict[str, list[float]] = {"freeze": [], "html": [], "pdf": [], "docx": [], "total": []}
    for _ in range(args.runs):
        started = time.perf_counter()
        snapshot = reports.freeze_report(period=period, actor=None)
        timings["freeze"].append(time.perf_counter() - started)
        report = Report.from_dict(snapshot.board)
        for fmt in report_builder.FORMATS:
            began = time.perf_counter()
            report_builder.render(report, fmt)
            timings[fmt].append(time.perf_counter() - began)
        timings["total"].append(time.perf_counter() - started)
    print(f"Full quarterly pack, example area, Q3 2022/23, {args.runs} runs (seconds)")
    print(f"{'step':8} {'best':>6} {'median':>7}")
    for step, values in timings.items():
        print(f"{step:8} {min(values):6.2f} {statistics.median(values):7.2f}")


if __name__ == "__main__":
    main()
