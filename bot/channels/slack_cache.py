"""A small bounded, expiring set of keys (Slack event ids, message keys, threads), in process memory."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable


class ExpiringSet:
    """Remembers keys for `ttl` seconds, at most `maxsize` of them (the oldest are forgotten first).

    Not thread-safe; meant for one asyncio event loop, where `claim` is atomic (it never awaits).
    """

    def __init__(self, maxsize: int = 10_000, ttl: float = 3600.0, clock: Callable[[], float] = time.monotonic):
        if maxsize < 1 or ttl <= 0:
            raise ValueError("maxsize must be >= 1 and ttl > 0")
        self.maxsize = maxsize
        self.ttl = ttl
        self._clock = clock
        self._items: OrderedDict[str, float] = OrderedDict()

    def _expire(self, now: float) -> None:
        while self._items:
            key, added = next(iter(self._items.items()))
            if now - added < self.ttl:
                break
            del self._items[key]

    def __contains__(self, key: object) -> bool:
        self._expire(self._clock())
        return key in self._items

    def __len__(self) -> int:
        self._expire(self._clock())
        return len(self._items)

    def add(self, key: str) -> None:
        """Remember `key` from now on (refreshes it when already known)."""
        now = self._clock()
        self._expire(now)
        self._items.pop(key, None)
        self._items[key] = now
        while len(self._items) > self.maxsize:
            self._items.popitem(last=False)

    def claim(self, key: str) -> bool:
        """Add `key` and return True, or return False when it is already remembered."""
        if key in self:
            return False
        self.add(key)
        return True
