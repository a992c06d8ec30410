"""What the channels remember between messages, shared by every Rasa server when they share a Redis.

The production profile runs several Rasa servers behind one load balancer: Slack may send an
event's retry to another server than the first delivery, a reply in a thread the bot answered on
one server may reach another, and a sender's messages land on any server. So the Slack channel's
remembered keys (event ids, message keys, clicked messages, the bot's threads) and every channel's
per-sender rate limit live in Redis when one is configured, and in this process's memory otherwise:

- Redis: the lock store's, `LOCK_STORE_URL` (bot/settings.py; the servers must share it for
  their conversation locks anyway), keys under `LOCK_STORE_KEY_PREFIX` (default `cbpbot`):
  `<prefix>:channels:<name>:<key>`, each expiring by itself (`SET ... NX PX`), and the rate limit's
  moving windows (the `limits` library's, `LIMITER/<prefix>/ratelimit/...`).
- Memory (`LOCK_STORE_URL` unset, one Rasa process): `cachetools.TTLCache` and the guard's
  `RateLimiter`.

When Redis fails (down, timeout), each store logs a warning and falls back to its in-memory
twin: the assistant keeps answering with per-process de-duplication and limits rather than going
silent. Without Rasa imports (so bot/channels/guard.py can use it).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from typing import Any, Protocol
from urllib.parse import quote

from cachetools import TTLCache

from bot.settings import RedisSettings, lock_store_settings

logger = logging.getLogger(__name__)

#: Seconds a Redis call may take before the in-memory fallback answers instead.
REDIS_TIMEOUT_SECONDS = 1.0


def channel_redis(env: Mapping[str, str] | None = None) -> RedisSettings | None:
    """The Redis the channels share (the lock store's, `LOCK_STORE_URL`), or None: keep state in memory.

    The one place this choice is read (the settings module may take it over).
    """
    return lock_store_settings(env)


def redis_url(settings: RedisSettings) -> str:
    """`settings` as a redis:// URL (the password %-encoded)."""
    scheme = "rediss" if settings.use_ssl else "redis"
    credentials = ""
    if settings.password is not None:
        credentials = f"{quote(settings.username or '', safe='')}:{quote(settings.password, safe='')}@"
    elif settings.username:
        credentials = f"{quote(settings.username, safe='')}@"
    return f"{scheme}://{credentials}{settings.host}:{settings.port}/{settings.db}"


class ExpiringKeys(Protocol):
    """Keys remembered for a while; `claim` is the atomic "first to see it" test."""

    async def claim(self, key: str) -> bool:
        """Remember `key` and return True, or return False when it is already remembered."""

    async def add(self, key: str) -> None:
        """Remember `key` from now on (its time starts again when already known)."""

    async def contains(self, key: str) -> bool:
        """Whether `key` is remembered."""


class MemoryKeys:
    """Keys remembered for `ttl` seconds in this process, at most `maxsize` (the least recently used go first).

    Meant for one asyncio event loop: no method awaits anything, so `claim` is atomic.
    """

    def __init__(self, maxsize: int = 10_000, ttl: float = 3600.0, clock: Callable[[], float] = time.monotonic):
        if maxsize < 1 or ttl <= 0:
            raise ValueError("maxsize must be >= 1 and ttl > 0")
        self._keys: TTLCache[str, bool] = TTLCache(maxsize, ttl, timer=clock)

    def __len__(self) -> int:
        self._keys.expire()
        return len(self._keys)

    async def claim(self, key: str) -> bool:
        if key in self._keys:
            return False
        self._keys[key] = True
        return True

    async def add(self, key: str) -> None:
        self._keys.pop(key, None)
        self._keys[key] = True

    async def contains(self, key: str) -> bool:
        return key in self._keys


class RedisKeys:
    """Keys remembered for `ttl` seconds in Redis, seen by every server using that Redis.

    `client` is a `redis.asyncio.Redis`. On a Redis error the in-memory `fallback` answers (and a
    warning is logged), so a Redis outage degrades to per-process memory instead of failing requests.
    """

    def __init__(self, client: Any, namespace: str, ttl: float, fallback: MemoryKeys) -> None:
        self.client = client
        self.namespace = namespace
        self.ttl_ms = max(1, int(ttl * 1000))
        self.fallback = fallback

    def _name(self, key: str) -> str:
        return f"{self.namespace}:{key}"

    def _failed(self, error: Exception) -> None:
        logger.warning("Redis unavailable for %s (%s): using this server's memory.", self.namespace, error)

    async def claim(self, key: str) -> bool:
        import redis

        try:
            return bool(await self.client.set(self._name(key), b"1", nx=True, px=self.ttl_ms))
        except (redis.RedisError, OSError) as error:
            self._failed(error)
            return await self.fallback.claim(key)

    async def add(self, key: str) -> None:
        import redis

        try:
            await self.client.set(self._name(key), b"1", px=self.ttl_ms)
        except (redis.RedisError, OSError) as error:
            self._failed(error)
            await self.fallback.add(key)

    async def contains(self, key: str) -> bool:
        import redis

        try:
            return bool(await self.client.exists(self._name(key)))
        except (redis.RedisError, OSError) as error:
            self._failed(error)
            return await self.fallback.contains(key)


def async_client(settings: RedisSettings) -> Any:
    """A `redis.asyncio.Redis` for `settings` (it connects on first use, in the loop that uses it)."""
    from redis import asyncio as redis_asyncio

    return redis_asyncio.Redis.from_url(
        redis_url(settings), socket_timeout=REDIS_TIMEOUT_SECONDS, socket_connect_timeout=REDIS_TIMEOUT_SECONDS
    )


def expiring_keys(
    name: str, maxsize: int, ttl: float, *, redis: RedisSettings | None = None, client: Any = None
) -> ExpiringKeys:
    """Keys remembered for `ttl` seconds: in Redis (under `<prefix>:channels:<name>`) when `redis` is given."""
    memory = MemoryKeys(maxsize, ttl)
    if redis is None:
        return memory
    return RedisKeys(client or async_client(redis), f"{redis.key_prefix}:channels:{name}", ttl, memory)


class LocalLimiter(Protocol):
    def allow(self, key: str) -> bool: ...


class RedisRateLimiter:
    """At most `limit` events per key in any rolling `window` seconds, counted in Redis by every server.

    The `limits` library's moving window (a Lua script over one Redis list per key, so the count and
    the check are one atomic step however many servers ask at once). Like the guard's in-memory
    `RateLimiter`, a refused event is not counted. On a Redis error the in-memory `fallback` decides.
    The calls are synchronous (as Rasa's own Redis lock store is), bounded by `REDIS_TIMEOUT_SECONDS`.
    """

    def __init__(self, limit: int, window: float, settings: RedisSettings, fallback: LocalLimiter) -> None:
        from limits import RateLimitItemPerSecond
        from limits.storage import RedisStorage
        from limits.strategies import MovingWindowRateLimiter

        self.limit = limit
        self.window = window
        self.fallback = fallback
        self.namespace = settings.key_prefix
        # Kept here: the strategy holds only a weak reference to its storage.
        self._storage = RedisStorage(
            redis_url(settings), socket_timeout=REDIS_TIMEOUT_SECONDS, socket_connect_timeout=REDIS_TIMEOUT_SECONDS
        )
        self._strategy = MovingWindowRateLimiter(self._storage)
        self._item = RateLimitItemPerSecond(max(limit, 1), max(1, round(window)))

    def allow(self, key: str) -> bool:
        """Count an event for `key` and return True, or return False when `key` is over the limit."""
        if self.limit <= 0:
            return True
        import redis

        try:
            return bool(self._strategy.hit(self._item, self.namespace, "ratelimit", key))
        except (redis.RedisError, OSError) as error:
            logger.warning("Redis unavailable for the rate limit (%s): counting in this server's memory.", error)
            return self.fallback.allow(key)
