"""Spanish NLU data (data/nlu/es/): every English topic file has a Spanish twin that parses, every intent
with English examples has at least 12 Spanish ones, and no Spanish example repeats an English one or
sits in two intents (Rasa refuses to train on that). No model is trained here; the cross-validation
figures come from eval/languages.py."""

from __future__ import annotations

from collections import Counter, defaultdict
from functools import cache
from pathlib import Path

import pytest

from eval.languages import SHARED, load_languages

ROOT = Path(__file__).resolve().parents[2]
NLU = ROOT / "data" / "nlu"
SPANISH = NLU / "es"
MINIMUM = 12


@cache
def examples(path: Path) -> list[tuple[str, str]]:
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(path))
    return [(e.get("text"), e.get("intent")) for e in data.intent_examples if e.get("text")]


TOPIC_FILES = sorted(path.name for path in NLU.glob("*.yml") if path.name not in SHARED)


@pytest.mark.parametrize("name", TOPIC_FILES)
def test_each_topic_file_has_a_spanish_twin_that_parses(name):
    path = SPANISH / name
    assert path.is_file(), f"data/nlu/es/{name} is missing"
    assert path.read_text(encoding="utf-8").startswith('version: "3.1"')
    english = Counter(intent for _, intent in examples(NLU / name))
    spanish = Counter(intent for _, intent in examples(path))
    assert set(spanish) == set(english), f"{name}: intents differ from the English file"
    thin = {intent: n for intent, n in spanish.items() if n < MINIMUM}
    assert not thin, f"{name}: fewer than {MINIMUM} Spanish examples: {thin}"


def test_no_spanish_file_without_an_english_one():
    assert sorted(path.name for path in SPANISH.glob("*.yml")) == TOPIC_FILES


@pytest.fixture(scope="module")
def both():
    return load_languages(NLU, SPANISH)


def test_every_intent_with_english_data_has_spanish_data(both):
    texts, labels, langs = both
    english = {label for label, lang in zip(labels, langs, strict=True) if lang == "en"}
    spanish = Counter(label for label, lang in zip(labels, langs, strict=True) if lang == "es")
    assert english, "no English data found"
    assert {intent for intent in english if spanish[intent] < MINIMUM} == set()


def test_no_duplicates_across_intents_or_with_english(both):
    texts, labels, langs = both
    intents_of = defaultdict(set)
    for text, label in zip(texts, labels, strict=True):
        intents_of[text].add(label)
    assert {text: sorted(found) for text, found in intents_of.items() if len(found) > 1} == {}
    english = {text for text, lang in zip(texts, langs, strict=True) if lang != "es"}
    spanish = [text for text, lang in zip(texts, langs, strict=True) if lang == "es"]
    assert sorted(text for text in spanish if text in english) == []
    assert sorted(text for text, n in Counter(spanish).items() if n > 1) == []
