"""The conversation stores Rasa uses (tracker store, lock store), configured from the environment.

Not to be confused with the threshold rules' store (bot/thresholds/store.py). The variables are
read and checked by `bot.settings.ConversationStoreSettings`. endpoints.yml names the two classes below:

    tracker_store:
      type: bot.conversation_stores.EnvTrackerStore
    lock_store:
      type: bot.conversation_stores.EnvLockStore

Rasa 3.6 builds a store of a custom `type` by calling the class: the tracker store as
`cls(host=<url key>, domain=..., event_broker=..., **other keys)` and the lock store as
`cls(endpoint_config=...)` (`_load_from_module_name_in_endpoint_config` in rasa/core/tracker_store.py
and rasa/core/lock_store.py). Both classes answer that call with one of Rasa's own stores:

- `EnvTrackerStore(...)` is a `SQLTrackerStore` on TRACKER_STORE_URL (default: SQLite file
  var/tracker.sqlite3 in the working directory);
- `EnvLockStore(...)` is a `RedisLockStore` on LOCK_STORE_URL, or an `InMemoryLockStore` when it is
  unset. Several Rasa processes (SANIC_WORKERS > 1, or several servers) must share a Redis lock
  store: with SANIC_WORKERS > 1 and no LOCK_STORE_URL, the lock store refuses to start.

So every Rasa feature that inspects a store (its table, the Redis client, `isinstance` checks) sees
exactly what it would see with `type: sql` or `type: redis`. Passwords never reach the logs.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from rasa.core.brokers.broker import EventBroker
from rasa.core.lock_store import InMemoryLockStore, LockStore, RedisLockStore
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain

from bot.settings import ConversationStoreSettings, SettingsError, safe_url, sqlite_path

logger = logging.getLogger(__name__)


def create_tracker_store(
    domain: Domain | None = None,
    event_broker: EventBroker | None = None,
    environ: Mapping[str, str] | None = None,
) -> SQLTrackerStore:
    """Rasa's SQL tracker store on TRACKER_STORE_URL (or the embedded SQLite file)."""
    url = ConversationStoreSettings.from_env(environ).tracker_url
    path = sqlite_path(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    # `postgresql` rather than `postgresql+psycopg2` (the same driver) so that Rasa applies its
    # connection pool settings (SQL_POOL_SIZE, SQL_MAX_OVERFLOW), which it only does for that name.
    dialect = "postgresql" if url.get_backend_name() == "postgresql" and url.get_driver_name() == "psycopg2" else None
    logger.info("Tracker store: %s", safe_url(url))
    return SQLTrackerStore(
        domain=domain,
        dialect=dialect or url.drivername,
        host=url.host,
        port=url.port,
        db=url.database,
        username=url.username,
        password=url.password,
        event_broker=event_broker,
        query=dict(url.query) or None,
    )


def create_lock_store(environ: Mapping[str, str] | None = None) -> LockStore:
    """Rasa's Redis lock store on LOCK_STORE_URL, or its in-memory one when that is unset."""
    stores = ConversationStoreSettings.from_env(environ)
    settings = stores.lock_store
    if settings is None:
        workers = stores.sanic_workers
        if workers > 1:
            raise SettingsError(
                f"SANIC_WORKERS={workers} needs a lock store the workers share: set LOCK_STORE_URL "
                "(e.g. redis://:password@127.0.0.1:6379/1). In-memory locks would let two workers "
                "answer the same conversation at once."
            )
        logger.info("Lock store: in memory (right for one Rasa process; set LOCK_STORE_URL for several)")
        return InMemoryLockStore()
    logger.info("Lock store: Redis at %s", settings.describe())
    store = RedisLockStore(
        host=settings.host,
        port=settings.port,
        db=settings.db,
        username=settings.username,
        password=settings.password,
        use_ssl=settings.use_ssl,
        key_prefix=settings.key_prefix,
    )
    try:
        store.red.ping()
    except Exception as error:
        # Not fatal: Redis may come up after Rasa. Every message will fail until it does.
        logger.warning("Lock store: Redis at %s does not answer yet (%s)", settings.describe(), type(error).__name__)
    return store


def _ignored(where: str, host: str | None, options: Mapping[str, Any]) -> None:
    if host or options:
        logger.warning(
            "%s: the settings %s in endpoints.yml are ignored; this store is configured from the environment",
            where,
            sorted([*(["url"] if host else []), *options]),
        )


class EnvTrackerStore:
    """`tracker_store: {type: bot.conversation_stores.EnvTrackerStore}`: calling the class gives a SQLTrackerStore."""

    def __new__(
        cls,
        host: str | None = None,
        domain: Domain | None = None,
        event_broker: EventBroker | None = None,
        **options: Any,
    ) -> SQLTrackerStore:  # type: ignore[misc]
        _ignored("Tracker store", host, options)
        return create_tracker_store(domain, event_broker)


class EnvLockStore:
    """`lock_store: {type: bot.conversation_stores.EnvLockStore}`: gives a RedisLockStore or InMemoryLockStore."""

    def __new__(cls, endpoint_config: Any = None, **_: Any) -> LockStore:  # type: ignore[misc]
        if endpoint_config is not None:
            _ignored("Lock store", getattr(endpoint_config, "url", None), getattr(endpoint_config, "kwargs", {}))
        return create_lock_store()
