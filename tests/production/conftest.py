"""The production profile on this machine: two action servers and two Rasa servers sharing one
PostgreSQL tracker store and one Redis lock store (from `make services`)."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa

from tests.conftest import ROOT
from tests.e2e.servers import free_port, launch_actions, launch_rasa, rules_database, server_env, stop_process, wait_for


def service_url(env_name: str, file_name: str) -> str:
    """A service URL from the environment or from var/ (written by `make services`), or skip/fail."""
    url = os.environ.get(env_name) or ""
    if not url and (ROOT / "var" / file_name).is_file():
        url = (ROOT / "var" / file_name).read_text().strip()
    if not url:
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail(f"{env_name} is not set and var/{file_name} is missing: run `make services`")
        pytest.skip(f"{env_name} not set: run `make services`")
    return url


@dataclass
class Node:
    """One Rasa server with its own action server."""

    rasa_port: int
    actions_port: int
    rasa: object = None
    actions: object = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    def say(self, sender: str, message: str, timeout: float = 60.0) -> list[dict]:
        response = requests.post(
            f"{self.url}/webhooks/rest/webhook", json={"sender": sender, "message": message}, timeout=timeout
        )
        response.raise_for_status()
        return response.json()

    def text(self, sender: str, message: str) -> str:
        return "\n".join(reply.get("text", "") for reply in self.say(sender, message))


@dataclass
class Cluster:
    nodes: list[Node]
    env: dict
    workdir: Path
    tracker_url: str
    processes: list = field(default_factory=list)

    def kill_rasa(self, node: Node) -> None:
        """SIGKILL: no chance to flush anything (a crash, not a clean stop)."""
        node.rasa.kill()
        node.rasa.wait(timeout=30)

    def start_rasa(self, node: Node) -> None:
        log = self.workdir / f"rasa-{node.rasa_port}.log"
        node.rasa = launch_rasa(node.rasa_port, node.actions_port, self.env, log)
        self.processes.append(node.rasa)
        wait_for(f"{node.url}/webhooks/health/ready", node.rasa)

    def stored_events(self, sender: str) -> list[tuple[str, str | None]]:
        """(type, text) of the user and bot events stored for a conversation, in order."""
        engine = sa.create_engine(self.tracker_url)
        try:
            with engine.connect() as connection:
                rows = connection.execute(
                    sa.text(
                        "SELECT type_name, data FROM events WHERE sender_id = :sender "
                        "AND type_name IN ('user', 'bot') ORDER BY id"
                    ),
                    {"sender": sender},
                ).all()
        finally:
            engine.dispose()
        return [(row.type_name, json.loads(row.data).get("text")) for row in rows]


def reset_tracker_database(url: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text("DROP TABLE IF EXISTS events"))
    engine.dispose()


@pytest.fixture(scope="session")
def cluster(tmp_path_factory):
    if not list((ROOT / "models").glob("*.tar.gz")):
        pytest.fail("no trained model in models/: run `make train` first (make test does)")
    postgres = service_url("TEST_POSTGRES_URL", "postgres_url")
    redis_url = service_url("TEST_REDIS_URL", "redis_url")
    tracker_url = postgres.rsplit("/", 1)[0].replace("postgresql+psycopg2://", "postgresql://") + "/tracker_test"
    reset_tracker_database(tracker_url)
    workdir = tmp_path_factory.mktemp("cluster")
    db_url = rules_database(workdir)
    env = server_env(db_url, workdir, {"TRACKER_STORE_URL": tracker_url, "LOCK_STORE_URL": redis_url})
    nodes = [Node(free_port(), free_port()), Node(free_port(), free_port())]
    running = Cluster(nodes, env, workdir, tracker_url)
    try:
        for node in nodes:
            node.actions = launch_actions(node.actions_port, env, workdir / f"actions-{node.actions_port}.log")
            running.processes.append(node.actions)
        # One Rasa server first: it creates the tracker store's table; two at once would race to.
        for node in nodes:
            running.start_rasa(node)
        yield running
    except Exception:
        for log in sorted(workdir.glob("*.log")):
            print(f"--- {log.name}\n{log.read_text()[-3000:]}")
        raise
    finally:
        for process in running.processes:
            stop_process(process)
