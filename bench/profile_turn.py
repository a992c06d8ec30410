"""Where a turn's time goes: NLU parse vs the whole turn, in-process (no HTTP, in-memory tracker store).

    .venv/bin/python bench/profile_turn.py [--conversations 10] [--cprofile]

Loads the trained model like `python -m bot try` (with a private action server) and runs the REST
benchmark's scripted shipment conversation; prints median milliseconds of `parse_message` and of
`handle_text`, and with --cprofile the functions with the most cumulative time. As the Rasa server
runs it (with bot/channels/action_validation.py installed), or Rasa's stock code with --stock.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_rest import SCRIPT  # noqa: E402
from bot.staff.try_message import _free_port, _latest_model, _start_action_server  # noqa: E402


async def measure(model: Path, action_url: str, conversations: int, profile: cProfile.Profile | None) -> None:
    from rasa.core.agent import Agent
    from rasa.utils.endpoints import EndpointConfig

    agent = Agent.load(str(model), action_endpoint=EndpointConfig(url=action_url))
    await agent.handle_text("hello", sender_id="warm-up")
    parse_ms, turn_ms = [], []
    for _ in range(conversations):
        sender = f"profile-{uuid.uuid4().hex[:8]}"
        for message, _expected in SCRIPT:
            start = time.perf_counter()
            await agent.parse_message(message)
            parse_ms.append((time.perf_counter() - start) * 1000)
            if profile:
                profile.enable()
            start = time.perf_counter()
            await agent.handle_text(message, sender_id=sender)
            turn_ms.append((time.perf_counter() - start) * 1000)
            if profile:
                profile.disable()
    print(
        f"{len(turn_ms)} turns in-process: parse median {statistics.median(parse_ms):.1f} ms; "
        f"whole turn (parse + policies + actions over HTTP) median {statistics.median(turn_ms):.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--conversations", type=int, default=10)
    parser.add_argument("--cprofile", action="store_true")
    parser.add_argument(
        "--stock", action="store_true", help="without the server's patches (bot/channels/action_validation.py)"
    )
    args = parser.parse_args()
    if not args.stock:
        from bot.channels import action_validation

        action_validation.install()
    port = _free_port()
    server = _start_action_server(port)
    profile = cProfile.Profile() if args.cprofile else None
    try:
        url = f"http://127.0.0.1:{port}/webhook"
        asyncio.run(measure(_latest_model(ROOT / "models"), url, args.conversations, profile))
    finally:
        server.terminate()
        server.wait(timeout=20)
    if profile:
        pstats.Stats(profile).sort_stats("cumulative").print_stats(35)


if __name__ == "__main__":
    main()
