"""How the intent classifier copes with long, messy messages it never trained on.

    .venv/bin/python eval/long_messages.py                 # held-out figures and 5-fold cross-validation
    .venv/bin/python eval/long_messages.py --no-cv --errors
    .venv/bin/python eval/long_messages.py --data /tmp/old/data/nlu   # e.g. the data of an older commit

Trains the classifier of ``bot/nlu/intent_classifier.py`` (its default config) on the NLU data and
prints, for two ways of ranking a message:

- ``whole``: the whole message through the model (what the component did before long-message
  handling);
- ``component``: what ``LinearIntentClassifier`` does now (``rank_texts``);

the accuracy on ``eval/heldout_messages.yml`` (never used for training), the fallback rate (share of
messages whose top confidence is below the FallbackClassifier's threshold, read from config.yml),
the rate Rasa actually falls back at (threshold or ambiguity), and the stratified 5-fold
cross-validation macro-F1 of the training data, with the F1 of a few intents.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.nlu.intent_classifier import LinearIntentClassifier, build_pipeline, model_inputs, rank_texts  # noqa: E402

WATCHED = ("inform", "check_shipment", "ask_more_detail", "ask_sources", "out_of_scope")
Ranking = list[tuple[str, float]]


def fallback_settings(config_path: Path) -> tuple[float, float]:
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    for component in config.get("pipeline", []):
        if component.get("name") == "FallbackClassifier":
            return float(component.get("threshold", 0.3)), float(component.get("ambiguity_threshold", 0.1))
    return 0.3, 0.1


def load_training(path: Path) -> tuple[list[str], list[str]]:
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(path))
    examples = [e for e in data.intent_examples if e.get("intent") and e.get("text")]
    return [e.get("text") for e in examples], [e.get("intent") for e in examples]


def load_heldout(path: Path) -> tuple[list[str], list[str]]:
    items = yaml.safe_load(path.read_text(encoding="utf-8"))["messages"]
    return [" ".join(item["text"].split()) for item in items], [item["intent"] for item in items]


def rankings(pipeline: Any, texts: list[str], method: str, config: dict[str, Any]) -> list[Ranking]:
    if method == "whole":
        probabilities = pipeline.predict_proba(model_inputs(texts, config))
        classes = [str(name) for name in pipeline.classes_]
        return [sorted(zip(classes, map(float, row), strict=True), key=lambda item: -item[1]) for row in probabilities]
    return rank_texts(pipeline, texts, config)


def falls_back(ranking: Ranking, threshold: float, ambiguity: float) -> bool:
    top = ranking[0][1]
    second = ranking[1][1] if len(ranking) > 1 else 0.0
    return top < threshold or top - second < ambiguity


def heldout_report(ranked: list[Ranking], expected: list[str], threshold: float, ambiguity: float) -> dict[str, float]:
    n = len(expected)
    right = [r[0][0] == e for r, e in zip(ranked, expected, strict=True)]
    low = [r[0][1] < threshold for r in ranked]
    rasa_fallback = [falls_back(r, threshold, ambiguity) for r in ranked]
    kept_right = sum(1 for ok, fb in zip(right, rasa_fallback, strict=True) if ok and not fb)
    kept_wrong = sum(1 for ok, fb in zip(right, rasa_fallback, strict=True) if not ok and not fb)
    return {
        "accuracy": sum(right) / n,
        "fallback": sum(low) / n,
        "rasa_fallback": sum(rasa_fallback) / n,
        "right_and_answered": kept_right / n,
        "wrong_and_answered": kept_wrong / n,
    }


def cross_validate(
    texts: list[str], labels: list[str], methods: list[str], config: dict[str, Any], folds: int, threshold: float
) -> dict[str, dict[str, Any]]:
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold

    predictions: dict[str, list[str]] = {method: [""] * len(texts) for method in methods}
    confidences: dict[str, list[float]] = {method: [0.0] * len(texts) for method in methods}
    inputs = model_inputs(texts, config)
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=7)
    for train, test in splitter.split(texts, labels):
        pipeline = build_pipeline(config)
        pipeline.fit([inputs[i] for i in train], [labels[i] for i in train])
        for method in methods:
            ranked = rankings(pipeline, [texts[i] for i in test], method, config)
            for i, ranking in zip(test, ranked, strict=True):
                predictions[method][i], confidences[method][i] = ranking[0]
    report: dict[str, dict[str, Any]] = {}
    names = sorted(set(labels))
    for method in methods:
        per_intent = f1_score(labels, predictions[method], labels=names, average=None, zero_division=0)
        confusions = Counter((gold, got) for gold, got in zip(labels, predictions[method], strict=True) if gold != got)
        right = [g == p for g, p in zip(labels, predictions[method], strict=True)]
        kept = [c >= threshold for c in confidences[method]]
        report[method] = {
            "right_kept": sum(r and k for r, k in zip(right, kept, strict=True)) / max(1, sum(right)),
            "wrong_caught": sum(not r and not k for r, k in zip(right, kept, strict=True))
            / max(1, len(right) - sum(right)),
            "macro_f1": f1_score(labels, predictions[method], average="macro", zero_division=0),
            "accuracy": sum(g == p for g, p in zip(labels, predictions[method], strict=True)) / len(labels),
            "per_intent": dict(zip(names, map(float, per_intent), strict=True)),
            "confusions": confusions.most_common(8),
        }
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT / "data" / "nlu")
    parser.add_argument("--heldout", type=Path, default=ROOT / "eval" / "heldout_messages.yml")
    parser.add_argument("--config", type=Path, default=ROOT / "config.yml")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--no-cv", action="store_true", help="skip the cross-validation")
    parser.add_argument("--errors", action="store_true", help="list the held-out messages the component gets wrong")
    parser.add_argument(
        "--set", action="append", default=[], metavar="KEY=VALUE", help="override a classifier setting (YAML value)"
    )
    args = parser.parse_args(argv)

    config = LinearIntentClassifier.get_default_config()
    for setting in args.set:
        key, _, value = setting.partition("=")
        if key not in config:
            parser.error(f"unknown classifier setting {key!r}; known: {', '.join(sorted(config))}")
        config[key] = yaml.safe_load(value)
    threshold, ambiguity = fallback_settings(args.config)
    texts, labels = load_training(args.data)
    held_texts, held_labels = load_heldout(args.heldout)
    unknown = sorted(set(held_labels) - set(labels))
    methods = ["whole", "component"]

    started = time.perf_counter()
    pipeline = build_pipeline(config)
    pipeline.fit(model_inputs(texts, config), labels)
    if args.set:
        print("classifier settings: " + ", ".join(args.set))
    print(f"training data: {len(texts)} examples, {len(set(labels))} intents ({args.data})")
    print(f"held-out: {len(held_texts)} messages ({args.heldout.name}); fallback threshold {threshold}")
    if unknown:
        print(f"  note: held-out intents absent from the training data: {', '.join(unknown)}")
    print()
    print("held-out                      whole    component")
    reports = {}
    ranked_by_method = {}
    for method in methods:
        ranked_by_method[method] = rankings(pipeline, held_texts, method, config)
        reports[method] = heldout_report(ranked_by_method[method], held_labels, threshold, ambiguity)
    rows = (
        ("accuracy", "accuracy"),
        (f"fallback rate (top < {threshold})", "fallback"),
        ("Rasa fallback (+ ambiguity)", "rasa_fallback"),
        ("right and not fallen back", "right_and_answered"),
        ("wrong and not fallen back", "wrong_and_answered"),
    )
    for title, key in rows:
        print(f"  {title:<28}{reports['whole'][key]:>6.3f}   {reports['component'][key]:>6.3f}")

    if args.errors:
        print("\nheld-out errors or fallbacks of the component (expected -> got, confidence):")
        for text, gold, ranking in zip(held_texts, held_labels, ranked_by_method["component"], strict=True):
            name, confidence = ranking[0]
            if name != gold or confidence < threshold:
                mark = "  " if name == gold else "X "
                print(f"  {mark}{gold} -> {name} {confidence:.2f}  | {text[:110]}")

    if not args.no_cv:
        print(f"\n{args.folds}-fold cross-validation of the training data   whole    component")
        cv = cross_validate(texts, labels, methods, config, args.folds, threshold)
        print(f"  {'macro-F1':<45}{cv['whole']['macro_f1']:>6.3f}   {cv['component']['macro_f1']:>6.3f}")
        print(f"  {'accuracy':<45}{cv['whole']['accuracy']:>6.3f}   {cv['component']['accuracy']:>6.3f}")
        for title, key in (
            (f"right predictions kept (top >= {threshold})", "right_kept"),
            (f"wrong predictions caught (top < {threshold})", "wrong_caught"),
        ):
            print(f"  {title:<45}{cv['whole'][key]:>6.3f}   {cv['component'][key]:>6.3f}")
        for name in WATCHED:
            if name in cv["component"]["per_intent"]:
                whole, comp = cv["whole"]["per_intent"][name], cv["component"]["per_intent"][name]
                print(f"  {'F1 ' + name:<45}{whole:>6.3f}   {comp:>6.3f}")
        print("  most frequent confusions (component, gold -> predicted):")
        for (gold, got), count in cv["component"]["confusions"]:
            print(f"    {count:>3}  {gold} -> {got}")
    print(f"\n({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
