"""Latency of one REST turn: our assistant beside a bare `rasa init` bot, measured in the same run.

    .venv/bin/python bench/bench_latency.py [--rounds 150] [--warmup 10] [--init-dir DIR] [--out FILE]

1. Creates the bare bot with `rasa init --no-prompt --init-dir <temp dir>` (which trains Rasa's default
   pipeline and policies there, about 2 minutes on 2 busy cores, niced and on one TensorFlow thread;
   nothing is written to our models/). `--init-dir DIR` keeps that bot in DIR and reuses it next time.
2. Starts it with `rasa run --enable-api` on a free loopback port (its domain has no custom action, so no
   action server), and ours with tests/e2e/servers.py (action server, Rasa server with the trained model in
   models/, a fresh SQLite rules database and tracker store) on free ports.
3. Runs `--rounds` rounds; each sends one REST message to each bot, in alternating order (ours first in
   even rounds, the init bot first in odd ones), each bot going through its own short scripted
   conversations (ours: single questions and 2-3 turn follow-ups; the init bot: greet, mood, goodbye).
   The first `--warmup` rounds are not counted.
4. Prints and writes (`--out`, default results/bench/latency.md) medians, p95, max, the ratio of the
   medians (ours / init) and each Rasa process's resident memory, with the date, the machine's cores,
   the load average and the commit.

Loopback only; every loop is bounded and every request has a timeout; the servers are stopped on exit,
also on Ctrl-C or SIGTERM.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import platform
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_rest import rss_mb  # noqa: E402
from bot.contact import APOLOGY  # noqa: E402
from tests.e2e.servers import RASA, free_port, rules_database, start_assistant, stop_process, wait_for  # noqa: E402

# Short, realistic conversations; a new conversation (sender) starts after the last message of each.
OURS = [
    ["is de minimis still 800?"],
    ["how much is the MPF on $5,000?"],
    ["we import $400 of tote bags from India by FedEx, do we pay duty?", "and by post?"],
    ["what was the de minimis limit in 2015?", "and in June 2025?"],
    ["do I need a customs bond?"],
    ["can I send a gift worth $90 from Canada duty free?", "what about $150?"],
    ["what is an informal entry?", "up to what value?", "thanks"],
]
INIT = [
    ["hello", "I am sad", "yes", "goodbye"],
    ["hi", "I am great", "bye"],
    ["hey there", "are you a bot?"],
    ["good morning", "I am unhappy", "no", "see you later"],
]
#: Replies of ours that mean the turn failed (the guard's or an action's apology, the rules database unreadable):
#: such turns are counted as failed, not timed.
FAILURE_REPLIES = (APOLOGY, "Sorry, I can't read the rules database")
INIT_TRAIN_TIMEOUT = 1800  # seconds
REQUEST_TIMEOUT = 30.0


# ---- pure functions ---------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float | None:
    """The q-th percentile (0-100) with linear interpolation between closest ranks (numpy's default);
    None for no values."""
    if not values:
        return None
    if not 0 <= q <= 100:
        raise ValueError(f"percentile must be within 0-100, not {q}")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    """numerator / denominator, None when either is missing or the denominator is not positive."""
    if numerator is None or denominator is None or denominator <= 0:
        return None
    return numerator / denominator


def summarise(timings: list[float]) -> dict:
    return {
        "turns": len(timings),
        "median": percentile(timings, 50),
        "p95": percentile(timings, 95),
        "max": max(timings) if timings else None,
    }


def failed_reply(replies: object, failures: tuple[str, ...] = ()) -> bool:
    """A reply that does not count as an answer: not a non-empty list of messages, or a text message that
    starts with one of `failures`."""
    if not isinstance(replies, list) or not replies:
        return True
    if not failures:
        return False
    return any(
        isinstance(reply, dict) and isinstance(reply.get("text"), str) and reply["text"].startswith(failures)
        for reply in replies
    )


def order_for_round(number: int) -> tuple[str, str]:
    """Which bot is asked first in a round: ours in even rounds, the init bot in odd ones."""
    return ("ours", "init") if number % 2 == 0 else ("init", "ours")


def turns(conversations: list[list[str]], prefix: str) -> Iterator[tuple[str, str]]:
    """Endless (sender, message) pairs going through the conversations in turn, a new sender each time."""
    for number in itertools.count():
        sender = f"{prefix}-{number}-{uuid.uuid4().hex[:6]}"
        for message in conversations[number % len(conversations)]:
            yield sender, message


# ---- servers ----------------------------------------------------------------------------------------


def quiet_env(extra: dict | None = None) -> dict:
    return {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2", **(extra or {})}


def init_bot(folder: Path) -> Path:
    """A `rasa init` project with a trained model in `folder` (reused when it has one); its folder."""
    folder.mkdir(parents=True, exist_ok=True)
    if list((folder / "models").glob("*.tar.gz")):
        print(f"reusing the rasa init bot in {folder}")
        return folder
    print(f"rasa init in {folder} (trains Rasa's default pipeline; about 2 minutes)...", flush=True)
    started = time.perf_counter()
    env = quiet_env(
        {"TF_INTRA_OP_PARALLELISM_THREADS": "1", "TF_INTER_OP_PARALLELISM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    )
    with open(folder / "init.log", "w") as log:
        process = subprocess.Popen(
            ["nice", "-n", "10", RASA, "init", "--no-prompt", "--init-dir", str(folder)],
            cwd=folder,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        try:
            process.wait(timeout=INIT_TRAIN_TIMEOUT)
        finally:
            stop_process(process)
    if process.returncode != 0 or not list((folder / "models").glob("*.tar.gz")):
        tail = (folder / "init.log").read_text()[-2000:]
        raise RuntimeError(f"rasa init failed ({process.returncode}):\n{tail}")
    print(f"rasa init bot trained in {time.perf_counter() - started:.0f} s")
    return folder


def start_init_server(folder: Path) -> tuple[subprocess.Popen, str]:
    """`rasa run --enable-api` for the init bot on a free loopback port; (process, REST webhook URL)."""
    port = free_port()
    process = subprocess.Popen(
        [
            RASA,
            "run",
            "--enable-api",
            "--model",
            str(folder / "models"),
            "--credentials",
            str(folder / "credentials.yml"),
            "--endpoints",
            str(folder / "endpoints.yml"),
            "--port",
            str(port),
            "--interface",
            "127.0.0.1",
        ],
        cwd=folder,
        env=quiet_env(),
        stdout=open(folder / "rasa-run.log", "a"),
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/", process)
    except Exception:
        stop_process(process)
        raise
    return process, f"http://127.0.0.1:{port}/webhooks/rest/webhook"


def _raise_exit(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


# ---- the run ----------------------------------------------------------------------------------------


def commit() -> str:
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=10
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return (head or "unknown") + (" with uncommitted changes" if dirty else "")


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


def report(results: dict) -> str:
    ours, init = results["ours"], results["init"]
    median_ratio = ratio(ours["median"], init["median"])
    p95_ratio = ratio(ours["p95"], init["p95"])
    lines = [
        "# One REST turn: our assistant vs a bare `rasa init` bot",
        "",
        f"{results['date']}, {results['cores']} cores ({results['machine']}), load average "
        f"{results['load_before']} before and {results['load_after']} after; commit {results['commit']}; "
        f"`bench/bench_latency.py --rounds {results['rounds']} --warmup {results['warmup']}`.",
        "",
        f"Each round sends one message to each bot, in alternating order; the first {results['warmup']} rounds "
        "are not counted. Times are client-side, request to full reply, over loopback.",
        "",
        "| bot | timed turns | median ms | p95 ms | max ms | failed turns | Rasa server RSS MB |",
        "|---|---|---|---|---|---|---|",
        f"| ours | {ours['turns']} | {_ms(ours['median'])} | {_ms(ours['p95'])} | {_ms(ours['max'])} | "
        f"{ours['failed']} | {ours['rss']:.0f} (action server {results['actions_rss']:.0f}) |",
        f"| rasa init | {init['turns']} | {_ms(init['median'])} | {_ms(init['p95'])} | {_ms(init['max'])} | "
        f"{init['failed']} | {init['rss']:.0f} |",
        "",
        f"Ratio of medians (ours / init): **{'-' if median_ratio is None else f'{median_ratio:.2f}'}**; "
        f"of p95: {'-' if p95_ratio is None else f'{p95_ratio:.2f}'}.",
        *(
            [
                "",
                f"**Warning: {ours['failed']} of our turns failed** (an apology, an error or no reply) and are not "
                "timed: the figures do not describe a working assistant.",
            ]
            if ours["failed"]
            else []
        ),
        "",
        "What differs besides the answers: ours calls its action server (rules database lookups) on most turns, "
        "stores its conversations in a SQLite tracker store and passes every message through the channel guard; "
        "the init bot (Rasa's default DIET pipeline and TED policy) answers from templates with an in-memory "
        "tracker store. Other work shared the 2 cores, so absolute figures are upper bounds; the ratio is the "
        "comparison.",
    ]
    return "\n".join(lines) + "\n"


def measure(args: argparse.Namespace, workdir: Path, init_folder: Path) -> dict:
    load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
    folder = init_bot(init_folder)
    processes: list[subprocess.Popen] = []
    assistant = None
    try:
        init_process, init_url = start_init_server(folder)
        processes.append(init_process)
        print("rasa init bot up; starting ours...", flush=True)
        assistant = start_assistant(workdir, rules_database(workdir))
        print("both up; measuring", flush=True)
        urls = {"ours": assistant.rest_url, "init": init_url}
        scripts = {"ours": turns(OURS, "bench-ours"), "init": turns(INIT, "bench-init")}
        timings: dict[str, list[float]] = {"ours": [], "init": []}
        failed = {"ours": 0, "init": 0}
        sessions = {"ours": requests.Session(), "init": requests.Session()}
        for number in range(args.warmup + args.rounds):
            for bot in order_for_round(number):
                sender, message = next(scripts[bot])
                start = time.perf_counter()
                try:
                    response = sessions[bot].post(
                        urls[bot], json={"sender": sender, "message": message}, timeout=REQUEST_TIMEOUT
                    )
                    elapsed = (time.perf_counter() - start) * 1000
                    replies = response.json() if response.ok else response.text[:200]
                    ok = response.ok and not failed_reply(replies, FAILURE_REPLIES if bot == "ours" else ())
                except (requests.RequestException, ValueError) as error:
                    elapsed, ok, replies = None, False, repr(error)
                if args.verbose:
                    print(f"[{number}] {bot} {message!r}: {replies}")
                if number < args.warmup:
                    continue
                if ok and elapsed is not None:
                    timings[bot].append(elapsed)
                else:
                    failed[bot] += 1
        if failed["ours"]:
            print(f"ours: {failed['ours']} failed turns; errors in its logs:", file=sys.stderr)
            for name in ("actions.log", "rasa.log"):
                log = workdir / "logs" / name
                lines = log.read_text(errors="replace").splitlines() if log.exists() else []
                errors = [line for line in lines if "ERROR" in line or "Error" in line][-10:]
                print(f"  {name}:", *errors or ["(none)"], sep="\n    ", file=sys.stderr)
        results = {
            "ours": {**summarise(timings["ours"]), "failed": failed["ours"], "rss": rss_mb(assistant.rasa_process.pid)},
            "init": {**summarise(timings["init"]), "failed": failed["init"], "rss": rss_mb(init_process.pid)},
            "actions_rss": rss_mb(assistant.processes[0].pid),
        }
    finally:
        if assistant is not None:
            assistant.stop()
        for process in processes:
            stop_process(process)
    return {
        **results,
        "date": dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "cores": os.cpu_count(),
        "machine": f"{platform.machine()}, Python {platform.python_version()}",
        "load_before": load_before,
        "load_after": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "commit": commit(),
        "rounds": args.rounds,
        "warmup": args.warmup,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=150, help="measured rounds (one turn per bot each)")
    parser.add_argument("--warmup", type=int, default=10, help="rounds sent first and not counted")
    parser.add_argument("--init-dir", type=Path, help="keep the rasa init bot here and reuse it (default: temp dir)")
    parser.add_argument("--out", type=Path, default=ROOT / "results" / "bench" / "latency.md")
    parser.add_argument("--verbose", action="store_true", help="print every reply")
    args = parser.parse_args(argv)
    if not 1 <= args.rounds <= 10_000 or not 0 <= args.warmup <= 1_000:
        parser.error("--rounds must be within 1-10000 and --warmup within 0-1000")
    if not list((ROOT / "models").glob("*.tar.gz")):
        parser.error("no trained model in models/: run `make train` first")
    signal.signal(signal.SIGTERM, _raise_exit)
    with tempfile.TemporaryDirectory(prefix="bench-latency-") as folder:
        workdir = Path(folder)
        init_folder = args.init_dir.resolve() if args.init_dir else workdir / "rasa-init"
        results = measure(args, workdir, init_folder)
    text = report(results)
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text)
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
