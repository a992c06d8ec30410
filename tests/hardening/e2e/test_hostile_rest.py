"""The hostile corpus over the REST channel of the real servers, malformed requests, and the rate limit."""

from __future__ import annotations

import json

import pytest
import requests

from bot.channels.guard import EMPTY_REPLY, RATE_LIMITED_REPLY
from tests.hardening.corpus import CASES, CONTROL_QUESTION, NAMES, Case, is_correct_de_minimis_answer
from tests.hardening.e2e.checks import check_replies
from tests.hardening.e2e.conftest import HostileTarget

TIMEOUT = 60.0  # generous: the first turns of a fresh server on two busy cores


def say(target: HostileTarget, sender: str, message: str) -> list[str]:
    reply = requests.post(target.rest_url, json={"sender": sender, "message": message}, timeout=TIMEOUT)
    assert reply.status_code == 200, reply.text[:500]
    return [message.get("text", "") for message in reply.json()]


@pytest.mark.parametrize("case", CASES, ids=NAMES)
def test_every_hostile_message_gets_a_proper_reply(hostile_target: HostileTarget, case: Case) -> None:
    check_replies(case, say(hostile_target, f"rest-{case.name}", case.text))


MALFORMED = {
    "not_json": b"de minimis?",
    "truncated_json": b'{"sender": "x", "message": "de mini',
    "not_utf8": b'{"sender": "x", "message": "\xff\xfe"}',
    "json_array": b'["de minimis?"]',
    "no_message": b'{"sender": "x"}',
    "null_message": b'{"sender": "x", "message": null}',
    "number_message": b'{"sender": "x", "message": 800}',
    "object_message": b'{"sender": "x", "message": {"$gt": ""}}',
    "object_sender": b'{"sender": {"$ne": null}, "message": "hi"}',
    "huge_sender": json.dumps({"sender": "s" * 10_000, "message": "hi"}).encode(),
    "string_metadata": b'{"sender": "x", "message": "hi", "metadata": "admin"}',
}


@pytest.mark.parametrize("body", MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_requests_get_a_polite_400(hostile_target: HostileTarget, body: bytes) -> None:
    reply = requests.post(hostile_target.rest_url, data=body, headers={"Content-Type": "application/json"}, timeout=10)
    assert reply.status_code == 400
    answer = reply.json()
    assert answer["text"].startswith("Sorry") and answer["error"]
    assert "Traceback" not in reply.text and "Exception" not in reply.text


def test_a_fast_sender_is_slowed_down_and_others_are_not(hostile_target: HostileTarget) -> None:
    for _ in range(20):  # the default limit: 20 messages a minute; empty ones count too
        assert say(hostile_target, "rest-flood", " ") == [EMPTY_REPLY]
    assert say(hostile_target, "rest-flood", CONTROL_QUESTION) == [RATE_LIMITED_REPLY]
    assert is_correct_de_minimis_answer("\n".join(say(hostile_target, "rest-calm", CONTROL_QUESTION)))


def test_after_the_corpus_a_normal_question_is_answered_correctly(hostile_target: HostileTarget) -> None:
    answer = "\n".join(say(hostile_target, "rest-after-corpus", CONTROL_QUESTION))
    assert is_correct_de_minimis_answer(answer), answer
    assert hostile_target.alive()
