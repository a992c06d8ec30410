"""Shared fixtures: threshold databases on SQLite and, when configured, on a real PostgreSQL server."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.thresholds import ThresholdStore, create_engine, load_directory, migrate

ROOT = Path(__file__).resolve().parents[1]
RULES_DIR = ROOT / "data" / "thresholds"
POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL")
REQUIRE_POSTGRES = os.environ.get("REQUIRE_POSTGRES") == "1"

BACKENDS = ["sqlite", "postgresql"]


def _reset_postgres(engine) -> None:
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS rules, dataset, rule_audit, alembic_version CASCADE"))
        connection.execute(text("DROP FUNCTION IF EXISTS rule_audit_append_only() CASCADE"))


def make_engine(backend: str, tmp_path: Path, pg_suffix: str = ""):
    """A fresh, migrated, empty threshold database on the given backend.

    Read-only session fixtures use the PostgreSQL database `<name>_ro` so that per-test resets of
    `<name>` cannot clobber them.
    """
    if backend == "sqlite":
        engine = create_engine(f"sqlite:///{tmp_path / 'thresholds.sqlite3'}")
    else:
        if not POSTGRES_URL:
            if REQUIRE_POSTGRES:
                pytest.fail("REQUIRE_POSTGRES=1 but TEST_POSTGRES_URL is not set")
            pytest.skip("PostgreSQL not configured (set TEST_POSTGRES_URL; `make test` does)")
        engine = create_engine(POSTGRES_URL + pg_suffix)
        _reset_postgres(engine)
    migrate(engine)
    return engine


@pytest.fixture(params=BACKENDS)
def engine(request, tmp_path):
    """An empty migrated database, once per backend."""
    engine = make_engine(request.param, tmp_path)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session", params=BACKENDS)
def loaded_store(request, tmp_path_factory):
    """A store holding the project's real rules, shared by read-only tests, once per backend."""
    engine = make_engine(request.param, tmp_path_factory.mktemp(request.param), pg_suffix="_ro")
    load_directory(engine, RULES_DIR)
    yield ThresholdStore(engine)
    engine.dispose()


@pytest.fixture(scope="session")
def snapshot(loaded_store):
    return loaded_store.snapshot()
