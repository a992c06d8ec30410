"""Summarise the cross-validation runs of scripts/eval.sh into results/eval/summary.md."""

from __future__ import annotations

import json
import sys
from pathlib import Path


def entity_f1(folder: Path) -> tuple[str, float | None]:
    for name in ("CBPEntityExtractor_report.json", "DIETClassifier_report.json"):
        path = folder / name
        if path.exists():
            report = json.loads(path.read_text())
            macro = report.get("macro avg") or {}
            micro = report.get("micro avg") or report.get("weighted avg") or {}
            return name.split("_")[0], micro.get("f1-score", macro.get("f1-score"))
    return "-", None


def main() -> None:
    root, folds = Path(sys.argv[1]), int(sys.argv[2])
    rows = []
    for name in ("ours", "rasa_default"):
        folder = root / name
        intent = json.loads((folder / "intent_report.json").read_text())
        seconds = int((folder / "seconds").read_text())
        extractor, ent_f1 = entity_f1(folder)
        rows.append((name, intent["macro avg"]["f1-score"], intent.get("accuracy"), extractor, ent_f1, seconds / folds))
    lines = [
        "| pipeline | intent macro-F1 | intent accuracy | entity extractor | entity F1 (micro) | train+test s / fold |",
        "|---|---|---|---|---|---|",
    ]
    for name, macro, accuracy, extractor, ent_f1, per_fold in rows:
        ent = f"{ent_f1:.3f}" if ent_f1 is not None else "-"
        lines.append(f"| {name} | {macro:.3f} | {accuracy:.3f} | {extractor} | {ent} | {per_fold:.0f} |")
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
    text = "\n".join(lines)
    (root / "summary.md").write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
