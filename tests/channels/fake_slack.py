"""A fake Slack Web API on 127.0.0.1 (a thread) that records chat.postMessage, chat.update and response_url posts."""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl


@dataclass
class Call:
    """One request the fake received: the API method (or `response_url`) and its arguments."""

    method: str
    params: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)
    result: dict[str, Any] = field(default_factory=dict)
    at: float = field(default_factory=time.monotonic)

    @property
    def channel(self) -> str | None:
        return self.params.get("channel")

    @property
    def text(self) -> str:
        return str(self.params.get("text") or "")

    @property
    def blocks(self) -> list[dict[str, Any]]:
        blocks = self.params.get("blocks") or []
        return json.loads(blocks) if isinstance(blocks, str) else blocks


class FakeSlack:
    """Answers like Slack's Web API; `not_in_channel` for channels listed in `forbidden_channels`."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.forbidden_channels: set[str] = set()
        self._lock = threading.Lock()
        self._ts = itertools.count(1)
        self._server: ThreadingHTTPServer | None = None

    # ---- lifecycle -----------------------------------------------------------------------

    def start(self) -> FakeSlack:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                if "json" in (self.headers.get("Content-Type") or ""):
                    params = json.loads(raw or b"{}")
                else:
                    params = dict(parse_qsl(raw.decode()))
                status, body = fake._answer(self.path, params, dict(self.headers))
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    @property
    def base_url(self) -> str:
        assert self._server, "not started"
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def api_url(self) -> str:
        return self.base_url + "/api/"

    def response_url(self, name: str) -> str:
        return f"{self.base_url}/response/{name}"

    # ---- behaviour -------------------------------------------------------------------------

    def _answer(self, path: str, params: dict[str, Any], headers: dict[str, str]) -> tuple[int, dict[str, Any]]:
        if path.startswith("/response/"):
            self._record(Call("response_url", {**params, "name": path.rsplit("/", 1)[-1]}, headers))
            return 200, {"ok": True}
        method = path.removeprefix("/api/")
        channel = params.get("channel")
        result: dict[str, Any] = {"ok": True}
        if method == "chat.postMessage":
            if channel in self.forbidden_channels:
                result = {"ok": False, "error": "not_in_channel"}
            else:
                ts = f"{1_800_000_000 + next(self._ts)}.000100"
                result = {"ok": True, "channel": channel, "ts": ts, "message": {**params, "ts": ts}}
        elif method == "chat.update":
            result = {"ok": True, "channel": channel, "ts": params.get("ts"), "text": params.get("text")}
        self._record(Call(method, params, headers, result))
        return 200, result

    def _record(self, call: Call) -> None:
        with self._lock:
            self.calls.append(call)

    # ---- inspection ------------------------------------------------------------------------

    def find(self, method: str, channel: str | None = None) -> list[Call]:
        """Recorded calls of `method` (e.g. "chat.postMessage"), optionally to one channel, oldest first."""
        with self._lock:
            return [c for c in self.calls if c.method == method and (channel is None or c.channel == channel)]

    def wait_for(self, condition: Callable[[], Any], timeout: float = 120.0, what: str = "Slack calls") -> Any:
        """Poll until `condition()` is truthy and return its value; fail after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = condition()
            if value:
                return value
            time.sleep(0.1)
        raise AssertionError(f"timed out after {timeout} s waiting for {what}; calls: {self.calls!r}"[:4000])
