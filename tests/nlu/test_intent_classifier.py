"""The intent classifier component: trains on the project's NLU data, persists without pickle,
reloads, and ranks intents for messages it has not seen."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.importers.importer import TrainingDataImporter
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.intent_classifier import MODEL_FILE, LinearIntentClassifier, is_long, model_inputs, rank_texts
from tests.conftest import ROOT

CONTEXT = ExecutionContext(GraphSchema({}), model_id="test-model", node_name="intents")


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[LocalModelStorage, Resource]:
    storage = LocalModelStorage(tmp_path_factory.mktemp("storage"))
    resource = Resource("intents")
    data = TrainingDataImporter.load_from_dict(training_data_paths=[str(ROOT / "data" / "nlu")]).get_nlu_data()
    component = LinearIntentClassifier.create(LinearIntentClassifier.get_default_config(), storage, resource, CONTEXT)
    component.train(data)
    return storage, resource


def classify(component: LinearIntentClassifier, text: str) -> Message:
    message = Message(data={"text": text})
    component.process([message])
    return message


@pytest.mark.parametrize(
    "text,intent",
    [
        ("is the 800 dollar thing gone now?", "ask_de_minimis_changes"),
        ("whats the duty free threshold when selling into australia", "ask_other_countries"),
        ("i've got a 450 usd box of sneakers coming from vietnam via fedex, will it be taxed", "check_shipment"),
        ("how much is the merchandise processing fee for a formal entry", "ask_fees"),
        ("can I get a real person on the phone", "request_human"),
        ("what's the weather in boston", "out_of_scope"),
        # Follow-ups: a fact with no topic of its own is inform; a named topic keeps its intent.
        ("ok and from Thailand?", "inform"),
        ("hmm what if it's a gift from my uncle", "inform"),
        ("what about gifts?", "ask_gift_exemption"),
        ("what about the MPF?", "ask_fees"),
        ("could you tell me more about that", "ask_more_detail"),
        ("where's the legal source for this?", "ask_sources"),
        # An implicit duty question about a shipment is answered; a carrier's own fee is not.
        ("why did DHL bill me $40 on a $60 order?", "check_shipment"),
        ("why did UPS charge me a $35 brokerage fee", "out_of_scope"),
        # Long messages: a story first, the question at the end.
        (
            "We've imported by air for years without trouble. This spring we moved our first full container "
            "by ocean from Ningbo and the forwarder mentioned a filing that has to be done before loading. "
            "Nobody ever told us about it. Is that the 10+2 thing, and who is supposed to file it?",
            "ask_isf",
        ),
        ("Hi! Quick question. Is de minimis still available for goods from Canada?", "ask_de_minimis_changes"),
    ],
)
def test_reloaded_model_ranks_unseen_messages(trained, text: str, intent: str) -> None:
    storage, resource = trained
    component = LinearIntentClassifier.load(LinearIntentClassifier.get_default_config(), storage, resource, CONTEXT)
    message = classify(component, text)
    ranking = message.get("intent_ranking")
    assert message.get("intent")["name"] == intent, ranking[:3]
    assert ranking[0]["name"] == intent and len(ranking) == 10
    assert all(a["confidence"] >= b["confidence"] for a, b in zip(ranking, ranking[1:], strict=False))
    assert 0 < sum(item["confidence"] for item in ranking) <= 1.0 + 1e-9


def test_persisted_without_pickle(trained) -> None:
    storage, resource = trained
    with storage.read_from(resource) as directory:
        assert (Path(directory) / MODEL_FILE).is_file()
        assert not list(Path(directory).glob("*.pkl"))


def test_untrained_or_missing_model_leaves_messages_alone(tmp_path: Path) -> None:
    storage = LocalModelStorage(tmp_path)
    component = LinearIntentClassifier.load({}, storage, Resource("never-trained"), CONTEXT)
    message = classify(component, "hello")
    assert message.get("intent") is None
    one_intent = TrainingData([Message(data={"text": "hi", "intent": "greet"})])
    lonely = LinearIntentClassifier.create({}, storage, Resource("lonely"), CONTEXT)
    lonely.train(one_intent)
    assert classify(lonely, "hi").get("intent") is None


def test_empty_and_odd_texts_get_a_ranking(trained) -> None:
    storage, resource = trained
    component = LinearIntentClassifier.load({}, storage, resource, CONTEXT)
    for text in ("", "   ", "🙂🙂", "¿dónde está mi paquete?", "x" * 5000):
        assert classify(component, text).get("intent")["name"]


class StubPipeline:
    """predict_proba from a fixed table: every text gets the row of the first key it contains."""

    classes_ = np.array(["ask_fees", "ask_isf", "check_shipment"])

    def __init__(self, rows: dict[str, list[float]]) -> None:
        self.rows = rows

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        return np.array([next(row for key, row in self.rows.items() if key in text) for text in texts])


def test_long_messages_combine_the_asking_sentence_and_keyword_evidence() -> None:
    config = {**LinearIntentClassifier.get_default_config(), "question_weight": 0.5, "keyword_weight": 1.0}
    story = "My forwarder mentioned the ISF. Anyway, how much is it?"
    stub = StubPipeline({"ISF": [0.2, 0.5, 0.3], "how much is it": [0.1, 0.1, 0.8], "": [0.6, 0.2, 0.2]})
    assert is_long(story, config) and not is_long("what is the ISF", config)
    short, long_ = rank_texts(stub, ["what is the ISF", story], config)
    assert short == [("ask_isf", 0.5), ("check_shipment", 0.3), ("ask_fees", 0.2)]
    # whole * asking^0.5, normalised, then x e for the topic the text names (ISF).
    combined = np.array([0.2, 0.5, 0.3]) * np.sqrt([0.1, 0.1, 0.8]) * np.array([1, np.e, 1])
    expected = dict(zip(StubPipeline.classes_, combined / combined.sum(), strict=True))
    assert [name for name, _ in long_] == ["ask_isf", "check_shipment", "ask_fees"]
    assert all(abs(p - expected[name]) < 1e-9 for name, p in long_)
    off = {**config, "question_weight": 0.0, "keyword_weight": 0.0}
    assert rank_texts(stub, [story], off)[0][0] == ("ask_isf", 0.5)
    assert rank_texts(stub, [], config) == []


def test_the_model_reads_entities_as_markers_of_their_kind() -> None:
    config = LinearIntentClassifier.get_default_config()
    (marked,) = model_inputs(["my $650 order of phone cases from Vietnam by DHL"], config)
    assert marked.split() == "my zzamount zzcurrency order of zzgoods from zzcountry by zztransportmode".split()
    assert model_inputs(["", "hello"], config) == ["", "hello"]
    assert model_inputs(["from Vietnam"], {**config, "entity_markers": False}) == ["from Vietnam"]
