"""The bounded, expiring keys that de-duplicate Slack events in one process (no Redis), without servers."""

from __future__ import annotations

import pytest

from bot.channels.shared_state import MemoryKeys

pytestmark = pytest.mark.slack


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


async def test_claim_once_until_expiry() -> None:
    clock = Clock()
    seen = MemoryKeys(maxsize=10, ttl=60, clock=clock)
    assert await seen.claim("Ev1") and not await seen.claim("Ev1") and await seen.contains("Ev1")
    clock.now = 59.9
    assert not await seen.claim("Ev1")
    clock.now = 60.0
    assert not await seen.contains("Ev1") and await seen.claim("Ev1")


async def test_adding_again_restarts_the_time() -> None:
    clock = Clock()
    threads = MemoryKeys(maxsize=10, ttl=60, clock=clock)
    await threads.add("C1:1.0")
    clock.now = 50.0
    await threads.add("C1:1.0")
    clock.now = 100.0
    assert await threads.contains("C1:1.0")


async def test_size_is_bounded_oldest_first() -> None:
    seen = MemoryKeys(maxsize=3, ttl=60, clock=Clock())
    for key in "abcd":
        await seen.add(key)
    assert len(seen) == 3 and not await seen.contains("a")
    assert all([await seen.contains(key) for key in "bcd"])


def test_bad_settings_are_refused() -> None:
    with pytest.raises(ValueError):
        MemoryKeys(maxsize=0)
