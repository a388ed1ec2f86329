"""``trustboard spc FILE`` as a user runs it: a separate process, no data folder, no Django."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

MONTHS = ["Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar"]


def trustboard(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "TRUSTBOARD_DATA_DIR"}}
    result = subprocess.run(
        [sys.executable, "-m", "trustboard.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"exit {result.returncode}\n{result.stdout}\n{result.stderr}")
    return result


def month_labels(n: int) -> list[str]:
    """Apr 2022, May 2022, ... written the way a spreadsheet export might."""
    return [f"{MONTHS[i % 12]}-{22 + (i + 3) // 12}" for i in range(n)]


def write_series(folder: Path, values: list[float | None], name: str = "series.csv") -> Path:
    rows = ["Month,Count"]
    rows += [
        f"{m},{'' if v is None else v}"
        for m, v in zip(month_labels(len(values)), values, strict=True)
    ]
    # Newest first, as some exports are: the command sorts by period.
    path = folder / name
    path.write_text("\n".join([rows[0], *reversed(rows[1:])]) + "\n")
    return path


# 12 months alternating 10 and 12, then 15.5 twice: mean 11.643, limits 6.43 and 16.86, and
# the last two months are two out of three beyond two sigma (15.12): an improvement if up.
SIGNAL = [10, 12] * 6 + [15.5, 15.5]


def test_text_output_gives_mean_limits_icons_in_words_and_the_special_points(tmp_path):
    path = write_series(tmp_path, SIGNAL)
    out = trustboard("spc", str(path), "--improvement", "up", "--target", "20").stdout
    assert "SPC (XmR chart) of series.csv: 14 periods, Apr 2022 to May 2023" in out
    assert "Mean:        11.64" in out
    assert "Limits:      6.43 to 16.86" in out
    assert "Variation:   Special cause variation: improvement (higher)" in out
    assert "Assurance:   The process will consistently fail the target (target 20)" in out
    assert "Apr 2023: 15.5, improvement (two of three)" in out
    assert "May 2023: 15.5, improvement (two of three)" in out
    assert "two of three: two out of three points close to a process limit" in out


def test_json_output_is_the_result_with_its_points(tmp_path):
    path = write_series(tmp_path, SIGNAL)
    out = trustboard("spc", str(path), "--improvement", "down", "--json").stdout
    data = json.loads(out)
    assert data["judged"] is True
    assert data["variation"] == "concern_high"
    assert data["assurance"] == "no_target"
    assert round(data["upper_limit"], 2) == 16.86
    assert [p["period"] for p in data["points"]][:2] == ["Apr 2022", "May 2022"]
    assert data["points"][-1]["rules"] == ["two_of_three"]


def test_a_short_series_says_why_it_is_not_judged(tmp_path):
    path = write_series(tmp_path, [10, 12, 10, 12, None, 10])
    out = trustboard("spc", str(path), "--improvement", "up").stdout
    assert "Not judged:  too short to judge: 5 points, at least 12 needed" in out
    assert "skipped Aug 2022 (no figure)" in out
    assert "Variation:" not in out


def test_rebase_takes_periods_in_any_spelling(tmp_path):
    path = write_series(tmp_path, [10, 12] * 6 + [20, 22] * 6)
    result = trustboard("spc", str(path), "--improvement", "up", "--json", "--rebase", "2023-04")
    data = json.loads(result.stdout)
    assert data["segments"] == [["Apr 2022", "Mar 2023"], ["Apr 2023", "Mar 2024"]]
    assert data["mean"] == 21
    assert data["variation"] == "common_cause"
    text = trustboard("spc", str(path), "--rebase", "Oct 2022", "Apr 2023").stdout
    assert "Segments:    Apr 2022 to Sep 2022; Oct 2022 to Mar 2023; Apr 2023 to Mar 2024" in text


def test_a_bad_file_lists_every_problem_and_exits_2(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("Month,Count\nSmarch 2023,1\nMar 2023,lots\nMar 2023,3\n")
    result = trustboard("spc", str(path), check=False)
    assert result.returncode == 2
    assert "bad.csv: not analysed; 3 problem(s):" in result.stdout
    assert "row 2, column 'month': 'Smarch 2023'" in result.stdout
    assert "row 3, column 'count': 'lots': expected a number, or empty for a gap" in result.stdout
    assert "row 4, column 'month': 'Mar 2023': expected one row a period" in result.stdout


def test_bad_arguments_exit_2_with_the_reason(tmp_path):
    path = write_series(tmp_path, SIGNAL)
    missing = trustboard("spc", str(tmp_path / "nope.csv"), check=False)
    assert missing.returncode == 2 and "no such file" in missing.stdout
    bad_period = trustboard("spc", str(path), "--rebase", "Smarch", check=False)
    assert bad_period.returncode == 2 and "--rebase: 'Smarch' is not a period" in bad_period.stdout
    outside = trustboard("spc", str(path), "--rebase", "Apr 2030", check=False)
    assert outside.returncode == 2
    assert "rebase at 'Apr 2030': expected a period of the series" in outside.stdout


def test_needs_no_data_folder_and_no_django(tmp_path):
    path = write_series(tmp_path, SIGNAL)
    folder = tmp_path / "never-made"
    trustboard("spc", str(path), "--data-dir", str(folder))
    assert not folder.exists()
    check = (
        "import sys\n"
        "from trustboard import cli\n"
        f"assert cli.main(['spc', {str(path)!r}, '--json']) == 0\n"
        "assert 'django' not in sys.modules, 'spc imported Django'\n"
    )
    subprocess.run([sys.executable, "-c", check], check=True, capture_output=True, timeout=120)
