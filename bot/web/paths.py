"""Settings of the web server, read from the environment (see `WebConfig.from_env`)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

PROJECT_ROOT = Path(__file__).resolve().parents[2]
STATIC_DIR = Path(__file__).resolve().parent / "static"
VENDOR_DIR = STATIC_DIR / "vendor"
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
DEFAULT_RESULTS_DIR = PROJECT_ROOT / "results" / "eval"


class ConfigError(ValueError):
    """A setting has a value the server cannot use."""


def http_url(value: str, name: str) -> str:
    """An http(s) URL without a trailing slash, or ConfigError naming the setting."""
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ConfigError(f"{name} must be an http(s) URL such as http://localhost:5005, not {value!r}")
    return value.strip().rstrip("/")


@dataclass(frozen=True)
class WebConfig:
    """Where the server listens, where Rasa is, and the secrets of the staff page."""

    host: str = "127.0.0.1"
    port: int = 8000
    #: Rasa as the visitor's browser reaches it (socket.io channel); also the CSP connect-src.
    rasa_url: str = "http://localhost:5005"
    #: Rasa as this server reaches it for the staff page's HTTP API calls (default: rasa_url).
    rasa_api_url: str | None = None
    rasa_api_token: str | None = None
    #: None or empty: the staff page is off and everything under /staff answers 401.
    staff_token: str | None = None
    #: How long a staff login lasts.
    staff_session_hours: float = 12.0
    thresholds_db_url: str | None = None
    results_dir: Path = DEFAULT_RESULTS_DIR
    #: How long the chat page waits for a reply before saying it cannot reach the assistant.
    reply_timeout_seconds: float = 30.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "rasa_url", http_url(self.rasa_url, "RASA_URL"))
        api = self.rasa_api_url or self.rasa_url
        object.__setattr__(self, "rasa_api_url", http_url(api, "RASA_API_URL"))
        if not 1 <= int(self.port) <= 65535:
            raise ConfigError(f"WEB_PORT must be a port number, not {self.port!r}")
        if self.reply_timeout_seconds <= 0:
            raise ConfigError("WEB_REPLY_TIMEOUT must be a positive number of seconds")

    @property
    def staff_enabled(self) -> bool:
        return bool(self.staff_token)

    @property
    def rasa_origin(self) -> str:
        parts = urlsplit(self.rasa_url)
        return f"{parts.scheme}://{parts.netloc}"

    @property
    def rasa_socket_origin(self) -> str:
        """The WebSocket origin matching rasa_url (for the Content-Security-Policy)."""
        parts = urlsplit(self.rasa_url)
        return f"{'wss' if parts.scheme == 'https' else 'ws'}://{parts.netloc}"

    @property
    def socketio_path(self) -> str:
        """socket.io's path on the Rasa server (a path in RASA_URL, e.g. behind a proxy, is kept)."""
        return urlsplit(self.rasa_url).path.rstrip("/") + "/socket.io"

    @classmethod
    def from_env(cls, environ: dict | None = None, **overrides: object) -> WebConfig:
        env = os.environ if environ is None else environ

        def number(name: str, default: str, kind: type) -> object:
            raw = env.get(name) or default
            try:
                return kind(raw)
            except ValueError:
                raise ConfigError(f"{name} must be a number, not {raw!r}") from None

        values: dict = {
            "host": env.get("WEB_HOST") or "127.0.0.1",
            "port": number("WEB_PORT", "8000", int),
            "rasa_url": env.get("RASA_URL") or "http://localhost:5005",
            "rasa_api_url": env.get("RASA_API_URL") or None,
            "rasa_api_token": env.get("RASA_API_TOKEN") or None,
            "staff_token": env.get("STAFF_TOKEN") or None,
            "thresholds_db_url": env.get("THRESHOLDS_DB_URL") or None,
            "reply_timeout_seconds": number("WEB_REPLY_TIMEOUT", "30", float),
        }
        if env.get("EVAL_RESULTS_DIR"):
            values["results_dir"] = Path(env["EVAL_RESULTS_DIR"])
        values.update({key: value for key, value in overrides.items() if value is not None})
        return cls(**values)
