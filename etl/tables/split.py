"""Recover cells from digits that ran together (`640020470` → 64 0 0 2 0 4 70).

Whitespace that survived between digit groups is a cell boundary; further cuts are searched, no cell
may have a leading zero, and a predicate (the table identities) must hold. Callers accept a split only
when it is the unique consistent one.
"""

from __future__ import annotations

from collections.abc import Callable

Predicate = Callable[[list[int]], bool]


def digit_splits(
    tokens: list[str], n: int, ok: Predicate | None = None, limit: int = 20000
) -> list[list[str]] | None:
    """All ways to cut the digit tokens into n cells (as strings) that satisfy `ok`.

    None when the search space exceeds `limit` (treat as ambiguous)."""
    s = "".join(tokens)
    if not s.isdigit() or len(s) < n or len(tokens) > n:
        return []
    forced = set()
    pos = 0
    for t in tokens[:-1]:
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
            parts.append(part)
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
