"""`python -m bot try`: the staff command shows intent ranking, entities, chosen actions and reply."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import ROOT
from tests.e2e.servers import rules_database


def test_try_prints_understanding_actions_and_reply(tmp_path):  # noqa: ANN001
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
    assert turn["intent_ranking"][0]["name"] == "ask_de_minimis"
    assert 0 < turn["intent_ranking"][0]["confidence"] <= 1
    assert {"entity": "country", "value": "VN"}.items() <= turn["entities"][0].items()
    assert turn["actions"] == ["action_answer"]
    assert "suspended" in turn["replies"][0].split("\n")[0]  # the verdict first
    assert "Data as of" in turn["replies"][0] and "https://" in turn["replies"][0]
