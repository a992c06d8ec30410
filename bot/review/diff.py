"""Which answers change between two sets of rules, printed as before/after blocks.

Each changed case shows its answer in full, with `-` before the lines users would no longer read
and `+` before the new ones; "More detail" and the sources show only their changed lines. The
same blocks can be printed as Markdown (```diff fences) for a pull-request comment.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from bot.review.answering import Answer

#: Lines of unchanged context around a change, per part of an answer (None: the whole part).
CONTEXT = {"answer": None, "more detail": 0, "sources": 0}
GAP = "  ..."


@dataclass(frozen=True)
class CaseChange:
    case_id: str
    label: str
    before: Answer
    after: Answer

    def blocks(self) -> list[tuple[str, list[str]]]:
        """(part, diff lines) for each part of the answer that changes. A changed line already shown
        in an earlier part (the headline is also the first line of "More detail") is not repeated."""
        found = []
        shown: set[str] = set()
        for part, before in self.before.parts().items():
            after = self.after.parts()[part]
            if before == after:
                continue
            lines = diff_lines(before, after, CONTEXT[part])
            if CONTEXT[part] is not None:
                lines = _trim([line for line in lines if line not in shown])
            shown.update(line for line in lines if line.startswith(("- ", "+ ")))
            if any(line.startswith(("- ", "+ ")) for line in lines):
                found.append((part, lines))
        return found


def _trim(lines: list[str]) -> list[str]:
    """Drop the `...` separators left at the ends or next to each other."""
    kept: list[str] = []
    for line in lines:
        if line == GAP and (not kept or kept[-1] == GAP):
            continue
        kept.append(line)
    while kept and kept[-1] == GAP:
        kept.pop()
    return kept


@dataclass(frozen=True)
class Comparison:
    changes: list[CaseChange]
    as_of_only: list[str]  # case ids whose answers change only by the data's "as of" date
    total: int

    @property
    def changed(self) -> bool:
        return bool(self.changes)


def compare(
    labels: dict[str, str],
    before: dict[str, Answer],
    after: dict[str, Answer],
    after_at_old_date: dict[str, Answer] | None = None,
) -> Comparison:
    """The cases whose answers differ. `after_at_old_date` is the proposed side answered with the
    current side's as-of date (given when the two dates differ): a case that then reads as before
    changes only by that date, and is counted, not shown."""
    changes: list[CaseChange] = []
    as_of_only: list[str] = []
    for case_id, old in before.items():
        new = after[case_id]
        if old == new:
            continue
        if after_at_old_date is not None and after_at_old_date[case_id] == old:
            as_of_only.append(case_id)
            continue
        changes.append(CaseChange(case_id, labels[case_id], old, new))
    return Comparison(changes, as_of_only, len(before))


def diff_lines(before: str, after: str, context: int | None) -> list[str]:
    """The lines of `before` and `after` marked `- `, `+ ` or `  ` (unchanged context)."""
    old, new = before.splitlines(), after.splitlines()
    lines: list[str] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    groups = [matcher.get_opcodes()] if context is None else list(matcher.get_grouped_opcodes(context))
    for number, group in enumerate(groups):
        if number:
            lines.append(GAP)
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines.extend(f"  {line}" for line in old[i1:i2])
                continue
            lines.extend(f"- {line}" for line in old[i1:i2])
            lines.extend(f"+ {line}" for line in new[j1:j2])
    return lines or ["  (empty)"]


def format_text(comparison: Comparison, header: list[str]) -> str:
    out = list(header)
    for change in comparison.changes:
        out += ["", f"=== {change.case_id}: {change.label}"]
        for part, lines in change.blocks():
            out.append(f"--- {part}")
            out.extend(lines)
    out += ["", summary(comparison)]
    return "\n".join(out)


def format_markdown(comparison: Comparison, header: list[str]) -> str:
    out = ["### What users would be told differently", ""] + [f"{line}  " for line in header]
    for change in comparison.changes:
        out += ["", f"#### `{change.case_id}`", "", change.label.replace("|", "\\|"), ""]
        for part, lines in change.blocks():
            out += [f"*{part}*", "", "```diff", *lines, "```", ""]
    out += ["", f"**{summary(comparison)}**"]
    return "\n".join(out)


def summary(comparison: Comparison) -> str:
    changed, dated, total = len(comparison.changes), len(comparison.as_of_only), comparison.total
    if changed and dated:
        others = "1 other changes only its" if dated == 1 else f"{dated} others change only their"
        return f"{changed} of {total} answers change; {others} 'Data as of' date."
    if changed:
        return f"{changed} of {total} answers change."
    if dated:
        return f"No answer changes, except the 'Data as of' date in {dated} of {total}."
    return f"No answer changes ({total} cases)."
