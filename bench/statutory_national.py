"""Import every English authority's SSDA903 returns and CIN censuses, then compute: how long,
how much memory, against the same records loaded from Parquet.

A national synthetic set (``trustboard.synth.records``, 153 areas by default, two collection
years) is written as each authority's statutory returns by ``trustboard.synth.statutory``: an
SSDA903 return (CSV tables) and a CIN census (XML) per year, as councils send them. Then, each in
a fresh process whose resident memory is sampled every 0.1 s:

1. **returns**: every return imported through the adapters (``statutory.import_return``: read,
   checked against the specification, pseudonymised, stored in one transaction per return) into
   one analytic store, oldest year first;
2. **parquet**: the very records that store now holds, exported to Parquet beforehand, loaded
   into a second store (``insert ... from read_parquet``), with the same coverage: the cost of the
   same data arriving already clean;
3. **compute** on each store: every example measure over the sources the returns fill, through
   ``compute.evaluate_all`` with the stores' coverage. The two stores' figures must be identical.

Nothing generated is kept unless ``--workdir`` names a folder.

    uv run --group bench python bench/statutory_national.py
    uv run --group bench python bench/statutory_national.py --areas 10
"""

from __future__ import annotations

import argparse
import json
import pickle
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measures_national import _own_peak, _tree_rss, compare

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_MEASURES = REPO / "trustboard" / "examples" / "oxfordshire" / "measures.yaml"
STATUTORY_SOURCES = (
    "care_episodes",
    "missing_episodes",
    "plans",
    "referrals",
    "social_care_assessments",
    "section_47_enquiries",
)
GIB = 1024**3


# -- data ------------------------------------------------------------------------------------------
def prepare(workdir: Path, *, areas: int, start: date, end: date, seed: int) -> dict:
    """Generate the national set and write each authority's returns; list them in import order."""
    from trustboard.synth import records
    from trustboard.synth.records.areas import area_codes
    from trustboard.synth.statutory import write_returns

    options = records.SynthOptions(areas=areas, start=start, end=end, seed=seed)
    started = time.perf_counter()
    tables = records.generate(options)
    generated = time.perf_counter() - started
    started = time.perf_counter()
    plan: list[dict] = []
    for code in area_codes(areas):
        written = write_returns(tables, options, workdir / "returns" / code, la_code=code)
        plan += [
            {"area": code, "year": str(r.year), "files": [str(p) for p in r.files]} for r in written
        ]
    plan.sort(key=lambda item: item["year"])
    manifest = {
        "generate_seconds": generated,
        "write_seconds": time.perf_counter() - started,
        "returns": len(plan),
        "files": sum(len(item["files"]) for item in plan),
        "bytes": sum(Path(f).stat().st_size for item in plan for f in item["files"]),
        "plan": plan,
    }
    (workdir / "manifest.json").write_text(json.dumps(manifest))
    return manifest


# -- workers ---------------------------------------------------------------------------------------
def _import_returns(workdir: Path) -> dict:
    from trustboard.ingest.statutory import File, import_return

    plan = json.loads((workdir / "manifest.json").read_text())["plan"]
    store = workdir / "returns.duckdb"
    rows = 0
    for item in plan:
        files = [File(Path(f).name, Path(f).read_bytes()) for f in item["files"]]
        rows += import_return(files, store, area_code=item["area"]).rows
    return {"rows": rows}


def _export_parquet(workdir: Path) -> None:
    """The records the returns' store holds, as Parquet: the same data, arriving clean."""
    import duckdb

    folder = workdir / "parquet"
    folder.mkdir(exist_ok=True)
    connection = duckdb.connect(str(workdir / "returns.duckdb"), read_only=True)
    try:
        for name in (*STATUTORY_SOURCES, "record_coverage"):
            connection.execute(f"copy {name} to '{folder / name}.parquet' (format parquet)")
    finally:
        connection.close()


def _load_parquet(workdir: Path) -> dict:
    from trustboard.measures import store

    path = workdir / "parquet.duckdb"
    path.unlink(missing_ok=True)
    connection = store.connect(path)
    try:
        connection.execute("begin transaction")
        for name in (*STATUTORY_SOURCES, "record_coverage"):
            source = workdir / "parquet" / f"{name}.parquet"
            connection.execute(f"insert into {name} by name select * from read_parquet('{source}')")
        connection.execute(
            "insert into record_batches select distinct batch_hash, 'parquet', 'parquet', 0, 0, "
            "now()::timestamp from record_coverage"
        )
        connection.execute("commit")
        rows = sum(
            connection.execute(f"select count(*) from {name}").fetchone()[0]
            for name in STATUTORY_SOURCES
        )
    finally:
        connection.close()
    return {"rows": rows}


def _compute(workdir: Path, store_name: str) -> dict:
    from trustboard.measures import compute
    from trustboard.measures.definitions import load_measures
    from trustboard.measures.engines import DuckDBEngine
    from trustboard.measures.store import coverage

    path = workdir / store_name
    measures = [m for m in load_measures(EXAMPLE_MEASURES) if m.sources <= set(STATUTORY_SOURCES)]
    covered = coverage(path)
    engine = DuckDBEngine.open(path)
    try:
        results = compute.evaluate_all(engine, measures, coverage=covered)
    finally:
        engine.close()
    values = {
        measure: [(v.area, v.period, v.breakdown, v.value, v.numerator, v.denominator) for v in vs]
        for measure, vs in results.items()
    }
    return {"values": values, "figures": sum(len(v) for v in values.values())}


WORKERS = {
    "returns": lambda workdir: _import_returns(workdir),
    "parquet": lambda workdir: _load_parquet(workdir),
    "compute-returns": lambda workdir: _compute(workdir, "returns.duckdb"),
    "compute-parquet": lambda workdir: _compute(workdir, "parquet.duckdb"),
}


def worker(name: str, workdir: Path) -> None:
    started = time.perf_counter()
    result = WORKERS[name](workdir)
    result["seconds"] = time.perf_counter() - started
    result["own_peak_bytes"] = _own_peak()
    with open(workdir / f"{name}.pickle", "wb") as file:
        pickle.dump(result, file)


def run(name: str, workdir: Path) -> dict:
    """One step in a fresh process, its resident memory sampled every 0.1 s."""
    command = [sys.executable, __file__, "--worker", name, "--workdir", str(workdir)]
    log = workdir / f"{name}.log"
    with open(log, "wb") as output:
        child = subprocess.Popen(command, cwd=REPO, stdout=output, stderr=subprocess.STDOUT)
        watched = psutil.Process(child.pid)
        peak = 0
        while child.poll() is None:
            peak = max(peak, _tree_rss(watched))
            time.sleep(0.1)
    if child.returncode != 0:
        sys.stderr.write(log.read_text(errors="replace")[-5000:])
        raise SystemExit(f"{name} failed (exit {child.returncode}); its log: {log}")
    with open(workdir / f"{name}.pickle", "rb") as file:
        result = pickle.load(file)
    result["peak_bytes"] = max(peak, result["own_peak_bytes"])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--areas", type=int, default=153)
    parser.add_argument("--start", type=date.fromisoformat, default=date(2022, 4, 1))
    parser.add_argument("--end", type=date.fromisoformat, default=date(2024, 3, 31))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--worker", choices=sorted(WORKERS))
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.workdir)
        return
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="trustboard-statutory-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        manifest = prepare(
            workdir, areas=args.areas, start=args.start, end=args.end, seed=args.seed
        )
        print(
            f"{args.areas} areas, {args.start} to {args.end}: {manifest['returns']} returns, "
            f"{manifest['files']} files, {manifest['bytes'] / 2**20:.0f} MiB; generated in "
            f"{manifest['generate_seconds']:.1f} s, written in {manifest['write_seconds']:.1f} s"
        )
        imported = run("returns", workdir)
        _export_parquet(workdir)
        loaded = run("parquet", workdir)
        assert imported["rows"] >= loaded["rows"] > 0
        computed = {name: run(f"compute-{name}", workdir) for name in ("returns", "parquet")}
        same, problems = compare(computed["parquet"]["values"], computed["returns"]["values"])
        print("| step | records | seconds | peak RSS (GiB) |")
        print("|---|---:|---:|---:|")
        for label, step, records in (
            ("import the returns (read, check, pseudonymise, store)", imported, loaded["rows"]),
            ("load the same records from Parquet", loaded, loaded["rows"]),
        ):
            print(
                f"| {label} | {records:,} | {step['seconds']:.1f} | "
                f"{step['peak_bytes'] / GIB:.2f} |"
            )
        for name, step in computed.items():
            print(
                f"| compute over the {name} store ({step['figures']:,} figures) | | "
                f"{step['seconds']:.1f} | {step['peak_bytes'] / GIB:.2f} |"
            )
        print(
            f"returns ÷ Parquet, load: {imported['seconds'] / loaded['seconds']:.1f}×; "
            f"figures identical: {'yes' if same else 'NO'}"
        )
        if not same:
            print("\n".join(problems[:20]))
            raise SystemExit(1)
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
