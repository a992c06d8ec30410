"""`python -m bot try "message"`: what the assistant understands and answers, without starting servers.

Loads the trained model in this process, starts a private action server on a free loopback port
for the duration of the command, and prints the report of each turn (bot/staff/turn_report.py, the
same report as the staff page's "Try a message"): the intent ranking, the entities with their
normalised values, the actions the policies chose, the reply and how the answer was reached.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bot.staff.turn_report import print_report, turn_report

ROOT = Path(__file__).resolve().parents[2]
#: The conversation id of the command's messages (one conversation per run: the tracker store is in memory).
SENDER = "staff-try"


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_action_server(port: int) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "actions", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the action server exited during start-up")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1):
                return process
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError("the action server did not start within 2 minutes")


def _latest_model(models: Path) -> Path:
    candidates = sorted(models.glob("*.tar.gz"), key=lambda path: path.stat().st_mtime)
    if not candidates:
        raise SystemExit("No trained model in models/: run `make train` first.")
    return candidates[-1]


async def _try(messages: list[str], model: Path, action_url: str, as_json: bool) -> int:
    import logging

    from rasa.core.agent import Agent
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.endpoints import EndpointConfig
    from rasa.utils.log_utils import configure_structlog

    configure_logging_and_warnings(logging.WARNING)
    configure_structlog(logging.WARNING)

    agent = Agent.load(str(model), action_endpoint=EndpointConfig(url=action_url))
    reports = []
    for text in messages:
        parsed = await agent.parse_message(text)
        replies = await agent.handle_text(text, sender_id=SENDER)
        tracker = await agent.tracker_store.get_or_create_tracker(SENDER)
        events = [event.as_dict() for event in tracker.events]
        reports.append(turn_report(text, SENDER, parsed, replies, events, tracker.current_slot_values()))
    if as_json:
        print(json.dumps([report.to_dict() for report in reports], indent=2, ensure_ascii=False, default=str))
    else:
        for report in reports:
            print_report(report, sys.stdout)
    return 0


def run(messages: list[str], as_json: bool = False, models: Path | None = None) -> int:
    model = _latest_model(models or ROOT / "models")
    port = _free_port()
    with tempfile.TemporaryDirectory():
        server = _start_action_server(port)
        try:
            return asyncio.run(_try(messages, model, f"http://127.0.0.1:{port}/webhook", as_json))
        finally:
            server.terminate()
            server.wait(timeout=20)
