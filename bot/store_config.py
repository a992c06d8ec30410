"""Where conversations and their locks are kept: TRACKER_STORE_URL and LOCK_STORE_URL.

Read by bot/stores.py (the stores Rasa uses) and bot/retention.py (`python -m bot conversations
prune`), so both always mean the same database. Only SQLAlchemy's URL parser is imported here: the
command line stays fast, and nothing in this module connects anywhere.

- TRACKER_STORE_URL: a SQLAlchemy URL, `postgresql://user:password@host:5432/tracker` or
  `sqlite:///var/tracker.sqlite3`. Unset: the SQLite file var/tracker.sqlite3 under the current
  working directory, so conversations survive a restart.
- LOCK_STORE_URL: `redis://[:password@]host[:port][/db]` (`rediss://` for TLS; db defaults to 1,
  Rasa's lock store default). Unset: locks in memory, which is right for one Rasa process only.
- LOCK_STORE_KEY_PREFIX: letters and digits put before the lock keys in Redis (default `cbpbot`).

Error messages and descriptions never contain a password.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

#: The embedded tracker store, relative to the working directory (the project root under `make run`).
DEFAULT_TRACKER_DB = Path("var") / "tracker.sqlite3"
#: Rasa's RedisLockStore uses Redis database 1 unless told otherwise.
DEFAULT_LOCK_DB = 1
DEFAULT_REDIS_PORT = 6379
DEFAULT_LOCK_KEY_PREFIX = "cbpbot"
#: The tracker store backends this project ships drivers for (SQLite built in, psycopg2 for PostgreSQL).
TRACKER_BACKENDS = ("sqlite", "postgresql")


class StoreConfigError(ValueError):
    """A store setting in the environment cannot be used. The message names the variable, never a password."""


def _environ(environ: Mapping[str, str] | None) -> Mapping[str, str]:
    return os.environ if environ is None else environ


def tracker_store_url(environ: Mapping[str, str] | None = None) -> URL:
    """The tracker store's database: TRACKER_STORE_URL, else var/tracker.sqlite3 in the working directory."""
    raw = (_environ(environ).get("TRACKER_STORE_URL") or "").strip()
    if not raw:
        return URL.create("sqlite", database=str(Path.cwd() / DEFAULT_TRACKER_DB))
    try:
        url = make_url(raw)
    except ArgumentError:
        # SQLAlchemy's message repeats the URL, password included: say what is wrong without it.
        raise StoreConfigError(
            "TRACKER_STORE_URL is not a database URL; write e.g. postgresql://user:password@host:5432/tracker "
            "or sqlite:///var/tracker.sqlite3"
        ) from None
    if url.drivername == "postgres":  # the scheme Heroku and others hand out; SQLAlchemy 1.4 wants postgresql
        url = url.set(drivername="postgresql")
    if url.get_backend_name() not in TRACKER_BACKENDS:
        raise StoreConfigError(
            f"TRACKER_STORE_URL must be a PostgreSQL or SQLite URL, not {url.get_backend_name()!r} ({safe_url(url)})"
        )
    if url.get_backend_name() == "sqlite" and not url.database:
        raise StoreConfigError(
            "TRACKER_STORE_URL names no SQLite file; write e.g. sqlite:///var/tracker.sqlite3 "
            "(an in-memory tracker store would lose every conversation at each restart)"
        )
    return url


def safe_url(url: URL | str) -> str:
    """The URL for messages and logs, its password replaced by ***."""
    if isinstance(url, str):
        try:
            url = make_url(url)
        except ArgumentError:
            return "(unparsable URL)"
    return url.render_as_string(hide_password=True)


def sqlite_path(url: URL) -> Path | None:
    """The file of a SQLite URL (relative paths are relative to the working directory); None otherwise."""
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


@dataclass(frozen=True)
class RedisSettings:
    """What Rasa's RedisLockStore needs, parsed from LOCK_STORE_URL."""

    host: str
    port: int = DEFAULT_REDIS_PORT
    db: int = DEFAULT_LOCK_DB
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    use_ssl: bool = False
    key_prefix: str = DEFAULT_LOCK_KEY_PREFIX

    def describe(self) -> str:
        """The URL without its password, for logs."""
        scheme = "rediss" if self.use_ssl else "redis"
        credentials = f"{self.username or ''}:***@" if self.password else ""
        return f"{scheme}://{credentials}{self.host}:{self.port}/{self.db} (key prefix {self.key_prefix!r})"


def lock_store_settings(environ: Mapping[str, str] | None = None) -> RedisSettings | None:
    """LOCK_STORE_URL parsed, or None when unset (locks in memory)."""
    env = _environ(environ)
    raw = (env.get("LOCK_STORE_URL") or "").strip()
    if not raw:
        return None
    example = "write e.g. redis://:password@127.0.0.1:6379/1"
    parts = urlsplit(raw)
    if parts.scheme not in ("redis", "rediss"):
        raise StoreConfigError(f"LOCK_STORE_URL must be a redis:// or rediss:// URL; {example}")
    try:
        port = parts.port or DEFAULT_REDIS_PORT
    except ValueError:
        raise StoreConfigError(f"LOCK_STORE_URL has a port that is not a number; {example}") from None
    if not parts.hostname:
        raise StoreConfigError(f"LOCK_STORE_URL names no host; {example}")
    database = parts.path.strip("/")
    if database and not database.isdigit():
        raise StoreConfigError(f"LOCK_STORE_URL's database must be a number (the part after the last /); {example}")
    prefix = (env.get("LOCK_STORE_KEY_PREFIX") or DEFAULT_LOCK_KEY_PREFIX).strip()
    if not prefix.isalnum():
        # Rasa would silently drop such a prefix and share keys with every other assistant on the server.
        raise StoreConfigError(f"LOCK_STORE_KEY_PREFIX must be letters and digits only, not {prefix!r}")
    return RedisSettings(
        host=parts.hostname,
        port=port,
        db=int(database) if database else DEFAULT_LOCK_DB,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        use_ssl=parts.scheme == "rediss",
        key_prefix=prefix,
    )
