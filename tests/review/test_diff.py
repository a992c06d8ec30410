"""Comparing answers and printing the ones that change, before and after."""

from __future__ import annotations

from bot.review.answering import Answer
from bot.review.diff import CaseChange, compare, diff_lines, format_markdown, format_text

OLD = Answer(
    "Yes: within the $100 limit.\n- A point.\nData as of 1 May.", "Yes: within the $100 limit.\n- A point.", ""
)
NEW = Answer(
    "Yes: within the $150 limit.\n- A point.\nData as of 1 May.", "Yes: within the $150 limit.\n- A point.", ""
)


def test_the_whole_answer_is_shown_with_its_changed_lines_marked():
    assert diff_lines(OLD.text, NEW.text, None) == [
        "- Yes: within the $100 limit.",
        "+ Yes: within the $150 limit.",
        "  - A point.",
        "  Data as of 1 May.",
    ]


def test_detail_shows_only_changed_lines_not_already_shown_in_the_answer():
    change = CaseChange("c", "label", OLD, NEW)
    assert [part for part, _ in change.blocks()] == ["answer"]
    more = Answer(NEW.text, NEW.detail + "\n- A new rule summary.", "Sources:\n- 19 CFR 10.152: https://x")
    blocks = dict(CaseChange("c", "label", OLD, more).blocks())
    assert blocks["more detail"] == ["+ - A new rule summary."]
    assert blocks["sources"] == ["+ Sources:", "+ - 19 CFR 10.152: https://x"]


def test_only_changed_cases_are_reported_and_as_of_only_changes_are_counted():
    before = {"same": OLD, "changed": OLD, "dated": OLD}
    dated = Answer(OLD.text.replace("1 May", "2 May"), OLD.detail, "")
    after = {"same": OLD, "changed": NEW, "dated": dated}
    at_old_date = {"same": OLD, "changed": NEW, "dated": OLD}
    comparison = compare({"same": "s", "changed": "c", "dated": "d"}, before, after, at_old_date)
    assert [change.case_id for change in comparison.changes] == ["changed"]
    assert comparison.as_of_only == ["dated"] and comparison.changed
    text = format_text(comparison, ["Header line."])
    assert text.startswith("Header line.\n\n=== changed: c\n--- answer\n- Yes: within the $100 limit.")
    assert "=== same" not in text and "=== dated" not in text
    assert text.endswith("1 of 3 answers change; 1 other changes only its 'Data as of' date.")
    markdown = format_markdown(comparison, ["Header line."])
    assert "```diff\n- Yes: within the $100 limit.\n+ Yes: within the $150 limit." in markdown


def test_nothing_changes():
    comparison = compare({"a": "a"}, {"a": OLD}, {"a": OLD})
    assert not comparison.changed
    assert format_text(comparison, []).strip() == "No answer changes (1 cases)."
