"""Nothing from a user message reaches SQL except as a bound parameter.

1. Static: no SQL in bot/ or actions/ is built with f-strings, `%`, `+`, `.format` or `.join` and handed to
   `text()`, `execute()`, `exec_driver_sql()`... (directly or through a local variable). The one allowed
   case is listed in ALLOWED with the reason.
2. Behaviour: SQL-injection strings as goods, origin, mode, value or rule id go through the store, the
   assessment and the answering action; they appear in no SQL statement's text, and the tables are intact.
"""

from __future__ import annotations

import ast
import asyncio
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from rasa.shared.core.domain import Domain
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import event, func, inspect, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from actions.answer import FRAME_SLOT, ActionAnswer
from bot.nlu.goods import goods_flags
from bot.thresholds import ShipmentRefused, ThresholdStore, assess_shipment, load_directory
from bot.thresholds.models import AuditRow, DatasetRow, RuleRow
from tests.actions.conftest import CLOCK, entity, make_tracker
from tests.conftest import ROOT, RULES_DIR

SOURCE_DIRS = ("bot", "actions")
#: Calls that run SQL text. `text` counts only when it is SQLAlchemy's (imported from it, or `sa.text`).
EXECUTORS = {"execute", "exec_driver_sql", "executescript", "executemany", "mogrify", "from_statement", "raw"}
SQL_TEXT_BUILDERS = {"text", "literal_column", "TextClause"}
#: (file, function) -> why a string-built statement there is safe. Keep this list short.
ALLOWED = {
    # Alembic migration: the only interpolated values are the loop's constants ("UPDATE", "DELETE") and the
    # module constant APPEND_ONLY_MESSAGE. Migrations take no input from users.
    ("bot/thresholds/migrations/versions/0001_initial.py", "upgrade"),
}


def _is_dynamic_string(node: ast.AST, tainted: set[str]) -> bool:
    """An expression that builds a string at run time (or a variable assigned one in the same function)."""
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(part, ast.FormattedValue) for part in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mod, ast.Add)):
        return True  # "..." % x, "..." + x (an addition of two constants is folded by nobody: flag it too)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("format", "join"):
        return True
    return isinstance(node, ast.Name) and node.id in tainted


class _SqlBuildFinder(ast.NodeVisitor):
    def __init__(self, path: str, tree: ast.Module) -> None:
        self.path = path
        self.found: list[tuple[str, int, str]] = []
        self.function = "<module>"
        self.tainted: set[str] = set()
        self.sqlalchemy_modules = {"sqlalchemy"}
        self.sqlalchemy_names: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                self.sqlalchemy_modules |= {a.asname or a.name for a in node.names if a.name == "sqlalchemy"}
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sqlalchemy"):
                self.sqlalchemy_names |= {a.asname or a.name for a in node.names if a.name in SQL_TEXT_BUILDERS}

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        outer, outer_tainted = self.function, self.tainted
        self.function, self.tainted = node.name, set()
        self.generic_visit(node)
        self.function, self.tainted = outer, outer_tainted

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Assign(self, node: ast.Assign) -> None:
        if _is_dynamic_string(node.value, self.tainted):
            self.tainted |= {target.id for target in node.targets if isinstance(target, ast.Name)}
        self.generic_visit(node)

    def _runs_sql_text(self, call: ast.Call) -> bool:
        func = call.func
        if isinstance(func, ast.Attribute) and func.attr in EXECUTORS:
            return True
        if isinstance(func, ast.Name):
            return func.id in self.sqlalchemy_names
        return (
            isinstance(func, ast.Attribute)
            and func.attr in SQL_TEXT_BUILDERS
            and isinstance(func.value, ast.Name)
            and func.value.id in self.sqlalchemy_modules
        )

    def visit_Call(self, node: ast.Call) -> None:
        if self._runs_sql_text(node) and node.args and _is_dynamic_string(node.args[0], self.tainted):
            self.found.append((self.path, node.lineno, self.function))
        self.generic_visit(node)


def string_built_sql(root: Path) -> list[tuple[str, int, str]]:
    found: list[tuple[str, int, str]] = []
    for directory in SOURCE_DIRS:
        for path in sorted((root / directory).rglob("*.py")):
            relative = path.relative_to(root).as_posix()
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=relative)
            finder = _SqlBuildFinder(relative, tree)
            finder.visit(tree)
            found += finder.found
    return found


def test_no_sql_is_built_from_strings_in_our_code() -> None:
    found = string_built_sql(ROOT)
    unexpected = [hit for hit in found if (hit[0], hit[2]) not in ALLOWED]
    assert unexpected == [], "SQL built with string formatting (use bound parameters or SQLAlchemy constructs)"
    # The allow-list stays honest: every entry still matches something.
    assert {(path, function) for path, _line, function in found} == ALLOWED


@pytest.mark.parametrize(
    "source",
    [
        "from sqlalchemy import text\ndef f(c, x):\n    c.execute(text(f'SELECT * FROM rules WHERE id = {x}'))\n",
        "def f(c, x):\n    c.execute('SELECT * FROM rules WHERE id = %s' % x)\n",
        "def f(c, x):\n    query = 'SELECT * FROM rules WHERE id = ' + x\n    c.exec_driver_sql(query)\n",
        "import sqlalchemy as sa\ndef f(c, x):\n    c.execute(sa.text('SELECT {}'.format(x)))\n",
    ],
)
def test_the_checker_catches_string_built_sql(tmp_path: Path, source: str) -> None:
    (tmp_path / "bot").mkdir()
    (tmp_path / "actions").mkdir()
    (tmp_path / "bot" / "bad.py").write_text(source)
    assert [hit[0] for hit in string_built_sql(tmp_path)] == ["bot/bad.py"]


def test_the_checker_accepts_bound_parameters(tmp_path: Path) -> None:
    (tmp_path / "bot").mkdir()
    (tmp_path / "actions").mkdir()
    (tmp_path / "bot" / "good.py").write_text(
        "from sqlalchemy import text, select\n"
        "def f(c, x, rules):\n"
        "    c.execute(text('SELECT * FROM rules WHERE id = :id'), {'id': x})\n"
        "    c.execute(select(rules).where(rules.c.id == x))\n"
        "    response.text(f'not SQL: {x}')\n"
    )
    assert string_built_sql(tmp_path) == []


# ---- behaviour ---------------------------------------------------------------------------

INJECTIONS = (
    "'; DROP TABLE rules; --",
    "CN'); DELETE FROM rule_audit; --",
    '" OR "1"="1',
    "US' UNION SELECT id, value FROM rules --",
    "1; UPDATE dataset SET revision = 'x'",
    "wine'); DROP TABLE dataset; --",
    "%(id)s %s ? :id",
    "Robert'); DROP TABLE students;-- \x00",
)


def table_state(engine: Engine) -> dict[str, Any]:
    with Session(engine) as session:
        return {
            "tables": sorted(inspect(engine).get_table_names()),
            "rules": session.scalar(select(func.count()).select_from(RuleRow)),
            "audit": session.scalar(select(func.count()).select_from(AuditRow)),
            "dataset": session.execute(select(DatasetRow.revision, DatasetRow.data_as_of)).all(),
        }


def record_statements(engine: Engine) -> list[tuple[str, Any]]:
    statements: list[tuple[str, Any]] = []

    def before_cursor_execute(_conn, _cursor, statement, parameters, _context, _many) -> None:
        statements.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", before_cursor_execute)
    return statements


def test_injection_strings_reach_the_store_only_as_bound_parameters(engine: Engine) -> None:
    load_directory(engine, RULES_DIR)
    before = table_state(engine)
    statements = record_statements(engine)
    store = ThresholdStore(engine)
    on = dt.date(2024, 6, 1)
    for attack in INJECTIONS:
        assert store.audit_trail(attack) == []
        assert (
            store.rule_in_force(attack, attack, on, origin=attack, mode=attack, variant=attack, sender=attack) is None
        )
        assert store.history(attack, attack) == []
        with pytest.raises(ShipmentRefused):
            assess_shipment(store.snapshot(), value=attack, origin=attack, mode=attack, goods_flags=[attack], on=on)
        result = assess_shipment(store.snapshot(), 120, "VN", "postal", on=on, goods_flags=goods_flags(attack))
        assert result.de_minimis.code and result.value_usd == 120  # an ordinary answer ("wine'..." is alcohol)
    sql_text = "\n".join(statement for statement, _ in statements)
    assert statements and not any(attack in sql_text for attack in INJECTIONS)
    assert any(INJECTIONS[0] in str(parameters) for _, parameters in statements)  # it was bound, not inlined
    assert table_state(engine) == before


DOMAIN = Domain.load(str(ROOT / "domain.yml")).as_dict()


def run(tracker: Any) -> tuple[list[dict], str]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionAnswer(clock=CLOCK).run(dispatcher, tracker, DOMAIN))
    return events, "\n".join(message["text"] for message in dispatcher.messages if message.get("text"))


def frame_of(events: list[dict]) -> dict:
    return next(event["value"] for event in events if event.get("name") == FRAME_SLOT)


@pytest.mark.parametrize("attack", INJECTIONS)
def test_injection_strings_in_a_conversation_are_harmless(rules_db: ThresholdStore, attack: str) -> None:
    before = table_state(rules_db.engine)
    statements = record_statements(rules_db.engine)
    # The injection as origin and mode: refused with a reason, nothing run.
    text = f"$120 of {attack} from {attack}"
    events, said = run(
        make_tracker(
            text,
            entities=[
                entity("amount", 120.0, text, "$120"),
                entity("goods", attack, text, attack),
                entity("country", attack, text, attack),
                entity("transport_mode", attack, text, attack),
            ],
        )
    )
    assert said.startswith("I can't check that: I don't know that country"), said
    # The injection as the goods, with a real origin and mode: an ordinary answer.
    text = f"$120 of {attack} from Vietnam by mail"
    entities = [
        entity("amount", 120.0, text, "$120"),
        entity("goods", attack, text, attack),
        entity("country", "VN", text, "Vietnam"),
        entity("transport_mode", "postal", text, "mail"),
    ]
    events, said = run(make_tracker(text, entities=entities))
    assert said.startswith("You will owe duty") and "Applies to 26 November 2026." in said, said  # ("wine'" is alcohol)
    assert frame_of(events)["origin"] == "VN" and frame_of(events)["value"] == 120.0
    # A follow-up in the same conversation, with the injection in the kept frame.
    follow_up = make_tracker("and by courier?", "inform", [entity("transport_mode", "express")])
    follow_up.slots[FRAME_SLOT] = frame_of(events)
    events, said = run(follow_up)
    assert said.startswith("You will owe duty") and frame_of(events)["mode"] == "express"
    assert not any(attack in statement for statement, _ in statements)
    assert table_state(rules_db.engine) == before
