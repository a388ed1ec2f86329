"""Load benchmark: many people browsing the dashboard and the returns at once.

Builds the demo partnership in a scratch PostgreSQL database, serves it with gunicorn (the
production WSGI server) on loopback, and drives it with concurrent virtual users for a fixed
time. Each user signs in once, then loops over the pages someone in that role opens, pausing a
moment between pages as a person does. It reports requests per second, latency percentiles and
errors. Everything stays on 127.0.0.1; the run is bounded in time and stops by itself.

    uv run --group bench python bench/load_dashboard.py --users 50 --duration 120

Needs PostgreSQL at 127.0.0.1:5432 (trust auth): the database ``trustboard_load`` is dropped
and created afresh.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

DATABASE = "trustboard_load"
SERVER = "postgres://postgres@127.0.0.1:5432"

# (username, password, pages): what each kind of user opens, in a loop.
BROWSING = {
    "board": (
        "board-demo-password",
        ["/", "/early-help/", "/indicators/1.4/", "/indicators/1.1/", "/plan/"],
    ),
    "analyst": (
        "analyst-demo-password",
        ["/", "/returns/", "/returns/{round}/", "/early-help/", "/audit/", "/indicators/4.1/"],
    ),
    "health": ("health-demo-password", ["/returns/", "/returns/{round}/health/", "/plan/"]),
    "police": ("police-demo-password", ["/returns/", "/returns/{round}/police/", "/plan/"]),
}
MIX = ["board"] * 5 + ["analyst"] * 2 + ["health", "police"]
"""Who the users are: mostly board members reading, some analysts, some contributors."""


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    requests: int = 0

    def add(self, page: str, seconds: float, ok: bool, why: str = "") -> None:
        self.requests += 1
        self.latencies.setdefault(page, []).append(seconds)
        if not ok:
            self.errors[why] = self.errors.get(why, 0) + 1


def _psql(sql: str) -> None:
    subprocess.run(
        ["psql", f"{SERVER}/postgres", "-v", "ON_ERROR_STOP=1", "-q", "-c", sql],
        check=True,
        capture_output=True,
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build(data_dir: Path) -> dict[str, str]:
    """The demo in a fresh PostgreSQL database, plus an open return round."""
    _psql(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
    _psql(f"CREATE DATABASE {DATABASE}")
    env = os.environ | {
        "DATABASE_URL": f"{SERVER}/{DATABASE}",
        "TRUSTBOARD_DATA_DIR": str(data_dir),
    }
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "trustboard.cli", "demo", "--no-serve"],
        env=env,
        check=True,
        capture_output=True,
    )
    print(f"demo built in PostgreSQL in {time.perf_counter() - started:.1f} s", flush=True)
    round_id = subprocess.run(
        [sys.executable, "-c", OPEN_ROUND],
        env=env | {"DJANGO_SETTINGS_MODULE": "trustboard.web.settings"},
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    return env | {"ROUND": round_id or "1"}


OPEN_ROUND = """
import django
django.setup()
from trustboard.web.returns.models import ReturnRound
found = ReturnRound.objects.order_by("-id").first()
if found is None:
    from datetime import date
    from django.contrib.auth.models import User
    from trustboard.web.returns import services
    found = services.open_round(
        period="Q3 2022/23", due=date(2023, 1, 31), actor=User.objects.get(username="analyst")
    )
print(found.pk)
"""


def serve(env: dict[str, str], workers: int, port: int) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "trustboard.web.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--access-logfile",
        "/dev/null",
        "--error-logfile",
        "-",
    ]
    server = subprocess.Popen(command, env=env, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/login/", timeout=2)
            return server
        except httpx.HTTPError:
            time.sleep(0.3)
    server.kill()
    raise RuntimeError("gunicorn did not start within 60 s")


async def _sign_in(client: httpx.AsyncClient, username: str, password: str) -> None:
    page = await client.get("/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    if token is None:
        raise RuntimeError("no CSRF token on the login page")
    response = await client.post(
        "/login/",
        data={"username": username, "password": password, "csrfmiddlewaretoken": token[1]},
        headers={"Referer": str(client.base_url) + "/login/"},
    )
    if response.status_code != 302:
        raise RuntimeError(f"{username} could not sign in: HTTP {response.status_code}")


async def user(
    number: int, base: str, round_id: str, until: float, think: float, results: Results
) -> None:
    username = MIX[number % len(MIX)]
    password, pages = BROWSING[username]
    rng = random.Random(number)
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        # People arrive over a few seconds, not all in the same instant: signing in costs a
        # deliberate ~0.3 s of password hashing, and fifty at once would measure only that.
        await asyncio.sleep(rng.uniform(0, max(think, 1.0) * 2))
        await _sign_in(client, username, password)
        while time.monotonic() < until:
            for template in pages:
                if time.monotonic() >= until:
                    return
                page = template.format(round=round_id)
                started = time.perf_counter()
                try:
                    response = await client.get(page)
                    ok = response.status_code == 200
                    why = "" if ok else f"HTTP {response.status_code} {template}"
                except httpx.HTTPError as error:
                    ok, why = False, f"{type(error).__name__} {template}"
                results.add(template, time.perf_counter() - started, ok, why)
                await asyncio.sleep(rng.uniform(0.5 * think, 1.5 * think))


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


async def drive(base: str, round_id: str, users: int, duration: float, think: float) -> Results:
    results = Results()
    until = time.monotonic() + duration
    await asyncio.gather(*(user(n, base, round_id, until, think, results) for n in range(users)))
    return results


def report(results: Results, duration: float, users: int, workers: int) -> str:
    everything = [s for values in results.latencies.values() for s in values]
    lines = [
        f"{users} users for {duration:.0f} s, gunicorn with {workers} workers, PostgreSQL, "
        f"loopback, {os.cpu_count()} cores",
        "",
        "| page | requests | p50 ms | p95 ms | p99 ms |",
        "|---|---:|---:|---:|---:|",
    ]
    for page, values in sorted(results.latencies.items()):
        lines.append(
            f"| `{page}` | {len(values)} | {statistics.median(values) * 1000:.0f} | "
            f"{_percentile(values, 95) * 1000:.0f} | {_percentile(values, 99) * 1000:.0f} |"
        )
    errors = sum(results.errors.values())
    lines += [
        f"| **all** | {len(everything)} | {statistics.median(everything) * 1000:.0f} | "
        f"{_percentile(everything, 95) * 1000:.0f} | {_percentile(everything, 99) * 1000:.0f} |",
        "",
        f"Throughput {len(everything) / duration:.1f} requests/s; errors {errors}"
        + (f" ({results.errors})" if errors else ""),
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=120, help="seconds of load")
    parser.add_argument("--think", type=float, default=1.0, help="mean pause between pages (s)")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    args = parser.parse_args()
    if shutil.which("psql") is None:
        print("needs psql and PostgreSQL at 127.0.0.1:5432")
        return 2
    with tempfile.TemporaryDirectory(prefix="trustboard-load-") as folder:
        env = build(Path(folder))
        port = _free_port()
        server = serve(env, args.workers, port)
        try:
            base = f"http://127.0.0.1:{port}"
            # One request per page first, so start-up costs are not counted as load.
            results = asyncio.run(drive(base, env["ROUND"], len(MIX), 5, 0.0))
            print(f"warm-up: {results.requests} requests, errors {results.errors or 0}")
            results = asyncio.run(drive(base, env["ROUND"], args.users, args.duration, args.think))
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        print(report(results, args.duration, args.users, args.workers))
    _psql(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
    return 0 if not results.errors else 1


if __name__ == "__main__":
    sys.exit(main())
