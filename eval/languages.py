"""How well the one intent model serves each language: cross-validation by language.

    .venv/bin/python eval/languages.py                      # 5-fold figures, table on stdout
    .venv/bin/python eval/languages.py --json /tmp/languages.json --errors

Trains the classifier of ``bot/nlu/intent_classifier.py`` (its default config, ranked as the component
ranks: ``rank_texts``) the way ``eval/long_messages.py`` does, in a stratified k-fold
cross-validation of the English data (``data/nlu/*.yml``) and the Spanish data (``data/nlu/es/``)
together. The folds are stratified by language and intent, so each test fold holds both languages in
the same proportions. In each fold two models are trained:

- ``mixed``: English + Spanish training items (what the assistant ships: one model);
- ``english only``: the English training items of the same fold (the baseline).

Files of examples in both languages (``SHARED``: data/nlu/language.yml, switch_language) are in the
training set of both models in every fold and are not scored.

Both are scored on the same held-out items, and macro-F1 is reported separately for the English and
the Spanish test items (over the intents of that language). The English-only model's figure on the
Spanish items shows what the Spanish data adds. The targets: Spanish macro-F1 within 0.03 of
English, and English with the mixed model not lower than with English-only training.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.nlu.intent_classifier import LinearIntentClassifier, build_pipeline, model_inputs  # noqa: E402
from eval.long_messages import fallback_settings, load_training, rankings  # noqa: E402

LANGUAGES = ("en", "es")
# Files of data/nlu whose examples are in both languages: trained on in every fold, not scored.
SHARED = ("language.yml",)


def load_languages(
    data: Path, spanish: Path, shared: tuple[str, ...] = SHARED
) -> tuple[list[str], list[str], list[str]]:
    """Texts, intents and language codes: English from ``data/*.yml`` (top level only), Spanish from
    every file under ``spanish``; the files named in ``shared`` (examples in both languages, such as
    switch_language's) get the code "both": always trained on, never scored."""
    texts: list[str] = []
    labels: list[str] = []
    langs: list[str] = []

    def extend(path: Path, lang: str) -> None:
        found_texts, found_labels = load_training(path)
        texts.extend(found_texts)
        labels.extend(found_labels)
        langs.extend([lang] * len(found_texts))

    for path in sorted(data.glob("*.yml")):
        extend(path, "both" if path.name in shared else "en")
    extend(spanish, "es")
    return texts, labels, langs


def scores(gold: list[str], predicted: list[str], confidences: list[float], threshold: float) -> dict[str, Any]:
    from sklearn.metrics import f1_score

    names = sorted(set(gold))
    per_intent = f1_score(gold, predicted, labels=names, average=None, zero_division=0)
    right = [g == p for g, p in zip(gold, predicted, strict=True)]
    return {
        "items": len(gold),
        "macro_f1": float(f1_score(gold, predicted, labels=names, average="macro", zero_division=0)),
        "accuracy": sum(right) / max(1, len(gold)),
        "right_kept": sum(r and c >= threshold for r, c in zip(right, confidences, strict=True)) / max(1, sum(right)),
        "per_intent": dict(zip(names, map(float, per_intent), strict=True)),
        "confusions": [
            [g, p, n]
            for (g, p), n in Counter((g, p) for g, p in zip(gold, predicted, strict=True) if g != p).most_common(10)
        ],
    }


def cross_validate_languages(
    texts: list[str], labels: list[str], langs: list[str], config: dict[str, Any], folds: int, threshold: float
) -> dict[str, Any]:
    """Out-of-fold predictions of the mixed and the English-only model, scored per language."""
    from sklearn.model_selection import StratifiedKFold

    inputs = model_inputs(texts, config)
    models = ("mixed", "english_only")
    predictions = {model: [""] * len(texts) for model in models}
    confidences = {model: [0.0] * len(texts) for model in models}
    scored = [i for i, lang in enumerate(langs) if lang in LANGUAGES]
    always = [i for i, lang in enumerate(langs) if lang not in LANGUAGES]
    strata = [f"{langs[i]}:{labels[i]}" for i in scored]
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=7)
    for train_rows, test_rows in splitter.split(scored, strata):
        train = [scored[k] for k in train_rows] + always
        test = [scored[k] for k in test_rows]
        chosen = {"mixed": train, "english_only": [i for i in train if langs[i] != "es"]}
        for model in models:
            pipeline = build_pipeline(config)
            pipeline.fit([inputs[i] for i in chosen[model]], [labels[i] for i in chosen[model]])
            ranked = rankings(pipeline, [texts[i] for i in test], "component", config)
            for i, ranking in zip(test, ranked, strict=True):
                predictions[model][i], confidences[model][i] = ranking[0]
    report: dict[str, Any] = {"folds": folds, "threshold": threshold}
    for model in models:
        report[model] = {}
        for lang in LANGUAGES:
            rows = [i for i, code in enumerate(langs) if code == lang]
            report[model][lang] = scores(
                [labels[i] for i in rows],
                [predictions[model][i] for i in rows],
                [confidences[model][i] for i in rows],
                threshold,
            )
    report["errors"] = [
        {"lang": langs[i], "intent": labels[i], "predicted": predictions["mixed"][i], "text": texts[i]}
        for i in scored
        if predictions["mixed"][i] != labels[i]
    ]
    return report


def print_report(report: dict[str, Any], counts: dict[str, int], weakest: int) -> None:
    mixed, english = report["mixed"], report["english_only"]
    print(f"{report['folds']}-fold cross-validation, stratified by language and intent")
    shared = f", {counts['both']} in both (trained on, not scored)" if counts.get("both") else ""
    print(f"  training data: {counts.get('en', 0)} English, {counts.get('es', 0)} Spanish examples{shared}\n")
    print(
        "  model            test items   macro-F1   accuracy   right kept (top >= {:.2f})".format(report["threshold"])
    )
    for title, model in (("mixed (en+es)", mixed), ("english only", english)):
        for lang in LANGUAGES:
            row = model[lang]
            print(
                f"  {title:<16} {lang} ({row['items']:>4})   {row['macro_f1']:>8.3f}   {row['accuracy']:>8.3f}"
                f"   {row['right_kept']:>8.3f}"
            )
    gap = mixed["en"]["macro_f1"] - mixed["es"]["macro_f1"]
    change = mixed["en"]["macro_f1"] - english["en"]["macro_f1"]
    print(f"\n  Spanish gap (en - es, mixed model): {gap:+.3f}   target <= 0.030: {'ok' if gap <= 0.03 else 'NOT MET'}")
    print(f"  English change from adding Spanish: {change:+.3f}   target >= 0: {'ok' if change >= 0 else 'NOT MET'}")
    print("\n  weakest intents in Spanish (mixed model F1; English F1 alongside):")
    ranked = sorted(mixed["es"]["per_intent"].items(), key=lambda item: item[1])[:weakest]
    for name, value in ranked:
        print(f"    {name:<28} es {value:.3f}   en {mixed['en']['per_intent'].get(name, 0.0):.3f}")
    print("  most frequent Spanish confusions (gold -> predicted):")
    for gold, got, n in mixed["es"]["confusions"][:8]:
        print(f"    {n:>3}  {gold} -> {got}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT / "data" / "nlu", help="English files: DATA/*.yml")
    parser.add_argument("--spanish", type=Path, default=None, help="Spanish data (default: DATA/es)")
    parser.add_argument("--config", type=Path, default=ROOT / "config.yml")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--weakest", type=int, default=8, help="how many of the weakest Spanish intents to list")
    parser.add_argument("--errors", action="store_true", help="list the Spanish items the mixed model gets wrong")
    parser.add_argument("--json", type=Path, default=None, metavar="FILE", help="write the figures to FILE")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    config = LinearIntentClassifier.get_default_config()
    threshold, _ = fallback_settings(args.config)
    spanish = args.spanish or args.data / "es"
    texts, labels, langs = load_languages(args.data, spanish)
    counts = Counter(langs)
    missing = sorted(
        {label for label, lang in zip(labels, langs, strict=True) if lang == "en"}
        - set(label for label, lang in zip(labels, langs, strict=True) if lang == "es")
    )
    if missing:
        print(f"note: intents with no Spanish data: {', '.join(missing)}")
    report = cross_validate_languages(texts, labels, langs, config, args.folds, threshold)
    print_report(report, dict(counts), args.weakest)
    if args.errors:
        print("\nSpanish items the mixed model gets wrong (gold -> predicted):")
        for error in report["errors"]:
            if error["lang"] == "es":
                print(f"  {error['intent']} -> {error['predicted']}  | {error['text'][:110]}")
    if args.json:
        figures = {
            "folds": report["folds"],
            "examples": dict(counts),
            "mixed": report["mixed"],
            "english_only": report["english_only"],
            "spanish_gap": report["mixed"]["en"]["macro_f1"] - report["mixed"]["es"]["macro_f1"],
            "english_change": report["mixed"]["en"]["macro_f1"] - report["english_only"]["en"]["macro_f1"],
        }
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"\nfigures written to {args.json}")
    print(f"\n({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
