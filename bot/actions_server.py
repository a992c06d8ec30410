"""`python -m bot actions`: rasa-sdk's action server with a readiness check of its dependency.

rasa-sdk's `/health` only says the process runs. `/ready` also reads the threshold database, the
one thing every figure depends on: HTTP 200 with the data set's revision and `as of` date, or 503
with the reason ("cannot be read", "holds no rules"). Listens on ACTIONS_HOST (default 127.0.0.1:
Rasa is the only client) and ACTIONS_PORT (default 5055).
"""

from __future__ import annotations

import argparse
import logging
import sys
from typing import Any


def readiness() -> tuple[dict[str, Any], int]:
    """The body and HTTP status of `/ready`."""
    from bot.thresholds import ThresholdDataUnavailable, open_store

    try:
        snapshot = open_store().snapshot()
    except ThresholdDataUnavailable as error:
        return {"ok": False, "thresholds": {"readable": False, "error": str(error)}}, 503
    return {"ok": True, "thresholds": snapshot.status()}, 200


def create_app(actions_package: str = "actions") -> Any:
    """rasa-sdk's Sanic app for `actions_package`, plus `/ready`."""
    from rasa_sdk.endpoint import create_app as create_sdk_app
    from sanic import response
    from sanic.request import Request

    app = create_sdk_app(actions_package, cors_origins=None)

    @app.get("/ready")
    async def ready(_: Request) -> Any:
        body, status = readiness()
        return response.json(body, status=status)

    return app


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "actions",
        help="run the action server (rasa-sdk) with a /ready check",
        description="Run the custom actions for Rasa (POST /webhook), with /health (process up) and /ready "
        "(threshold database readable). Settings: ACTIONS_HOST (default 127.0.0.1), ACTIONS_PORT (default 5055), "
        "THRESHOLDS_DB_URL.",
    )
    parser.add_argument("--host", help="interface to listen on (default: ACTIONS_HOST or 127.0.0.1)")
    parser.add_argument("--port", type=int, help="port (default: ACTIONS_PORT or 5055)")
    parser.add_argument("--actions", default="actions", help="the Python package holding the actions")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from rasa_sdk import utils

    from bot.settings import ActionServerSettings, SettingsError

    try:
        settings = ActionServerSettings.from_env(host=args.host, port=args.port)
    except SettingsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    utils.configure_colored_logging(settings.log_level)
    utils.update_sanic_log_level()
    logging.getLogger(__name__).info(
        "Action server on http://%s:%s (ready check: /ready)", settings.host, settings.port
    )
    create_app(args.actions).run(
        settings.host, settings.port, workers=utils.number_of_sanic_workers(), access_log=False
    )
    return 0
