"""The review case set: fixed questions and shipment cases, read and checked from YAML.

A question case is one or more user turns, each with its intent given explicitly (no trained NLU
model is needed, so the answers depend only on the rules and the answer layer). A shipment case
gives the facts of a shipment (value, origin, mode, date, gift...) as a question frame.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.conversation.frame import Frame
from bot.conversation.understand import topic_table
from bot.thresholds.schema import GOODS_FLAGS, SHIPMENT_MODES

ROOT = Path(__file__).resolve().parents[2]
CASES_FILE = ROOT / "data" / "review" / "cases.yml"
ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
COUNTRY_PATTERN = re.compile(r"^[A-Z]{2}$")
SHIPMENT_KEYS = {
    "id",
    "topic",
    "ask",
    "focus",
    "value",
    "origin",
    "mode",
    "date",
    "gift",
    "gift_sender",
    "goods",
    "goods_flags",
}


class _CasesYamlLoader(yaml.SafeLoader):
    """Safe YAML loading that keeps dates as text, so a bad date is reported, not a crash."""


_CasesYamlLoader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


class CaseSetError(ValueError):
    """The case file cannot be used; `problems` names every mistake."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class UserTurn:
    intent: str
    text: str


@dataclass(frozen=True)
class Question:
    id: str
    turns: tuple[UserTurn, ...]

    @property
    def label(self) -> str:
        return " / ".join(f"[{turn.intent}] {turn.text}" for turn in self.turns)


@dataclass(frozen=True)
class ShipmentCase:
    id: str
    frame: Frame

    @property
    def label(self) -> str:
        frame = self.frame
        value = frame.value
        facts = {
            "value": None if value is None else str(int(value)) if value == int(value) else str(value),
            "origin": frame.origin,
            "mode": frame.mode,
            "date": frame.on or "today",
            "gift": frame.gift,
            "sender": frame.gift_sender if frame.gift_sender != frame.origin else None,
            "goods": frame.goods,
            "flags": ",".join(frame.goods_flags) or None,
            "ask": frame.ask if frame.ask != "other" else None,
            "focus": frame.focus,
        }
        shown = ", ".join(f"{key} {value}" for key, value in facts.items() if value is not None)
        return f"[{frame.topic} facts] {shown}"


@dataclass(frozen=True)
class CaseSet:
    version: int
    questions: tuple[Question, ...]
    shipments: tuple[ShipmentCase, ...]
    source: str

    @property
    def cases(self) -> tuple[Question | ShipmentCase, ...]:
        return self.questions + self.shipments


def known_intents() -> set[str]:
    table = topic_table()
    return set(table["intents"]) | set(table["follow_up_intents"])


def known_topics() -> set[str]:
    return {entry["topic"] for entry in topic_table()["intents"].values()}


def load_cases(path: Path | str = CASES_FILE) -> CaseSet:
    """Read and check a case file; raise CaseSetError naming every problem."""
    path = Path(path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_CasesYamlLoader)
    except OSError as error:
        raise CaseSetError([f"{path}: cannot read the case file ({error.strerror or error})"]) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise CaseSetError([f"{path}: YAML error{where}: {getattr(error, 'problem', None) or error}"]) from None
    if not isinstance(data, dict):
        raise CaseSetError([f"{path}: the case file must be a mapping with version, questions and shipments"])
    problems: list[str] = []
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        problems.append(f"{path.name}: version must be a whole number from 1")
    seen: set[str] = set()
    questions = [_question(raw, n, problems, seen) for n, raw in enumerate(_list(data, "questions", problems), 1)]
    shipments = [_shipment(raw, n, problems, seen) for n, raw in enumerate(_list(data, "shipments", problems), 1)]
    if problems:
        raise CaseSetError(problems)
    return CaseSet(
        version=version,
        questions=tuple(q for q in questions if q is not None),
        shipments=tuple(s for s in shipments if s is not None),
        source=str(path),
    )


def _list(data: dict, key: str, problems: list[str]) -> list:
    items = data.get(key) or []
    if not isinstance(items, list):
        problems.append(f"{key}: must be a list")
        return []
    return items


def _case_id(raw: object, where: str, problems: list[str], seen: set[str]) -> str | None:
    if not isinstance(raw, dict):
        problems.append(f"{where}: must be a mapping")
        return None
    case_id = raw.get("id")
    if not isinstance(case_id, str) or not ID_PATTERN.match(case_id):
        problems.append(f"{where}: id must be lower-case words joined by hyphens")
        return None
    if case_id in seen:
        problems.append(f"{where}: {case_id}: duplicate id")
        return None
    seen.add(case_id)
    return case_id


def _question(raw: object, position: int, problems: list[str], seen: set[str]) -> Question | None:
    case_id = _case_id(raw, f"questions #{position}", problems, seen)
    if case_id is None:
        return None
    assert isinstance(raw, dict)
    unknown = {str(key) for key in raw} - {"id", "intent", "text", "turns"}
    if unknown:
        problems.append(f"{case_id}: unknown key(s) {', '.join(sorted(unknown))}")
    if "turns" in raw and ("text" in raw or "intent" in raw):
        problems.append(f"{case_id}: give either intent and text, or turns")
        return None
    raw_turns = raw["turns"] if "turns" in raw else [{"intent": raw.get("intent"), "text": raw.get("text")}]
    if not isinstance(raw_turns, list) or not raw_turns:
        problems.append(f"{case_id}: turns must be a non-empty list")
        return None
    turns = []
    intents = known_intents()
    for number, turn in enumerate(raw_turns, 1):
        intent = turn.get("intent") if isinstance(turn, dict) else None
        text = turn.get("text") if isinstance(turn, dict) else None
        if intent not in intents:
            problems.append(f"{case_id}: turn {number}: intent {intent!r} is not in data/topics.yml")
        if not isinstance(text, str) or not text.strip():
            problems.append(f"{case_id}: turn {number}: text must be a non-empty string")
        turns.append(UserTurn(str(intent), str(text)))
    return Question(case_id, tuple(turns))


def _shipment(raw: object, position: int, problems: list[str], seen: set[str]) -> ShipmentCase | None:
    case_id = _case_id(raw, f"shipments #{position}", problems, seen)
    if case_id is None:
        return None
    assert isinstance(raw, dict)
    before = len(problems)
    unknown = {"on (write date:)" if key is True else str(key) for key in raw} - SHIPMENT_KEYS
    if unknown:
        problems.append(f"{case_id}: unknown key(s) {', '.join(sorted(unknown))}")
    topic = raw.get("topic", "shipment")
    if topic not in known_topics():
        problems.append(f"{case_id}: topic {topic!r} is not in data/topics.yml")
    value = raw.get("value")
    if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0):
        problems.append(f"{case_id}: value must be a positive number of US dollars")
    for key in ("origin", "gift_sender"):
        code = raw.get(key)
        if code is not None and not (isinstance(code, str) and COUNTRY_PATTERN.match(code)):
            problems.append(f"{case_id}: {key} must be a two-letter country code such as CN")
    mode = raw.get("mode")
    if mode is not None and mode not in SHIPMENT_MODES:
        problems.append(f"{case_id}: mode must be one of {', '.join(SHIPMENT_MODES)}")
    on = _iso_date(raw.get("date"))
    if raw.get("date") is not None and on is None:
        problems.append(f"{case_id}: date must be a date written YYYY-MM-DD")
    gift = raw.get("gift")
    if gift is not None and not isinstance(gift, bool):
        problems.append(f"{case_id}: gift must be true or false")
    flags = raw.get("goods_flags") or []
    if not isinstance(flags, list) or any(flag not in GOODS_FLAGS for flag in flags):
        problems.append(f"{case_id}: goods_flags must be a list of {', '.join(GOODS_FLAGS)}")
        flags = []
    for key in ("ask", "focus", "goods"):
        if raw.get(key) is not None and not isinstance(raw.get(key), str):
            problems.append(f"{case_id}: {key} must be a string")
    if len(problems) > before:
        return None
    origin = raw.get("origin")
    frame = Frame(
        topic=topic,
        ask=raw.get("ask") or "other",
        focus=raw.get("focus"),
        on=on,
        value=float(value) if value is not None else None,
        origin=origin,
        mode=mode,
        goods=raw.get("goods"),
        goods_flags=tuple(sorted(flags)),
        gift=gift,
        gift_sender=raw.get("gift_sender") or (origin if gift else None),
    )
    return ShipmentCase(case_id, frame)


def _iso_date(raw: object) -> str | None:
    if isinstance(raw, dt.date):
        return dt.date(raw.year, raw.month, raw.day).isoformat()
    if isinstance(raw, str):
        try:
            return dt.date.fromisoformat(raw).isoformat()
        except ValueError:
            return None
    return None
