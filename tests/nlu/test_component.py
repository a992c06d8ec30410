"""CBPEntityExtractor as a Rasa graph component: built through Rasa's API, in a recipe, and in a model."""

from __future__ import annotations

import asyncio
import textwrap
from pathlib import Path
from typing import Any

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.data import TrainingType
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.component import CBPEntityExtractor

COMPONENT_PATH = "bot.nlu.component.CBPEntityExtractor"


def make_component(tmp_path: Path, **config: Any) -> CBPEntityExtractor:
    storage = LocalModelStorage(tmp_path / "model_storage")
    context = ExecutionContext(GraphSchema({}), model_id="test-model", node_name="cbp_entities")
    return CBPEntityExtractor.create(
        {**CBPEntityExtractor.get_default_config(), **config}, storage, Resource("cbp_entities"), context
    )


def entities_of(message: Message) -> list[dict[str, Any]]:
    return message.get(ENTITIES, [])


def test_process_adds_normalised_entities(tmp_path: Path) -> None:
    component = make_component(tmp_path)
    message = Message.build(text="Is $650 of phone cases from China by DHL duty free? HTS 6109.10")
    [out] = component.process([message])
    assert out is message
    found = {(e["entity"], e["value"], e["start"], e["end"]) for e in entities_of(message)}
    assert found == {
        ("amount", 650.0, 3, 7),
        ("currency", "USD", 3, 7),
        ("goods", "phone cases", 11, 22),
        ("country", "CN", 28, 33),
        ("transport_mode", "express", 37, 40),
        ("hts_code", "6109.10", 56, 63),
    }
    for entity in entities_of(message):
        assert entity["extractor"] == "CBPEntityExtractor"
        assert entity["confidence_entity"] == 1.0
        assert message.get(TEXT)[entity["start"] : entity["end"]] == entity["text"]
    # Entities are part of the parse output (add_to_output=True).
    assert ENTITIES in message.as_dict(only_output_properties=True)


def test_process_appends_to_existing_entities(tmp_path: Path) -> None:
    component = make_component(tmp_path)
    other = {"entity": "goods", "start": 0, "end": 4, "value": "wine", "extractor": "RegexEntityExtractor"}
    message = Message.build(text="wine from France")
    message.set(ENTITIES, [other], add_to_output=True)
    component.process([message])
    entities = entities_of(message)
    assert entities[0] == other
    assert {(e["entity"], e["value"]) for e in entities[1:]} == {("goods", "wine"), ("country", "FR")}


def test_process_handles_many_messages_and_odd_ones(tmp_path: Path) -> None:
    component = make_component(tmp_path)
    messages = [
        Message.build(text="from Vietnam"),
        Message.build(text='/inform{"amount": 5}'),  # handled by RegexMessageHandler, not by us
        Message(data={}),
        Message.build(text=""),
        Message.build(text="😀 \x00 " * 10_000),
    ]
    out = component.process(messages)
    assert out == messages
    assert [(e["entity"], e["value"]) for e in entities_of(messages[0])] == [("country", "VN")]
    assert entities_of(messages[1]) == []
    assert entities_of(messages[2]) == []
    assert entities_of(messages[3]) == []
    assert entities_of(messages[4]) == []


def test_dimensions_config_filters_entities(tmp_path: Path) -> None:
    component = make_component(tmp_path, dimensions=["country", "date"])
    message = Message.build(text="$650 from China on 2024-06-01")
    component.process([message])
    assert [(e["entity"], e["value"]) for e in entities_of(message)] == [("country", "CN"), ("date", "2024-06-01")]


def test_unknown_dimension_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="Unknown dimensions"):
        make_component(tmp_path, dimensions=["country", "price"])


def test_load_defaults_to_create(tmp_path: Path) -> None:
    storage = LocalModelStorage(tmp_path / "model_storage")
    context = ExecutionContext(GraphSchema({}), model_id="test-model")
    component = CBPEntityExtractor.load(CBPEntityExtractor.get_default_config(), storage, Resource("x"), context)
    assert isinstance(component, CBPEntityExtractor)


def _config(pipeline: list[dict[str, Any]]) -> dict[str, Any]:
    return {"recipe": "default.v1", "assistant_id": "test", "language": "en", "pipeline": pipeline}


def test_recipe_builds_a_valid_graph_with_the_component() -> None:
    from rasa.engine import validation

    config = _config(
        [
            {"name": "WhitespaceTokenizer"},
            {"name": "CountVectorsFeaturizer"},
            {"name": "DIETClassifier", "epochs": 1, "entity_recognition": False},
            {"name": COMPONENT_PATH},
        ]
    )
    model_config = DefaultV1Recipe().graph_config_for_recipe(config, {}, training_type=TrainingType.NLU)
    validation.validate(model_config)

    predict_nodes = [n for n in model_config.predict_schema.nodes.values() if n.uses is CBPEntityExtractor]
    assert len(predict_nodes) == 1
    assert predict_nodes[0].fn == "process"
    assert predict_nodes[0].constructor_name in {"create", "load"}  # Rasa's predict graph uses load -> create
    assert not [n for n in model_config.train_schema.nodes.values() if n.uses is CBPEntityExtractor]


def test_trained_model_parses_entities(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """End to end: `rasa train nlu` with the component, then `Agent.parse_message` (the path of
    `rasa shell nlu`, `rasa run` and `rasa test nlu`)."""
    from rasa.core.agent import Agent
    from rasa.model_training import train_nlu

    monkeypatch.setenv("RASA_CACHE_DIRECTORY", str(tmp_path / "cache"))
    (tmp_path / "config.yml").write_text(
        textwrap.dedent(f"""\
            recipe: default.v1
            assistant_id: test
            language: en
            pipeline:
              - name: WhitespaceTokenizer
              - name: KeywordIntentClassifier
              - name: {COMPONENT_PATH}
            """)
    )
    (tmp_path / "nlu.yml").write_text(
        textwrap.dedent("""\
            version: "3.1"
            nlu:
            - intent: greet
              examples: |
                - hello
                - hi
            - intent: ask_duty
              examples: |
                - duty on $650 of toys
                - toys from China
            """)
    )
    model_path = train_nlu(str(tmp_path / "config.yml"), str(tmp_path / "nlu.yml"), str(tmp_path / "models"))
    assert model_path

    agent = Agent.load(model_path)
    result = asyncio.run(agent.parse_message("duty on 650 euros of toys from China by sea yesterday?"))
    found = {(e["entity"], e["value"]) for e in result["entities"]}
    assert {
        ("amount", 650.0),
        ("currency", "EUR"),
        ("goods", "toys"),
        ("country", "CN"),
        ("transport_mode", "ocean"),
    } <= found
    assert {e["extractor"] for e in result["entities"]} == {"CBPEntityExtractor"}
    assert any(e["entity"] == "date" for e in result["entities"])
