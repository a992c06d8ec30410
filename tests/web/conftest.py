"""Fixtures for the web app's tests: threshold stores (real rules, hostile rules) and a client factory."""

from __future__ import annotations

import contextlib
import textwrap
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.settings import WebSettings
from bot.thresholds import ThresholdStore, create_engine, load_directory, migrate
from bot.web.app import create_app
from tests.conftest import RULES_DIR

STAFF_TOKEN = "correct horse battery staple"

#: A rule whose text fields hold markup: the staff page must show it as text.
HOSTILE_RULES = textwrap.dedent(
    """\
    - id: us-hostile-rule
      jurisdiction: US
      kind: contact
      value: "<b>bold</b>"
      unit: text
      effective_from: 2020-01-01
      summary: "<script>alert('summary')</script> & friends"
      citation: "<img src=x onerror=alert(1)>"
      source_url: 'https://example.gov/a?b="><script>alert(2)</script>'
      confidence: HIGH
      last_verified: 2026-01-01
    """
)


def make_store(directory: Path, database: Path) -> ThresholdStore:
    engine = create_engine(f"sqlite:///{database}")
    migrate(engine)
    load_directory(engine, directory)
    return ThresholdStore(engine)


@pytest.fixture(scope="session")
def real_store(tmp_path_factory) -> ThresholdStore:
    """The project's real rules in a temporary SQLite database."""
    return make_store(RULES_DIR, tmp_path_factory.mktemp("web-real") / "thresholds.sqlite3")


@pytest.fixture
def hostile_store(tmp_path) -> ThresholdStore:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "_dataset.yaml").write_text("data_as_of: 2026-01-02\n")
    (rules / "hostile.yaml").write_text(HOSTILE_RULES)
    return make_store(rules, tmp_path / "thresholds.sqlite3")


def config(**overrides: object) -> WebSettings:
    values: dict = {"rasa_url": "http://rasa.example:5005", "results_dir": Path("/nonexistent/results/eval")}
    values.update(overrides)
    return WebSettings(**values)


@contextlib.asynccontextmanager
async def serve(app):
    """An aiohttp test client for an app (pytest-aiohttp is not used)."""
    async with TestClient(TestServer(app)) as client:
        yield client


@contextlib.asynccontextmanager
async def web_client(store: ThresholdStore | None = None, **overrides: object):
    app = create_app(config(**overrides), store_factory=(lambda: store) if store is not None else None)
    async with serve(app) as client:
        yield client


async def login(client: TestClient, token: str = STAFF_TOKEN):
    return await client.post("/staff/login", data={"token": token}, allow_redirects=False)
