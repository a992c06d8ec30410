"""When the rules cannot be read, the assistant says so plainly, the health checks say so, and it
answers again as soon as the data is back."""

from __future__ import annotations

import uuid

import requests

from bot.thresholds import create_engine, migrate


def test_empty_or_unreadable_rules_get_a_clear_answer_then_recover(assistant, tmp_path):
    empty_url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    engine = create_engine(empty_url)
    migrate(engine)  # tables but no data set: "empty"
    engine.dispose()
    cases = {"empty": empty_url, "unreadable": "postgresql://nobody:secret-pw@127.0.0.1:9/none"}
    try:
        for name, url in cases.items():
            assistant.stop_actions()
            assistant.start_actions(THRESHOLDS_DB_URL=url)
            sender = f"fault-{name}-{uuid.uuid4().hex[:6]}"
            reply = assistant.text(sender, "what is the de minimis limit?")
            assert "can't read the rules database" in reply and "877-227-5511" in reply, (name, reply)
            assert "$800" not in reply and "$200" not in reply  # no figure without data
            ready = requests.get(f"http://127.0.0.1:{assistant.actions_port}/ready", timeout=10)
            assert ready.status_code == 503 and ready.json()["thresholds"]["readable"] is False
            assert "secret-pw" not in ready.text
    finally:
        assistant.stop_actions()
        assistant.start_actions()  # the real rules again
    # The same conversation continues once the data is back.
    reply = assistant.text(sender, "and what was it in 2015?")
    assert "$200" in reply and "2015" in reply
    assert requests.get(f"http://127.0.0.1:{assistant.actions_port}/ready", timeout=10).status_code == 200
