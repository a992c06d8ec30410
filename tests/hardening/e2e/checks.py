"""What every channel's reply to a corpus case must satisfy."""

from __future__ import annotations

import re

from bot.channels.guard import EMPTY_REPLY, TOO_LONG_REPLY
from bot.contact import APOLOGY
from tests.hardening.corpus import LIMIT, NEVER_IN_A_REPLY, Case


def check_replies(case: Case, texts: list[str]) -> None:
    """At least one non-empty reply, nothing that betrays an error or echoes markup, and the guard's answer
    for empty or over-long messages; a readable message is answered by the assistant (not the apology)."""
    assert any(text.strip() for text in texts), f"{case.name}: no reply with text: {texts!r}"
    joined = "\n".join(texts)
    for pattern in NEVER_IN_A_REPLY + case.forbidden:
        assert not re.search(pattern, joined), f"{case.name}: {pattern!r} in the reply: {joined[:500]!r}"
    if case.expect == "empty":
        assert texts == [EMPTY_REPLY], texts
    elif case.expect == "too_long":
        assert texts == [TOO_LONG_REPLY.format(length=case.length, limit=LIMIT)], texts
    else:
        assert APOLOGY not in texts and EMPTY_REPLY not in texts, f"{case.name}: not answered: {texts!r}"
        assert not any("characters long; I can read up to" in text for text in texts), texts
