"""The conversation suite against the real servers (Rasa and the action server), one test per part.

Starts servers, so it runs only with CONVERSATIONS_E2E=1 (`make test-conversations` sets it); otherwise
skipped. Writes every conversation's turns and replies to results/conversations/latest.json and asserts
each part's pass rate reaches its floor in tests/conversations/required.yml.
"""

from __future__ import annotations

import os
import time

import pytest

from tests.conftest import ROOT
from tests.conversations import runner

RESULTS = ROOT / "results" / "conversations" / "latest.json"
#: Seconds to wait for one turn's reply (two busy cores shared with training and other servers).
TURN_TIMEOUT = float(os.environ.get("CONVERSATIONS_TURN_TIMEOUT", "60"))
WORKERS = int(os.environ.get("CONVERSATIONS_WORKERS", "1"))

pytestmark = pytest.mark.skipif(
    os.environ.get("CONVERSATIONS_E2E") != "1",
    reason="starts the real servers: set CONVERSATIONS_E2E=1 (make test-conversations does)",
)

_results: dict[str, list[dict]] = {}
_session: dict = {}


@pytest.fixture(scope="module")
def assistant(tmp_path_factory):
    from tests.e2e.servers import rules_database, start_assistant

    if not list((ROOT / "models").glob("*.tar.gz")):
        pytest.fail("no trained model in models/: run `make train` first (make test-conversations does)")
    workdir = tmp_path_factory.mktemp("conversations")
    running = start_assistant(workdir, rules_database(workdir))
    yield running
    running.stop()


@pytest.mark.parametrize("part", runner.PARTS)
def test_part_pass_rate(assistant, part):
    conversations = runner.load_suite([part])
    client = runner.RestClient(assistant.base_url, timeout=TURN_TIMEOUT)
    _session.setdefault("started", time.strftime("%Y-%m-%dT%H:%M:%S%z"))
    clock = time.monotonic()
    _results[part] = runner.run_suite(conversations, client, workers=WORKERS)
    _session["seconds"] = _session.get("seconds", 0.0) + time.monotonic() - clock
    required = runner.required_rates()
    every = [result for name in runner.PARTS for result in _results.get(name, [])]
    document = runner.report(
        every, url=assistant.base_url, started=_session["started"], seconds=_session["seconds"], required=required
    )
    runner.write_json(document, RESULTS)
    summary = runner.summarize(_results[part])[part]
    failed = [result["id"] for result in _results[part] if not result["passed"]]
    floor = required[part]
    assert summary["rate"] >= floor, (
        f"{part}: {summary['passed']}/{summary['conversations']} conversations passed = {summary['rate']:.1%}, "
        f"required {floor:.0%}; details in {RESULTS.relative_to(ROOT)} "
        f"(`python -m tests.conversations.runner --part {part} --only ID` replays one). "
        f"Failed: {', '.join(failed[:40])}{' …' if len(failed) > 40 else ''}"
    )
