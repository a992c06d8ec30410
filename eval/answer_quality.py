"""Answer-quality figures from a run of the conversation suite (issue "Answer the question that was asked").

    .venv/bin/python eval/answer_quality.py [results/conversations/latest.json] [--out results/eval]

Prints a summary and writes `answers.md` and `answers.json` into `--out`.

Input (written by tests/conversations/runner.py's `report`; the fields read here)::

    {"started": str, "required": {"tuning": 0.95, ...},
     "conversations": [
        {"id": str, "part": "tuning" | "heldout", "kind": str, "passed": bool,
         "turns": [{"user": str, "passed": bool,
                    "replies": [REST message dicts: {"text": str, "buttons": [...]} or {"custom": {...}}]}]}]}

The bot's custom messages carry ``{"custom": {"cbp": {"kind": ..., "topic": ..., ...}}}`` with kind one of
answer, question, clarify, out_of_scope, chitchat. Every field may be missing: a conversation without
"passed" counts as passed when all its turns say passed (as unknown when no turn says), one without
"part" goes to part "unknown" (without "kind", to kind "-"), and replies that are not dicts are ignored.

Figures:

- pass rate: passed conversations / conversations, per part (tuning, heldout, any other part seen) and all,
  with the runner's floors ("required"), and per part and conversation kind;
- questions before a shipment verdict: for each conversation that reaches one, the number of bot turns
  that were a question before its first verdict, averaged. A turn is a *question* when one of its
  custom messages has cbp.kind "question", or, when the turn has no cbp custom message at all, when its
  last text message ends with "?". A turn is a *shipment verdict* when one of its custom messages has
  cbp.kind "answer" and cbp.topic "shipment" (no fallback: without cbp metadata there is no verdict);
- first messages: the first bot text message of each turn, cut before its sources (`first_message_body`),
  its words (`word_count`) and its US grade level by the Flesch-Kincaid grade formula
  (0.39 x words/sentence + 11.8 x syllables/word - 15.59) as computed by textstat 0.7.3's
  `flesch_kincaid_grade` (syllables from pyphen's en_US dictionary, sentences split at . ! ?, sentences
  of 2 words or fewer not counted as sentences, result rounded to 0.1); medians, and the shares of
  first messages of at most 60 words and at most grade 8.0.

textstat's sentence split knows nothing of decimals or list lines: "$800.00" or "0.3464%" end a
"sentence" (the grade falls), a bulleted list without full stops is one long sentence (the grade
rises), and a very short message can score below 0 ("Where is it shipped from?" is -1.9). The figures
compare runs of the same bot; they are not a readability certificate.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_RESULTS = ROOT / "results" / "conversations" / "latest.json"
DEFAULT_OUT = ROOT / "results" / "eval"

SOURCE_MARKERS = ("Sources", "Source:", "Applies to", "(Data as of", "Fuentes", "Fuente:", "Válido ", "(Datos ")
WORD_LIMIT = 60
GRADE_LIMIT = 8.0
PARTS = ("tuning", "heldout")
FORMULA = (
    "Flesch-Kincaid grade level (0.39 x words/sentence + 11.8 x syllables/word - 15.59), "
    "textstat 0.7.3 flesch_kincaid_grade, en_US"
)


# ---- pure functions ---------------------------------------------------------------------------------


def first_message_body(text: str | None) -> str:
    """The part of a bot message before its sources.

    The message is cut at its first line that starts (after leading spaces and Markdown emphasis or
    heading marks: ``*``, ``_``, ``#``) with one of SOURCE_MARKERS ("Sources", "Applies to", in Spanish
    "Fuente:", "Válido "...); that line and everything after it are dropped. Trailing whitespace is
    removed. A message without such a line is returned whole; None gives "".
    """
    if not text:
        return ""
    kept = []
    for line in str(text).splitlines():
        if line.lstrip(" \t*_#").startswith(SOURCE_MARKERS):
            break
        kept.append(line)
    return "\n".join(kept).strip()


def word_count(text: str | None) -> int:
    """Whitespace-separated tokens holding at least one letter or digit ("$800" and "U.S." are words,
    a bullet "-" or a dash "—" is not)."""
    if not text:
        return 0
    return sum(1 for token in str(text).split() if any(ch.isalnum() for ch in token))


def reading_grade(text: str | None) -> float | None:
    """textstat 0.7.3's Flesch-Kincaid grade of `text`; None for a text without words."""
    if not word_count(text):
        return None
    try:
        import textstat
    except ImportError:  # pragma: no cover - the lock file installs it
        sys.exit("textstat is not installed: .venv/bin/pip install -r requirements/lock.txt")
    return float(textstat.flesch_kincaid_grade(str(text)))


def median(values: list[float]) -> float | None:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def share(values: list[float], limit: float) -> float | None:
    """The share of `values` that are at most `limit` (None when there are none)."""
    values = [v for v in values if v is not None]
    return sum(1 for v in values if v <= limit) / len(values) if values else None


def _dicts(items: Any) -> list[dict]:
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []


def cbp_meta(replies: list[dict]) -> list[dict]:
    """The cbp metadata dicts of a turn's custom messages, in order."""
    metas = []
    for reply in _dicts(replies):
        custom = reply.get("custom")
        meta = custom.get("cbp") if isinstance(custom, dict) else None
        if isinstance(meta, dict):
            metas.append(meta)
    return metas


def texts(replies: list[dict]) -> list[str]:
    return [reply["text"] for reply in _dicts(replies) if isinstance(reply.get("text"), str) and reply["text"].strip()]


def is_question(replies: list[dict]) -> bool:
    metas = cbp_meta(replies)
    if metas:
        return any(meta.get("kind") == "question" for meta in metas)
    said = texts(replies)
    return bool(said) and said[-1].rstrip().endswith("?")


def is_shipment_verdict(replies: list[dict]) -> bool:
    return any(meta.get("kind") == "answer" and meta.get("topic") == "shipment" for meta in cbp_meta(replies))


def questions_before_verdict(turns: list[dict]) -> int | None:
    """Question turns before the first shipment verdict; None when there is no verdict."""
    asked = 0
    for turn in _dicts(turns):
        replies = turn.get("replies")
        if is_shipment_verdict(replies):
            return asked
        asked += is_question(replies)
    return None


def conversation_passed(conversation: dict) -> bool | None:
    passed = conversation.get("passed")
    if isinstance(passed, bool):
        return passed
    turns = _dicts(conversation.get("turns"))
    verdicts = [turn["passed"] for turn in turns if isinstance(turn.get("passed"), bool)]
    return all(verdicts) if verdicts else None


def _first_message_figures(rows: list[dict]) -> dict:
    words = [row["words"] for row in rows]
    grades = [row["grade"] for row in rows]
    return {
        "count": len(rows),
        "median_words": median(words),
        "median_grade": median(grades),
        f"share_le_{WORD_LIMIT}_words": share(words, WORD_LIMIT),
        f"share_le_grade_{GRADE_LIMIT:g}": share(grades, GRADE_LIMIT),
    }


def analyse(data: Any) -> dict:
    """All the figures of one results JSON (already parsed)."""
    conversations = _dicts(data.get("conversations")) if isinstance(data, dict) else []
    parts: dict[str, dict] = {part: {"passed": 0, "total": 0, "unknown": 0} for part in PARTS}
    kinds: dict[str, dict] = {}
    per_conversation, first_rows = {}, []
    turns_total = turns_with_cbp = 0
    for index, conversation in enumerate(conversations):
        cid = str(conversation.get("id") or f"#{index + 1}")
        part = str(conversation.get("part") or "unknown")
        if conversation.get("suite") not in (None, "en"):  # the Spanish suite's parts: es_tuning, es_heldout
            part = f"{conversation['suite']}_{part}"
        kind_key = f"{part}/{conversation.get('kind') or '-'}"
        passed = conversation_passed(conversation)
        for counts in (
            parts.setdefault(part, {"passed": 0, "total": 0, "unknown": 0}),
            kinds.setdefault(kind_key, {"passed": 0, "total": 0, "unknown": 0}),
        ):
            if passed is None:
                counts["unknown"] += 1
            else:
                counts["total"] += 1
                counts["passed"] += passed
        turns = _dicts(conversation.get("turns"))
        asked = questions_before_verdict(turns)
        if asked is not None:
            per_conversation[cid] = asked
        for number, turn in enumerate(turns, 1):
            replies = turn.get("replies")
            turns_total += 1
            metas = cbp_meta(replies)
            turns_with_cbp += bool(metas)
            said = texts(replies)
            if not said:
                continue
            body = first_message_body(said[0])
            first_rows.append(
                {
                    "conversation": cid,
                    "part": part,
                    "turn": number,
                    "user": str(turn.get("user") or ""),
                    "kind": str(metas[0].get("kind")) if metas else None,
                    "words": word_count(body),
                    "grade": reading_grade(body),
                    "text": body,
                }
            )
    for counts in [*parts.values(), *kinds.values()]:
        counts["rate"] = counts["passed"] / counts["total"] if counts["total"] else None
    known = list(parts.values())
    passed_all, total_all = sum(c["passed"] for c in known), sum(c["total"] for c in known)
    pass_rate = {
        **parts,
        "all": {
            "passed": passed_all,
            "total": total_all,
            "unknown": sum(c["unknown"] for c in known),
            "rate": passed_all / total_all if total_all else None,
        },
    }
    by_part = {part: _first_message_figures([r for r in first_rows if r["part"] == part]) for part in parts}
    longest = sorted(first_rows, key=lambda r: (r["words"], r["grade"] or 0), reverse=True)[:5]
    required = data.get("required") if isinstance(data, dict) else None
    return {
        "conversations": len(conversations),
        "required": required if isinstance(required, dict) else {},
        "pass_rate_by_kind": dict(sorted(kinds.items())),
        "turns": turns_total,
        "turns_with_cbp_metadata": turns_with_cbp,
        "pass_rate": pass_rate,
        "questions_before_verdict": {
            "conversations_with_verdict": len(per_conversation),
            "mean": statistics.fmean(per_conversation.values()) if per_conversation else None,
            "per_conversation": per_conversation,
        },
        "first_messages": {
            "formula": FORMULA,
            "cut_at": list(SOURCE_MARKERS),
            "word_limit": WORD_LIMIT,
            "grade_limit": GRADE_LIMIT,
            "all": _first_message_figures(first_rows),
            "answers_only": _first_message_figures([r for r in first_rows if r["kind"] == "answer"]),
            "by_part": by_part,
            "longest": longest,
        },
    }


# ---- report -----------------------------------------------------------------------------------------


def _num(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def _pct(value: float | None) -> str:
    """A share in percent, whole numbers unless that would show 0% or 100% for a share that is neither."""
    if value is None:
        return "-"
    digits = 1 if 0 < value < 1 and round(100 * value) in (0, 100) else 0
    return f"{100 * value:.{digits}f}%"


def _rate(counts: dict) -> str:
    if not counts.get("total"):
        return "-"
    text = f"{_pct(counts['rate'])} ({counts['passed']}/{counts['total']})"
    return text + (f", {counts['unknown']} unknown" if counts.get("unknown") else "")


def _floor(figures: dict, part: str) -> str:
    floor = (figures.get("required") or {}).get(part)
    return f"; floor {_pct(floor)}" if isinstance(floor, (int, float)) else ""


def headline(figures: dict) -> list[str]:
    """The few lines summary.md repeats."""
    rate, asked = figures["pass_rate"], figures["questions_before_verdict"]
    first = figures["first_messages"]["all"]
    return [
        "| figure | value |",
        "|---|---|",
        *(
            f"| conversations passed, {part} | {_rate(rate[part])}{_floor(figures, part)} |"
            for part in rate
            if part != "all"
        ),
        f"| conversations passed, all | {_rate(rate['all'])} |",
        f"| questions asked before a shipment verdict (mean) | {_num(asked['mean'])} "
        f"(over {asked['conversations_with_verdict']} conversations reaching one) |",
        f"| first message before its sources: median words | {_num(first['median_words'], 0)} |",
        f"| first message: median US grade (Flesch-Kincaid) | {_num(first['median_grade'])} |",
        f"| first messages of ≤ {WORD_LIMIT} words | {_pct(first[f'share_le_{WORD_LIMIT}_words'])} |",
        f"| first messages of ≤ grade {GRADE_LIMIT:g} | {_pct(first[f'share_le_grade_{GRADE_LIMIT:g}'])} |",
    ]


def markdown(figures: dict, source: str, generated: str) -> str:
    first = figures["first_messages"]
    lines = [
        "# Answer quality (conversation suite)",
        "",
        f"From `{source}`, {generated}: {figures['conversations']} conversations, {figures['turns']} turns "
        f"({figures['turns_with_cbp_metadata']} with cbp metadata). Definitions: `eval/answer_quality.py`.",
        "",
        *headline(figures),
        "",
        "## First messages before their sources",
        "",
        "The first bot text message of each turn, cut at the first line starting with "
        + ", ".join(f'"{m}"' for m in SOURCE_MARKERS)
        + f". Grade: {FORMULA}.",
        "",
        f"| set | messages | median words | median grade | ≤ {WORD_LIMIT} words | ≤ grade {GRADE_LIMIT:g} |",
        "|---|---|---|---|---|---|",
    ]
    sets = [("all", first["all"]), ("answers (cbp.kind answer)", first["answers_only"])]
    sets += [(f"part {part}", values) for part, values in first["by_part"].items()]
    for name, values in sets:
        lines.append(
            f"| {name} | {values['count']} | {_num(values['median_words'], 0)} | {_num(values['median_grade'])} | "
            f"{_pct(values[f'share_le_{WORD_LIMIT}_words'])} | {_pct(values[f'share_le_grade_{GRADE_LIMIT:g}'])} |"
        )
    if first["longest"]:
        lines += ["", "Longest first messages:", ""]
        for row in first["longest"]:
            snippet = " ".join(row["text"].split())
            snippet = snippet[:160] + ("…" if len(snippet) > 160 else "")
            lines.append(
                f"- {row['conversation']} turn {row['turn']} ({row['words']} words, grade {_num(row['grade'])}): "
                f"“{snippet}”"
            )
    by_kind = figures.get("pass_rate_by_kind") or {}
    if by_kind:
        lines += ["", "## Pass rate by part and kind", "", "| part/kind | passed |", "|---|---|"]
        lines += [f"| {name} | {_rate(counts)} |" for name, counts in by_kind.items()]
    asked = figures["questions_before_verdict"]["per_conversation"]
    if asked:
        lines += ["", "Questions before the first shipment verdict: " + ", ".join(f"{k} {v}" for k, v in asked.items())]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results", nargs="?", type=Path, default=DEFAULT_RESULTS)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    if not args.results.is_file():
        print(f"no conversation results at {args.results}: run the conversation suite first", file=sys.stderr)
        return 2
    try:
        data = json.loads(args.results.read_text())
    except (OSError, ValueError) as error:
        print(f"cannot read {args.results}: {error}", file=sys.stderr)
        return 2
    figures = analyse(data)
    try:
        source = str(args.results.resolve().relative_to(ROOT))
    except ValueError:
        source = str(args.results)
    started = data.get("started") if isinstance(data, dict) else None
    generated = (
        f"run started {started}"
        if isinstance(started, str) and started
        else "written " + dt.datetime.fromtimestamp(args.results.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
    )
    figures = {"source": source, "run": generated, **figures}
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "answers.json").write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n")
    report = markdown(figures, source, generated)
    (args.out / "answers.md").write_text(report)
    print("\n".join(headline(figures)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
