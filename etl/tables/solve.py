"""Choose among the readings of a table's rows with the identities that link the rows.

Each row has one or more readings (its cells' values; None is a blank). An equation states that the
sum of some cells equals the sum of others (Table 3's D2 and D3, per column). A blank, and every cell
of a row that was not read, counts as an unknown non-negative number (report-formats.md §D.0). The
solver keeps the readings of each row that take part in at least one assignment satisfying every
equation: interval propagation first (polynomial), then enumeration of what is left, capped.
Equations that the readings cannot satisfy whichever are chosen (the source breaks them) are left out,
since they cannot tell readings apart.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

from etl.tables.readings import Value, finite, satisfiable

CellRef = tuple[str, int]  # (row, column index)
Equation = tuple[tuple[CellRef, ...], tuple[CellRef, ...]]
Options = dict[str, list[list[Value]]]

COMBINATIONS = 5000  # joint assignments enumerated at most; beyond, propagation alone decides


@dataclass
class Solution:
    kept: dict[str, list[int]]  # row → indexes of its readings that fit
    status: str  # ok | capped (propagation only) | none (no assignment fits: every reading kept)


def _bounds(v: Value) -> tuple[float, float]:
    return (0.0, math.inf) if v is None else (finite(v), finite(v))


def _hull(options: Options, alive: dict[str, list[int]], row: str) -> list[tuple[float, float]]:
    """Per column, the range of values the row's remaining readings give it."""
    if row not in options:
        return []
    if len(alive[row]) == 1:  # most rows: one reading, its own values
        return [(0.0, math.inf) if v is None else (finite(v), finite(v)) for v in options[row][alive[row][0]]]
    columns = zip(*(options[row][i] for i in alive[row]), strict=True)
    return [
        (finite(min(b[0] for b in bs)), finite(max(b[1] for b in bs)))
        for bs in ([_bounds(v) for v in col] for col in columns)
    ]


def _range(side, hulls: dict[str, list], skip: str | None = None) -> tuple[float, float]:
    lo = hi = 0.0
    for row, col in side:
        if row == skip:
            continue
        a, b = hulls[row][col] if hulls.get(row) else (0.0, math.inf)
        lo, hi = lo + a, hi + b
    return lo, hi


def _fits(eq: Equation, hulls: dict[str, list]) -> bool:
    (lo_l, hi_l), (lo_r, hi_r) = _range(eq[0], hulls), _range(eq[1], hulls)
    return lo_l <= hi_r + 1e-9 and lo_r <= hi_l + 1e-9


def _prune(eq: Equation, row: str, options: Options, alive, hulls) -> list[int]:
    """The row's readings with which the equation can still hold, the other rows within their ranges."""
    base = [_range(side, hulls, skip=row) for side in eq]
    keep = []
    for i in alive[row]:
        (lo_l, hi_l), (lo_r, hi_r) = [
            (
                lo + sum(_bounds(options[row][i][c])[0] for r, c in side if r == row),
                hi + sum(_bounds(options[row][i][c])[1] for r, c in side if r == row),
            )
            for (lo, hi), side in zip(base, eq, strict=True)
        ]
        if lo_l <= hi_r + 1e-9 and lo_r <= hi_l + 1e-9:
            keep.append(i)
    return keep


def _holds(eq: Equation, options: Options, pick: dict[str, int]) -> bool:
    def side(cells):
        return [options[r][pick[r]][c] if r in options else None for r, c in cells]

    return satisfiable(side(eq[0]), side(eq[1]))


def solve(options: Options, equations: list[Equation], limit: int = COMBINATIONS) -> Solution:
    everything = {row: list(range(len(opts))) for row, opts in options.items()}
    alive = {row: list(idx) for row, idx in everything.items()}
    hulls = {row: _hull(options, alive, row) for row in options}
    equations = [eq for eq in equations if _fits(eq, hulls)]  # the others the source breaks anyway
    changed = True
    while changed:  # drop readings that no completion of an equation can accommodate
        changed = False
        for eq in equations:
            for row in sorted({r for r, _ in eq[0] + eq[1] if r in options and len(alive[r]) > 1}):
                keep = _prune(eq, row, options, alive, hulls)
                if not keep:
                    return Solution(everything, "none")
                if len(keep) < len(alive[row]):
                    alive[row], changed = keep, True
                    hulls[row] = _hull(options, alive, row)
    linked_rows = {r for eq in equations for r, _ in eq[0] + eq[1]}
    open_rows = [r for r in alive if len(alive[r]) > 1 and r in linked_rows]
    if math.prod(len(alive[r]) for r in open_rows) > limit:
        return Solution(alive, "capped")
    fixed = {r: alive[r][0] for r in alive if len(alive[r]) == 1}
    linked = [eq for eq in equations if _touches(eq, open_rows)]
    if not all(_holds(eq, options, fixed) for eq in equations if eq not in linked):
        return Solution(everything, "none")
    used: dict[str, set[int]] = {r: set() for r in open_rows}
    for combo in itertools.product(*(alive[r] for r in open_rows)):
        pick = fixed | dict(zip(open_rows, combo, strict=True))
        if all(_holds(eq, options, pick) for eq in linked):
            for r, i in zip(open_rows, combo, strict=True):
                used[r].add(i)
    if open_rows and not used[open_rows[0]]:
        return Solution(everything, "none")
    kept = {r: (sorted(used[r]) if r in used else alive[r]) for r in alive}
    return Solution(kept, "ok")


def _touches(eq: Equation, rows: list[str]) -> bool:
    return any(r in rows for r, _ in eq[0] + eq[1])
