"""`python -m bot try`: the staff command shows intent ranking, entities, chosen actions and reply."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys

from bot.staff.turn_report import TurnReport
from tests.conftest import ROOT
from tests.e2e.servers import rules_database


def test_try_prints_understanding_actions_and_reply(tmp_path):
    db_url = rules_database(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "THRESHOLDS_DB_URL": db_url}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "try", "--json", "what is the de minimis limit for goods from Vietnam?"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    (turn,) = json.loads(result.stdout)
    # The staff page's report, field for field (bot/staff/turn_report.py).
    assert set(turn) == {field.name for field in dataclasses.fields(TurnReport)}
    assert turn["intent_ranking"][0]["name"] == "ask_de_minimis"
    assert 0 < turn["intent_ranking"][0]["confidence"] <= 1
    assert {"entity": "country", "value": "VN", "text": "Vietnam"}.items() <= turn["entities"][0].items()
    assert [action["name"] for action in turn["actions"]] == ["action_answer"]
    assert turn["actions"][0]["policy"]
    reply = turn["replies"][0]["text"]
    assert "suspended" in reply.split("\n")[0]  # the verdict first
    assert "Data as of" in reply and "https://" in reply
    assert any(event["event"] == "user" and event["name"] == "ask_de_minimis" for event in turn["events"])
