"""Settle Table 2 rows whose digits ran together (`规范性文件8855698`) without guessing.

A row has several digit splits (candidates). A cell is set only when it is certain:
- every candidate agrees on it (`2648-18538`: the previous-year items are 2648 whichever way the rest
  splits);
- or the report's own narrative states the figure for that row and column (`现行有效行政规范性文件698件`,
  `制发的规范性文件88件`), which rules candidates out;
- or, for the 2019 format, the same agency's adjacent year pins it through X6
  (`上一年项目数量(N) = 上一年项目数量(N−1) + 本年增/减(N−1)`).
The rest stays unset with a warning.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable

# A candidate split of one row: column → (value, span start, span end).
Cell = tuple[int | float, int, int]
Candidate = dict[str, Cell]

# Row subjects and column cues in prose (report-formats.md §A.1, §B.1).
_SUBJECT = {
    "regulations": ("规章",),
    "normative_docs": ("规范性文件",),
    "licensing": ("行政许可",),
    "other_services": ("对外管理服务",),
    "punishment": ("行政处罚",),
    "coercion": ("行政强制",),
    "fees": ("行政事业性收费",),
}
_COLUMN_CUES = {
    "made": ("制发", "制定", "出台", "印发"),
    "repealed": ("废止",),
    "valid": ("现行有效",),
    "new_made": ("新制作", "制作", "制定"),
    "new_published": ("新公开",),
    "total_published": ("公开总数",),
    "decisions": ("处理决定", "作出"),
}
_CLAUSE = re.compile(r"[^，。；;,！？\n]+")
_NUMBER = re.compile(r"(?<![\d.])(\d+)\s*(?:件|条|项|个)")


def agreed(cands: list[Candidate]) -> Candidate:
    """Cells on which every candidate agrees (value and span)."""
    if not cands:
        return {}
    first = cands[0]
    return {col: cell for col, cell in first.items() if all(c.get(col) == cell for c in cands[1:])}


def narrative_hints(
    text: str, row: str, cols: Iterable[str], skip: list[tuple[int, int]]
) -> dict[str, set[int]]:
    """{column: values} stated in clauses that name the row's subject, one column cue and one count.

    Clauses inside `skip` (the tables themselves) are ignored."""
    subject = _SUBJECT.get(row.split(".")[-1], ())
    hints: dict[str, set[int]] = {}
    if not subject:
        return hints
    for m in _CLAUSE.finditer(text):
        if any(s <= m.start() < e for s, e in skip):
            continue
        clause = m.group(0)
        if not any(w in clause for w in subject) or "累计" in clause:
            continue
        cued = [c for c in cols if any(w in clause for w in _COLUMN_CUES.get(c, ()))]
        nums = _NUMBER.findall(clause)
        if len(cued) == 1 and len(nums) == 1:
            hints.setdefault(cued[0], set()).add(int(nums[0]))
    return hints


def with_hints(cands: list[Candidate], hints: dict[str, set[int]]) -> list[Candidate]:
    """Candidates that agree with every hint; all candidates when none does (the prose may be about
    something else)."""
    kept = [c for c in cands if all(c[col][0] in vals for col, vals in hints.items() if col in c)]
    return kept or cands


def resolve_x6(
    prev_known: dict[str, int | float | None],
    prev_cands: list[Candidate] | None,
    cur_known: dict[str, int | float | None],
    cur_cands: list[Candidate] | None,
) -> tuple[Candidate, Candidate]:
    """(cells settled in year N−1, cells settled in year N) for one 2019-format row under X6.

    `*_known` are the row's cells already set (column → value); `*_cands` the remaining candidate
    splits (None when the row is settled). Only joint splits satisfying
    prev_items(N) = prev_items(N−1) + change(N−1) survive; cells they all agree on are returned."""
    if not prev_cands and not cur_cands:
        return {}, {}
    prevs = prev_cands or [{}]
    curs = cur_cands or [{}]
    fits: list[tuple[Candidate, Candidate]] = []
    for p, c in itertools.product(prevs, curs):
        pv = {**prev_known, **{k: v[0] for k, v in p.items()}}
        cv = {**cur_known, **{k: v[0] for k, v in c.items()}}
        a, b, n = pv.get("prev_items"), pv.get("change"), cv.get("prev_items")
        if a is None or b is None or n is None:
            return {}, {}  # X6 cannot be evaluated: nothing to settle
        if a + b == n:
            fits.append((p, c))
    if not fits:
        return {}, {}
    return agreed([p for p, _ in fits]), agreed([c for _, c in fits])


X6_ROWS = ("licensing", "other_services", "punishment", "coercion", "fees")

Values = dict[str, int | float | None]


def settle_x6(
    prev_values: Values,
    prev_ambiguous: dict[str, list[Candidate]],
    values: Values,
    ambiguous: dict[str, list[Candidate]],
) -> tuple[dict[str, Cell], dict[str, Cell]]:
    """Cells of two consecutive 2019-format reports of one agency that X6 settles:
    ({key: cell} for year N−1, {key: cell} for year N). Only rows with candidates take part."""
    before: dict[str, Cell] = {}
    after: dict[str, Cell] = {}
    for row in X6_ROWS:
        prefix = f"t2_2019.{row}"
        if prefix not in prev_ambiguous and prefix not in ambiguous:
            continue
        pk = {k.rsplit(".", 1)[1]: v for k, v in prev_values.items() if k.startswith(prefix + ".")}
        ck = {k.rsplit(".", 1)[1]: v for k, v in values.items() if k.startswith(prefix + ".")}
        a, b = resolve_x6(pk, prev_ambiguous.get(prefix), ck, ambiguous.get(prefix))
        before.update({f"{prefix}.{col}": cell for col, cell in a.items() if pk.get(col) is None})
        after.update({f"{prefix}.{col}": cell for col, cell in b.items() if ck.get(col) is None})
    return before, after
