"""Recover cells from digits that ran together (`640020470` → 64 0 0 2 0 4 70).

Whitespace that survived between digit groups is a cell boundary, and so is a sign (`2648-18538`:
the `-` starts a cell); further cuts are searched, no cell may have a leading zero, and a predicate
(the table identities) must hold. Callers accept a split only when it is the unique consistent one,
or keep the cells that every consistent split agrees on.
"""

from __future__ import annotations

from collections.abc import Callable

Predicate = Callable[[list[int]], bool]


def digit_splits(
    tokens: list[str], n: int, ok: Predicate | None = None, limit: int = 20000
) -> list[list[str]] | None:
    """All ways to cut the digit tokens into n cells (as strings, signs kept) that satisfy `ok`.

    None when the search space exceeds `limit` (treat as ambiguous)."""
    signs: dict[int, str] = {}  # offset in the digit string → sign of the cell starting there
    digits: list[str] = []
    for t in tokens:
        body = t.lstrip("+-")
        if len(t) - len(body) > 1 or not body.isdigit():
            return []
        if body != t:
            signs[sum(map(len, digits))] = t[0]
        digits.append(body)
    s = "".join(digits)
    if len(s) < n or len(tokens) > n:
        return []
    forced = set(signs)
    pos = 0
    for t in digits[:-1]:
        pos += len(t)
        forced.add(pos)
    size = len(s)
    out: list[list[str]] = []
    visited = 0

    def rec(start: int, parts: list[str]) -> bool:
        nonlocal visited
        visited += 1
        if visited > limit:
            return False
        left = n - len(parts)
        if left == 0:
            if start == size and (ok is None or ok([int(p) for p in parts])):
                out.append(list(parts))
            return True
        for end in range(start + 1, size - left + 2):
            part = s[start:end]
            if len(part) > 1 and part[0] == "0":
                break
            if left == 1 and end != size:
                continue
            if any(start < f < end for f in forced):  # the last cell may not cross a boundary
                break
            parts.append(signs.get(start, "") + part)
            go = rec(end, parts)
            parts.pop()
            if not go:
                return False
            if end in forced:
                break
        return True

    if not rec(0, []):
        return None
    return out
