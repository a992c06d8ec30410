"""Latency of full turns over the REST webhook, and the servers' resident memory.

    .venv/bin/python bench/bench_rest.py [--conversations 70]

Starts the real action and Rasa servers (trained model in models/, a fresh SQLite threshold
database), runs scripted check_shipment conversations plus de minimis questions, one turn at a
time, and reports p50 / p95 / max per turn and each server's RSS.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.e2e.servers import rules_database, start_assistant  # noqa: E402

# Each message and a substring its reply must hold (the conversation layer answers at once when it can,
# asks only what changes the verdict, and re-answers a follow-up with one fact changed).
SCRIPT = [
    ("will I pay duty on a $650 parcel of phone cases from Vietnam by DHL", "owe duty"),
    ("what if it's a gift from my aunt?", "$100 gift limit"),
    ("what was the de minimis limit in 2015?", "$200"),
    ("can you check another package for me", "worth"),
    ("$1,200", "owe duty"),
    ("and by sea?", "owe duty"),
    ("how much is the MPF on $5,000?", "$17.32"),
    ("and the harbor fee by sea?", "harbor maintenance fee"),
    ("never mind", "dropped"),
]


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, in MB."""
    total = 0
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(child) for child in children.read_text().split()]
    for each in pids:
        for line in Path(f"/proc/{each}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--conversations", type=int, default=25)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder)
        db_url = rules_database(workdir)
        started = time.perf_counter()
        assistant = start_assistant(workdir, db_url)
        print(f"servers ready in {time.perf_counter() - started:.1f} s")
        try:
            timings, wrong = [], 0
            for _ in range(args.conversations):
                sender = f"bench-{uuid.uuid4().hex[:8]}"
                for message, expected in SCRIPT:
                    start = time.perf_counter()
                    reply = assistant.text(sender, message)
                    timings.append((time.perf_counter() - start) * 1000)
                    wrong += expected.lower() not in reply.lower()
            ordered = sorted(timings)
            p95 = ordered[int(0.95 * (len(ordered) - 1))]
            print(
                f"{len(timings)} turns: p50 {statistics.median(timings):.0f} ms, p95 {p95:.0f} ms, "
                f"max {max(timings):.0f} ms; unexpected replies: {wrong}"
            )
            rasa, actions = assistant.processes[1], assistant.processes[0]
            print(f"RSS: Rasa server {rss_mb(rasa.pid):.0f} MB, action server {rss_mb(actions.pid):.0f} MB")
        finally:
            assistant.stop()


if __name__ == "__main__":
    main()
