"""Readings of a table row that has fewer numbers than columns.

Two renderings lose cells (a document may show both); `reading_mode` tells which from its tables:
- `collapsed`: a site's text export that writes one cell per line and a run of equal consecutive
  cells once (`8 0 0 0 0 0 8` → `8`, `0`, `8`): each number stands for a run of one or more cells.
- `dropped`: PDF text layers and copy-pasted Word tables lose blank cells (`3 □ 0 1` → `3 0 1`):
  the numbers keep their order and the columns left over are blank.
A reading maps every column to the index of the atom it comes from (None: a dropped blank cell).
Enumeration is pruned by the row's own identities as cells are placed, and capped.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from etl.tables.atoms import Atom

Value = int | float | None
Reading = tuple[int | None, ...]
# False when a (partial) row of values already breaks the row's identities; blanks are None.
RowRule = Callable[[list[Value]], bool]

COLLAPSED = "collapsed"
DROPPED = "dropped"
BOTH = "collapsed+dropped"
LIMIT = 20000  # enumeration nodes per row; beyond this the row is left unset with a warning


def finite(x: Value) -> Value:
    """A value fit for float arithmetic: a digit run of hundreds of digits (junk, or cells run
    together beyond any split) becomes ±inf instead of overflowing when compared with a float."""
    if x is None or -1e300 < x < 1e300:
        return x
    return math.inf if x > 0 else -math.inf


class TooManyReadings(Exception):
    pass


def satisfiable(lhs: Sequence[Value], rhs: Sequence[Value]) -> bool:
    """sum(lhs) == sum(rhs) can hold with blanks (None) read as unknown non-negative numbers."""
    lhs, rhs = [finite(x) for x in lhs], [finite(x) for x in rhs]
    known_l = sum(x for x in lhs if x is not None)
    known_r = sum(x for x in rhs if x is not None)
    blank_l = any(x is None for x in lhs)
    blank_r = any(x is None for x in rhs)
    if blank_l and blank_r:
        return True
    if blank_l:
        return known_l <= known_r + 1e-9
    if blank_r:
        return known_r <= known_l + 1e-9
    return abs(known_l - known_r) < 1e-9


def placements(
    texts: Sequence[str],
    values: Sequence[Value],
    n: int,
    runs: bool,
    blanks: bool,
    ok: RowRule | None = None,
    limit: int = LIMIT,
) -> list[Reading]:
    """The ways to lay m atoms, in order, over n columns that satisfy `ok`: with `runs` an atom may
    fill several columns, consecutive but for dropped blanks (two neighbouring atoms with the same
    text cannot then be separate runs); with `blanks` a column may be a dropped blank cell. Every atom
    is used. Raises TooManyReadings past `limit` steps."""
    m = len(values)
    if m == 0 or m > n or (runs and any(a == b for a, b in zip(texts, texts[1:], strict=False))):
        return []
    out: list[Reading] = []
    cols: list[int | None] = []
    vals: list[Value] = []
    visited = 0
    # a rule that can check a row grown by one cell from one that held (SumRule), else the rule
    check = getattr(ok, "extends", ok)

    def place(last: int) -> None:  # `last`: index of the last atom placed (-1: none yet)
        nonlocal visited
        visited += 1
        if visited > limit:
            raise TooManyReadings
        if len(cols) == n:
            if last == m - 1:
                out.append(tuple(cols))
            return
        room = n - len(cols) - (m - 1 - last)  # columns to spare beyond one per atom still to place
        picks: list[int | None] = []
        if blanks and room > 0:
            picks.append(None)
        if runs and last >= 0 and room > 0:
            picks.append(last)
        if last + 1 < m:
            picks.append(last + 1)
        for pick in picks:
            cols.append(pick)
            vals.append(None if pick is None else values[pick])
            if check is None or check(vals):
                place(last if pick is None else pick)
            cols.pop()
            vals.pop()

    place(-1)
    return out


def readings(atoms: Sequence[Atom], n: int, mode: str, ok: RowRule | None = None) -> list[Reading]:
    """The readings of a short row under the document's rendering; raises TooManyReadings."""
    runs, blanks = {COLLAPSED: (True, False), DROPPED: (False, True), BOTH: (True, True)}[mode]
    return placements([_text(a) for a in atoms], [a.value for a in atoms], n, runs, blanks, ok)


def _text(a: Atom) -> str:
    return a.text.replace(" ", "")


def _alone_on_line(text: str, a: Atom) -> bool:
    start = text.rfind("\n", 0, a.start) + 1
    end = text.find("\n", a.end)
    end = len(text) if end < 0 else end
    return not text[start : a.start].strip(" \t|") and not text[a.end : end].strip(" \t|")


def reading_mode(text: str, rows: Sequence[tuple[Sequence[Atom], int]], empty_row: bool = False) -> str:
    """How the document's short rows lost cells, from its table rows (value atoms, column count) and
    whether a labelled row came with no cell at all.

    Written one cell per line with no row repeating a cell right after itself: the run-collapsing
    export (`collapsed`), and when a row has no cell at all its blank cells were dropped too (`both`).
    Otherwise (`0 0 0` shows runs are kept, or several cells share a line) blank cells were dropped."""
    atoms = [a for row, _ in rows for a in row]
    if not atoms or not any(len(row) < n for row, n in rows):
        return DROPPED
    for row, _ in rows:
        if any(_text(a) == _text(b) for a, b in zip(row, row[1:], strict=False)):
            return DROPPED
    if sum(_alone_on_line(text, a) for a in atoms) < 0.9 * len(atoms):
        return DROPPED
    return BOTH if empty_row else COLLAPSED
