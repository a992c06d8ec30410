"""`python -m bot web`: serve the chat page and the staff page (WEB_HOST:WEB_PORT, default 127.0.0.1:8000)."""

from __future__ import annotations

import argparse
import logging
import sys

from bot.web.paths import VENDOR_DIR


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "web",
        help="serve the chat web page and the staff page",
        description="Serve the chat page (/), the staff page (/staff, needs STAFF_TOKEN) and /health. Settings come "
        "from the environment: WEB_HOST, WEB_PORT, RASA_URL (Rasa as browsers reach it), RASA_API_URL, "
        "RASA_API_TOKEN, STAFF_TOKEN, THRESHOLDS_DB_URL, WEB_REPLY_TIMEOUT.",
    )
    parser.add_argument("--host", help="interface to listen on (default: WEB_HOST or 127.0.0.1)")
    parser.add_argument("--port", type=int, help="port (default: WEB_PORT or 8000)")
    parser.add_argument("--rasa-url", help="Rasa's URL as the visitor's browser reaches it (default: RASA_URL)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from aiohttp import web

    from bot.settings import SettingsError, WebSettings
    from bot.web.app import create_app

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        config = WebSettings.from_env(host=args.host, port=args.port, rasa_url=args.rasa_url)
    except SettingsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if not (VENDOR_DIR / "uswds" / "css" / "uswds.min.css").is_file():
        print(
            "error: the page's front-end assets are not built. Run `make web-assets` (scripts/web_assets.sh), "
            "which needs npm.",
            file=sys.stderr,
        )
        return 1
    shown_host = "localhost" if config.host in ("127.0.0.1", "0.0.0.0", "::") else config.host
    staff = "STAFF_TOKEN set" if config.staff_enabled else "off: set STAFF_TOKEN to use it"
    print(
        f"Web page:   http://{shown_host}:{config.port}/   (talks to Rasa at {config.rasa_url}; Rasa needs "
        f"--cors http://{shown_host}:{config.port})\n"
        f"Staff page: http://{shown_host}:{config.port}/staff   ({staff})\n"
        f"Health:     http://{shown_host}:{config.port}/health",
        flush=True,
    )
    web.run_app(
        create_app(config), host=config.host, port=config.port, print=None, access_log_format='%a "%r" %s %b %Tfs'
    )
    return 0
