"""Start the real action server and Rasa server for end-to-end tests, on free loopback ports."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
RASA = str(Path(sys.executable).parent / "rasa")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stop_process(process: subprocess.Popen) -> None:
    """SIGTERM, then SIGKILL if it has not stopped within 20 s."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def wait_for(url: str, process: subprocess.Popen, timeout: float = 240.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode} before answering {url}")
        try:
            if requests.get(url, timeout=2).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"{url} did not answer within {timeout} s")


@dataclass
class Assistant:
    """A running pair of servers; `say` talks to it over the REST channel."""

    rasa_port: int
    actions_port: int
    workdir: Path
    env: dict
    processes: list[subprocess.Popen] = field(default_factory=list)
    rasa_process: subprocess.Popen | None = None
    api_token: str | None = None
    rasa_options: list[str] = field(default_factory=list)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def rest_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}/webhooks/rest/webhook"

    def say(self, sender: str, message: str, timeout: float = 30.0) -> list[dict]:
        response = requests.post(self.rest_url, json={"sender": sender, "message": message}, timeout=timeout)
        response.raise_for_status()
        return response.json()

    def text(self, sender: str, message: str) -> str:
        return "\n".join(reply.get("text", "") for reply in self.say(sender, message))

    def stop_rasa(self) -> None:
        """Stop only the Rasa server (to test what clients do when it goes away)."""
        if self.rasa_process is not None and self.rasa_process.poll() is None:
            self.rasa_process.send_signal(signal.SIGTERM)
            try:
                self.rasa_process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.rasa_process.kill()
                self.rasa_process.wait(timeout=10)

    def stop_actions(self) -> None:
        """Stop the action server (the Rasa server keeps running)."""
        for process in self.processes:
            if process.args[:4] == [sys.executable, "-m", "bot", "actions"] and process.poll() is None:
                process.send_signal(signal.SIGTERM)
                process.wait(timeout=20)

    def start_actions(self, **env_overrides: str) -> None:
        """Start an action server on the same port, e.g. with another THRESHOLDS_DB_URL; wait for it."""
        log = self.workdir / "logs" / "actions.log"
        process = launch_actions(self.actions_port, {**self.env, **env_overrides}, log)
        self.processes.append(process)
        wait_for(f"http://127.0.0.1:{self.actions_port}/health", process)

    def restart_rasa(self) -> None:
        """Start the Rasa server again (after `stop_rasa`), same port and settings; wait until it answers."""
        logs = self.workdir / "logs"
        self.rasa_process = launch_rasa(
            self.rasa_port, self.actions_port, self.env, logs / "rasa.log", self.rasa_options
        )
        self.processes.append(self.rasa_process)
        wait_for(f"{self.base_url}/", self.rasa_process)

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def rules_database(workdir: Path) -> str:
    """A SQLite threshold database under `workdir` holding the project's rules; its URL."""
    from bot.thresholds import create_engine, load_directory, migrate

    db_url = f"sqlite:///{workdir / 'thresholds.sqlite3'}"
    engine = create_engine(db_url)
    migrate(engine)
    load_directory(engine, ROOT / "data" / "thresholds")
    engine.dispose()
    return db_url


def server_env(db_url: str, workdir: Path, extra_env: dict | None = None) -> dict:
    """The environment of the test servers: their own threshold database and tracker store under
    `workdir` (never the developer's var/), the in-memory lock store, unless `extra_env` says otherwise."""
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "THRESHOLDS_DB_URL": db_url,
        "TRACKER_STORE_URL": f"sqlite:///{workdir / 'tracker.sqlite3'}",
        "LOCK_STORE_URL": "",
        "RASA_TELEMETRY_ENABLED": "false",
        "TF_CPP_MIN_LOG_LEVEL": "2",
        **(extra_env or {}),
    }


def launch_actions(port: int, env: dict, log: Path) -> subprocess.Popen:
    """The action server (`python -m bot actions`) on a loopback port."""
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "actions", "--port", str(port), "--host", "127.0.0.1"],
        cwd=ROOT,
        env=env,
        stdout=open(log, "a"),
        stderr=subprocess.STDOUT,
    )


def launch_rasa(
    port: int, actions_port: int, env: dict, log: Path, options: list[str] | None = None
) -> subprocess.Popen:
    """A Rasa server on a loopback port with the project's endpoints.yml, its action endpoint set
    through ACTION_ENDPOINT_URL; `options`: more `rasa run` arguments (e.g. --credentials)."""
    options = list(options or [])
    if "--credentials" not in options:
        options += ["--credentials", str(ROOT / "credentials.yml")]
    return subprocess.Popen(
        [
            RASA,
            "run",
            "--model",
            str(ROOT / "models"),
            "--port",
            str(port),
            "--endpoints",
            str(ROOT / "endpoints.yml"),
            "--interface",
            "127.0.0.1",
            *options,
        ],
        cwd=ROOT,
        env={**env, "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{actions_port}/webhook"},
        stdout=open(log, "a"),
        stderr=subprocess.STDOUT,
    )


def start_assistant(
    workdir: Path,
    db_url: str,
    extra_env: dict | None = None,
    *,
    cors: str | None = None,
    api_token: str | None = None,
    credentials: Path | None = None,
) -> Assistant:
    """Start both servers. `cors`: the one origin allowed by Rasa's CORS (e.g. the web page's);
    `api_token`: also enable Rasa's HTTP API (`--enable-api --auth-token`); `credentials`: another
    channels file than the project's credentials.yml."""
    rasa_port, actions_port = free_port(), free_port()
    # The socket.io channel accepts the page's origin only (WEB_ORIGIN), as Rasa's CORS does (--cors).
    env = server_env(db_url, workdir, {"WEB_ORIGIN": cors, **(extra_env or {})} if cors else extra_env)
    assistant = Assistant(rasa_port, actions_port, workdir, env)
    logs = workdir / "logs"
    logs.mkdir(exist_ok=True)
    actions = launch_actions(actions_port, env, logs / "actions.log")
    assistant.processes.append(actions)
    options = ["--credentials", str(credentials or ROOT / "credentials.yml")]
    if cors:
        options += ["--cors", cors]
    if api_token:
        options += ["--enable-api", "--auth-token", api_token]
    assistant.rasa_options = options
    rasa = launch_rasa(rasa_port, actions_port, env, logs / "rasa.log", options)
    assistant.processes.append(rasa)
    assistant.rasa_process = rasa
    assistant.api_token = api_token
    try:
        wait_for(f"http://127.0.0.1:{actions_port}/health", actions)
        wait_for(f"http://127.0.0.1:{rasa_port}/", rasa)
    except Exception:
        assistant.stop()
        raise RuntimeError(
            "servers failed to start; logs:\n"
            + (logs / "rasa.log").read_text()[-3000:]
            + (logs / "actions.log").read_text()[-3000:]
        ) from None
    return assistant
