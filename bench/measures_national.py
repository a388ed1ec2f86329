"""Time every measure for every English local authority and month: DuckDB, Spark and pandas.

Builds a national-scale synthetic set (153 areas, five financial years: over ten million MASH
contacts and over a million early help assessments) with ``trustboard.synth.records``, writes it
once to Parquet in a temporary folder outside the repository and loads it into a DuckDB file
with the store's record tables. Then each engine computes every example measure for every area
and period, each in a fresh process whose resident memory (with any child, such as Spark's JVM)
is sampled every 0.1 s:

- DuckDB: ``DuckDBEngine`` over the DuckDB file and ``compute.evaluate_all``;
- Spark in local mode: ``SparkEngine`` over the Parquet files and the same ``evaluate_all``
  (the session's start-up is timed apart from the measures);
- pandas: ``bench/pandas_measures.py``, a straightforward pandas reading of the same definitions,
  the yardstick (loading the Parquet files is timed apart from the measures).

Every engine's figures are compared with DuckDB's (all measures, areas, periods and breakdown
values; percentages and ratios to 1e-9). Goal on the project's 2-core machine: DuckDB at least
ten times faster than pandas, under 30 seconds, within 4 GiB. Nothing generated is kept unless
``--keep`` (or a ``--workdir`` of your own) says so.

    uv run --group bench python bench/measures_national.py
    uv run --group bench python bench/measures_national.py --areas 10 --engines duckdb,pandas
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import math
import os
import pickle
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_MEASURES = REPO / "trustboard" / "examples" / "oxfordshire" / "measures.yaml"
ENGINES = ("duckdb", "spark", "pandas")
GIB = 1024**3
TOLERANCE = 1e-9
GOAL_SECONDS = 30.0
GOAL_SPEED_UP = 10.0
GOAL_MEMORY_GIB = 4.0


def _own_peak() -> int:
    """This process's peak resident memory (VmHWM, exact; 0 where /proc has none).

    Not ``getrusage``: on Linux a child started by fork and exec reports its parent's peak
    there until it outgrows it, which would charge each engine with the data generation's.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


# -- data ------------------------------------------------------------------------------------------
def prepare(workdir: Path, *, areas: int, start: date, end: date, seed: int) -> dict:
    """Generate the set, write it to Parquet once, load it into a DuckDB file; time each step.

    Data already in ``workdir`` for the same options is reused (``"reused": True``).
    """
    import duckdb

    from trustboard.measures.sources import SOURCES
    from trustboard.measures.store import ensure_record_tables
    from trustboard.synth import records

    manifest_path = workdir / "manifest.json"
    wanted = {"areas": areas, "start": str(start), "end": str(end), "seed": seed}
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text())
        if manifest["options"] == wanted:
            manifest["reused"] = True
            return manifest
    started = time.perf_counter()
    tables = records.generate(records.SynthOptions(areas=areas, start=start, end=end, seed=seed))
    generated = time.perf_counter() - started
    peak_generate = _own_peak()
    rows = {name: len(next(iter(tables[name].values()))) for name in SOURCES if name in tables}
    parquet = workdir / "parquet"
    started = time.perf_counter()
    records.write(tables, parquet, "parquet")
    written = time.perf_counter() - started
    del tables
    gc.collect()
    started = time.perf_counter()
    database = workdir / "store.duckdb"
    database.unlink(missing_ok=True)
    connection = duckdb.connect(str(database))
    # The store's own tables (and their types); the ids stay the generator's: measures only
    # compare them, so they need no pseudonyms here.
    ensure_record_tables(connection)
    for name, source in SOURCES.items():
        if not (parquet / f"{name}.parquet").exists():
            continue  # a source the generator does not make stays empty
        present = {
            c
            for (c,) in connection.execute(
                "select column_name from information_schema.columns where table_name = ?", [name]
            ).fetchall()
        }
        columns = list(source.column_names)
        extra = ["batch_hash"] if "batch_hash" in present else []
        path = str(parquet / f"{name}.parquet").replace("'", "''")
        connection.execute(
            f"insert into {name} ({', '.join(columns + extra)}) "
            f"select {', '.join(columns)}{', ' + repr('synthetic') if extra else ''} "
            f"from read_parquet('{path}')"
        )
    connection.execute("checkpoint")
    connection.close()
    loaded = time.perf_counter() - started
    manifest = {
        "options": wanted,
        "rows": rows,
        "generate_seconds": generated,
        "generate_peak_bytes": peak_generate,
        "parquet_seconds": written,
        "duckdb_load_seconds": loaded,
        "parquet_bytes": sum(p.stat().st_size for p in parquet.iterdir()),
        "duckdb_bytes": database.stat().st_size,
        "reused": False,
    }
    manifest_path.write_text(json.dumps(manifest, indent=2))
    return manifest


# -- workers (one fresh process per engine) --------------------------------------------------------
def parquet_paths(workdir: Path) -> dict[str, Path]:
    from trustboard.measures.sources import SOURCES

    paths = {name: workdir / "parquet" / f"{name}.parquet" for name in SOURCES}
    return {name: path for name, path in paths.items() if path.exists()}


def worker(args) -> None:
    from trustboard.measures.definitions import load_measures

    workdir = Path(args.workdir)
    measures = load_measures(args.measures)
    timings: dict[str, float] = {}
    per_measure: dict[str, float] = {}
    options: dict[str, str] = {}

    def progress(measure, count, seconds):
        per_measure[measure.id] = seconds

    if args.worker == "duckdb":
        from trustboard.measures import compute
        from trustboard.measures.engines import DuckDBEngine

        started = time.perf_counter()
        engine = DuckDBEngine.open(workdir / "store.duckdb")
        if args.duckdb_threads:
            engine.connection.execute(f"set threads = {int(args.duckdb_threads)}")
        if args.duckdb_memory_limit:
            engine.connection.execute(f"set memory_limit = '{args.duckdb_memory_limit}'")
        for name in ("threads", "memory_limit"):
            options[name] = str(
                engine.connection.execute(f"select current_setting('{name}')").fetchone()[0]
            )
        timings["start"] = time.perf_counter() - started
        started = time.perf_counter()
        cpu = _tree_cpu()
        results = compute.evaluate_all(engine, measures, progress=progress)
        timings["measures"] = time.perf_counter() - started
        timings["cpu"] = _tree_cpu() - cpu
        engine.close()
    elif args.worker == "spark":
        from trustboard.measures import compute
        from trustboard.measures.engines import SparkEngine, spark_session

        master = f"local[{args.spark_cores}]"
        options = {"master": master, "driver memory": args.spark_memory}
        started = time.perf_counter()
        session = spark_session(master, memory=args.spark_memory)
        engine = SparkEngine(session, parquet_paths(workdir))
        timings["start"] = time.perf_counter() - started
        started = time.perf_counter()
        cpu = _tree_cpu()
        results = compute.evaluate_all(engine, measures, progress=progress)
        timings["measures"] = time.perf_counter() - started
        timings["cpu"] = _tree_cpu() - cpu
        session.stop()
    elif args.worker == "pandas":
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        import pandas as pd
        import pandas_measures

        options = {"pandas": pd.__version__}
        started = time.perf_counter()
        tables = pandas_measures.load(parquet_paths(workdir))
        timings["start"] = time.perf_counter() - started
        started = time.perf_counter()
        cpu = _tree_cpu()
        results = pandas_measures.evaluate_all(tables, measures, progress=progress)
        timings["measures"] = time.perf_counter() - started
        timings["cpu"] = _tree_cpu() - cpu
    else:
        raise SystemExit(f"unknown engine {args.worker!r}")
    values = {
        measure: [(v.area, v.period, v.breakdown, v.value, v.numerator, v.denominator) for v in vs]
        for measure, vs in results.items()
    }
    out = {
        "timings": timings,
        "per_measure": per_measure,
        "options": options,
        "values": values,
        "own_peak_bytes": _own_peak(),
    }
    with open(workdir / f"results-{args.worker}.pickle", "wb") as file:
        pickle.dump(out, file, protocol=pickle.HIGHEST_PROTOCOL)


def _tree_cpu() -> float:
    """CPU seconds (user and system) used so far by this process and its children (Spark's
    JVM): a measure of the work done that a busy machine inflates far less than wall time."""
    me = psutil.Process()
    total = 0.0
    for member in [me, *me.children(recursive=True)]:
        with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):
            times = member.cpu_times()
            total += times.user + times.system
    return total


def _tree_rss(process: psutil.Process) -> int:
    total = 0
    try:
        members = [process, *process.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    for member in members:
        with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):
            total += member.memory_info().rss
    return total


def run_engine(engine: str, args, workdir: Path) -> dict:
    """Run one engine in a fresh process, sampling its process tree's RSS every 0.1 s."""
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--worker",
        engine,
        "--workdir",
        str(workdir),
        "--measures",
        str(args.measures),
        "--spark-memory",
        args.spark_memory,
        "--spark-cores",
        str(args.spark_cores),
    ]
    if args.duckdb_threads:
        command += ["--duckdb-threads", str(args.duckdb_threads)]
    if args.duckdb_memory_limit:
        command += ["--duckdb-memory-limit", args.duckdb_memory_limit]
    log = workdir / f"{engine}.log"
    load = os.getloadavg()[0]
    started = time.perf_counter()
    with open(log, "wb") as output:
        child = subprocess.Popen(command, cwd=REPO, stdout=output, stderr=subprocess.STDOUT)
        watched = psutil.Process(child.pid)
        peak = 0
        while child.poll() is None:
            peak = max(peak, _tree_rss(watched))
            time.sleep(0.1)
    wall = time.perf_counter() - started
    if child.returncode != 0:
        sys.stderr.write(log.read_text(errors="replace")[-5000:])
        raise SystemExit(f"the {engine} run failed (exit {child.returncode}); its log: {log}")
    result_path = workdir / f"results-{engine}.pickle"
    with open(result_path, "rb") as file:
        result = pickle.load(file)
    result_path.unlink()
    result["peak_bytes"] = max(peak, result["own_peak_bytes"])
    result["process_seconds"] = wall
    result["load_before"] = load
    result["load_after"] = os.getloadavg()[0]
    return result


def _best(attempts: list[dict]) -> dict:
    """The fastest run (its per-measure times), with the median time and the highest peak."""
    best = min(attempts, key=lambda run: run["timings"]["measures"])
    best["median"] = statistics.median(run["timings"]["measures"] for run in attempts)
    best["peak_bytes"] = max(run["peak_bytes"] for run in attempts)
    best["load_before"] = max(run["load_before"] for run in attempts)
    best["load_after"] = max(run["load_after"] for run in attempts)
    return best


# -- comparing -------------------------------------------------------------------------------------
def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=TOLERANCE, abs_tol=TOLERANCE)


def compare(reference: dict, other: dict) -> tuple[bool, list[str]]:
    """Whether two engines' figures agree; what differs, a few examples per measure."""
    problems = []
    for measure in sorted(set(reference) | set(other)):
        mine = {v[:3]: v[3:] for v in reference.get(measure, [])}
        theirs = {v[:3]: v[3:] for v in other.get(measure, [])}
        missing = sorted(mine.keys() - theirs.keys())
        extra = sorted(theirs.keys() - mine.keys())
        differ = sorted(
            k
            for k in mine.keys() & theirs.keys()
            if not all(_close(a, b) for a, b in zip(mine[k], theirs[k], strict=True))
        )
        if missing or extra or differ:
            text = (
                f"{measure}: {len(mine)} vs {len(theirs)} figures; {len(missing)} missing, "
                f"{len(extra)} extra, {len(differ)} different"
            )
            for key in differ[:3]:
                text += f"\n    {key}: {mine[key]} vs {theirs[key]}"
            for key in missing[:2]:
                text += f"\n    missing {key}: {mine[key]}"
            for key in extra[:2]:
                text += f"\n    extra {key}: {theirs[key]}"
            problems.append(text)
    return not problems, problems


# -- report ----------------------------------------------------------------------------------------
def _machine() -> str:
    memory = psutil.virtual_memory().total / GIB
    return (
        f"{os.cpu_count()} cores, {memory:.0f} GiB RAM, {platform.system()} "
        f"{platform.machine()}, Python {platform.python_version()}"
    )


def _versions() -> str:
    from importlib.metadata import version

    names = ("duckdb", "pyspark", "pandas", "pyarrow")
    return ", ".join(f"{n} {version(n)}" for n in names)


def report(args, manifest: dict, runs: dict[str, dict], checks: dict[str, str]) -> str:
    lines = []
    rows = manifest["rows"]
    lines.append(
        f"Data: {args.areas} areas, {args.start:%d/%m/%Y} to {args.end:%d/%m/%Y}, seed {args.seed}"
        + (" (reused from --workdir)" if manifest.get("reused") else "")
        + f"; each engine run {args.runs} time(s), fresh process each"
    )
    lines.append("")
    lines.append("| source | records |")
    lines.append("|---|---:|")
    for name, count in rows.items():
        lines.append(f"| {name} | {count:,} |")
    lines.append("")
    lines.append(
        f"Generated in {manifest['generate_seconds']:.1f} s "
        f"(peak {manifest['generate_peak_bytes'] / GIB:.1f} GiB), written to Parquet in "
        f"{manifest['parquet_seconds']:.1f} s ({manifest['parquet_bytes'] / 1024**2:,.0f} MiB), "
        f"loaded into DuckDB in {manifest['duckdb_load_seconds']:.1f} s "
        f"({manifest['duckdb_bytes'] / 1024**2:,.0f} MiB)."
    )
    lines.append("")
    pandas_run = runs.get("pandas")
    start_names = {"duckdb": "open the file", "spark": "start session", "pandas": "load Parquet"}
    lines.append(
        "| engine | start-up (s) | all measures, best (s) | median (s) | CPU (s) "
        "| peak RSS (GiB) | pandas ÷ engine, wall (CPU) | figures | identical to DuckDB's |"
    )
    lines.append("|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for engine, run in runs.items():
        timings = run["timings"]
        ratio = (
            f"{pandas_run['timings']['measures'] / timings['measures']:.1f}× "
            f"({pandas_run['timings']['cpu'] / timings['cpu']:.1f}×)"
            if pandas_run
            else "–"
        )
        figures = sum(len(v) for v in run["values"].values())
        lines.append(
            f"| {engine} | {timings['start']:.1f} ({start_names[engine]}) "
            f"| {timings['measures']:.1f} | {run['median']:.1f} | {timings['cpu']:.1f} "
            f"| {run['peak_bytes'] / GIB:.2f} | {ratio} | {figures:,} | {checks[engine]} |"
        )
    lines.append("")
    order = sorted(
        next(iter(runs.values()))["per_measure"],
        key=lambda m: -max(run["per_measure"].get(m, 0) for run in runs.values()),
    )
    lines.append("Seconds per measure, slowest first:")
    lines.append("")
    lines.append("| measure | figures | " + " | ".join(runs) + " |")
    lines.append("|---|---:|" + "---:|" * len(runs))
    first = next(iter(runs.values()))
    for measure in order[: args.top]:
        figures = len(first["values"].get(measure, []))
        cells = " | ".join(f"{run['per_measure'].get(measure, 0):.2f}" for run in runs.values())
        lines.append(f"| {measure} | {figures:,} | {cells} |")
    lines.append("")
    settings = "; ".join(
        f"{engine}: " + ", ".join(f"{k} {v}" for k, v in run["options"].items())
        for engine, run in runs.items()
    )
    lines.append(f"Settings: {settings}.")
    loads = ", ".join(
        f"{engine} {run['load_before']:.1f} before, {run['load_after']:.1f} after"
        for engine, run in runs.items()
    )
    lines.append(f"Load average (1 min; the highest of the runs): {loads}.")
    lines.append(f"Machine: {_machine()}; {_versions()}.")
    return "\n".join(lines)


def _verdict(runs: dict[str, dict]) -> list[str]:
    if "duckdb" not in runs:
        return []
    duck = runs["duckdb"]
    seconds = duck["timings"]["measures"]
    memory = duck["peak_bytes"] / GIB
    lines = [
        f"DuckDB under {GOAL_SECONDS:.0f} s: {'yes' if seconds < GOAL_SECONDS else 'NO'} "
        f"({seconds:.1f} s)",
        f"DuckDB within {GOAL_MEMORY_GIB:.0f} GiB: {'yes' if memory <= GOAL_MEMORY_GIB else 'NO'} "
        f"({memory:.2f} GiB)",
    ]
    if "pandas" in runs:
        ratio = runs["pandas"]["timings"]["measures"] / seconds
        cpu = runs["pandas"]["timings"]["cpu"] / duck["timings"]["cpu"]
        lines.append(
            f"DuckDB at least {GOAL_SPEED_UP:.0f}× pandas: "
            f"{'yes' if ratio >= GOAL_SPEED_UP else 'NO'} ({ratio:.1f}× in wall time, "
            f"{cpu:.1f}× in CPU time)"
        )
    return lines


# -- command ---------------------------------------------------------------------------------------
def _engines(text: str) -> list[str]:
    names = [n.strip() for n in text.split(",") if n.strip()]
    unknown = [n for n in names if n not in ENGINES]
    if unknown or not names:
        raise argparse.ArgumentTypeError(f"expected some of {', '.join(ENGINES)}")
    # DuckDB first: it is the reference the others are compared with.
    return sorted(set(names), key=ENGINES.index)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--areas", type=int, default=153, help="local authorities (153: England)")
    parser.add_argument("--start", type=date.fromisoformat, default=date(2019, 4, 1))
    parser.add_argument("--end", type=date.fromisoformat, default=date(2024, 3, 31))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--engines", type=_engines, default=list(ENGINES))
    parser.add_argument(
        "--workdir",
        help="folder for the generated data (default: a new temporary folder, removed after); "
        "data already there for the same options is reused",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--measures", default=str(EXAMPLE_MEASURES))
    parser.add_argument("--duckdb-threads", type=int, help="DuckDB's threads (default: cores)")
    parser.add_argument(
        "--duckdb-memory-limit", help="DuckDB's memory_limit, e.g. 3GB (default: 80%% of RAM)"
    )
    parser.add_argument("--spark-memory", default="4g", help="Spark driver memory (default 4g)")
    parser.add_argument("--spark-cores", type=int, default=2, help="local[N] (default 2)")
    parser.add_argument(
        "--runs",
        type=int,
        default=1,
        help="run each engine this many times, each in a fresh process; the table shows the "
        "fastest and the median, and the highest peak memory",
    )
    parser.add_argument("--top", type=int, default=20, help="measures shown in the table")
    parser.add_argument("--worker", choices=ENGINES, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args)
        return

    temporary = args.workdir is None
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="trustboard-measures-")).resolve()
    if workdir.is_relative_to(REPO):
        raise SystemExit(f"--workdir {workdir} is inside the repository: choose a folder outside")
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        print(f"Working in {workdir}", flush=True)
        manifest = prepare(
            workdir, areas=args.areas, start=args.start, end=args.end, seed=args.seed
        )
        rows = manifest["rows"]
        print(
            f"Data ready: {', '.join(f'{n} {c:,}' for n, c in rows.items())}",
            flush=True,
        )
        if (
            rows.get("mash_contacts", 0) <= 10_000_000
            or rows.get("early_help_assessments", 0) <= 1_000_000
        ):
            print(
                "Note: fewer than 10 million MASH contacts or 1 million early help assessments "
                "(national scale needs more areas: --areas)",
                flush=True,
            )
        runs: dict[str, dict] = {}
        for engine in args.engines:
            attempts = []
            for attempt in range(args.runs):
                print(f"Running {engine} ({attempt + 1} of {args.runs}) ...", flush=True)
                attempts.append(run_engine(engine, args, workdir))
                timings = attempts[-1]["timings"]
                print(
                    f"  {engine}: start-up {timings['start']:.1f} s, measures "
                    f"{timings['measures']:.1f} s, "
                    f"peak {attempts[-1]['peak_bytes'] / GIB:.2f} GiB",
                    flush=True,
                )
            runs[engine] = _best(attempts)
        checks: dict[str, str] = {}
        problems_found = []
        reference = runs["duckdb"]["values"] if "duckdb" in runs else None
        for engine, run in runs.items():
            if reference is None:
                checks[engine] = "not checked (no DuckDB run)"
                continue
            if engine == "duckdb":
                checks[engine] = "(reference)"
                continue
            same, problems = compare(reference, run["values"])
            checks[engine] = "yes" if same else "NO"
            problems_found += [f"{engine} differs from DuckDB: {p}" for p in problems]
        print()
        print(report(args, manifest, runs, checks))
        print()
        for line in _verdict(runs):
            print(line)
        for problem in problems_found:
            print(problem)
        if problems_found:
            sys.exit(1)
    finally:
        if temporary and not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
        elif temporary:
            print(f"Kept {workdir}")


if __name__ == "__main__":
    main()
