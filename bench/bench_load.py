"""Load test (issue 5): locust, headless, against one Rasa server and against two.

    .venv/bin/python bench/bench_load.py [--users 50] [--minutes 2] [--spawn-rate 5]

Uses the production profile on this machine: PostgreSQL tracker store (database `tracker_test`,
emptied first) and Redis lock store from `make services`. Locust runs from its own venv
(.venv-bench, created on first use: its dependencies must not touch the pinned Rasa set). Prints
and writes results/bench/load.md: users, requests/s, p50/p95/max latency, failures; the resident
memory of every process; the tracker store's growth per 1,000 conversations.
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_rest import rss_mb  # noqa: E402
from tests.e2e.servers import free_port, launch_actions, launch_rasa, rules_database, server_env, stop_process, wait_for  # noqa: E402

BENCH_VENV = ROOT / ".venv-bench"
LOCUST_VERSION = "2.46.0"  # the last release for Python 3.10 (the project's interpreter)


def locust_binary() -> Path:
    binary = BENCH_VENV / "bin" / "locust"
    if not binary.exists():
        subprocess.run(["python3", "-m", "venv", str(BENCH_VENV)], check=True)
        subprocess.run([str(BENCH_VENV / "bin" / "pip"), "install", "-q", f"locust=={LOCUST_VERSION}"], check=True)
    return binary


def service(file_name: str) -> str:
    path = ROOT / "var" / file_name
    if not path.is_file():
        sys.exit(f"var/{file_name} is missing: run `make services` first")
    return path.read_text().strip()


def tracker_stats(url: str) -> tuple[int, int]:
    """(conversations, bytes on disk of the events table and its indexes)."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            exists = connection.execute(sa.text("SELECT to_regclass('events') IS NOT NULL")).scalar()
            if not exists:
                return 0, 0
            conversations = connection.execute(sa.text("SELECT count(DISTINCT sender_id) FROM events")).scalar()
            size = connection.execute(sa.text("SELECT pg_total_relation_size('events')")).scalar()
            return int(conversations), int(size)
    finally:
        engine.dispose()


def run_locust(hosts: list[str], users: int, minutes: float, spawn_rate: float, out: Path, spread: bool) -> dict:
    env = {"LOAD_HOSTS": " ".join(hosts), "LOAD_SPREAD": "1" if spread else "0", "PATH": "/usr/bin:/bin"}
    subprocess.run(
        [
            str(locust_binary()),
            "-f",
            str(ROOT / "bench" / "locustfile.py"),
            "--headless",
            "--users",
            str(users),
            "--spawn-rate",
            str(spawn_rate),
            "--run-time",
            f"{int(minutes * 60)}s",
            "--csv",
            str(out),
            "--only-summary",
            "--loglevel",
            "WARNING",
        ],
        env=env,
        check=False,  # locust exits 1 when any request failed; the figures say so
    )
    with open(f"{out}_stats.csv") as handle:
        total = next(row for row in csv.DictReader(handle) if row["Name"] == "Aggregated")
    with open(f"{out}_failures.csv") as handle:
        for row in csv.DictReader(handle):
            print(f"  failure x{row['Occurrences']}: {row['Error'][:300]}")
    return {
        "requests": int(total["Request Count"]),
        "failures": int(total["Failure Count"]),
        "rps": float(total["Requests/s"]),
        "p50": float(total["50%"]),
        "p95": float(total["95%"]),
        "max": float(total["Max Response Time"]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--minutes", type=float, default=2.0)
    parser.add_argument("--spawn-rate", type=float, default=5.0)
    args = parser.parse_args()
    postgres, redis_url = service("postgres_url"), service("redis_url")
    tracker_url = postgres.rsplit("/", 1)[0].replace("postgresql+psycopg2://", "postgresql://") + "/tracker_test"
    engine = sa.create_engine(tracker_url)
    with engine.begin() as connection:
        connection.execute(sa.text("DROP TABLE IF EXISTS events"))
    engine.dispose()
    locust_binary()
    lines = [
        f"Locust {LOCUST_VERSION}, {args.users} users, {args.minutes:g} min, think time 5-15 s, "
        f"PostgreSQL tracker store + Redis lock store, {os.cpu_count()} cores.",
        "",
        "| servers | requests | req/s | p50 ms | p95 ms | max ms | failures |",
        "|---|---|---|---|---|---|---|",
    ]
    memory: list[str] = []
    with tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder)
        db_url = rules_database(workdir)
        env = server_env(db_url, workdir, {"TRACKER_STORE_URL": tracker_url, "LOCK_STORE_URL": redis_url})
        nodes = [(free_port(), free_port()) for _ in range(2)]
        processes: dict[str, subprocess.Popen] = {}
        try:
            for count in (1, 2):
                for index, (rasa_port, actions_port) in enumerate(nodes[:count]):
                    if f"rasa{index}" in processes:
                        continue
                    processes[f"actions{index}"] = launch_actions(actions_port, env, workdir / f"a{index}.log")
                    processes[f"rasa{index}"] = launch_rasa(rasa_port, actions_port, env, workdir / f"r{index}.log")
                    wait_for(f"http://127.0.0.1:{rasa_port}/webhooks/health/ready", processes[f"rasa{index}"])
                hosts = [f"http://127.0.0.1:{rasa_port}" for rasa_port, _ in nodes[:count]]
                before = tracker_stats(tracker_url)
                result = run_locust(hosts, args.users, args.minutes, args.spawn_rate, workdir / f"n{count}", False)
                after = tracker_stats(tracker_url)
                lines.append(
                    f"| {count} | {result['requests']} | {result['rps']:.1f} | {result['p50']:.0f} | "
                    f"{result['p95']:.0f} | {result['max']:.0f} | {result['failures']} |"
                )
                print(lines[-1], flush=True)
                conversations, grown = after[0] - before[0], after[1] - before[1]
                if conversations:
                    memory.append(
                        f"- {count} server(s): {conversations} conversations added "
                        f"{grown / 2**20:.1f} MB to the events table: "
                        f"{grown / conversations * 1000 / 2**20:.0f} MB per 1,000 conversations "
                        f"(about {result['requests'] / conversations:.0f} turns each)."
                    )
                memory.append(
                    f"- RSS after the {count}-server run: "
                    + ", ".join(f"{name} {rss_mb(process.pid):.0f} MB" for name, process in processes.items())
                )
        finally:
            for process in processes.values():
                stop_process(process)
    text = "\n".join(lines + [""] + memory) + "\n"
    (ROOT / "results" / "bench").mkdir(parents=True, exist_ok=True)
    (ROOT / "results" / "bench" / "load.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
