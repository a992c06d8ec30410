"""The action server's answers are validated as Rasa does, with a validator built once."""

from __future__ import annotations

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.utils.endpoints import EndpointConfig

from bot.channels import action_validation

GOOD = {
    "events": [{"event": "slot", "name": "shipment_value", "value": 650.0}],
    "responses": [{"text": "hello", "buttons": []}],
}


@pytest.fixture
def remote_action() -> RemoteAction:
    action_validation.install()
    return RemoteAction("action_assess_shipment", EndpointConfig("http://127.0.0.1:9/webhook"))


def test_valid_results_pass(remote_action: RemoteAction) -> None:
    assert remote_action._validate_action_result(GOOD) is True
    assert remote_action._validate_action_result({"events": [], "responses": []}) is True


@pytest.mark.parametrize(
    "bad",
    [
        {"events": "not a list", "responses": []},
        {"events": [{"event": "slot"}], "responses": []},  # a slot event without a name
        {"events": [], "responses": ["text only"]},
        {"events": [{"event": "no_such_event"}]},
    ],
)
def test_invalid_results_raise_rasas_error(remote_action: RemoteAction, bad: dict) -> None:
    with pytest.raises(ValidationError) as raised:
        remote_action._validate_action_result(bad)
    assert "Failed to validate Action server response" in raised.value.message


def test_same_verdicts_as_jsonschema_validate() -> None:
    """Whatever Rasa's own check accepts or refuses, the cached validator does too."""
    from jsonschema import validate

    schema = RemoteAction.action_response_format_spec()
    cases = [GOOD, {"events": "x"}, {"events": [{"event": "slot"}]}, {"responses": [{}]}, {}]
    for case in cases:
        try:
            validate(case, schema)
            expected = True
        except ValidationError:
            expected = False
        try:
            got = action_validation.validate_action_result(None, case)
        except ValidationError:
            got = False
        assert got == expected, case
