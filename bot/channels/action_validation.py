"""Check the action server's answers with a schema validator built once, not on every call.

Rasa 3.6's `RemoteAction._validate_action_result` calls `jsonschema.validate(result, schema)` for
every custom action call. That function first checks the *schema* itself against JSON Schema's
meta-schema, and Rasa's schema of events is large: with jsonschema 4.17 this took about 110 ms per
call on this machine, most of a turn's time (`bench/profile_turn.py --cprofile`). The schema never
changes, so `install()` replaces the method with one that validates each result against a validator
built (and its schema checked) once. Results are validated exactly as before and a bad result
raises the same `ValidationError` with Rasa's explanation appended.

Applied by bot/channels/rasa_patches.py, with the project's other Rasa patches, when a channel
module is imported (`rasa run` loading credentials.yml); only the Rasa server process is affected.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jsonschema import ValidationError
from jsonschema.exceptions import best_match
from rasa.shared.constants import DOCS_BASE_URL


@lru_cache(maxsize=1)
def _validator() -> Any:
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction

    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def validate_action_result(self: Any, result: dict[str, Any]) -> bool:
    """Rasa's `_validate_action_result`, with the validator built once."""
    error = best_match(_validator().iter_errors(result))
    if error is None:
        return True
    if not isinstance(error, ValidationError):  # pragma: no cover - best_match only yields these
        raise error
    error.message += (
        ". Failed to validate Action server response from API, make sure your response from the Action "
        f"endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
    )
    raise error


def install() -> None:
    """Make Rasa's RemoteAction use `validate_action_result` (idempotent)."""
    from rasa.core.actions.action import RemoteAction

    RemoteAction._validate_action_result = validate_action_result
