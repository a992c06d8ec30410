"""One turn of the conversation: read the message, update the frame, answer or ask (no Rasa).

`respond` is what the single answering action calls. It keeps the question frame across turns,
re-answers the last question when a follow-up changes one fact, answers a side question while a
question of ours is pending (and repeats that question once), asks only for facts that can change
the verdict, and otherwise answers at once, stating its assumptions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from bot.answers import Reply, headline, render, render_day, render_question, render_sources, word
from bot.answers.render import LANGUAGES
from bot.conversation.frame import Frame
from bot.conversation.understand import Message, Reading, cue, oos_kind, read, topic_table
from bot.nlu.language import requested_language
from bot.thresholds import verdicts as v
from bot.thresholds.assess import EARLIEST_DATE, LATEST_DATE, suspension_start
from bot.thresholds.schema import SHIPMENT_MODES
from bot.thresholds.store import Snapshot

SPECIAL = {
    "shipment": v.shipment_verdict,
    "de_minimis": v.de_minimis_verdict,
    "de_minimis_changes": v.de_minimis_changes_verdict,
    "gift": v.gift_verdict,
    "fees": v.fees_verdict,
    "isf": v.isf_verdict,
    "customs_bond": v.bond_verdict,
    "entry_types": v.entry_verdict,
    "postal": v.postal_verdict,
    "restricted_goods": v.restricted_verdict,
    "other_countries": v.other_countries_verdict,
    "out_of_scope": v.out_of_scope_verdict,
    "traveler_exemption": v.traveller_verdict,
    "marking": v.marking_verdict,
}


def _known_topic(topic: str) -> bool:
    try:
        verdict_function(topic)
    except KeyError:
        return False
    return True


def verdict_function(topic: str):
    if topic in SPECIAL:
        return SPECIAL[topic]
    for entry in topic_table()["intents"].values():
        if entry["topic"] == topic and entry.get("rules"):
            return v.summary_verdict(topic, [tuple(pair) for pair in entry["rules"]])
    raise KeyError(topic)


@dataclass
class Turn:
    """The replies of one turn and the frame to keep."""

    replies: list[Reply]
    frame: Frame
    report: dict = field(default_factory=dict)


def _merge(frame: Frame, reading: Reading, new_question: bool) -> Frame:
    facts = dict(reading.facts)
    if new_question:
        frame = Frame(
            language=frame.language,
            value=frame.value,
            values=frame.values,
            same_day=frame.same_day,
            origin=frame.origin,
            mode=frame.mode,
            goods=frame.goods,
            goods_flags=frame.goods_flags,
            gift=frame.gift,
            gift_sender=frame.gift_sender,
            currency=frame.currency,
        )
        if reading.topic == "shipment" and (
            sum(k in facts for k in ("value", "country", "mode", "goods")) >= 2 or reading.another
        ):
            frame = Frame(language=frame.language)
    changes: dict = {"topic": reading.topic or frame.topic}
    if new_question or reading.asks_anew:
        changes.update(ask=reading.ask, focus=reading.focus)
    elif reading.focus:
        changes["focus"] = reading.focus
    if "value" in facts:
        changes["value"] = facts["value"]
        currency = facts.get("currency")
        changes["currency"] = currency if currency not in (None, "USD", "$", "US$") else None
        changes["values"] = facts.get("values", ())
        changes["same_day"] = facts.get("same_day", False)
        if not new_question and frame.value is not None and facts.get("adds_to_day") and changes["topic"] != "fees":
            changes["values"] = tuple(frame.values or (frame.value,)) + (facts["value"],)
            changes["same_day"] = True
    if facts.get("separate_days") and "value" not in facts and len(frame.values) > 1:
        # "what if they arrive on different days?": each is judged alone; the largest decides
        changes.update(value=max(frame.values), values=(), same_day=False)
    country = facts.get("country")
    if country:
        if changes["topic"] == "other_countries" and (
            facts.get("country_from") and not new_question and frame.jurisdiction and "," not in country
        ):
            changes["origin"] = country  # "and from the UK?" after Canada's limits: Canada's rule for UK goods
        elif changes["topic"] == "other_countries":
            changes["jurisdiction"] = country
        elif frame.gift or facts.get("gift"):
            changes["origin"] = country
            changes["gift_sender"] = country
        else:
            changes["origin"] = country
            changes["gift_sender"] = None
    if changes["topic"] == "other_countries" and new_question and not facts.get("country_from"):
        changes["origin"] = None  # another country's own rules: an earlier shipment's origin says nothing
    if changes["topic"] == "other_countries" and facts.get("goods_from"):
        changes["origin"] = facts["goods_from"]  # Canada's limits for goods from China, not from the US
    if "mode" in facts:
        mode = facts["mode"]
        if mode == "traveller":
            changes["topic"] = "traveler_exemption"
        else:
            changes["mode"] = mode
    if "terms" in facts or new_question:
        changes["terms"] = facts.get("terms", ())
    for key in ("count", "carrier"):
        if key in facts:
            changes[key] = facts[key]
    if new_question or "own" in facts:
        changes["own"] = bool(facts.get("own"))
    if "goods" in facts:
        changes["goods"] = facts["goods"]
    if "goods_flags" in facts or "goods" in facts:
        changes["goods_flags"] = facts.get("goods_flags", ())
    if "misdeclared" in facts or new_question:
        changes["misdeclared"] = bool(facts.get("misdeclared"))
    if "gift" in facts:
        changes["gift"] = facts["gift"]
        if not facts["gift"]:
            changes["gift_sender"] = None
            if changes["topic"] == "gift" and not new_question:
                changes["topic"] = "shipment"  # "what if I'd bought it myself instead?": the same goods, bought
    if "on" in facts or facts.get("today"):
        changes["on"] = facts.get("on")
        changes["period_end"] = facts.get("period_end")
    elif new_question and reading.topic not in ("shipment", None):
        changes["on"] = frame.on if frame.topic == "shipment" else None
        changes["period_end"] = None
    if changes["topic"] == "out_of_scope":
        changes["oos_kind"] = None
    return replace(frame, **changes)


def _date_refusal(frame: Frame) -> str | None:
    facts = frame.facts()
    if facts.on and facts.on < EARLIEST_DATE:
        return word("too_early", frame.language, year=EARLIEST_DATE.year)
    if facts.on and facts.on > LATEST_DATE:
        return word("too_late", frame.language)
    return None


def respond(
    snapshot: Snapshot,
    message: Message,
    frame: Frame,
    *,
    today: dt.date,
    last_answer_topic: str | None = None,
    with_disclaimer: bool = False,
    language: str | None = None,
) -> Turn:
    """Answer one user message given the frame of the conversation so far.

    `language` is the language this message was read as (None: keep the conversation's).
    """
    if frame.topic is not None and not _known_topic(frame.topic):
        frame = Frame(language=frame.language)
    asked_language = requested_language(message.text or "")
    if message.intent == "switch_language" and not asked_language:  # the page's switch: the entity says which
        asked_language = language if language in LANGUAGES else ("es" if frame.language == "en" else "en")
    language = asked_language or (language if language in LANGUAGES else frame.language)
    frame = replace(frame, language=language)
    if asked_language:
        return _switch_language(snapshot, frame, message, today, with_disclaimer)
    reading = read(message, frame.topic, frame.pending)
    if reading.request == "cancel":
        text = word("cancelled_bye" if cue("goodbye", message.text or "") else "cancelled", language)
        return Turn([Reply(text, kind="cancelled")], Frame(language=language), {"reading": "cancel"})
    if reading.request in ("meta_legal", "meta_freshness"):
        text = word(reading.request, language, as_of=render_day(snapshot.data_as_of, language))
        return Turn([Reply(text, kind="chitchat")], frame, {"reading": reading.request})
    if reading.request == "complaint":  # "this bot is useless": sorry, and the way to a person
        turn = _answer(snapshot, Frame(language=language, topic="request_human"), message, today, with_disclaimer)
        for reply in turn.replies[:1]:
            reply.text = f"{word('complaint', language)} {reply.text}"
        return Turn(turn.replies, frame, {"reading": "complaint"})
    if reading.request in ("detail", "sources"):
        if not frame.topic:
            return Turn([Reply(word("nothing_yet", language), kind="clarify")], frame, {"reading": reading.request})
        verdict, _ = _verdict(snapshot, frame, today)
        reply = render(
            verdict,
            ask=frame.ask,
            today=today,
            data_as_of=snapshot.data_as_of,
            period_end=frame.facts().period_end,
            language=language,
        )
        text = reply.detail if reading.request == "detail" else render_sources(reply.sources, language)
        return Turn(
            [Reply(text, [], reply.detail, reply.sources, reading.request, reply.info)],
            frame,
            {"reading": reading.request},
        )
    pending = frame.pending
    short_answer = len((message.text or "").split()) <= 4  # "$900, informal": the answer, whatever it names
    statement = "?" not in (message.text or "")  # "got it. the shipment is $14,000, formal entry": an answer
    answers_pending = (
        bool(pending)
        and (reading.follow_up or reading.topic in (None, frame.topic, "shipment") or short_answer or statement)
        and _answers(reading, pending, message)
    )
    if pending and answers_pending:
        reading.topic = frame.topic
        reading.follow_up = True
    side_question = bool(pending) and not answers_pending and reading.topic not in (None, frame.topic)
    if pending and not answers_pending and reading.topic == frame.topic and "?" in (message.text or ""):
        # "what's the HMF rate by the way?", "is the limit different if it comes from Guam?" while we wait for
        # the value: a question of its own on the same topic, answered apart; the user's own facts stay
        new_facts = any(key in reading.facts for key in ("value", "country", "mode", "gift", "on", "goods"))
        side_question = not new_facts or cue("side_if", message.text or "")
    if reading.topic is None and not pending and message.intent == "affirm" and short_answer:
        # "ok", "vale", "got it" after an answer: nothing to answer, and nothing misunderstood either
        return Turn([Reply(word("acknowledged", language), kind="chitchat")], frame, {"reading": "acknowledged"})
    if reading.topic is None and message.intent == "bot_challenge" and not pending:
        return Turn([Reply(word("bot_challenge", language), kind="chitchat")], frame, {"reading": "bot_challenge"})
    if reading.topic is None:
        if pending and not frame.reasked:
            question = _ask(snapshot, frame, today)
            if question:
                if not (message.intent in ("affirm", "deny") and short_answer):  # "sí" to "what is it worth?"
                    question.text = f"{word('not_understood_pending', language)} {question.text}"
                return Turn([question], replace(frame, reasked=True), {"reading": "unclear, re-asked"})
        return Turn([], frame, {"reading": "unclear"})
    if side_question and cue("cancel", " ".join((message.text or "").split()[:4])):
        # "never mind that, different question: what's the informal entry limit?": the form is dropped
        side = _merge(Frame(language=language), reading, new_question=True)
        return _answer(snapshot, side, message, today, with_disclaimer, reading)
    if side_question:
        side = _merge(replace(frame, pending=None), reading, new_question=True)
        turn = _answer(snapshot, side, message, today, with_disclaimer)
        replies = turn.replies
        if not frame.reasked:
            question = _ask(snapshot, frame, today)
            if question:
                replies = replies + [question]
        kept = replace(frame, reasked=True) if not frame.reasked else replace(frame, pending=None)
        return Turn(replies, kept, {**turn.report, "side_question": True})
    new_question = not reading.follow_up
    merged = _merge(replace(frame, pending=None, reasked=False), reading, new_question)
    if merged.topic in DOMESTIC_TOPICS and merged.origin and _inside_customs_territory(snapshot, merged, today):
        merged = replace(merged, topic="shipment")  # coffee mailed from Puerto Rico: not an import at all
    if merged.topic == "out_of_scope":
        merged = replace(merged, oos_kind=oos_kind(message.text or "", merged.jurisdiction or merged.origin))
    return _answer(snapshot, merged, message, today, with_disclaimer, reading)


def _switch_language(snapshot: Snapshot, frame: Frame, message: Message, today: dt.date, with_disclaimer: bool) -> Turn:
    """'In English please': say so in the new language, then ask again or answer again in it."""
    language = frame.language
    report = {"reading": "language", "language": language}
    if frame.pending:
        question = _ask(snapshot, frame, today)
        if question is not None:
            question.text = f"{word('language_switched', language)} {question.text}"
            return Turn([question], frame, report)
    if frame.topic:
        turn = _answer(snapshot, replace(frame, pending=None), message, today, with_disclaimer)
        if turn.replies:
            first = turn.replies[0]
            first.text = f"{word('language_switched', language)}\n{first.text}"
            return Turn(turn.replies, turn.frame, {**turn.report, **report})
    return Turn([Reply(word("language_switched_ask", language), kind="chitchat")], frame, report)


def _also_points(snapshot: Snapshot, frame: Frame, topics: tuple[str, ...], today: dt.date) -> list[v.Statement]:
    """A one-line answer to each other topic the message asked about, from that topic's verdict."""
    points: list[v.Statement] = []
    for topic in topics:
        asked = replace(frame, topic=topic, focus=None, ask="other")
        if topic == "carrier_charge":  # the carrier's own fee: who can explain it
            asked = replace(asked, topic="out_of_scope", oos_kind="carrier_charge")
        try:
            verdict, _ = _verdict(snapshot, asked, today)
        except KeyError:
            continue
        if verdict.missing or not verdict.code:
            continue
        text = headline(verdict, "other", frame.language)
        if text:
            points.append(v.Statement(topic, "also", {"text": text}, tuple(verdict.rules)))
    return points


#: Topics whose verdicts already say what changed within a period or later.
OWN_HISTORY = ("shipment", "de_minimis", "de_minimis_changes", "out_of_scope", "other_countries")


def _change_point(snapshot: Snapshot, frame: Frame, verdict: v.Verdict, today: dt.date) -> v.Statement | None:
    """For a past date or a period: the first later change to the rules behind the answer, as one line.

    "What was the informal entry limit in 2012?" is answered for 2012, and says what it became later.
    """
    facts = frame.facts()
    if frame.topic in OWN_HISTORY or facts.on is None or facts.on >= today:
        return None
    end = today
    used = {rule.id for rule in verdict.all_rules}
    kinds = {(rule.kind, rule.variant) for rule in verdict.all_rules}
    starts = sorted(
        {
            rule.effective_from
            for rule in snapshot.rules
            if (rule.kind, rule.variant) in kinds
            and rule.id not in used
            and rule.effective_from
            and facts.on < rule.effective_from <= end
        }
    )
    if not starts:
        return None
    later, _ = _verdict(snapshot, replace(frame, on=starts[0].isoformat(), period_end=None), today)
    if later.missing or {rule.id for rule in later.all_rules} == used:
        return None
    text = headline(later, frame.ask, frame.language)
    if text == headline(verdict, frame.ask, frame.language):
        return None  # a rule behind it changed, but not what the user is told
    within = bool(facts.period_end) and starts[0] <= facts.period_end
    code = "period.change" if within else "later.change"
    return v.Statement(frame.topic or "", code, {"from": starts[0], "text": text}, tuple(later.rules))


def _earlier_values(snapshot: Snapshot, verdict: v.Verdict) -> list[v.Statement]:
    """Earlier values of the rules behind the answer ("was it always $2,500?"), a line each, at most two."""
    points: list[v.Statement] = []
    for rule in verdict.rules:
        if rule.value_number is None or not rule.effective_from or rule.status not in (None, "available"):
            continue
        earlier = [
            old
            for old in snapshot.history(rule.kind, rule.jurisdiction)
            if old.variant == rule.variant
            and old.status in (None, "available")
            and old.value_number not in (None, rule.value_number)
            and old.effective_to
            and old.effective_to < rule.effective_from
        ]
        for old in sorted(earlier, key=lambda r: r.effective_to, reverse=True)[:2]:
            figures = {"until": old.effective_to, "from": rule.effective_from, "old": old, "new": rule}
            points.append(v.Statement(verdict.topic, "history.before", figures, (old,)))
    return points[:2]


#: Topics whose answer rests on the de minimis suspension ("is de minimis back after the court ruling?").
SUSPENSION_TOPICS = ("shipment", "de_minimis", "de_minimis_changes")


def _suspension_basis(snapshot: Snapshot, frame: Frame, today: dt.date) -> v.Statement | None:
    """The rule the de minimis suspension rested on that day: it never came back, and why (its summary)."""
    facts = frame.facts()
    on = facts.on or today
    rule = snapshot.rule_in_force("de_minimis", "US", on, origin=facts.origin or "DE", mode=facts.mode or "express")
    if rule is None or rule.status != "suspended":
        return None
    return v.Statement("de_minimis", "dm.basis", {"rule": rule}, (rule,))


#: Topics a shipment from inside the US customs territory (Puerto Rico) makes moot: it is no import.
DOMESTIC_TOPICS = ("restricted_goods", "postal", "de_minimis", "de_minimis_changes", "entry_types", "customs_bond")


def _inside_customs_territory(snapshot: Snapshot, frame: Frame, today: dt.date) -> bool:
    on = frame.facts().on or today
    return snapshot.rule_in_force("customs_territory", "US", on, sender=frame.origin) is not None


def _never_qualified(snapshot: Snapshot, frame: Frame, today: dt.date) -> v.Statement | None:
    """ "With all this de minimis news, do I need to change anything?" for a shipment over the highest limit
    de minimis ever had: little changes, duty was always due on it."""
    value = frame.facts().value
    limits = [
        rule
        for rule in snapshot.history("de_minimis", "US")
        if rule.status == "available" and rule.value_number and (not rule.scope.origins or "*" in rule.scope.origins)
    ]
    if value is None or not limits:
        return None
    highest = max(limits, key=lambda rule: rule.value_number)
    if value <= highest.value_number:
        return None
    return v.Statement("de_minimis", "dm.never_qualified", {"value": value, "limit": highest.value_number}, (highest,))


#: Topics where splitting one order into several shipments is a question of duty ("does it help to split it?").
SPLIT_TOPICS = ("shipment", "de_minimis", "de_minimis_changes", "entry_types", "restricted_goods", "postal")


def _split_point(snapshot: Snapshot, frame: Frame, today: dt.date) -> v.Statement | None:
    """Splitting an order to stay under a limit: with de minimis suspended it changes nothing; before, orders
    one person got on one day added up and a split order did not qualify (the rule's own summary says so)."""
    facts = frame.facts()
    on = facts.on or today
    rule = snapshot.rule_in_force("de_minimis", "US", on, origin=facts.origin or "DE", mode=facts.mode or "express")
    if rule is None:
        return None
    if rule.status in ("suspended", "repealed"):
        since = suspension_start(snapshot, rule, facts.origin, None) if rule.status == "suspended" else None
        return v.Statement("de_minimis", "split.no_help", {"since": since or rule.effective_from}, (rule,))
    return v.Statement("de_minimis", "split.aggregated", {"limit": rule.value_number}, (rule,))


def _value_cannot_matter(snapshot: Snapshot, frame: Frame, today: dt.date) -> bool:
    """Whether the verdict is the same whatever the value ("CAD 300 of candles bought from Canada": duty is
    owed at any value while de minimis is suspended), so a foreign-currency value need not be asked again."""
    verdict, _ = _verdict(snapshot, frame, today)
    return verdict.missing is None and "value" in verdict.skipped


def _ask_usd(frame: Frame) -> Turn:
    """A value in another currency that can change the verdict: asked again in US dollars."""
    text = word("needs_usd", frame.language)
    return Turn(
        [Reply(text, kind="question", info={"topic": frame.topic, "missing": "value"})],
        replace(frame, value=None, pending="value"),
        {"refused": "currency"},
    )


def _answers(reading: Reading, pending: str, message: Message) -> bool:
    facts = reading.facts
    if pending == "value":
        return "value" in facts
    if pending == "origin":
        return "country" in facts
    if pending == "mode":
        return facts.get("mode") in SHIPMENT_MODES
    if pending == "date":
        return "on" in facts
    return False


def _verdict(snapshot: Snapshot, frame: Frame, today: dt.date) -> tuple[v.Verdict, Frame]:
    facts = replace(frame.facts(), today=today)
    function = verdict_function(frame.topic or "shipment")
    return function(snapshot, facts, today), frame


def _ask(snapshot: Snapshot, frame: Frame, today: dt.date) -> Reply | None:
    verdict, _ = _verdict(snapshot, replace(frame, pending=None), today)
    if verdict.missing:
        return render_question(verdict, frame.language)
    return None


def _answer(
    snapshot: Snapshot,
    frame: Frame,
    message: Message,
    today: dt.date,
    with_disclaimer: bool,
    reading: Reading | None = None,
) -> Turn:
    facts = frame.facts()
    if facts.on and facts.period_end and facts.on < today <= facts.period_end:
        # "this year", "since 2021": a period running to today is a question about today.
        frame = replace(frame, on=None, period_end=None)
    refusal = _date_refusal(frame)
    if refusal:
        return Turn([Reply(refusal, kind="refused")], replace(frame, on=None, period_end=None), {"refused": "date"})
    if (
        reading is not None
        and reading.currency
        and reading.currency not in ("USD", "$", "US$")
        and frame.topic in ("shipment", "fees", "gift", "customs_bond", "entry_types")
    ):
        unvalued = replace(frame, value=None, values=(), currency=None)
        if _value_cannot_matter(snapshot, unvalued, today):
            frame = unvalued  # answered without the value, which is never converted
        else:
            return _ask_usd(frame)
    verdict, frame = _verdict(snapshot, frame, today)
    report = {
        "verdict": verdict.code,
        "assumptions": verdict.assumptions,
        "skipped": verdict.skipped,
        "rule_ids": verdict.rule_ids,
    }
    if verdict.missing:
        return Turn(
            [render_question(verdict, frame.language)],
            replace(frame, pending=verdict.missing, skipped=tuple(verdict.skipped)),
            {**report, "asked": verdict.missing},
        )
    change = _change_point(snapshot, frame, verdict, today)
    if change is not None:
        verdict.points.insert(0, change)
    if reading is not None and cue("history_q", message.text or "") and frame.topic not in OWN_HISTORY:
        verdict.points[:0] = _earlier_values(snapshot, verdict)
    if reading is not None and cue("basis_q", message.text or "") and frame.topic in SUSPENSION_TOPICS:
        basis = _suspension_basis(snapshot, frame, today)
        if basis is not None:
            verdict.points.insert(0, basis)
    if reading is not None and cue("affects_me", message.text or "") and frame.topic == "shipment":
        unchanged = _never_qualified(snapshot, frame, today)
        if unchanged is not None:
            verdict.points.insert(0, unchanged)
    if reading is not None and cue("splits", message.text or "") and frame.topic in SPLIT_TOPICS:
        split = _split_point(snapshot, frame, today)
        if split is not None:
            verdict.points.insert(0, split)
    if (
        frame.topic == "shipment"
        and frame.mode == "postal"
        and verdict.code == "shipment.duty_owed"
        and not (reading is not None and "postal" in reading.also)
        and not any(point.code == "postal.duty_on_value" for point in verdict.points)  # that day's rate leads
    ):  # mail has its own process: how duty is collected on it that day, in one line
        verdict.points[1:1] = _also_points(snapshot, frame, ("postal",), today)
    if reading is not None and reading.also:
        verdict.points[:0] = _also_points(snapshot, frame, reading.also, today)
        report["also"] = list(reading.also)
    reply = render(
        verdict,
        ask=frame.ask,
        today=today,
        data_as_of=snapshot.data_as_of,
        with_disclaimer=with_disclaimer,
        period_end=frame.facts().period_end,
        language=frame.language,
    )
    kept = replace(frame, assumptions=tuple(verdict.assumptions), skipped=tuple(verdict.skipped))
    return Turn([reply], kept, report)
