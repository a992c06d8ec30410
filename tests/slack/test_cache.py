"""The bounded, expiring set that de-duplicates Slack events, without servers."""

from __future__ import annotations

import pytest

from bot.channels.slack_cache import ExpiringSet

pytestmark = pytest.mark.slack


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_claim_once_until_expiry() -> None:
    clock = Clock()
    seen = ExpiringSet(maxsize=10, ttl=60, clock=clock)
    assert seen.claim("Ev1") and not seen.claim("Ev1") and "Ev1" in seen
    clock.now = 59.9
    assert not seen.claim("Ev1")
    clock.now = 60.0
    assert "Ev1" not in seen and seen.claim("Ev1")


def test_size_is_bounded_oldest_first() -> None:
    seen = ExpiringSet(maxsize=3, ttl=60, clock=Clock())
    for key in "abcd":
        seen.add(key)
    assert len(seen) == 3 and "a" not in seen and all(key in seen for key in "bcd")


def test_bad_settings_are_refused() -> None:
    with pytest.raises(ValueError):
        ExpiringSet(maxsize=0)
