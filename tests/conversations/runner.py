"""The end-to-end conversation suite: load the YAML conversations, talk to the assistant over Rasa's REST
channel, check every turn's expectations and report.

    .venv/bin/python -m tests.conversations.runner --url http://127.0.0.1:5005 [--suite en|es|all] \
        [--part tuning|heldout|all] [--only ID_SUBSTRING] [--json results/conversations/latest.json] [--verbose]

There are two suites: "en" (the English conversations, `tests/conversations/<part>/*.yml`, the default) and
"es" (the Spanish ones, `tests/conversations/es/<part>/*.yml`). Ids are unique across both suites. Results
are summarised per suite and part: "tuning" and "heldout" for English (as before the Spanish suite existed),
"es_tuning" and "es_heldout" for Spanish; the floors in required.yml use the same keys.

The format of the conversations is described in tests/conversations/README.md. In short, each turn's
`expect` may hold:

- `first`: regexes that must all match the *first sentence* of the turn's first bot text message;
- `says`: regexes that must all match the turn's reply text (every text message and button title, joined
  by newlines);
- `never`: regexes none of which may match the reply text;
- `asks`: true = the last text message asks the user a question ("?" outside quoted text and links),
  false = it does not.

Every conversation's first turn must also get a non-empty reply. A conversation passes only if every
turn passes. Each conversation uses a fresh random sender id.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
import yaml

SUITE_DIR = Path(__file__).resolve().parent
#: The day the examiners wrote the suite for ("today" in its expectations): the servers under test take it as
#: today (ASSISTANT_TODAY), so that the suite's dates stay true on a later day.
SUITE_TODAY = "2026-12-01"
REPO_ROOT = SUITE_DIR.parents[1]
PARTS = ("tuning", "heldout")
#: The suites and where their parts live under SUITE_DIR: "en" in `<part>/`, "es" in `es/<part>/`.
SUITES = ("en", "es")
SUITE_SUBDIRS = {"en": "", "es": "es"}
DEFAULT_SUITE = "en"
REQUIRED_FILE = SUITE_DIR / "required.yml"
EXPECT_KEYS = ("first", "says", "never", "asks")
CONVERSATION_KEYS = {"id", "kind", "turns"}
TURN_KEYS = {"user", "expect"}
MAX_TURNS = 4
#: libyaml's safe loader when PyYAML has it (the suite is ~600 conversations: 10x faster), else the Python one.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

#: Where a "first sentence" ends: the earliest of these (the punctuation stays in the sentence).
SENTENCE_ENDS = (". ", "? ", "! ", ":\n", "\n")
#: Spanish "EE. UU." (United States) does not end a sentence: not after "EE.", nor after "UU." when the sentence
#: goes on in lowercase ("en EE. UU. se pagan…"). English "U.S. " still ends one (the English suite says so).
NOT_SENTENCE_ENDS = re.compile(r"\bEE\. UU\. (?=[a-záéíóúñü0-9$(])|\bEE\. (?=UU\.)")
#: Quoted text (straight or typographic double quotes, guillemets) and links are not the bot's question.
QUOTED = re.compile(r"\"[^\"\n]*\"|“[^”\n]*”|«[^»\n]*»")
LINKS = re.compile(r"\[([^\]]*)\]\([^)\s]*\)|https?://\S+|www\.\S+")

Messages = list[dict[str, Any]]
Sender = Callable[[str, str], Messages]


class SuiteError(ValueError):
    """A conversation file that does not follow the format."""


class TurnError(RuntimeError):
    """The assistant could not be reached or gave no usable answer for a turn."""


@dataclass
class Turn:
    user: str
    expect: dict[str, Any]


@dataclass
class Conversation:
    id: str
    kind: str
    part: str
    file: str
    turns: list[Turn] = field(default_factory=list)
    suite: str = DEFAULT_SUITE

    @property
    def group(self) -> str:
        """The summary key of this conversation's suite and part ("tuning", "es_heldout", ...)."""
        return group_name(self.suite, self.part)


def group_name(suite: str, part: str) -> str:
    """English parts keep their plain names ("tuning", "heldout"); other suites are prefixed ("es_tuning")."""
    return part if suite == DEFAULT_SUITE else f"{suite}_{part}"


#: Every summary key, in report order: English tuning, English held out, then the other suites.
GROUPS = tuple(group_name(suite, part) for suite in SUITES for part in PARTS)


# ---- Loading and validating the YAML ----


def _patterns(value: Any, where: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise SuiteError(f"{where}: expected a regex or a list of regexes, got {value!r}")
    for pattern in value:
        try:
            re.compile(pattern)
        except re.error as error:
            raise SuiteError(f"{where}: bad regex {pattern!r}: {error}") from None
    return list(value)


def normalize_expect(raw: Any, where: str) -> dict[str, Any]:
    """The turn's expectations with every regex list present (possibly empty) and `asks` None/True/False."""
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise SuiteError(f"{where}: `expect` must be a mapping")
    unknown = set(raw) - set(EXPECT_KEYS)
    if unknown:
        raise SuiteError(f"{where}: unknown expect keys {sorted(unknown)} (allowed: {', '.join(EXPECT_KEYS)})")
    expect: dict[str, Any] = {key: _patterns(raw.get(key, []), f"{where}.{key}") for key in ("first", "says", "never")}
    asks = raw.get("asks")
    if asks is not None and not isinstance(asks, bool):
        raise SuiteError(f"{where}.asks: expected true or false, got {asks!r}")
    expect["asks"] = asks
    return expect


def load_file(path: Path, part: str, suite: str = DEFAULT_SUITE) -> list[Conversation]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except yaml.YAMLError as error:
        raise SuiteError(f"{path}: not valid YAML: {error}") from None
    if data is None:
        return []
    if not isinstance(data, list):
        raise SuiteError(f"{path}: expected a list of conversations")
    conversations = []
    for index, raw in enumerate(data):
        where = f"{path.name}[{index}]"
        if not isinstance(raw, dict):
            raise SuiteError(f"{where}: a conversation must be a mapping")
        unknown = set(raw) - CONVERSATION_KEYS
        if unknown:
            raise SuiteError(f"{where}: unknown keys {sorted(unknown)}")
        conv_id = raw.get("id")
        if not isinstance(conv_id, str) or not ID_PATTERN.match(conv_id):
            raise SuiteError(f"{where}: `id` must be kebab-case, got {conv_id!r}")
        where = f"{path.name}:{conv_id}"
        kind = raw.get("kind", "")
        if not isinstance(kind, str):
            raise SuiteError(f"{where}: `kind` must be a string")
        turns_raw = raw.get("turns")
        if not isinstance(turns_raw, list) or not 1 <= len(turns_raw) <= MAX_TURNS:
            raise SuiteError(f"{where}: `turns` must be a list of 1 to {MAX_TURNS} turns")
        turns = []
        for number, turn in enumerate(turns_raw, start=1):
            turn_where = f"{where} turn {number}"
            if not isinstance(turn, dict) or set(turn) - TURN_KEYS:
                raise SuiteError(f"{turn_where}: a turn has only `user` and `expect`")
            user = turn.get("user")
            if not isinstance(user, str) or not user.strip():
                raise SuiteError(f"{turn_where}: `user` must be a non-empty string")
            turns.append(Turn(user=user, expect=normalize_expect(turn.get("expect"), turn_where)))
        conversations.append(Conversation(conv_id, kind, part, _display(path), turns, suite))
    return conversations


def _display(path: Path) -> str:
    """The file's path from the repository root when it is inside it."""
    path = path.resolve()
    return str(path.relative_to(REPO_ROOT)) if path.is_relative_to(REPO_ROOT) else str(path)


def suite_names(suite: str) -> list[str]:
    """The suites named by a --suite value: "en", "es" or "all"."""
    if suite == "all":
        return list(SUITES)
    if suite not in SUITES:
        raise SuiteError(f"unknown suite {suite!r} (the suites are {', '.join(SUITES)}, or all)")
    return [suite]


def load_suite(
    parts: Iterable[str] = PARTS, root: Path = SUITE_DIR, suites: Iterable[str] = (DEFAULT_SUITE,)
) -> list[Conversation]:
    """Every conversation of the given parts and suites (files `root/<part>/*.yml` for "en",
    `root/es/<part>/*.yml` for "es", sorted); ids are unique across everything (all suites and parts),
    so an id names one conversation."""
    parts, suites = list(parts), list(suites)
    unknown = set(parts) - set(PARTS)
    if unknown:
        raise SuiteError(f"unknown parts {sorted(unknown)} (the parts are {', '.join(PARTS)})")
    unknown = set(suites) - set(SUITES)
    if unknown:
        raise SuiteError(f"unknown suites {sorted(unknown)} (the suites are {', '.join(SUITES)})")
    everything: list[Conversation] = []
    for suite in SUITES:
        for part in PARTS:
            for path in sorted((root / SUITE_SUBDIRS[suite] / part).glob("*.yml")):
                everything.extend(load_file(path, part, suite))
    seen: dict[str, str] = {}
    for conversation in everything:
        if conversation.id in seen:
            raise SuiteError(f"duplicate id {conversation.id!r} in {seen[conversation.id]} and {conversation.file}")
        seen[conversation.id] = conversation.file
    return [c for c in everything if c.part in parts and c.suite in suites]


def required_rates(path: Path = REQUIRED_FILE) -> dict[str, float]:
    """The floors by summary key ("tuning", "heldout", "es_tuning", "es_heldout"), those present in the file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {group: float(data[group]) for group in GROUPS if group in data}


# ---- Reading a reply ----


def text_messages(messages: Messages) -> list[str]:
    """The texts of the reply's text messages, in order (custom payloads and images are ignored)."""
    return [m["text"] for m in messages if isinstance(m, dict) and isinstance(m.get("text"), str) and m["text"]]


def reply_text(messages: Messages) -> str:
    """All text messages and button titles, joined by newlines: what `says` and `never` search."""
    parts: list[str] = []
    for message in messages:
        if not isinstance(message, dict):
            continue
        if isinstance(message.get("text"), str) and message["text"]:
            parts.append(message["text"])
        for button in message.get("buttons") or []:
            if isinstance(button, dict) and isinstance(button.get("title"), str):
                parts.append(button["title"])
    return "\n".join(parts)


def first_sentence(messages: Messages) -> str:
    """The first text message up to the first sentence end (". ", "? ", "! ", ":\\n" or a newline), stripped.
    The periods of the Spanish "EE. UU." don't end a sentence (see NOT_SENTENCE_ENDS)."""
    texts = text_messages(messages)
    if not texts:
        return ""
    text = texts[0].lstrip()
    # Same length as text, with the spaces after the periods of "EE. UU." hidden from the sentence ends.
    masked = NOT_SENTENCE_ENDS.sub(lambda match: match.group(0).replace(". ", ".\0"), text)
    ends = [(masked.find(end), end) for end in SENTENCE_ENDS if end in masked]
    if not ends:
        return text.strip()
    index, end = min(ends)
    keep = 0 if end == "\n" else 1  # keep the ".", "?", "!" or ":"
    return text[: index + keep].strip()


def asks_question(messages: Messages, user_message: str = "") -> bool:
    """True when the reply's last text message has a "?" outside quoted text, links and the user's own words."""
    texts = text_messages(messages)
    if not texts:
        return False
    text = texts[-1]
    if user_message.strip():
        text = re.sub(re.escape(user_message.strip()), " ", text, flags=re.IGNORECASE)
    text = LINKS.sub(lambda match: match.group(1) or " ", text)
    text = QUOTED.sub(" ", text)
    return "?" in text


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def check_turn(messages: Messages, expect: dict[str, Any], *, first_turn: bool = False, user: str = "") -> list[str]:
    """The expectations the reply fails (an empty list when the turn passes)."""
    expect = normalize_expect(expect, "expect")
    failures: list[str] = []
    text = reply_text(messages)
    if first_turn and not text.strip():
        failures.append("empty reply: the first turn must get a non-empty text reply")
    sentence = first_sentence(messages)
    for pattern in expect["first"]:
        if not re.search(pattern, sentence):
            failures.append(f"first: /{pattern}/ does not match the first sentence {_short(sentence)!r}")
    for pattern in expect["says"]:
        if not re.search(pattern, text):
            failures.append(f"says: /{pattern}/ not found in the reply")
    for pattern in expect["never"]:
        match = re.search(pattern, text)
        if match:
            failures.append(f"never: /{pattern}/ matched {_short(match.group(0), 80)!r}")
    if expect["asks"] is not None:
        asked = asks_question(messages, user)
        if asked and not expect["asks"]:
            failures.append("asks: false, but the reply ends by asking the user a question")
        elif not asked and expect["asks"]:
            failures.append("asks: true, but the reply's last text message asks no question")
    return failures


# ---- Talking to the assistant ----


class RestClient:
    """Rasa's REST channel: POST {base}/webhooks/rest/webhook {"sender", "message"} → list of messages."""

    def __init__(self, base_url: str, timeout: float = 60.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.webhook = f"{self.base_url}/webhooks/rest/webhook"
        self.timeout = timeout
        self.session = requests.Session()

    def check_alive(self) -> None:
        try:
            requests.get(f"{self.base_url}/", timeout=15).raise_for_status()
        except requests.RequestException as error:
            raise TurnError(f"the Rasa server at {self.base_url} does not answer: {error}") from None

    def __call__(self, sender: str, message: str) -> Messages:
        payload = {"sender": sender, "message": message}
        for attempt in (1, 2):
            try:
                response = requests.post(self.webhook, json=payload, timeout=(15, self.timeout))
            except requests.ConnectionError as error:
                # Not sent, so safe to retry once (a read timeout is not retried: the turn may have been processed).
                if attempt == 2:
                    raise TurnError(f"connection failed: {error}") from None
                time.sleep(2)
                continue
            except requests.Timeout:
                raise TurnError(f"no reply within {self.timeout:.0f} s") from None
            if response.status_code != 200:
                raise TurnError(f"HTTP {response.status_code}: {_short(response.text, 200)}")
            try:
                data = response.json()
            except ValueError:
                raise TurnError(f"reply is not JSON: {_short(response.text, 200)}") from None
            if not isinstance(data, list):
                raise TurnError(f"reply is not a list of messages: {_short(json.dumps(data), 200)}")
            return data
        raise TurnError("unreachable")  # pragma: no cover


def new_sender(conversation_id: str) -> str:
    return f"conv-{conversation_id[:40]}-{uuid.uuid4().hex[:12]}"


def run_conversation(conversation: Conversation, send: Sender) -> dict[str, Any]:
    """Play the conversation with a fresh sender id; every turn is played (and checked) even after a failure."""
    sender = new_sender(conversation.id)
    turns = []
    for number, turn in enumerate(conversation.turns, start=1):
        started = time.monotonic()
        error = None
        try:
            messages = send(sender, turn.user)
        except TurnError as exc:
            messages, error = [], str(exc)
        except Exception as exc:
            messages, error = [], f"{type(exc).__name__}: {exc}"
        failures = [f"error: {error}"] if error else []
        failures += check_turn(messages, turn.expect, first_turn=number == 1, user=turn.user)
        turns.append(
            {
                "turn": number,
                "user": turn.user,
                "expect": turn.expect,
                "replies": messages,
                "text": reply_text(messages),
                "first_sentence": first_sentence(messages),
                "passed": not failures,
                "failures": failures,
                "error": error,
                "seconds": round(time.monotonic() - started, 3),
            }
        )
    return {
        "id": conversation.id,
        "kind": conversation.kind,
        "suite": conversation.suite,
        "part": conversation.part,
        "file": conversation.file,
        "sender": sender,
        "passed": all(turn["passed"] for turn in turns),
        "turns": turns,
    }


def summarize(results: Sequence[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per suite and part (keys "tuning", "heldout" for English, "es_tuning", "es_heldout" for Spanish):
    suite, part, conversations, passed, rate, and the same counts per kind."""
    summary: dict[str, dict[str, Any]] = {}
    for result in results:
        suite = result.get("suite", DEFAULT_SUITE)
        part = summary.setdefault(
            group_name(suite, result["part"]),
            {"suite": suite, "part": result["part"], "conversations": 0, "passed": 0, "rate": 0.0, "by_kind": {}},
        )
        kind = part["by_kind"].setdefault(result["kind"], {"conversations": 0, "passed": 0})
        for counts in (part, kind):
            counts["conversations"] += 1
            counts["passed"] += bool(result["passed"])
    for part in summary.values():
        part["rate"] = round(part["passed"] / part["conversations"], 4) if part["conversations"] else 0.0
        part["by_kind"] = dict(sorted(part["by_kind"].items()))
    return summary


def run_suite(
    conversations: Sequence[Conversation],
    send: Sender,
    *,
    workers: int = 1,
    progress: Callable[[dict[str, Any]], None] | None = None,
) -> list[dict[str, Any]]:
    """Run the conversations (in parallel when workers > 1; results keep the suite's order)."""
    if workers <= 1:
        results = []
        for conversation in conversations:
            results.append(run_conversation(conversation, send))
            if progress:
                progress(results[-1])
        return results
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(run_conversation, conversation, send) for conversation in conversations]
        results = []
        for future in futures:
            results.append(future.result())
            if progress:
                progress(results[-1])
        return results


def report(
    results: Sequence[dict[str, Any]],
    *,
    url: str = "",
    started: str = "",
    seconds: float = 0.0,
    required: dict[str, float] | None = None,
) -> dict[str, Any]:
    """The JSON document written by --json and by the pytest suite."""
    suites = [suite for suite in SUITES if any(r.get("suite", DEFAULT_SUITE) == suite for r in results)]
    return {
        "url": url,
        "started": started,
        "seconds": round(seconds, 1),
        "suites": suites,
        "required": required or {},
        "summary": summarize(results),
        "conversations": list(results),
    }


def write_json(document: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def format_result(result: dict[str, Any], *, verbose: bool = False) -> str:
    """A failing conversation's failed turns (every turn when verbose): id, turn, user, bot reply, failures."""
    where = group_name(result.get("suite", DEFAULT_SUITE), result["part"])
    lines = [f"{'PASS' if result['passed'] else 'FAIL'} {result['id']} [{where}/{result['kind']}]"]
    for turn in result["turns"]:
        if turn["passed"] and not verbose:
            continue
        lines.append(f"  turn {turn['turn']}: user: {turn['user']}")
        bot = turn["text"] or "(no text)"
        lines.extend("      bot: " + line for line in bot.splitlines() or [bot])
        for failure in turn["failures"]:
            lines.append(f"    ✗ {failure}")
    return "\n".join(lines)


def format_summary(summary: dict[str, dict[str, Any]], required: dict[str, float] | None = None) -> str:
    required = required or {}
    lines = []
    for group in GROUPS:
        if group not in summary:
            continue
        counts = summary[group]
        floor = f" (required ≥ {required[group]:.0%})" if group in required else ""
        suite = counts.get("suite", DEFAULT_SUITE)
        lines.append(
            f"{group}: {counts['passed']}/{counts['conversations']} passed = {counts['rate']:.1%}{floor}"
            f" [suite {suite}]"
        )
        for kind, kind_counts in counts["by_kind"].items():
            lines.append(f"    {kind:<16} {kind_counts['passed']:>3}/{kind_counts['conversations']}")
    return "\n".join(lines)


def meets_floors(summary: dict[str, dict[str, Any]], required: dict[str, float]) -> bool:
    return all(counts["rate"] >= required.get(group, 0.0) for group, counts in summary.items())


# ---- Command line ----


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m tests.conversations.runner",
        description="Run the end-to-end conversation suite against a running assistant (Rasa REST channel).",
    )
    parser.add_argument("--url", default="http://127.0.0.1:5005", help="the Rasa server's base URL")
    parser.add_argument(
        "--suite",
        choices=[*SUITES, "all"],
        default=DEFAULT_SUITE,
        help="en: the English conversations (default); es: the Spanish ones (tests/conversations/es/); all: both",
    )
    parser.add_argument("--part", choices=["tuning", "heldout", "all"], default="all")
    parser.add_argument("--only", metavar="ID_SUBSTRING", help="run only conversations whose id contains this")
    parser.add_argument("--json", metavar="PATH", type=Path, help="write every conversation's turns and replies")
    parser.add_argument("--verbose", action="store_true", help="print every conversation and turn, not only failures")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for one turn's reply")
    parser.add_argument("--workers", type=int, default=1, help="conversations run at the same time")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None, send: Sender | None = None) -> int:
    """0 when every part run meets its floor in required.yml, 1 when one does not, 2 on a suite or server error."""
    args = parse_args(argv)
    parts = list(PARTS) if args.part == "all" else [args.part]
    suites = suite_names(args.suite)
    try:
        conversations = load_suite(parts, suites=suites)
    except SuiteError as error:
        print(f"conversation suite error: {error}", file=sys.stderr)
        return 2
    if args.only:
        conversations = [c for c in conversations if args.only in c.id]
    if not conversations:
        print("no conversation matches", file=sys.stderr)
        return 2
    if send is None:
        client = RestClient(args.url, timeout=args.timeout)
        try:
            client.check_alive()
        except TurnError as error:
            print(str(error), file=sys.stderr)
            return 2
        send = client
    required = required_rates()
    started = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    clock = time.monotonic()

    def progress(result: dict[str, Any]) -> None:
        if args.verbose or not result["passed"]:
            print(format_result(result, verbose=args.verbose), flush=True)

    print(
        f"{len(conversations)} conversations (suite {', '.join(suites)}; {', '.join(parts)}) against {args.url}",
        flush=True,
    )
    results = run_suite(conversations, send, workers=args.workers, progress=progress)
    document = report(results, url=args.url, started=started, seconds=time.monotonic() - clock, required=required)
    if args.json:
        write_json(document, args.json)
        print(f"results written to {args.json}")
    print(format_summary(document["summary"], required))
    return 0 if meets_floors(document["summary"], required) else 1


if __name__ == "__main__":
    sys.exit(main())
