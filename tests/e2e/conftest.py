"""One running assistant (real Rasa and action servers) shared by the end-to-end tests."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT
from tests.e2e.servers import rules_database, start_assistant

#: Rasa's HTTP API token of the test servers (in production: RASA_API_TOKEN from the environment).
API_TOKEN = "e2e-api-token-not-a-secret"


@pytest.fixture(scope="session")
def assistant(tmp_path_factory):
    if not list((ROOT / "models").glob("*.tar.gz")):
        pytest.fail("no trained model in models/: run `make train` first (make test does)")
    workdir = tmp_path_factory.mktemp("assistant")
    db_url = rules_database(workdir)
    running = start_assistant(workdir, db_url, api_token=API_TOKEN)
    yield running
    running.stop()
