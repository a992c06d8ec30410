"""Start the real action server and Rasa server on free loopback ports, for running the conversation suite by hand.

    source scripts/env.sh; .venv/bin/python -m tests.conversations.serve [--workdir DIR]

Prints the Rasa URL (the line `URL http://127.0.0.1:PORT`) once both answer, then runs until interrupted
(Ctrl-C or SIGTERM) and stops both. Uses the trained model in models/ (it never trains) and a fresh SQLite
rules database and tracker store under the work directory (a temporary one by default).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import tempfile
import time
from pathlib import Path

from tests.conversations.runner import SUITE_TODAY
from tests.e2e.servers import ROOT, rules_database, start_assistant


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.conversations.serve", description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, help="where the databases and logs go (default: a temporary dir)")
    args = parser.parse_args(argv)
    if not list((ROOT / "models").glob("*.tar.gz")):
        print("no trained model in models/ (make train)", file=sys.stderr)
        return 2
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="conversations-"))
    workdir.mkdir(parents=True, exist_ok=True)
    assistant = start_assistant(workdir, rules_database(workdir), extra_env={"ASSISTANT_TODAY": SUITE_TODAY})
    stopping = False

    def stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print(f"URL {assistant.base_url}", flush=True)
    print(f"logs in {workdir / 'logs'}; stop with Ctrl-C or kill {os.getpid()}", flush=True)
    try:
        while not stopping:
            time.sleep(0.5)
    finally:
        assistant.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
