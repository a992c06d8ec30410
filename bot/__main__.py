"""Command line: `python -m bot thresholds ...` (and the other staff commands)."""

from __future__ import annotations

import argparse
import sys

from bot.thresholds import cli as thresholds_cli


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Importer guidance assistant tools")
    subparsers = parser.add_subparsers(dest="area", required=True)
    thresholds_cli.add_parser(subparsers)
    args = parser.parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
