"""Command line: `python -m bot thresholds ...` (and the other staff commands)."""

from __future__ import annotations

import argparse
import sys

from bot import actions_server, conversations
from bot.review import cli as review_cli
from bot.thresholds import cli as thresholds_cli
from bot.web import server as web_server


def _try(args: argparse.Namespace) -> int:
    from bot.staff.try_message import run

    return run(args.messages, as_json=args.json)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Importer guidance assistant tools")
    subparsers = parser.add_subparsers(dest="area", required=True)
    review_cli.add_parser(thresholds_cli.add_parser(subparsers))
    try_parser = subparsers.add_parser("try", help="show how the assistant understands and answers messages")
    try_parser.add_argument("messages", nargs="+", help="one or more messages, sent in turn in one conversation")
    try_parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    try_parser.set_defaults(handler=_try)
    web_server.add_parser(subparsers)
    conversations.add_parser(subparsers)
    actions_server.add_parser(subparsers)
    args = parser.parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
