"""Browser tests of the web page (Playwright driving Debian's Chromium).

One session-scoped fixture starts every server: the real assistant (action server and Rasa, with
CORS for the page's origin only and the HTTP API on) and the web server in front of it, plus a
scripted socket.io stand-in for Rasa with its own web server (fast, deterministic panel tests).

These tests need a trained model, the front-end assets and Chromium; `make test-web` prepares all
three. Elsewhere (e.g. `make test-unit`) they are skipped unless BROWSER_TESTS=1. With
BROWSER_TESTS_FAKE_ONLY=1 only the stand-in runs (no model needed; the live tests are skipped).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT
from tests.e2e.servers import Assistant, free_port, rules_database, start_assistant, wait_for

HERE = Path(__file__).resolve().parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
STAFF_TOKEN = "browser-test-staff-token"
API_TOKEN = "browser-test-api-token"
FIXED_CHANNEL = "bot.channels.socketio.SocketIOInput"


def pytest_collection_modifyitems(config, items) -> None:
    if os.environ.get("BROWSER_TESTS") == "1":
        return
    skip = pytest.mark.skip(reason="browser test: run `make test-web` (or BROWSER_TESTS=1 pytest tests/web/browser)")
    for item in items:
        if HERE in Path(str(item.fspath)).parents:
            item.add_marker(skip)


@dataclass
class Servers:
    assistant: Assistant | None
    web_url: str | None
    fake_web_url: str
    workdir: Path
    processes: list[subprocess.Popen] = field(default_factory=list)

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        if self.assistant is not None:
            self.assistant.stop()


def _prepare() -> None:
    """Chromium and the front-end assets, installed or built when absent (both scripts are idempotent)."""
    if not os.path.exists(CHROMIUM):
        subprocess.run(["bash", str(ROOT / "scripts" / "browser.sh")], check=True)
    if not AXE.is_file() or not (ROOT / "bot" / "web" / "static" / "vendor" / "uswds").is_dir():
        subprocess.run(["bash", str(ROOT / "scripts" / "web_assets.sh")], check=True)


def _credentials(workdir: Path) -> Path:
    """The project's channels, with the web page's socket.io channel fixed if credentials.yml is not yet.

    Rasa 3.6's own `socketio` channel never delivers replies with session persistence on
    python-socketio 5.10+ (see bot/channels/socketio.py); tests/channels/test_socketio.py
    checks credentials.yml itself.
    """
    text = (ROOT / "credentials.yml").read_text()
    # Rename the key in the text: a YAML round trip would drop the quotes Rasa's ${VAR} handling relies on.
    text = re.sub(r"^socketio:[ \t]*$", f"{FIXED_CHANNEL}:", text, flags=re.MULTILINE)
    assert FIXED_CHANNEL in (yaml.safe_load(text) or {}), "credentials.yml has no socket.io channel"
    path = workdir / "credentials.yml"
    path.write_text(text)
    return path


def _start(command: list[str], env: dict, log: Path, health_url: str) -> subprocess.Popen:
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=open(log, "w"), stderr=subprocess.STDOUT)
    try:
        wait_for(health_url, process, timeout=60)
    except Exception:
        process.kill()
        raise RuntimeError(f"{command} failed to start:\n{log.read_text()[-3000:]}") from None
    return process


@pytest.fixture(scope="session")
def servers(tmp_path_factory) -> Servers:
    fake_only = os.environ.get("BROWSER_TESTS_FAKE_ONLY") == "1"
    if not fake_only and not list((ROOT / "models").glob("*.tar.gz")):
        pytest.fail("no trained model in models/: run `make train` first (make test-web does)")
    _prepare()
    workdir = tmp_path_factory.mktemp("web-browser")
    db_url = rules_database(workdir)

    web_port, fake_port, fake_web_port = free_port(), free_port(), free_port()
    web_url, fake_web_url = f"http://127.0.0.1:{web_port}", f"http://127.0.0.1:{fake_web_port}"
    (workdir / "logs").mkdir(exist_ok=True)
    assistant = (
        None
        if fake_only
        else start_assistant(workdir, db_url, cors=web_url, api_token=API_TOKEN, credentials=_credentials(workdir))
    )
    running = Servers(assistant, None if fake_only else web_url, fake_web_url, workdir)
    try:
        base_env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "THRESHOLDS_DB_URL": db_url,
            "STAFF_TOKEN": STAFF_TOKEN,
            "EVAL_RESULTS_DIR": str(workdir / "no-eval-results"),
        }
        python = sys.executable
        if assistant is not None:
            running.processes.append(
                _start(
                    [python, "-m", "bot", "web", "--port", str(web_port)],
                    {
                        **base_env,
                        "RASA_URL": assistant.base_url,
                        "RASA_API_URL": assistant.base_url,
                        "RASA_API_TOKEN": API_TOKEN,
                        "WEB_REPLY_TIMEOUT": "60",
                    },
                    workdir / "logs" / "web.log",
                    f"{web_url}/health",
                )
            )
        running.processes.append(
            _start(
                [python, "-m", "tests.web.browser.fake_rasa", "--port", str(fake_port), "--origin", fake_web_url],
                base_env,
                workdir / "logs" / "fake_rasa.log",
                f"http://127.0.0.1:{fake_port}/",
            )
        )
        running.processes.append(
            _start(
                [python, "-m", "bot", "web", "--port", str(fake_web_port)],
                {**base_env, "RASA_URL": f"http://127.0.0.1:{fake_port}", "WEB_REPLY_TIMEOUT": "3"},
                workdir / "logs" / "fake_web.log",
                f"{fake_web_url}/health",
            )
        )
        yield running
    finally:
        running.stop()


@pytest.fixture
def live(servers) -> Servers:
    """The servers, for tests that need the real assistant."""
    if servers.assistant is None:
        pytest.skip("BROWSER_TESTS_FAKE_ONLY=1: the real assistant is not started")
    return servers


@pytest.fixture(scope="module")
def browser(servers):
    """Chromium, per test module: Playwright's sync API keeps an event loop running on this thread while it
    is open, which would stop pytest-asyncio's tests in other modules from running."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh browser profile (empty localStorage) per test; console errors are kept on page.errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    context.set_default_timeout(15_000)
    new_page = context.new_page()
    new_page.errors = []
    new_page.on("console", lambda message: message.type == "error" and new_page.errors.append(message.text))
    new_page.on("pageerror", lambda error: new_page.errors.append(str(error)))
    yield new_page
    context.close()


def axe_violations(page) -> list[str]:
    """Serious and critical WCAG 2.1 A/AA violations found by axe-core on the page as it is now."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text())  # evaluated by the browser's debugger, so the page's CSP does not block it
    results = page.evaluate(
        """async () => {
            const result = await axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
            return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}));
        }"""
    )
    return [
        f"{item['impact']}: {item['id']} ({item['help']}) at {item['targets']}"
        for item in results
        if item["impact"] in ("serious", "critical")
    ]


def csp_errors(page) -> list[str]:
    return [text for text in page.errors if "Content Security Policy" in text]
