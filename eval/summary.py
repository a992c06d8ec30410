"""Summarise the runs of scripts/eval.sh into results/eval/summary.md.

    .venv/bin/python eval/summary.py results/eval FOLDS [--answers-only]

The cross-validation table (from results/eval/ours and results/eval/rasa_default), then the
answer-quality figures of the conversation suite (results/eval/answers.json, written by
eval/answer_quality.py). With --answers-only the cross-validation part of the existing summary.md is
kept as it is (its timings come from files that are not committed) and only the answers are replaced.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ANSWERS_HEADING = "## Answers (conversation suite)"


def entity_f1(folder: Path) -> tuple[str, float | None]:
    for name in ("CBPEntityExtractor_report.json", "DIETClassifier_report.json"):
        path = folder / name
        if path.exists():
            report = json.loads(path.read_text())
            macro = report.get("macro avg") or {}
            micro = report.get("micro avg") or report.get("weighted avg") or {}
            return name.split("_")[0], micro.get("f1-score", macro.get("f1-score"))
    return "-", None


def answers_section(root: Path) -> list[str]:
    """The conversation suite's figures (answers.json), or a line saying there are none."""
    path = root / "answers.json"
    lines = ["", ANSWERS_HEADING, ""]
    if not path.exists():
        return lines + ["No answer figures: the conversation suite produced no results this run."]
    sys.path.insert(0, str(ROOT))
    from eval.answer_quality import headline

    figures = json.loads(path.read_text())
    lines.append(
        f"From `{figures.get('source', '?')}` ({figures.get('run', '?')}); details in [answers.md](answers.md)."
    )
    return lines + [""] + headline(figures)


def cross_validation(root: Path, folds: int) -> list[str]:
    if not all((root / name / "intent_report.json").exists() for name in ("ours", "rasa_default")):
        return ["No cross-validation results (run `scripts/eval.sh`)."]
    rows = []
    for name in ("ours", "rasa_default"):
        folder = root / name
        intent = json.loads((folder / "intent_report.json").read_text())
        seconds_file = folder / "seconds"
        per_fold = int(seconds_file.read_text()) / folds if seconds_file.exists() else None
        extractor, ent_f1 = entity_f1(folder)
        rows.append((name, intent["macro avg"]["f1-score"], intent.get("accuracy"), extractor, ent_f1, per_fold))
    lines = [
        "| pipeline | intent macro-F1 | intent accuracy | entity extractor | entity F1 (micro) | train+test s / fold |",
        "|---|---|---|---|---|---|",
    ]
    for name, macro, accuracy, extractor, ent_f1, per_fold in rows:
        ent = f"{ent_f1:.3f}" if ent_f1 is not None else "-"
        fold_time = f"{per_fold:.0f}" if per_fold is not None else "-"
        lines.append(f"| {name} | {macro:.3f} | {accuracy:.3f} | {extractor} | {ent} | {fold_time} |")
    worst = sorted(
        (
            (label, v["f1-score"])
            for label, v in json.loads((root / "ours" / "intent_report.json").read_text()).items()
            if isinstance(v, dict) and "f1-score" in v and label not in ("macro avg", "weighted avg", "micro avg")
        ),
        key=lambda item: item[1],
    )[:5]
    lines.append("")
    lines.append("Weakest intents (ours): " + ", ".join(f"{label} {f1:.2f}" for label, f1 in worst))
    entity_report = root / "ours" / "CBPEntityExtractor_report.json"
    if entity_report.exists():
        per_entity = {
            label: values["f1-score"]
            for label, values in json.loads(entity_report.read_text()).items()
            if isinstance(values, dict) and "avg" not in label
        }
        lines.append("")
        lines.append("Entity F1 (ours): " + ", ".join(f"{label} {f1:.2f}" for label, f1 in sorted(per_entity.items())))
    return lines


def kept_cross_validation(root: Path, folds: int) -> list[str]:
    """The existing summary.md up to its answers section (or a fresh table when there is none)."""
    path = root / "summary.md"
    if not path.exists():
        return cross_validation(root, folds)
    return path.read_text().split("\n" + ANSWERS_HEADING)[0].rstrip("\n").split("\n")


def main() -> None:
    root, folds = Path(sys.argv[1]), int(sys.argv[2])
    answers_only = "--answers-only" in sys.argv[3:]
    top = kept_cross_validation(root, folds) if answers_only else cross_validation(root, folds)
    lines = top + answers_section(root)
    text = "\n".join(lines)
    (root / "summary.md").write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
