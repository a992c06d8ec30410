"""`python -m bot try "message"`: what the assistant understands and answers, without starting servers.

Loads the trained model in this process, starts a private action server on a free loopback port
for the duration of the command, and prints the intent ranking, the entities with their normalised
values, the actions the policies chose, and the reply.
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

ROOT = Path(__file__).resolve().parents[2]


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
    sender = "staff-try"
    report = []
    for text in messages:
        parsed = await agent.parse_message(text)
        tracker_before = await agent.tracker_store.get_or_create_tracker(sender)
        events_before = len(tracker_before.events)
        replies = await agent.handle_text(text, sender_id=sender)
        tracker = await agent.tracker_store.get_or_create_tracker(sender)
        actions = [
            event.action_name
            for event in list(tracker.events)[events_before:]
            if getattr(event, "type_name", "") == "action" and event.action_name != "action_listen"
        ]
        report.append(
            {
                "message": text,
                "intent_ranking": [
                    {"name": item["name"], "confidence": round(item["confidence"], 4)}
                    for item in parsed.get("intent_ranking", [])[:5]
                ],
                "entities": [
                    {key: entity.get(key) for key in ("entity", "value", "text", "extractor")}
                    for entity in parsed.get("entities", [])
                ],
                "actions": actions,
                "replies": [reply.get("text", "") for reply in replies if reply.get("text")],
                "buttons": [
                    [b.get("title") for b in reply.get("buttons", [])] for reply in replies if reply.get("text")
                ],
                **how_answered(replies),
            }
        )
    if as_json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        for turn in report:
            _print_turn(turn)
    return 0


def how_answered(replies: list[dict]) -> dict:
    """The question frame after the turn, the assumptions made and the questions skipped.

    They come from the `cbp` custom payload that the answering action sends with each reply.
    """
    custom = [r["custom"]["cbp"] for r in replies if isinstance(r.get("custom"), dict) and "cbp" in r["custom"]]
    frame = next((c.get("frame") for c in reversed(custom) if c.get("frame") is not None), None)
    if frame is None:
        frame = next((r["custom"].get("frame") for r in reversed(replies) if isinstance(r.get("custom"), dict)), None)
    assumptions = [a for c in custom for a in c.get("assumptions") or []]
    skipped = [s for c in custom for s in c.get("skipped") or []]
    return {"frame": frame or {}, "assumptions": assumptions, "skipped": skipped}


def _print_turn(turn: dict) -> None:
    print(f"> {turn['message']}")
    print("Intent ranking:")
    for item in turn["intent_ranking"]:
        print(f"  {item['confidence']:.3f}  {item['name']}")
    print("Entities:" + ("" if turn["entities"] else " none"))
    for entity in turn["entities"]:
        print(f"  {entity['entity']}: {entity['value']!r}  (from {entity.get('text')!r})")
    print("Actions: " + (", ".join(turn["actions"]) or "none"))
    print("Reply:")
    for reply, buttons in zip(turn["replies"], turn["buttons"], strict=True):
        print("  " + reply.replace("\n", "\n  "))
        if buttons:
            print("  [" + "] [".join(buttons) + "]")
    print("Question frame: " + (json.dumps(turn["frame"], ensure_ascii=False) if turn.get("frame") else "none"))
    print("Assumptions: " + (", ".join(turn.get("assumptions") or []) or "none"))
    print("Not asked (could not change the verdict): " + (", ".join(turn.get("skipped") or []) or "none"))
    print()


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
