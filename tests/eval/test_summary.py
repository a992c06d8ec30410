"""eval/summary.py: the answers section, and --answers-only keeps the cross-validation part."""

from __future__ import annotations

import json
import sys

from eval import summary
from eval.answer_quality import analyse

from .test_answer_quality import RESULTS


def run(root, *extra):
    old = sys.argv
    sys.argv = ["summary.py", str(root), "5", *extra]
    try:
        summary.main()
    finally:
        sys.argv = old
    return (root / "summary.md").read_text()


def test_answers_only_keeps_the_cross_validation_table(tmp_path, capsys):
    (tmp_path / "summary.md").write_text("| pipeline | ... |\n| ours | 0.839 |\n")
    text = run(tmp_path, "--answers-only")
    assert text.startswith("| pipeline | ... |\n| ours | 0.839 |\n\n## Answers (conversation suite)")
    assert "No answer figures" in text
    (tmp_path / "answers.json").write_text(json.dumps({"source": "x.json", **analyse(RESULTS)}))
    again = run(tmp_path, "--answers-only")
    assert again.count("## Answers (conversation suite)") == 1
    assert "| conversations passed, tuning | 50% (1/2) |" in again
    assert "| ours | 0.839 |" in again


def test_without_cross_validation_results(tmp_path, capsys):
    text = run(tmp_path)
    assert text.startswith("No cross-validation results")
