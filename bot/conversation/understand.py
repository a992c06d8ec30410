"""Reading one user message against the conversation so far: its topic, facts and kind (no Rasa).

The intent classifier names a topic; this module decides whether the message is a new question,
a follow-up that changes one fact of the last question, an answer to the assistant's question, a
request for more detail or sources, or a wish to stop, and which facts it carries.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from bot import vocabulary
from bot.nlu.amounts import parse_amount
from bot.nlu.goods import goods_flags
from bot.nlu.topics import (
    asking_sentence,
    asks_yes_no,
    fold,
    keyword_topics,
    looks_spanish,
    question_kind,
    sentences,
)
from bot.thresholds.schema import MODES

ROOT = Path(__file__).resolve().parents[2]
TOPICS_FILE = ROOT / "data" / "topics.yml"
CUES_FILE = ROOT / "data" / "lexicon" / "conversation.yml"


@lru_cache(maxsize=1)
def topic_table() -> dict:
    with open(TOPICS_FILE, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


class FoldedPattern:
    """A cue pattern that reads a text with its accents folded ("olvídalo" as "olvidalo", see
    ``bot.nlu.topics.fold``), so Spanish cues are written once, without accents. Folding keeps every
    character's position: a match's span indexes the original text."""

    def __init__(self, pattern: str) -> None:
        self.pattern = re.compile(pattern, re.IGNORECASE)

    def search(self, text: str) -> re.Match[str] | None:
        return self.pattern.search(fold(text))

    def match(self, text: str) -> re.Match[str] | None:
        return self.pattern.match(fold(text))

    def finditer(self, text: str):
        return self.pattern.finditer(fold(text))


@lru_cache(maxsize=1)
def cues() -> dict[str, FoldedPattern]:
    """The conversation's cue words (follow-ups, gifts, purchases, cancelling...), as patterns."""
    with open(CUES_FILE, encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    return {
        name: FoldedPattern(r"(?:" + "|".join(patterns) + r")")
        for name, patterns in data.items()
        if isinstance(patterns, list)
    }


@lru_cache(maxsize=1)
def spanish_rule_terms() -> tuple[re.Pattern[str], dict[str, str]]:
    """Spanish words of the rule terms and the English terms the rules' summaries use ("regalo": "gift")."""
    with open(CUES_FILE, encoding="utf-8") as handle:
        table = {str(k): str(v) for k, v in (yaml.safe_load(handle).get("rule_terms_es") or {}).items()}
    words = sorted(table, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE), table


def cue(name: str, text: str) -> bool:
    return bool(cues()[name].search(text))


@dataclass
class Message:
    intent: str | None
    confidence: float
    entities: list[dict]
    text: str
    ranking: list[dict] = field(default_factory=list)


@dataclass
class Reading:
    """What a message says: its topic (if any), facts, and what kind of turn it is."""

    topic: str | None
    follow_up: bool
    facts: dict
    ask: str
    focus: str | None
    request: str | None = None  # "detail" | "sources" | "cancel" | "meta_*" | None
    date_given: bool = False
    currency: str | None = None
    asks_anew: bool = False  # a follow-up that asks its own question ("is the limit different from Guam?")
    another: bool = False  # "check another package": a new shipment, nothing carried over
    also: tuple[str, ...] = ()  # other topics the message's questions ask about ("do I need a bond, ISF?")


def _entities(message: Message, name: str) -> list[dict]:
    return [e for e in message.entities if e.get("entity") == name and e.get("value") not in (None, "")]


def intent_topic(intent: str | None) -> str | None:
    entry = topic_table()["intents"].get(intent or "")
    return entry["topic"] if entry else None


#: Words right before a place that make it where the goods come from ("from Halifax", "desde China",
#: "me lo mandan de Guatemala"); read on the lowercased, accent-folded text.
FROM_BEFORE = (
    r"(?:\bfrom\s*(?:the\s+)?|\b(?:desde|procedente de|procedentes de)\s+(?:el\s+|la\s+)?|"
    r"\b(?:vienen?|vino|llegan?|llego|salen?|salio|traigo|traje|mandan|manda|mando|mandaron|envian|envia|envio|"
    r"enviaron)\s+(?:\w+\s+){0,2}?(?:de|desde)\s+(?:el\s+|la\s+)?)$"
)
#: Topics whose keywords win over a shipment or de minimis reading ("MPF on a $15,000 shipment").
SPECIFIC_TOPICS = (
    "fees",
    "isf",
    "customs_bond",
    "marking",
    "hts_classification",
    "ipr",
    "forced_labor",
    "customs_broker",
)
#: Economies whose own low-value rules the assistant knows (EU members count as the EU).
OTHER_ECONOMIES = ("EU", "GB", "CA", "AU", "JP", "CN")
EU_MEMBERS = frozenset("AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split())


@lru_cache(maxsize=256)
def _keywords(text: str) -> tuple[tuple[str, float], ...]:
    """keyword_topics of a text, kept: one turn asks about the same text several times."""
    return tuple(keyword_topics(text))


def _keyword_topic(text: str, only: tuple[str, ...] | None = None) -> str | None:
    for intent, _score in _keywords(text):
        topic = intent_topic(intent)
        if topic and (only is None or topic in only):
            return topic
    return None


def destination_economy(message: Message, direction: str | None = "unread") -> str | None:
    """The economy whose own rules are asked about ("Canada's threshold", "VAT in the UK", "to Japan").

    Only economies the assistant covers count; a place where the sender or seller lives ("my cousin
    in Brazil", "a shop in Italy") is an origin, not the question's economy. `direction` is
    `_direction(message)` when the caller has it already.
    """
    text = message.text or ""
    folded = fold(text.lower())
    if direction == "unread":
        direction = _direction(message)
    if direction == "import":
        return None  # "a $45 order to a customer in Ohio": goods coming into the US
    if direction not in (None, "import"):
        return direction  # "I ship jewelry from Oregon to Canada", "gifts I send to my parents in Pune"
    if (cue("gift", text) or cue("gift_weak", text)) and not cue("other_economy", text):
        return None
    for code in OTHER_ECONOMIES:
        if cue(f"economy_{code}", text):
            return code
    currency_economy = {"GBP": "GB", "EUR": "EU", "CAD": "CA", "AUD": "AU", "JPY": "JP"}
    for entity in _entities(message, "currency"):
        economy = currency_economy.get(entity["value"]) if isinstance(entity["value"], str) else None
        countries = {
            e["value"]
            for e in _entities(message, "country")
            if isinstance(e["value"], str)
            and not (isinstance(e.get("start"), int) and re.search(FROM_BEFORE, folded[: e["start"]]))
        }
        if not countries and any(True for _ in _entities(message, "country")):
            continue
        if economy and (economy in countries or (economy == "EU" and countries & EU_MEMBERS) or not countries):
            return economy
    for entity in _entities(message, "country"):
        code = entity["value"] if isinstance(entity["value"], str) else None
        economy = "EU" if code in EU_MEMBERS else code
        start, end = entity.get("start"), entity.get("end")
        if economy not in OTHER_ECONOMIES or not isinstance(start, int) or not isinstance(end, int):
            continue
        before = folded[max(0, start - 30) : start]
        after = folded[end : end + 14]
        if re.search(RULES_OF_BEFORE, before):
            return economy  # "el límite de aranceles del Reino Unido": the UK's own limit, not goods from it
        if re.search(FROM_BEFORE, before) or cue("person_in", before) or cue("supplier_in", before):
            continue
        if re.match(
            r"\s*(?:-made\s+|made\s+)?(?:goods|products|items|imports|shipments|parcels|orders|sellers|suppliers)\b",
            after,
        ):
            continue  # "for Chinese goods", "on Canadian products": where goods come from, not whose rules
        possessive = re.match(r"\s*(?:'s|’s|s\b)", after) or re.match(
            r"\s+(?:charges?|has|have|taxes|collects?|applies|allows?|lets?|requires?|exempts?|"
            r"cobra|cobran|tiene|aplica|permite|exige|requiere|exenta|deja)\b",  # es: "¿Canadá cobra...?"
            after,
        )  # "does Canada charge...", "Japan has a limit"
        located = re.search(r"\b(?:in|into|to|for)\s+(?:the\s+)?$|\b(?:en|a|al|hacia)\s+(?:el\s+|la\s+)?$", before)
        if located and re.search(r"\b(?:for|para)\s+(?:the\s+|el\s+|la\s+)?$", before) and cue("dm_change", text):
            continue  # "when did de minimis end for China?": the US rules for goods from there
        if possessive or located or cue("other_economy", text) or re.match(r"\s*(?:de minimis|threshold|limit)", after):
            return economy
    return None


#: Words right after "US" that make it the seller's place ("a US seller", "my US-based shop").
US_SELLER_AFTER = (
    r"\s*(?:-based\s+|based\s+)?(?:seller|sellers|shop|store|business|company|brand|exporter|merchant|vendor|"
    r"maker|etsy)\b"
)
#: The US and the territories whose goods are not foreign (never another economy's rules to look up).
US_AREAS = ("US", "PR", "VI", "GU", "AS", "MP", "UM")
#: Spanish "the limit of" before an economy: its own rules ("el límite de aranceles del Reino Unido").
RULES_OF_BEFORE = (
    r"\b(?:limite|umbral|minimis|exencion|franquicia|reglas?|tope)"
    r"(?: (?:libre )?de (?:aranceles|impuestos|importacion|minimis))? (?:de|del|de la|en)\s*$"
)
#: Words before a US place that make it where the seller is ("our warehouse in Buffalo"), not where goods go.
SELLER_WORDS = (
    r"\b(?:i'?m|i am|we'?re|we are|based|located|live|living|shop|store|business|warehouse|studio|office|workshop"
    r"|company|estoy|estamos|vivo|vivimos|ubicad[oa]s?|tienda|negocio|bodega|almacen|oficina|taller|empresa|compania)\b"
)
#: Words right before a US place that put the seller there ("from Texas", "our warehouse in Buffalo").
SELLER_IN = (
    r"\b(?:from|based in|located in|i'?m in|we'?re in|out of|"
    r"(?:warehouse|shop|store|studio|office|workshop|business|company) in|"
    r"desde|soy de|somos de|ubicad[oa]s? en|estoy en|estamos en|vivo en|vivimos en|"
    r"(?:tienda|negocio|bodega|almacen|oficina|taller|empresa|compania) (?:en|de))\s+(?:the\s+|el\s+|los\s+)?$"
)


#: Words before a US place that make it where the goods go ("to a customer in Ohio", "a un cliente en Texas").
INTO_US = r"\b(?:to|into|in|inside|within|for)\s+(?:the\s+)?(?:[a-z]+\s+){0,3}$"
INTO_US_ES = (
    r"\b(?:to|into|in|inside|within|for|a|hacia|en|para|dentro de)\s+(?:the\s+|el\s+|la\s+|los\s+)?(?:[a-z]+\s+){0,3}$"
)


def _direction(message: Message) -> str | None:
    """Which way the goods go: "import" into the US, a foreign destination's code, or None (not said).

    A US place after "to"/"in" is where the goods go ("to a customer in Ohio"); a seller in the US ("from
    Texas", "my US shop") or a sender who is the user ("I mail my cousin in Chengdu...") sends them abroad,
    to the country named without "from".
    """
    original = message.text or ""
    text = fold(original.lower())
    spanish = looks_spanish(original)
    if re.search(
        r"\b(?:us|u\.s\.|american)\s+(?:duty|duties|customs|import duty|import tax|tariffs?)\b|"
        r"\b(?:aranceles|impuestos|aduana)\s+(?:de|en)\s+(?:ee\.?\s?uu\.?|estados unidos|usa)\b",
        text,
    ):
        return "import"  # "do I pay US duty on a €40 thing from a German shop?"
    places = list(cues()["us_place"].finditer(text)) + list(re.finditer(r"\bU\.?S\b\.?", original))
    for match in places:
        before = text[max(0, match.start() - 40) : match.start()]
        into = INTO_US_ES if spanish else INTO_US
        if re.match(US_SELLER_AFTER, text[match.end() : match.end() + 24]):
            continue  # "for a US seller shipping to Sydney": the seller is in the US, the goods leave it
        if cue("buyer_in", before[-30:]):
            return "import"  # "vendo turrón a clientes de EE. UU.": the buyers are in the US, the goods go there
        if re.search(into, before) and not re.search(r"\b(?:from|desde|de)\b", before[-12:]):
            if not re.search(SELLER_WORDS, before):
                return "import"
    seller_in_us = any(re.search(SELLER_IN, text[max(0, m.start() - 30) : m.start()]) for m in places) or bool(
        re.search(r"\b(?:my|our)\s+(?:us|u\.s\.|american)\s+(?:shop|store|business|company)\b", text)
        or re.search(r"\b(?:mi|nuestra|nuestro)\s+(?:tienda|negocio|empresa)\s+(?:americana|americano|gringa)\b", text)
    )
    for entity in _entities(message, "country"):
        code, start = entity["value"], entity.get("start")
        if (
            isinstance(code, str)
            and code not in US_AREAS
            and isinstance(start, int)
            and cue("buyer_in", text[max(0, start - 30) : start])
        ):
            return "EU" if code in EU_MEMBERS else code  # "my buyer in Bangalore says Indian customs charged her"
    if not (seller_in_us or cue("sends_abroad", text)):
        return None
    if re.search(
        r"\b(?:bought|ordered|purchased|importing|imported|import)\b(?!\s+(?:tax|vat|gst|dut|charge|fee))|"
        r"\b(?:compre|compramos|pedi|pedimos|ordene|ordenamos|importando|importo|importamos)\b",
        text,
    ) and not cue("export", text):
        return None  # the user buys abroad and ships home
    if re.search(r"\b(?:sent|sending|mailing|mailed|shipping|shipped|ship|send|mail)\s+(?:me|us)\b", text) or re.search(
        r"\b(?:me|nos)\s+(?:lo\s+|la\s+|los\s+|las\s+)?(?:mandan|manda|mando|mandaron|envian|envia|envio|enviaron|"
        r"van a mandar|va a mandar|van a enviar|va a enviar|estan mandando|esta mandando)\b",
        text,
    ):
        return None  # someone sends goods to the user
    for entity in _entities(message, "country"):
        code = entity["value"] if isinstance(entity["value"], str) else None
        start = entity.get("start")
        if not code or not re.fullmatch(r"[A-Z]{2}", code) or code in US_AREAS or not isinstance(start, int):
            continue  # Puerto Rico, Guam...: inside the US, never a foreign destination
        if re.search(FROM_BEFORE, text[max(0, start - 24) : start]) or cue(
            "supplier_in", text[max(0, start - 40) : start]
        ):
            continue  # "from Halifax", "my supplier in Vietnam": where the goods start
        return "EU" if code in EU_MEMBERS else code
    return None


def all_economies(message: Message) -> list[str]:
    """Every economy named as a place whose rules are asked about (for comparisons), in order."""
    text = message.text or ""
    found: list[str] = []
    folded = fold(text.lower())
    origins_asked = False
    for entity in _entities(message, "country"):
        code = entity["value"] if isinstance(entity["value"], str) else None
        economy = "EU" if code in EU_MEMBERS else code
        start = entity.get("start")
        if economy == "US" and isinstance(start, int) and re.search(FROM_BEFORE, folded[:start]):
            continue  # "Canada's courier threshold from the US": where parcels leave from, not a compared place
        before = folded[max(0, start - 40) : start] if isinstance(start, int) else ""
        if before and (cue("supplier_in", before) or cue("person_in", before[-30:])):
            continue  # "my supplier in China ships to my customers in Toronto": China is where goods leave from
        if (
            isinstance(start, int)
            and re.search(r"\b(?:for|para)\s+(?:the\s+|el\s+|la\s+)?(?:\w+\s+)?$", folded[max(0, start - 16) : start])
            and cue("dm_change", text)
        ):
            origins_asked = True  # "is de minimis gone for Canada too, or just China?": US rules for goods from both
            continue
        if economy in OTHER_ECONOMIES + ("US",) and economy not in found:
            found.append(economy)
    for code in OTHER_ECONOMIES:
        if cue(f"economy_{code}", text) and code not in found:
            found.append(code)
    if origins_asked and not cue("compare", text):
        return []
    return found if cue("compare", text) or len([c for c in found if c != "US"]) >= 2 else []


def _number_term(amount: float) -> str:
    return f"{amount:g}"


def _goods_from(message: Message) -> str | None:
    """The country the goods leave from when the message says so ("from Halifax", "my supplier in China")."""
    folded = fold((message.text or "").lower())
    for entity in _entities(message, "country"):
        code, start = entity["value"], entity.get("start")
        if not isinstance(code, str) or not isinstance(start, int):
            continue
        before = folded[max(0, start - 40) : start]
        if re.search(FROM_BEFORE, before) or cue("supplier_in", before) or cue("person_in", before):
            return code
    return None


def _near_shipment_words(text: str, entity: dict) -> bool:
    start, end = entity.get("start"), entity.get("end")
    if not isinstance(start, int) or not isinstance(end, int):
        return True
    return bool(cues()["shipment_date_words"].search(text[max(0, start - 40) : end + 40]))


def _foreign_place(message: Message) -> str | None:
    """A country other than the US named in the message (where goods go back to, say)."""
    for entity in _entities(message, "country"):
        if isinstance(entity["value"], str) and entity["value"] != "US":
            return entity["value"]
    return None


#: Amounts above this are typos or attacks, never a shipment's value (the engine refuses over $10 billion).
MAX_AMOUNT = 1e12


def _amount(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        return None
    return number if math.isfinite(number) and abs(number) <= MAX_AMOUNT else None


def _amounts(message: Message) -> list[float]:
    return [a for a in (_amount(e["value"]) for e in _entities(message, "amount")) if a is not None]


def _pick_value(message: Message, amounts: list[float]) -> float | None:
    """The shipment's value among the amounts: the one said to be its worth, else the first."""
    if not amounts:
        return None
    mentions = cues()["threshold_mention"]
    after = cues()["threshold_after"]
    kept = []
    for entity in _entities(message, "amount"):
        start, end = entity.get("start"), entity.get("end")
        if isinstance(start, int) and mentions.search(message.text[max(0, start - 22) : start]):
            continue
        if isinstance(end, int) and after.search(message.text[end : end + 30]):
            continue
        amount = _amount(entity["value"])
        if amount is not None and amount != 0:  # "paid zero duty" is no shipment's value
            kept.append(amount)
    if not kept:
        return None
    amounts = kept
    if len(amounts) == 1:
        return amounts[0]
    worth = cues()["worth_before"]
    for entity in _entities(message, "amount"):
        start = entity.get("start")
        if isinstance(start, int) and worth.search(message.text[max(0, start - 25) : start]):
            amount = _amount(entity["value"])
            if amount is not None:
                return amount
    return amounts[0]


def _is_threshold_mention(message: Message, amount: float) -> bool:
    mentions = cues()["threshold_mention"]
    after = cues()["threshold_after"]
    for entity in _entities(message, "amount"):
        start, end = entity.get("start"), entity.get("end")
        if entity.get("value") == amount and isinstance(start, int):
            return bool(mentions.search(message.text[max(0, start - 22) : start])) or (
                isinstance(end, int) and bool(after.search(message.text[end : end + 30]))
            )
    return False


#: How many of something a message may count ("two gifts", "3 parcels"): 2 to 12, from data/lexicon/numbers.yml.
COUNT_WORDS = {
    word: value
    for word, value in {**vocabulary.number_words(), **vocabulary.spanish_number_words()}.items()
    if 2 <= value <= 12 and word != "once"  # Spanish eleven, English "once a month"
}
_COUNT = r"(?:" + "|".join(sorted(COUNT_WORDS, key=len, reverse=True)) + r"|\d{1,2})"


def _count_of(word: str) -> int:
    word = word.lower()
    return int(word) if word.isdigit() else COUNT_WORDS[word]


def _each_count(text: str) -> int:
    """'two gifts ... $70 each' -> 2 (the same value several times on one day)."""
    match = re.search(rf"\b({_COUNT})\b[^.?!]{{0,60}}(?:\beach\b|\bcada\s+un[oa]\b|\bc/u\b)", text, re.IGNORECASE)
    count = _count_of(match.group(1)) if match else 0
    return count if 2 <= count <= 12 else 0


def _dates_asked_about(text: str, dates: list[dict]) -> list[dict]:
    """A story's dates, unless the question asks about now ("back in 2024 it was free; is it still?")."""
    spans = [(text.find(q), text.find(q) + len(q)) for q in _questions(text) if q in text]
    if not any(cue("present_q", text[start:end]) for start, end in spans):
        return dates
    return [d for d in dates if isinstance(d.get("start"), int) and any(a <= d["start"] < b for a, b in spans)]


def _period_days(entity: dict) -> int:
    """How many days a date entity's period covers (a day: 0; unknown: a year)."""
    info = entity.get("additional_info") or {}
    try:
        start, end = (dt.date.fromisoformat(str(info[key])[:10]) for key in ("start", "end"))
    except (KeyError, ValueError):
        return 0 if not info else 366
    return (end - start).days


def read_facts(message: Message) -> dict:
    """The shipment facts in a message, as frame fields."""
    text = message.text or ""
    facts: dict = {}
    amounts = _amounts(message)
    value = _pick_value(message, amounts)
    if value is not None:
        amounts = [a for a in amounts if a == value or not _is_threshold_mention(message, a)]
    if value is not None:
        facts["value"] = value
        if len(amounts) > 1 and cue("same_day", text):
            facts["values"] = tuple(amounts)
            facts["same_day"] = True
        if len(amounts) == 1 and cue("adds_to_day", text) and not cue("same_shipment", text):
            facts["adds_to_day"] = True
        count = _each_count(text)
        if len(amounts) == 1 and count > 1:
            facts["values"] = tuple([amounts[0]] * count)
            facts["same_day"] = True
    if cue("different_days", text) and not cue("same_day", text):
        facts["separate_days"] = True
    named = [e for e in _entities(message, "country") if isinstance(e["value"], str) and e["value"] != "US"]
    if named:
        facts["country"] = named[0]["value"]
        start = named[0].get("start")
        if isinstance(start, int) and re.search(FROM_BEFORE, fold(text[:start].lower())):
            facts["country_from"] = True  # "and from the UK?": where goods leave from, not whose rules
    modes = [e["value"] for e in _entities(message, "transport_mode") if e["value"] in MODES]
    if not modes:
        modes = [mode for mode in ("air_cargo", "ocean", "postal", "express", "truck") if cue(f"mode_{mode}", text)]
    if modes:
        facts["mode"] = modes[0]
    goods = [e["value"] for e in _entities(message, "goods") if isinstance(e["value"], str)]
    flags = set(goods_flags(" ".join(goods))) if goods else set()
    flags |= set(goods_flags(text)) & {"alcohol", "tobacco", "food", "perfume_alcohol"}
    if goods:
        facts["goods"] = goods[0].lower()[:80]
    if "alcohol" in flags:
        flags.add("food")  # FDA treats beverages, wine and beer included, as food: prior notice applies
    if flags:
        facts["goods_flags"] = tuple(sorted(flags))
    if cue("misdeclare", text) and (cue("purchase", text) or cue("resale", text)):
        facts["gift"] = False  # "they'll mark it as a gift so I don't pay duty": bought goods, falsely declared
        facts["misdeclared"] = True
    elif cue("not_gift", text):
        facts["gift"] = False
    elif cue("gift", text) or (cue("gift_weak", text) and not cue("purchase", text)):
        facts["gift"] = True
    elif cue("purchase", text):
        facts["gift"] = False
    dates = _entities(message, "date")
    if len(text.split()) > 25:
        dates = [d for d in dates if _near_shipment_words(text, d)]
    if dates and len(sentences(text)) > 1:
        dates = _dates_asked_about(text, dates)
    if dates:
        chosen = min(dates, key=_period_days)  # "last year, in March 2025": the narrower date is meant
        info = chosen.get("additional_info") or {}
        start = info.get("start") or str(chosen["value"])[:10]
        end = info.get("end") or start
        facts["on"] = start[:10]
        facts["period_end"] = end[:10] if end and end[:10] != start[:10] else None
    elif re.fullmatch(
        r"\W*(?:and|or|what about|how about|y|o|y que tal|que tal)?\s*"
        r"(?:in\s+|en\s+(?:el\s+)?(?:ano\s+)?|el\s+|del\s+)?((?:19|20)\d\d)\W*",
        fold(text),
        re.IGNORECASE,
    ):
        year = re.search(r"(?:19|20)\d\d", text).group(0)
        facts["on"], facts["period_end"] = f"{year}-01-01", f"{year}-12-31"
    elif cue("today", text):
        facts["on"] = None
        facts["period_end"] = None
        facts["today"] = True
    counted = re.search(
        rf"\b({_COUNT})\s+(?:\w+\s+)?(shipments|containers|entries|filings|parcels|packages|boxes|"
        r"envios|envíos|embarques|contenedores|entradas|declaraciones|paquetes|cajas|pedidos)\b",
        text,
        re.IGNORECASE,
    )
    if counted:
        facts["count"] = _count_of(counted.group(1))
    kinds = re.search(
        rf"\b({_COUNT})\s+(?:different|distinct|separate|diferentes|distintos|distintas)?\s*(products|items|kinds|types|"
        r"categories|articles|productos|articulos|artículos|tipos|categorias|categorías)\b",
        text,
        re.IGNORECASE,
    )
    if kinds:
        facts["kinds"] = _count_of(kinds.group(1))  # "3 different products in one parcel": the EU's flat duty each
    carrier = cues()["carrier_name"].search(text)
    if carrier:
        facts["carrier"] = text[carrier.start() : carrier.end()]  # as the user wrote it, accents and all
    if cue("own_shipment", text):
        facts["own"] = True
    found = {match.group(0).lower() for match in cues()["rule_terms"].finditer(text)}
    spanish, english_of = spanish_rule_terms()
    found |= {english_of[match.group(0).lower()] for match in spanish.finditer(fold(text))}
    terms = sorted(found)
    if terms:
        facts["terms"] = tuple(terms)
    currencies = [e["value"] for e in _entities(message, "currency") if isinstance(e["value"], str)]
    if currencies:
        facts["currency"] = currencies[0]
    return facts


def shipment_focus(text: str) -> str | None:
    if cue("asks_fees", text):
        return "fees"
    if cue("asks_entry", text):
        return "entry"
    if cue("asks_duty", text):
        return "duty"
    return None


def fees_focus(text: str) -> str | None:
    if cue("hmf", text) and cue("mpf", text):
        return "both"
    if cue("hmf", text):
        return "hmf"
    if cue("mpf", text):
        return "mpf"
    return None


def oos_kind(text: str, economy: str | None = None) -> str:
    if cue("oos_refund_ask", text):
        return "refund"  # "I sent it back to the UK seller: how do I get my duty back?" is a US refund
    if cue("oos_return", text) and (economy or cue("oos_other_country", text)):
        return "other_country"
    for kind in (
        "tracking",
        "release",
        "carrier_charge",
        "refund",
        "duty_rate",
        "legal",
        "shipping_cost",
        "other_country",
    ):
        if cue(f"oos_{kind}", text):
            return kind
    return "general"


#: Topics a question can ask about beside its main one, answered in a line each.
ALSO_TOPICS = ("entry_types", "customs_bond", "isf", "fees", "customs_broker", "restricted_goods", "marking")


#: The start of a clause that asks ("what's the MPF?" in "I have a $4,000 formal entry, what's the MPF?").
ASKING_CLAUSE = re.compile(
    r"^\W*(?:(?:and|or|also|but|so|y|o|pero|entonces)\s+)?(?:¿|what|what's|whats|how|which|when|where|who|why|"
    r"do|does|did|is|are|was|were|can|could|will|would|should|must|shall|que|cuanto|cuanta|cuantos|como|cual|"
    r"cuales|cuando|donde|quien|por que|necesito|tengo que|debo|hay que|puedo)\b",
    re.IGNORECASE,
)


def _asking_clauses(question: str) -> str:
    """The clauses of a question sentence that ask, without its story ("I have a $4,000 formal entry, ...")."""
    clauses = [part for part in re.split(r"[,;]\s+", question) if part.strip()]
    asking = [part for part in clauses if ASKING_CLAUSE.search(fold(part))]
    if not asking or len(asking) == len(clauses) or asking[-1] is not clauses[-1]:
        return question  # "my aunt, who lives in Lima, sent me a gift?": the sentence's end must ask
    return ", ".join(asking)


def _questions(text: str) -> list[str]:
    asked = [part for part in sentences(text) if "?" in part] or [asking_sentence(text)]
    return [_asking_clauses(part) for part in asked]


def also_asked(text: str, main: str | None) -> tuple[str, ...]:
    """Other topics named in the message's questions (not in its story), at most four."""
    found: list[str] = []
    for question in _questions(text):
        for intent, _score in _keywords(question):
            topic = intent_topic(intent)
            if topic == "customs_broker" and cue("broker_says", question) and not cue("asks_broker", question):
                continue  # "mi agente aduanal dice que ya no hay de minimis, ¿es cierto?": a voice, not a question
            if topic in ALSO_TOPICS and topic != main and topic not in found:
                found.append(topic)
    if main not in ("out_of_scope", None) and cue("carrier_fee_story", text):
        found.append("carrier_charge")  # "DHL billed me $40: duty $6, clearance $34": the carrier's own fee
    return tuple(found[:4])


def read(message: Message, previous_topic: str | None, pending: str | None) -> Reading:
    """Classify the turn and read its facts."""
    text = message.text or ""
    facts = read_facts(message)
    if pending == "value" and "value" not in facts and len(text.split()) <= 4:
        typed = parse_amount(text)
        if typed is not None and _amount(typed[0]) is not None:
            facts["value"] = typed[0]
            if typed[1]:
                facts["currency"] = typed[1]
    intent = message.intent
    ask = "yes_no" if asks_yes_no(text) else question_kind(text)
    named_other = _keyword_topic(text) not in (None, previous_topic)  # "what does UFLPA mean?" after another topic
    if (intent == "ask_more_detail" or (intent in (None, "nlu_fallback", "inform") and cue("more_detail", text))) and (
        not named_other
    ):
        return Reading(previous_topic, True, {}, ask, None, request="detail")
    if intent == "ask_sources" or (intent in (None, "nlu_fallback", "inform") and cue("sources", text)):
        return Reading(previous_topic, True, {}, ask, None, request="sources")
    if cue("cancel", text) and len(text.split()) <= 8 and (not text.rstrip().endswith("?") or len(text.split()) <= 3):
        return Reading(None, False, {}, ask, None, request="cancel")
    if cue("import_licence", text):
        return Reading("importer_of_record", False, read_facts(message), "yes_no", None)
    for meta in ("meta_legal", "meta_freshness"):
        if cue(meta, text) and len(text.split()) <= 14:
            return Reading(previous_topic, True, {}, ask, None, request=meta)
    if cue("complaint", text) and len(text.split()) <= 12 and _keyword_topic(text) is None:
        return Reading(previous_topic, True, {}, ask, None, request="complaint")  # "this bot is useless"
    if (
        ask == "yes_no"
        and "?" not in text
        and re.match(
            r"^\W*(?:necesito|necesitamos|quiero|quisiera|queria|i need|we need)\s+"
            r"(?:ayuda|informacion|info|help|some help)\b",
            fold(text.lower()),
        )
    ):
        ask = "other"  # "necesito ayuda con un envío que viene de Francia": a request, not a yes/no question
    paid_for = cue("purchase", text) or re.search(
        r"\b(?:ya )?le pague\b|\bi (?:already )?paid (?:her|him|them)\b", fold(text.lower())
    )
    if any(cue("asks_if_gift", q) for q in _questions(text)) and paid_for and not facts.get("misdeclared"):
        facts["gift"] = False  # "she sends me my half, which I already paid her for: does it count as a gift?"
        ask = "yes_no_gift"
    spanish_when = ask == "when" and looks_spanish(text)  # "¿desde cuándo ya no aplica el de minimis?"
    if cue("asks_free", text) and (ask in ("yes_no", "which") or text.rstrip().endswith("?")) and not spanish_when:
        ask = "yes_no_free"
    named = intent_topic(intent) if intent not in topic_table()["follow_up_intents"] else None
    keyword = _keyword_topic(text)
    if intent == "bot_challenge" and keyword == "request_human":
        keyword = None  # "am I talking to a real person?": a question about the assistant, not a hand-off
    has_facts = any(key in facts for key in ("value", "country", "mode", "gift", "on", "today", "goods"))
    follow_cue = cue("follow_up", text)
    short = len(text.split()) <= 9
    topic = named
    if named in (None, "out_of_scope") and keyword:
        topic = keyword
    named_topics = {intent_topic(name) for name, _ in _keywords(text)} & set(SPECIFIC_TOPICS + ("entry_types",))
    top = _keyword_topic(text)
    if len(sentences(text)) > 1:  # a story's words name topics too: the questions' own words decide
        top = _keyword_topic(" ".join(_questions(text))) or (top if named in (None, "out_of_scope") else None)
    specific = top if top in SPECIFIC_TOPICS else None
    if cue("asks_fees", text) and specific in (None, "hts_classification"):
        specific = "fees"
    direction = _direction(message)  # read once: the economy, the export check and the import check use it
    destination = destination_economy(message, direction)
    oos = oos_kind(text, destination or _foreign_place(message))
    asks_status = oos == "tracking" and any(
        cue("oos_tracking", q) and not cue("asks_duty", q) for q in _questions(text)
    )  # "has my parcel cleared customs yet?", not "tracking says it's held for duty: do I owe it?"
    returned_abroad = oos == "other_country" and cue("oos_return", text)  # what another country charges on a return
    if (
        oos in ("release", "carrier_charge", "refund", "duty_rate", "legal", "shipping_cost")
        or asks_status
        or returned_abroad
    ) and not (oos == "carrier_charge" and specific == "fees"):
        topic = "out_of_scope"
    elif specific and topic in (None, "shipment", "de_minimis", "out_of_scope", "postal", "entry_types"):
        topic = specific
    elif cue("asks_fees", text) and topic in (None, "shipment", "de_minimis", "out_of_scope", "postal"):
        topic = "fees"
    if len(named_topics) >= 2 and "value" in facts:
        topic = "shipment"
    if topic == "shipment" and "value" not in facts and top in ("de_minimis", "de_minimis_changes"):
        topic = top
    goods_returned = re.search(
        r"\b(?:customer|buyer|client)s?\b.{0,24}\b(?:returned|sent (?:it |them )?back|returns?)\b|"
        r"\b(?:cliente|comprador|compradora)s?\b.{0,24}\b(?:devolvio|devolvieron|regreso|regresaron)\b",
        fold(text.lower()),
    )
    trip = cue("traveller", text) and not (returned_abroad and goods_returned)  # a customer's return abroad
    if trip and topic in (None, "shipment", "de_minimis", "gift", "out_of_scope"):
        topic = "traveler_exemption"
    answering = bool(pending) and len(text.split()) <= 4
    economy = None if answering else destination
    economies = [] if answering else all_economies(message)
    if len(economies) >= 2 and (
        topic in (None, "other_countries", "de_minimis", "out_of_scope") or cue("compare", text)
    ):
        topic = "other_countries"
        facts["country"] = ",".join(economies)
        economy = None
    elif topic == "other_countries" and economy:
        facts["country"] = economy
    exported = not answering and direction not in (None, "import")
    if (
        economy
        and topic
        in (None, "de_minimis", "de_minimis_changes", "shipment", "gift", "out_of_scope", "postal")
        + (("fees",) if exported else ())
        and (not cue("purchase", text) or cue("export", text) or exported)
    ):
        if oos == "other_country":
            topic = "out_of_scope"
        else:
            topic = "other_countries"
            facts["country"] = economy
    kinds = facts.pop("kinds", None)
    if topic == "other_countries" and kinds:
        facts["count"] = kinds  # "3 different products in one parcel": item categories for a flat duty each
    if topic == "other_countries":  # "isn't it still duty free under €150?": the figure names the rule
        named_figures = tuple(f"amount:{_number_term(a)}" for a in _amounts(message))
        facts["terms"] = tuple(facts.get("terms", ())) + named_figures
    if topic == "other_countries" and "," not in str(facts.get("country") or ""):
        source = _goods_from(message)  # "my supplier in China ships straight to my customers in Toronto"
        if source and source != facts.get("country"):
            facts["goods_from"] = source
    if topic == "other_countries" and not economy and facts.get("country") in US_AREAS:
        topic = "shipment" if "value" in facts else "de_minimis"  # "a little shop in San Juan, Puerto Rico"
    if facts.get("misdeclared") and topic in ("gift", "de_minimis", "de_minimis_changes", None):
        topic = "shipment"  # "can she just write 'gift' on stuff I paid for?": a purchase, falsely declared
    if topic == "gift" and ask == "yes_no_gift":
        topic = "shipment"  # paid for, so not a gift: the shipment's own answer
    if topic == "gift" and facts.get("gift") is False and "value" in facts and not cue("gift", text):
        topic = "shipment"  # "I buy supplies, $30-40 at a time: do I pay duty?": bought goods are no gift
    if topic == "other_countries" and direction == "import" and "," not in str(facts.get("country") or ""):
        # "a $45 order to a customer in Ohio", "¿mis clientes de EE. UU. tienen que pagar aranceles?"
        asks_duty = any(cue("asks_duty", q) and not cue("asks_free", q) for q in _questions(text))
        topic = "shipment" if "value" in facts or asks_duty else "de_minimis"
    if (
        topic == "customs_broker"
        and cue("broker_says", text)
        and not any(cue("asks_broker", q) for q in _questions(text))
    ):
        topic = "shipment" if "value" in facts else "de_minimis"  # "my broker says ...": a voice in the story
    if oos == "other_country" and cue("oos_return", text) and not cue("traveller", text):
        topic = "out_of_scope"  # goods going back abroad: the other country's customs decides
    shipment_facts = any(key in facts for key in ("country", "mode", "goods", "goods_flags"))
    if (
        topic in ("de_minimis", "de_minimis_changes")
        and ("value" in facts or set(facts.get("goods_flags", ())) & {"alcohol", "tobacco"})
        and shipment_facts
    ):
        topic = "shipment"
    follow_up = False
    if previous_topic:
        if intent in ("inform", "affirm", "deny", "nlu_fallback") and (has_facts or follow_cue) and not keyword:
            follow_up = True
        elif (
            follow_cue
            and short
            and has_facts
            and (named in (None, previous_topic, "shipment", "other_countries", "gift") or not keyword)
            and not (named == "gift" and previous_topic in ("de_minimis", "de_minimis_changes"))
        ):  # but "and will gifts still be exempt after that?" is a gift question of its own
            follow_up = True
        elif pending and has_facts and not keyword and named in (None, "shipment", previous_topic):
            follow_up = True
        elif follow_cue and short and not keyword and named in (None, "out_of_scope", "shipment"):
            follow_up = True
        if previous_topic == "shipment" and named == "gift" and facts.get("gift") and follow_cue:
            follow_up = True
        if (
            previous_topic in ("de_minimis", "de_minimis_changes")
            and topic == "traveler_exemption"
            and not cue("traveller", text)
            and short
        ):
            follow_up = True  # "when is it coming back?" is about de minimis, not a trip
        if (
            previous_topic == "fees"
            and named in (None, "shipment", "fees")
            and (cue("on_top", text) or (short and any(k in facts for k in ("mode", "value"))))
        ):
            follow_up = True  # "it's coming by ocean, anything else on top?" after the MPF
        if previous_topic in ("shipment", "gift") and facts.get("adds_to_day") and cue("same_day", text):
            follow_up = True  # "my uncle's $60 gift arrived the same day too": it adds to the day's total
        if (
            previous_topic == "other_countries"
            and facts.get("country")
            and short
            and named in (None, "shipment", "other_countries", "de_minimis")
        ):
            follow_up = True
        asks_short = short and text.strip().endswith("?") and topic in (None, "out_of_scope")
        if (
            not follow_up
            and asks_short
            and intent in (None, "nlu_fallback", "inform", "out_of_scope", "affirm", "deny")
        ):
            follow_up = True
    if follow_up and previous_topic == "other_countries" and direction == "import":
        follow_up = False  # after the EU's rules, "and if I buy a €40 thing from a German shop, do I pay US duty?"
        topic = "shipment"
    if follow_up:
        topic = previous_topic
        if topic == "de_minimis_changes" and facts.get("on"):
            topic = "de_minimis"
    if topic is None and has_facts and ("value" in facts or "mode" in facts or cue("asks_duty", text)):
        topic = "shipment"
    if topic is None and not follow_up and cue("asks_duty", text) and cue("parcel_word", text):
        topic = "shipment"  # "quisiera saber si un paquete mío paga aranceles"
    also = () if follow_up else also_asked(text, topic)
    if (
        topic == "shipment"
        and also[:1] != ("carrier_charge",)
        and also
        and not any(cue("asks_duty", q) and not cue("asks_fees", q) for q in _questions(text))
    ):  # "how much do I pay in MPF on...?": the pay is the fee's
        topic, also = also[0], also[1:]  # the facts describe a shipment, but the questions ask about these
    focus = None
    if topic in ("shipment", "gift"):
        focus = shipment_focus(text)
    elif topic == "fees":
        focus = fees_focus(text)
        if follow_up and focus is None and facts.get("mode") == "ocean" and cue("on_top", text):
            focus = "hmf"  # the fee that comes on top by sea
    elif topic in ("de_minimis", "de_minimis_changes") and cue("damages", text):
        focus, topic = "penalty", "de_minimis"
    elif topic in ("de_minimis", "de_minimis_changes"):
        names = ("when_back", "when_repeal", "when_suspended", "when_800", "first") if ask == "when" else None
        focus = next(
            (name for name in names or ("when_repeal", "when_suspended", "when_800", "first") if cue(name, text)), None
        )
        if focus == "when_suspended" and cue("first_time", text):
            focus = "first_suspended"  # "when did CBP first stop de minimis for Chinese goods?"
        if not focus and "on" in facts and ask != "when" and cue("changed_q", text):
            focus = "what_changed"  # "what changed in 2025?", "what happened on 2 May 2025?"
        if ask == "yes_no" and cue("basis_q", text) and not focus:
            ask = "yes_no_back"  # "is de minimis back?", "was it reinstated?": no, it has stayed suspended
        if focus:
            topic = "de_minimis_changes"
    elif topic == "restricted_goods" and cue("fda", text):
        facts["goods_flags"] = tuple(sorted(set(facts.get("goods_flags", ())) | {"food"}))
        focus = "max_advance" if cue("max_advance", text) else None
    elif topic == "entry_types" and cue("type86", text):
        focus = "type86"
    elif topic == "entry_types" and ask == "yes_no" and cue("asks_formal", " ".join(_questions(text))):
        ask = "yes_no_formal"  # "is this a formal entry?": yes when over the limit
    elif topic == "customs_bond" and cue("bond_kinds", text):
        focus = "kinds"
    elif topic == "other_countries" and cue("asks_pay", text):
        focus = "pays"
    elif topic == "traveler_exemption" and cue("resale", text):
        focus = "resale"
    elif topic == "traveler_exemption" and cue("used_recently", text):
        focus = "used_recently"
    elif topic == "traveler_exemption" and cue("short_trip", text):
        focus = "short_trip"
    elif topic == "isf" and cue("damages", text):
        focus = "damages"
    if topic != "other_countries" and "," in str(facts.get("country") or ""):
        # several economies named ("is de minimis gone for Canada too, or just China?") but not compared:
        # the first place other than the US is the one asked about
        named_places = [code for code in str(facts["country"]).split(",") if code != "US"]
        facts["country"] = named_places[0] if named_places else "US"
        if topic == "shipment" and top in ("de_minimis", "de_minimis_changes") and cue("dm_change", text):
            topic = top
    asks_anew = (
        text.rstrip().endswith("?")
        and len(text.split()) > 4
        and ask not in ("other",)
        and not cue("hypothetical", text)
    )
    return Reading(
        topic=topic,
        follow_up=follow_up,
        facts=facts,
        ask=ask,
        focus=focus,
        asks_anew=asks_anew,
        another=cue("another", text),
        also=also,
        date_given=("on" in facts or "today" in facts),
        currency=facts.get("currency"),
    )
