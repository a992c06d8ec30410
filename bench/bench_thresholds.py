"""Benchmark of the threshold store: a full load, and assess_shipment as the actions call it.

    .venv/bin/python bench/bench_thresholds.py [--url sqlite:///var/bench.sqlite3] [--n 3000]

Each assessment includes the store's revision check (one single-row query), as in a real turn.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.thresholds import ThresholdStore, assess_shipment, create_engine, load_directory, migrate  # noqa: E402
from bot.thresholds.schema import SHIPMENT_MODES  # noqa: E402

RULES = ROOT / "data" / "thresholds"


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def bench_load(url: str | None, runs: int) -> list[float]:
    timings = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as folder:
            engine = create_engine(url or f"sqlite:///{folder}/load.sqlite3")
            start = time.perf_counter()
            migrate(engine)
            load_directory(engine, RULES)
            timings.append(time.perf_counter() - start)
            engine.dispose()
    return timings


def bench_assess(url: str | None, n: int) -> tuple[list[float], int]:
    with tempfile.TemporaryDirectory() as folder:
        engine = create_engine(url or f"sqlite:///{folder}/assess.sqlite3")
        migrate(engine)
        load_directory(engine, RULES)
        store = ThresholdStore(engine)
        rng = random.Random(42)
        origins = ["CN", "HK", "VN", "DE", "MX", "CA", "GB", "IN", "GU"]
        flags = [(), ("food",), ("alcohol",), ("consumer_product",), ("textiles",)]
        timings = []
        rules_used = 0
        for _ in range(n):
            on = dt.date(1994, 1, 1) + dt.timedelta(days=rng.randrange(0, 12500))
            start = time.perf_counter()
            result = assess_shipment(
                store.snapshot(),
                value=round(rng.uniform(1, 20000), 2),
                origin=rng.choice(origins),
                mode=rng.choice(SHIPMENT_MODES),
                on=on,
                goods_flags=rng.choice(flags),
                is_gift=rng.random() < 0.2,
            )
            timings.append(time.perf_counter() - start)
            rules_used += len(result.rule_ids)
        engine.dispose()
    return timings, rules_used // n


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", help="database URL (default: a fresh SQLite file)")
    parser.add_argument("--n", type=int, default=3000)
    parser.add_argument("--load-runs", type=int, default=10)
    args = parser.parse_args()
    loads = bench_load(args.url, args.load_runs)
    print(
        f"full load (migrate + validate + upsert + audit), {args.load_runs} runs: "
        f"median {statistics.median(loads) * 1000:.0f} ms, max {max(loads) * 1000:.0f} ms"
    )
    timings, rules = bench_assess(args.url, args.n)
    ms = [t * 1000 for t in timings]
    print(
        f"assess_shipment, {args.n} shipments (~{rules} rules cited each): median {statistics.median(ms):.3f} ms, "
        f"p95 {percentile(ms, 0.95):.3f} ms, max {max(ms):.3f} ms"
    )


if __name__ == "__main__":
    main()
