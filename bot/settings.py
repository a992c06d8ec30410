"""Every setting the project reads from the environment, typed and checked in one place.

Each group of settings is a pydantic `BaseSettings` class whose fields name their variable
(`Field(env="WEB_PORT")`) and say what is expected (`description`). `Group.from_env()` reads the
environment (or a mapping given for tests) and returns the checked settings, or raises
`SettingsError` with one line per bad variable: "WEB_PORT must be a port number (1-65535), not
'eighty'". Secrets are never repeated in a message. Constructing a group with keywords
(`WebSettings(port=8123)`) reads no environment at all, so tests see only what they pass.

As in the shell scripts (`${VAR:-default}`), a variable that is set but empty counts as unset.
A lenient group (`lenient = True`: the channels' limits and Slack settings, read by the Rasa server)
logs a bad value and uses the default instead, because a typo there must not take the assistant
down nor switch a limit off; `from_env(..., lenient=...)` overrides that either way.

`python -m bot.settings` checks every group, lenient ones included, and prints the settings
(secrets hidden); exit status 2 names each bad variable. Nothing here imports Rasa, so
`bot/thresholds` may use it. This is the only module of bot/ and actions/ that reads the environment
(bot/staff/try_message.py forwards it, unread, to the action server it starts).
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import math
import os
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, TypeVar
from urllib.parse import unquote, urlsplit

from pydantic import BaseSettings, Field, ValidationError, root_validator, validator
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

logger = logging.getLogger(__name__)

PROJECT_ROOT = Path(__file__).resolve().parents[1]
#: The embedded threshold database (THRESHOLDS_DB_URL unset).
DEFAULT_THRESHOLDS_DB = PROJECT_ROOT / "var" / "thresholds.sqlite3"
#: The embedded tracker store, relative to the working directory (the project root under `make run`).
DEFAULT_TRACKER_DB = Path("var") / "tracker.sqlite3"
DEFAULT_EVAL_RESULTS = PROJECT_ROOT / "results" / "eval"
#: Rasa's RedisLockStore uses Redis database 1 unless told otherwise.
DEFAULT_LOCK_DB = 1
DEFAULT_REDIS_PORT = 6379
DEFAULT_LOCK_KEY_PREFIX = "cbpbot"
#: The tracker store backends this project ships drivers for (SQLite built in, psycopg2 for PostgreSQL).
TRACKER_BACKENDS = ("sqlite", "postgresql")

#: Today's date, as the actions and the answers see it; tests pass a fixed one.
Clock = Callable[[], dt.date]


def system_clock() -> dt.date:
    """Today in the server's time zone, or the date `ASSISTANT_TODAY` fixes (ClockSettings)."""
    return _fixed_today() or dt.date.today()


@functools.lru_cache(maxsize=1)
def _fixed_today() -> dt.date | None:
    """Read once per process: a server's "today" does not change under it."""
    return ClockSettings.from_env().today


class SettingsError(ValueError):
    """A variable of the environment has a value that cannot be used; the message names it, never a secret."""

    def __init__(self, message: str, fields: frozenset[str] = frozenset()) -> None:
        super().__init__(message)
        #: The names of the fields whose values were refused.
        self.fields = fields


Group = TypeVar("Group", bound="EnvSettings")


class EnvSettings(BaseSettings):
    """A group of settings; see the module's docstring."""

    #: Fields whose value is a secret (or holds one): never shown in messages or `python -m bot.settings`.
    secret_fields: ClassVar[frozenset[str]] = frozenset()
    #: True: `from_env` logs a bad value and uses the field's default instead of raising SettingsError.
    lenient: ClassVar[bool] = False

    class Config:
        allow_mutation = False
        extra = "forbid"

        @classmethod
        def customise_sources(cls, init_settings, env_settings, file_secret_settings):
            # The environment is read by `from_env` only (empty values are unset, as in the scripts).
            return (init_settings,)

    def __init__(self, **values: Any) -> None:
        try:
            super().__init__(**values)
        except ValidationError as error:
            bad = frozenset(str(item["loc"][0]) for item in error.errors() if item["loc"])
            raise SettingsError(_explain(type(self), error, values), bad) from None

    @classmethod
    def variable(cls, name: str) -> str | None:
        """The environment variable of field `name` (None: the field is not read from the environment)."""
        return cls.__fields__[name].field_info.extra.get("env")

    @classmethod
    def environment_values(cls, environ: Mapping[str, str] | None = None) -> dict[str, str]:
        """The fields' raw values in the environment (set and not blank)."""
        env = os.environ if environ is None else environ
        values = {}
        for name in cls.__fields__:
            variable = cls.variable(name)
            raw = env.get(variable) if variable else None
            if raw is not None and raw.strip():
                values[name] = raw
        return values

    @classmethod
    def from_env(
        cls: type[Group], environ: Mapping[str, str] | None = None, *, lenient: bool | None = None, **overrides: Any
    ) -> Group:
        """The settings from the environment; `overrides` that are not None win (command-line options).

        `lenient` (default: the group's own `lenient`): log each bad value, naming its variable and the
        default used instead, rather than raise SettingsError.
        """
        values: dict[str, Any] = cls.environment_values(environ)
        values.update({key: value for key, value in overrides.items() if value is not None})
        if not (cls.lenient if lenient is None else lenient):
            return cls(**values)
        while True:
            try:
                return cls(**values)
            except SettingsError as error:
                refused = error.fields & values.keys()
                if not refused:
                    raise
                defaults = ", ".join(
                    f"{cls.variable(name) or name}={cls._default_shown(name)}" for name in sorted(refused)
                )
                logger.warning("%s; using the default instead (%s).", error, defaults)
                values = {key: value for key, value in values.items() if key not in refused}

    @classmethod
    def _default_shown(cls, name: str) -> str:
        default = cls.__fields__[name].default
        return "unset" if default is None or default == "" or name in cls.secret_fields else str(default)

    def shown(self) -> dict[str, str]:
        """Variable -> value for people to read, secrets replaced by 'set' / 'unset'."""
        result = {}
        for name in self.__fields__:
            variable = self.variable(name)
            if variable is None:
                continue
            value = getattr(self, name)
            if name in self.secret_fields:
                value = "(set)" if value else "(unset)"
            result[variable] = "" if value is None else str(value)
        return result


def _explain(cls: type[EnvSettings], error: ValidationError, values: Mapping[str, Any]) -> str:
    """One sentence per bad field, naming its variable and what is expected."""
    problems = []
    for item in error.errors():
        name = str(item["loc"][0]) if item["loc"] else ""
        if name == "__root__" or name not in cls.__fields__:
            problems.append(item["msg"])
            continue
        variable = cls.variable(name) or name
        if item["type"] == "value_error":  # our validators' own sentences ("must be ..., not ...")
            problems.append(f"{variable} {item['msg']}")
            continue
        expected = cls.__fields__[name].field_info.description or "a valid value"
        problem = f"{variable} must be {expected}"
        if name in values and name not in cls.secret_fields:
            problem += f", not {values[name]!r}"
        problems.append(problem)
    return "; ".join(problems)


# ---- web page --------------------------------------------------------------------------------


DEFAULT_WEB_PORT = 8000
ORIGINS_EXPECTED = (
    "must be the web page's origin such as http://localhost:8000 (several separated by commas, * for any)"
)


def http_url(value: str) -> str:
    """An http(s) URL without a trailing slash; ValueError (a sentence after the variable's name) otherwise."""
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ValueError(f"must be an http(s) URL such as http://localhost:5005, not {value!r}")
    return value.strip().rstrip("/")


def web_origins(value: str) -> str:
    """WEB_ORIGIN checked: `scheme://host[:port]` origins separated by commas, or `*`; returned as "a, b"."""
    origins = [item.strip().rstrip("/") for item in value.split(",") if item.strip()]
    if not origins:
        raise ValueError(f"{ORIGINS_EXPECTED}, not {value!r}")
    for origin in origins:
        if origin == "*":
            continue
        parts = urlsplit(origin)
        try:
            parts.port  # noqa: B018 (raises ValueError when the port is not a number)
        except ValueError:
            raise ValueError(f"{ORIGINS_EXPECTED}, not {origin!r} (its port is not a number)") from None
        # A browser's Origin header is scheme://host[:port]: a path, a query or credentials would never match.
        if (
            parts.scheme not in ("http", "https")
            or not parts.hostname
            or "@" in parts.netloc
            or parts.path
            or parts.query
            or parts.fragment
        ):
            raise ValueError(f"{ORIGINS_EXPECTED}, not {origin!r}")
    return ", ".join(origins)


class WebSettings(EnvSettings):
    """Where the web server listens, where Rasa is, and the secrets of the staff page (`python -m bot web`)."""

    secret_fields: ClassVar[frozenset[str]] = frozenset({"rasa_api_token", "staff_token", "thresholds_db_url"})

    host: str = Field("127.0.0.1", env="WEB_HOST", description="an interface name or address")
    port: int = Field(DEFAULT_WEB_PORT, env="WEB_PORT", description="a port number (1-65535)", ge=1, le=65535)
    #: Rasa as the visitor's browser reaches it (socket.io channel); also the CSP connect-src.
    rasa_url: str = Field("http://localhost:5005", env="RASA_URL", description="an http(s) URL")
    #: Rasa as this server reaches it for the staff page's HTTP API calls (default: rasa_url).
    rasa_api_url: str | None = Field(None, env="RASA_API_URL", description="an http(s) URL")
    rasa_api_token: str | None = Field(None, env="RASA_API_TOKEN", description="a token")
    #: None or empty: the staff page is off and everything under /staff answers 401.
    staff_token: str | None = Field(None, env="STAFF_TOKEN", description="a token")
    #: How long a staff sign-in lasts (not read from the environment).
    staff_session_hours: float = Field(12.0, description="a positive number of hours", gt=0)
    thresholds_db_url: str | None = Field(None, env="THRESHOLDS_DB_URL", description="a SQLAlchemy URL")
    results_dir: Path = Field(DEFAULT_EVAL_RESULTS, env="EVAL_RESULTS_DIR", description="a directory")
    #: How long the chat page waits for a reply before saying it cannot reach the assistant.
    reply_timeout_seconds: float = Field(
        30.0, env="WEB_REPLY_TIMEOUT", description="a positive number of seconds", gt=0
    )

    _urls = validator("rasa_url", allow_reuse=True)(http_url)

    @root_validator(skip_on_failure=True)
    def _api_url_defaults_to_rasa_url(cls, values: dict) -> dict:
        api = values.get("rasa_api_url") or values["rasa_url"]
        try:
            values["rasa_api_url"] = http_url(api)
        except ValueError as error:
            raise ValueError(f"RASA_API_URL {error}") from None
        return values

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


# ---- action server, Rasa server, threshold rules -----------------------------------------------


class ActionServerSettings(EnvSettings):
    """`python -m bot actions`."""

    host: str = Field("127.0.0.1", env="ACTIONS_HOST", description="an interface name or address")
    port: int = Field(5055, env="ACTIONS_PORT", description="a port number (1-65535)", ge=1, le=65535)
    log_level: str = Field("INFO", env="LOG_LEVEL", description="DEBUG, INFO, WARNING or ERROR")

    @validator("log_level")
    def _known_level(cls, value: str) -> str:
        level = value.strip().upper()
        if level not in ("DEBUG", "INFO", "WARNING", "WARN", "ERROR", "CRITICAL"):
            raise ValueError(f"must be DEBUG, INFO, WARNING or ERROR, not {value!r}")
        return level


class RasaServerSettings(EnvSettings):
    """What `make run` (scripts/env.sh, scripts/run.sh) passes to `rasa run`, and the page origins its
    socket.io channel accepts (bot/channels/socketio.py); checked by `python -m bot.settings`.

    Not lenient: WEB_ORIGIN says which web pages may talk to the assistant in a visitor's name, and
    no default could stand in for an allow-list the operator mistyped, so the channel refuses to start.
    """

    secret_fields: ClassVar[frozenset[str]] = frozenset({"rasa_api_token"})

    port: int = Field(5005, env="RASA_PORT", description="a port number (1-65535)", ge=1, le=65535)
    #: Rasa's CORS (`--cors`) and the socket.io channel's allowed `Origin`s; unset: http://localhost:$WEB_PORT.
    web_origin: str | None = Field(None, env="WEB_ORIGIN", description=ORIGINS_EXPECTED.removeprefix("must be "))
    #: The web page's port, read only for WEB_ORIGIN's default (as scripts/env.sh does); None when WEB_ORIGIN is set.
    web_port: int | None = Field(None, env="WEB_PORT", description="a port number (1-65535)", ge=1, le=65535)
    rasa_api_token: str | None = Field(None, env="RASA_API_TOKEN", description="a token")

    @root_validator(pre=True)
    def _web_port_only_for_the_default_origin(cls, values: dict) -> dict:
        if values.get("web_origin") is not None:
            return {key: value for key, value in values.items() if key != "web_port"}
        return values

    @validator("web_origin")
    def _origins(cls, value: str | None) -> str | None:
        return None if value is None else web_origins(value)

    @root_validator(skip_on_failure=True)
    def _default_origin(cls, values: dict) -> dict:
        if values.get("web_origin") is None:
            values["web_origin"] = f"http://localhost:{values.get('web_port') or DEFAULT_WEB_PORT}"
        return values

    @property
    def page_origins(self) -> frozenset[str] | None:
        """The origins whose pages may connect to the socket.io channel; None for `*` (any)."""
        origins = frozenset(origin.strip() for origin in (self.web_origin or "").split(","))
        return None if "*" in origins else origins


class ThresholdSettings(EnvSettings):
    """The threshold rules database (actions, web page, `python -m bot thresholds`)."""

    secret_fields: ClassVar[frozenset[str]] = frozenset({"url"})

    url: str = Field(
        f"sqlite:///{DEFAULT_THRESHOLDS_DB}", env="THRESHOLDS_DB_URL", description="a SQLAlchemy database URL"
    )


# ---- channels (bot/channels, in the Rasa server) ------------------------------------------------

DEFAULT_MAX_MESSAGE_CHARS = 2000
DEFAULT_RATE_LIMIT = 20
DEFAULT_REPLY_DEADLINE = 15.0
#: Our actions answer in milliseconds; the user must hear back within 3 seconds even when the action server hangs.
DEFAULT_ACTION_TIMEOUT = 2.0
DEFAULT_MAX_REQUEST_BYTES = 1024 * 1024
MIN_REQUEST_BYTES = 1024
DEFAULT_SLACK_API_URL = "https://slack.com/api/"


class ChannelGuardSettings(EnvSettings):
    """The limits of the channel guard (bot/channels/guard.py), applied by every public channel.

    Lenient: a typo in the environment must not take the assistant down, nor switch a limit off.
    """

    lenient: ClassVar[bool] = True

    max_message_chars: int = Field(
        DEFAULT_MAX_MESSAGE_CHARS,
        env="MAX_MESSAGE_CHARS",
        description="a whole number of characters (at least 1)",
        ge=1,
    )
    rate_limit_per_minute: int = Field(
        DEFAULT_RATE_LIMIT,
        env="RATE_LIMIT_PER_MINUTE",
        description="a whole number of messages (0 for no limit)",
        ge=0,
    )
    reply_deadline_seconds: float = Field(
        DEFAULT_REPLY_DEADLINE, env="REPLY_DEADLINE_SECONDS", description="a number of seconds (at least 0.01)", ge=0.01
    )


class ActionTimeoutSettings(EnvSettings):
    """How long the Rasa server waits for the action server (bot/channels/action_timeout.py). Lenient."""

    lenient: ClassVar[bool] = True

    seconds: float = Field(
        DEFAULT_ACTION_TIMEOUT, env="ACTION_TIMEOUT_SECONDS", description="a positive number of seconds", gt=0
    )

    @validator("seconds")
    def _finite(cls, value: float) -> float:
        if math.isinf(value):
            raise ValueError(f"must be a positive number of seconds, not {str(value)!r}")
        return value


class RequestSizeSettings(EnvSettings):
    """The Rasa server's request-size limit (bot/channels/request_size.py). Lenient."""

    lenient: ClassVar[bool] = True

    max_request_bytes: int = Field(
        DEFAULT_MAX_REQUEST_BYTES,
        env="MAX_REQUEST_BYTES",
        description=f"a whole number of bytes (at least {MIN_REQUEST_BYTES})",
        ge=MIN_REQUEST_BYTES,
    )


_VARIABLE = re.compile(r"\$(\w+|\{[^}]*\})", re.ASCII)
_UNEXPANDED = re.compile(r"\$\{[^}]*\}")


def expand_variables(text: str, environ: Mapping[str, str] | None = None) -> str:
    """`$VAR` and `${VAR}` in `text` replaced by their values, as `os.path.expandvars` does (unset ones are left)."""
    env = os.environ if environ is None else environ

    def value(match: re.Match[str]) -> str:
        name = match[1].removeprefix("{").removesuffix("}")
        return env.get(name, match[0])

    return _VARIABLE.sub(value, text)


def credential_value(value: Any, variable: str, environ: Mapping[str, str] | None = None) -> str:
    """A credentials.yml value with its `${VAR}` expanded from the environment, stripped; "" when one is unset.

    credentials.yml quotes its `"${VAR}"` values so that Rasa's loader (which refuses to start when an
    unquoted `${VAR}` is unset) passes them through as written; they are expanded here instead. A key
    that is absent (None) falls back to the environment variable `variable`.
    """
    env = os.environ if environ is None else environ
    if value is None:
        return env.get(variable, "").strip()
    expanded = expand_variables(str(value), env).strip()
    return "" if _UNEXPANDED.search(expanded) else expanded


class SlackSettings(EnvSettings):
    """The Slack channel (bot/channels/slack.py); it is off unless both the token and the signing secret are set.

    `from_credentials` reads credentials.yml's section, whose `"${SLACK_BOT_TOKEN}"` and the like
    Rasa passes through as written. Lenient: a bad SLACK_API_URL is logged and Slack's own API used.
    """

    lenient: ClassVar[bool] = True
    secret_fields: ClassVar[frozenset[str]] = frozenset({"bot_token", "signing_secret"})
    #: The key in credentials.yml of each field.
    credential_keys: ClassVar[dict[str, str]] = {
        "bot_token": "slack_token",
        "signing_secret": "slack_signing_secret",
        "api_url": "slack_api_url",
        "channel": "slack_channel",
    }

    bot_token: str = Field("", env="SLACK_BOT_TOKEN", description="a Slack bot token")
    signing_secret: str = Field("", env="SLACK_SIGNING_SECRET", description="a Slack signing secret")
    api_url: str = Field(
        DEFAULT_SLACK_API_URL, env="SLACK_API_URL", description=f"an http(s) URL such as {DEFAULT_SLACK_API_URL}"
    )
    #: A channel the bot answers in without being mentioned (besides DMs, mentions and its threads).
    channel: str | None = Field(None, env="SLACK_CHANNEL", description="a Slack channel id")

    @validator("api_url")
    def _api_url(cls, value: str) -> str:
        try:
            http_url(value)
        except ValueError:
            raise ValueError(f"must be an http(s) URL such as {DEFAULT_SLACK_API_URL}, not {value!r}") from None
        return value.strip()

    @classmethod
    def from_credentials(
        cls, credentials: Mapping[str, Any] | None, environ: Mapping[str, str] | None = None
    ) -> SlackSettings:
        """The settings from credentials.yml's Slack section, its `${VAR}` expanded; absent keys: the variables."""
        credentials = credentials or {}
        values = {}
        for name, key in cls.credential_keys.items():
            variable = cls.variable(name) or name
            values[variable] = credential_value(credentials.get(key), variable, environ)
        return cls.from_env(values)


# ---- conversation stores (tracker store, lock store) --------------------------------------------


@dataclass(frozen=True)
class RedisSettings:
    """What Rasa's RedisLockStore needs, parsed from LOCK_STORE_URL."""

    host: str
    port: int = DEFAULT_REDIS_PORT
    db: int = DEFAULT_LOCK_DB
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    use_ssl: bool = False
    key_prefix: str = DEFAULT_LOCK_KEY_PREFIX

    def describe(self) -> str:
        """The URL without its password, for logs."""
        scheme = "rediss" if self.use_ssl else "redis"
        credentials = f"{self.username or ''}:***@" if self.password else ""
        return f"{scheme}://{credentials}{self.host}:{self.port}/{self.db} (key prefix {self.key_prefix!r})"


def safe_url(url: URL | str) -> str:
    """The URL for messages and logs, its password replaced by ***."""
    if isinstance(url, str):
        try:
            url = make_url(url)
        except ArgumentError:
            return "(unparsable URL)"
    return url.render_as_string(hide_password=True)


def sqlite_path(url: URL) -> Path | None:
    """The file of a SQLite URL (relative paths are relative to the working directory); None otherwise."""
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


def _tracker_url(raw: str) -> URL:
    try:
        url = make_url(raw.strip())
    except ArgumentError:
        # SQLAlchemy's message repeats the URL, password included: say what is wrong without it.
        raise ValueError(
            "is not a database URL; write e.g. postgresql://user:password@host:5432/tracker "
            "or sqlite:///var/tracker.sqlite3"
        ) from None
    if url.drivername == "postgres":  # the scheme Heroku and others hand out; SQLAlchemy 1.4 wants postgresql
        url = url.set(drivername="postgresql")
    if url.get_backend_name() not in TRACKER_BACKENDS:
        raise ValueError(f"must be a PostgreSQL or SQLite URL, not {url.get_backend_name()!r} ({safe_url(url)})")
    if url.get_backend_name() == "sqlite" and not url.database:
        raise ValueError(
            "names no SQLite file; write e.g. sqlite:///var/tracker.sqlite3 "
            "(an in-memory tracker store would lose every conversation at each restart)"
        )
    return url


def _redis(raw: str, prefix: str) -> RedisSettings:
    example = "write e.g. redis://:password@127.0.0.1:6379/1"
    parts = urlsplit(raw.strip())
    if parts.scheme not in ("redis", "rediss"):
        raise ValueError(f"must be a redis:// or rediss:// URL; {example}")
    try:
        port = parts.port or DEFAULT_REDIS_PORT
    except ValueError:
        raise ValueError(f"has a port that is not a number; {example}") from None
    if not parts.hostname:
        raise ValueError(f"names no host; {example}")
    database = parts.path.strip("/")
    if database and not database.isdigit():
        raise ValueError(f"has a database that is not a number (the part after the last /); {example}")
    return RedisSettings(
        host=parts.hostname,
        port=port,
        db=int(database) if database else DEFAULT_LOCK_DB,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        use_ssl=parts.scheme == "rediss",
        key_prefix=prefix,
    )


class ConversationStoreSettings(EnvSettings):
    """Where Rasa keeps conversations (tracker store) and their locks (lock store).

    Read by bot/conversation_stores.py (the stores Rasa builds from endpoints.yml) and
    bot/retention.py (`python -m bot conversations prune`), so both always mean the same database.
    """

    secret_fields: ClassVar[frozenset[str]] = frozenset({"tracker_store_url", "lock_store_url"})

    #: A SQLAlchemy URL; unset: the SQLite file var/tracker.sqlite3 under the working directory.
    tracker_store_url: str | None = Field(None, env="TRACKER_STORE_URL", description="a database URL")
    #: `redis://[:password@]host[:port][/db]`; unset: locks in memory (one Rasa process only).
    lock_store_url: str | None = Field(None, env="LOCK_STORE_URL", description="a redis:// URL")
    lock_store_key_prefix: str = Field(
        DEFAULT_LOCK_KEY_PREFIX, env="LOCK_STORE_KEY_PREFIX", description="letters and digits"
    )
    #: Rasa's own variable; a bad value makes Rasa fall back to one worker, so it does here too.
    sanic_workers: int = Field(1, env="SANIC_WORKERS", description="a whole number of worker processes", ge=1)

    @validator("tracker_store_url")
    def _tracker(cls, value: str | None) -> str | None:
        if value is not None:
            _tracker_url(value)
        return value

    @validator("lock_store_key_prefix")
    def _prefix(cls, value: str) -> str:
        prefix = value.strip()
        if not prefix.isalnum():
            # Rasa would silently drop such a prefix and share keys with every other assistant on the server.
            raise ValueError(f"must be letters and digits only, not {prefix!r}")
        return prefix

    @validator("lock_store_url")
    def _lock(cls, value: str | None) -> str | None:
        if value is not None:
            _redis(value, DEFAULT_LOCK_KEY_PREFIX)
        return value

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **kwargs: Any) -> ConversationStoreSettings:  # type: ignore[override]
        values = cls.environment_values(environ)
        workers = values.get("sanic_workers", "1").strip()
        if not workers.isdigit() or int(workers) < 1:
            values.pop("sanic_workers", None)  # as Rasa does: one worker
        return cls(**{**values, **{k: v for k, v in kwargs.items() if v is not None}})

    @property
    def tracker_url(self) -> URL:
        """The tracker store's database (the default is resolved against the current working directory)."""
        if self.tracker_store_url is None:
            return URL.create("sqlite", database=str(Path.cwd() / DEFAULT_TRACKER_DB))
        return _tracker_url(self.tracker_store_url)

    @property
    def lock_store(self) -> RedisSettings | None:
        """LOCK_STORE_URL parsed, or None when unset (locks in memory)."""
        if self.lock_store_url is None:
            return None
        return _redis(self.lock_store_url, self.lock_store_key_prefix)


def tracker_store_url(environ: Mapping[str, str] | None = None) -> URL:
    """TRACKER_STORE_URL, else var/tracker.sqlite3 in the working directory (SettingsError when unusable)."""
    return ConversationStoreSettings.from_env(environ).tracker_url


def lock_store_settings(environ: Mapping[str, str] | None = None) -> RedisSettings | None:
    """LOCK_STORE_URL parsed, or None when unset (SettingsError when unusable)."""
    return ConversationStoreSettings.from_env(environ).lock_store


class ClockSettings(EnvSettings):
    """The date the assistant takes as today. Unset (the default): the system's date. The conversation suite
    sets it to the day its examiners wrote for (2026-12-01), so that "today" in its expectations stays true."""

    lenient = True  # a bad value is logged, and the system's date is used

    today: dt.date | None = Field(None, env="ASSISTANT_TODAY", description="a date (YYYY-MM-DD)")


#: Every group `python -m bot.settings` checks.
GROUPS: tuple[type[EnvSettings], ...] = (
    RasaServerSettings,
    ActionServerSettings,
    WebSettings,
    ThresholdSettings,
    ConversationStoreSettings,
    ChannelGuardSettings,
    ActionTimeoutSettings,
    RequestSizeSettings,
    SlackSettings,
    ClockSettings,
)


def check(environ: Mapping[str, str] | None = None) -> tuple[list[EnvSettings], list[str]]:
    """Every group read from the environment: the settings that are usable and the problems of the others.

    Lenient groups are checked strictly here; their problems say what the Rasa server does instead.
    """
    usable: list[EnvSettings] = []
    problems: list[str] = []
    for group in GROUPS:
        try:
            usable.append(group.from_env(environ, lenient=False) if group.lenient else group.from_env(environ))
        except SettingsError as error:
            problem = f"{error} (the Rasa server logs this and uses the default)" if group.lenient else str(error)
            if problem not in problems:  # WEB_PORT, RASA_API_TOKEN: read by two groups
                problems.append(problem)
    return usable, problems


def main(argv: list[str] | None = None) -> int:
    """`python -m bot.settings`: 0 and the settings, or 2 and what is wrong with which variable."""
    usable, problems = check()
    if problems:
        for problem in problems:
            print(f"error: {problem}", file=sys.stderr)
        return 2
    for settings in usable:
        print(f"[{type(settings).__name__}]")
        for variable, value in settings.shown().items():
            print(f"  {variable}={value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
