"""One running assistant (real Rasa and action servers) shared by the end-to-end tests."""

from __future__ import annotations

import pytest

from bot.thresholds import create_engine, load_directory, migrate
from tests.conftest import ROOT, RULES_DIR
from tests.e2e.servers import start_assistant

#: Rasa's HTTP API token of the test servers (in production: RASA_API_TOKEN from the environment).
API_TOKEN = "e2e-api-token-not-a-secret"


@pytest.fixture(scope="session")
def assistant(tmp_path_factory):  # noqa: ANN001, ANN201
    if not list((ROOT / "models").glob("*.tar.gz")):
        pytest.fail("no trained model in models/: run `make train` first (make test does)")
    workdir = tmp_path_factory.mktemp("assistant")
    db_url = f"sqlite:///{workdir / 'thresholds.sqlite3'}"
    engine = create_engine(db_url)
    migrate(engine)
    load_directory(engine, RULES_DIR)
    engine.dispose()
    running = start_assistant(workdir, db_url, api_token=API_TOKEN)
    yield running
    running.stop()
