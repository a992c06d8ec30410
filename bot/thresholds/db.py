"""Engine creation and schema migration for the threshold store.

The embedded default is a SQLite file under `var/`; any SQLAlchemy URL can be given through the
THRESHOLDS_DB_URL environment variable (e.g. postgresql+psycopg2://user@127.0.0.1/thresholds),
read by `bot.settings.ThresholdSettings`.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.future import create_engine as create_future_engine
from sqlalchemy.pool import StaticPool

PROJECT_ROOT = Path(__file__).resolve().parents[2]
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def database_url() -> str:
    """The configured database URL: THRESHOLDS_DB_URL, else the embedded SQLite file."""
    from bot.settings import ThresholdSettings  # here: pydantic is not needed for `python -m bot --help`

    return ThresholdSettings.from_env().url


def _enable_sqlite_foreign_keys(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def create_engine(url: str | None = None) -> Engine:
    """A 2.0-style engine; creates the SQLite file's folder when needed."""
    url = url or database_url()
    parsed = make_url(url)
    kwargs: dict = {"future": True, "pool_pre_ping": True}
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        else:
            # One shared in-memory database for every connection of this engine.
            kwargs.update(poolclass=StaticPool, connect_args={"check_same_thread": False})
            kwargs.pop("pool_pre_ping")
    engine = create_future_engine(url, **kwargs)
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _enable_sqlite_foreign_keys)
    return engine


@lru_cache(maxsize=8)
def shared_engine(url: str) -> Engine:
    """One engine (and connection pool) per URL for the life of the process."""
    return create_engine(url)


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision (idempotent)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
