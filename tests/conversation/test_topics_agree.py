"""Domain, rules and the topics table agree: every intent is answered, and by the one answering action."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.conversation.dialogue import verdict_function
from bot.conversation.understand import topic_table

ROOT = Path(__file__).resolve().parents[2]


def _domain_intents() -> set[str]:
    return set(yaml.safe_load((ROOT / "domain.yml").read_text())["intents"])


def _rule_routes() -> dict[str, set[str]]:
    routes: dict[str, set[str]] = {}
    for path in (ROOT / "data" / "rules").glob("*.yml"):
        for rule in yaml.safe_load(path.read_text()).get("rules", []):
            steps = rule.get("steps", [])
            intents = [step["intent"] for step in steps if "intent" in step]
            actions = [step["action"] for step in steps if "action" in step]
            if intents and actions:
                routes.setdefault(intents[0], set()).add(actions[0])
    return routes


def test_every_topic_intent_is_in_the_domain_and_routed_to_the_answering_action():
    table = topic_table()
    domain = _domain_intents()
    routes = _rule_routes()
    for intent in list(table["intents"]) + table["follow_up_intents"]:
        assert intent in domain or intent == "nlu_fallback", intent
        assert routes.get(intent) == {"action_answer"}, (intent, routes.get(intent))


def test_every_domain_intent_has_an_answer():
    table = topic_table()
    answered = set(table["intents"]) | set(table["follow_up_intents"])
    chit_chat = {"greet", "goodbye", "thank", "bot_challenge", "help"}
    routes = _rule_routes()
    for intent in _domain_intents():
        assert intent in answered or intent in chit_chat, intent
        assert intent in routes, f"no rule answers {intent}"


def test_every_topic_has_a_verdict_function():
    for entry in topic_table()["intents"].values():
        assert callable(verdict_function(entry["topic"])), entry["topic"]


def test_the_28_contract_intents_keep_their_names():
    contract = {
        "greet", "goodbye", "thank", "affirm", "deny", "bot_challenge", "help", "out_of_scope", "ask_de_minimis",
        "ask_de_minimis_changes", "check_shipment", "ask_gift_exemption", "ask_traveler_exemption",
        "ask_entry_types", "ask_postal_shipments", "ask_customs_broker", "ask_customs_bond",
        "ask_importer_of_record", "ask_hts_classification", "ask_fees", "ask_isf", "ask_restricted_goods",
        "ask_ipr", "ask_forced_labor", "ask_marking", "ask_ecommerce_team", "ask_other_countries",
        "request_human",
    }  # fmt: skip
    assert contract <= _domain_intents()
