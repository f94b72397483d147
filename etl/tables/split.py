"""Recover cells from digits that ran together (`640020470` → 64 0 0 2 0 4 70).

Whitespace that survived between digit groups is a cell boundary, and so is a sign (`2648-18538`:
the `-` starts a cell); further cuts are searched, no cell may have a leading zero, and a predicate
(the table identities) must hold. Callers accept a split only when it is the unique consistent one,
or keep the cells that every consistent split agrees on.

The number of ways to cut a run grows exponentially with its length. When the predicate is a
`SumRule` (cells `first…total-1` add up to cell `total`, Table 3's D1 and Table 4's D4), the search
prunes with the sums as it goes: a block's total is placed first (its digits fix its value T), then
the addends must cover the digits before it exactly and add up to T, each at most T (so no longer
than T, and k addends hold at most k times T's digits; their digit sums agree with T modulo 9); a
remaining target is never exceeded, and positions already explored with the same remaining target
are not explored again (memoised). The result is the same set of splits as the plain search, in the
same order; a Table 3 or Table 4 row of 30–60 run-together digits takes milliseconds where the plain
search gave up (tests/test_split_bound.py records the timings).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from etl.tables.readings import satisfiable

Predicate = Callable[[list[int]], bool]
Blocks = Callable[[int], Sequence[tuple[int, int]]]


class SumRule:
    """A row rule whose identities are sums, callable as the rule itself.

    `blocks(n)` lists, for a row of n cells, pairs (first, total): cells first … total-1 add up to
    cell total. Without `rule` the rule is exactly that, blanks (None) read as unknown non-negative
    numbers (`satisfiable`), and `extends` checks a row grown by one cell from a row that held in
    constant time. With `rule`, the pairs must be implied by it for rows of whole numbers (they only
    prune; `rule` still decides)."""

    __slots__ = ("rule", "blocks", "_new")

    def __init__(self, blocks: Blocks, rule: Predicate | None = None):
        self.blocks, self.rule = blocks, rule
        self._new: dict[int, list[tuple[int, int]] | None] = {}  # row length → blocks to check

    def __call__(self, values: list) -> bool:
        if self.rule is not None:
            return self.rule(values)
        return all(satisfiable(values[t : t + 1], values[f:t]) for f, t in self.blocks(len(values)))

    def extends(self, values: list) -> bool:
        """The rule on `values`, given that it held on `values[:-1]`: only the blocks that the last
        cell brings in are checked (all of them if the blocks of the shorter row do not carry over)."""
        if self.rule is not None:
            return self.rule(values)
        n = len(values)
        if n not in self._new:
            old, now = set(self.blocks(n - 1)), set(self.blocks(n))
            self._new[n] = sorted(now - old) if old <= now and all(t < n - 1 for _, t in old) else None
        new = self._new[n]
        if new is None:
            return self(values)
        for f, t in new:
            addends = values[f:t]
            total = values[t]
            if total is None or None in addends:
                if not satisfiable((total,), addends):
                    return False
            elif abs(total - sum(addends)) >= 1e-9:  # satisfiable() without blanks
                return False
        return True


def digit_splits(
    tokens: list[str], n: int, ok: Predicate | None = None, limit: int = 20000
) -> list[list[str]] | None:
    """All ways to cut the digit tokens into n cells (as strings, signs kept) that satisfy `ok`.

    None when the search space exceeds `limit` nodes (treat as ambiguous)."""
    signs: dict[int, str] = {}  # offset in the digit string → sign of the cell starting there
    digits: list[str] = []
    offset = 0
    for t in tokens:
        body = t.lstrip("+-")
        if len(t) - len(body) > 1 or not body.isdecimal():
            return []
        if body != t:
            signs[offset] = t[0]
        digits.append(body)
        offset += len(body)
    s = "".join(digits)
    if len(s) < n or len(tokens) > n:
        return []
    forced = set(signs)
    pos = 0
    for t in digits[:-1]:
        pos += len(t)
        forced.add(pos)
    blocks = _blocks(ok, n) if "-" not in signs.values() else None
    if blocks:
        return _pruned(s, n, signs, forced, blocks, ok, limit)
    return _plain(s, n, signs, forced, ok, limit)


def _blocks(ok, n: int) -> list[tuple[int, int]] | None:
    """The rule's sum blocks for n cells when they are usable for pruning (ordered, disjoint)."""
    if not isinstance(ok, SumRule):
        return None
    blocks = sorted((f, t) for f, t in ok.blocks(n) if 0 <= f < t < n)
    last = -1
    for f, t in blocks:
        if f <= last:
            return None
        last = t
    return blocks


def _plain(s: str, n: int, signs: dict[int, str], forced: set[int], ok, limit: int):
    """Every cut, depth first (the search without sums)."""
    size = len(s)
    nxt = _next_forced(forced, size)
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
        # the cell may not cross a forced boundary; it may end on one (the last such end)
        stop = min(size - left + 1, nxt[start])
        sign = signs.get(start, "")
        if left == 1:
            if stop == size and (size - start == 1 or s[start] != "0"):
                parts.append(sign + s[start:])
                go = rec(size, parts)
                parts.pop()
                return go
            return True
        if s[start] == "0":
            stop = min(stop, start + 1)
        for end in range(start + 1, stop + 1):
            parts.append(sign + s[start:end])
            go = rec(end, parts)
            parts.pop()
            if not go:
                return False
        return True

    if not rec(0, []):
        return None
    return out


def _next_forced(forced: set[int], size: int) -> list[int]:
    """For each position, the first forced boundary after it (or the end)."""
    nxt = [size] * (size + 1)
    cur = size
    for p in range(size, -1, -1):
        nxt[p] = cur
        if p in forced and p > 0:
            cur = p
    return nxt


def _pruned(
    s: str,
    n: int,
    signs: dict[int, str],
    forced: set[int],
    blocks: list[tuple[int, int]],
    ok,
    limit: int,
):
    """Cuts built block by block: a block's total first (its span fixes its value T), then its
    addends, which must cover the digits up to the total exactly and add up to T; no negative cell
    (no `-` sign). Each addend is at most T, so it has at most as many digits as T, and the digits
    left for k addends are at most k times that many."""
    size = len(s)
    nxt = _next_forced(forced, size)
    # after[p]: forced boundaries strictly between p and the end, each the start of one more cell
    after = [0] * (size + 1)
    count = 0
    for p in range(size, -1, -1):
        after[p] = count
        if p in forced and 0 < p < size:
            count += 1
    nines = [0] * (size + 1)  # digit sums of the prefixes
    for p, ch in enumerate(s):
        nines[p + 1] = nines[p] + ord(ch) - 48
    block_at = dict(blocks)  # first cell of a block → its total cell
    memo: dict[tuple[int, int], list[tuple[str, ...]]] = {}
    fills: dict[tuple[int, int, int, int], list[tuple[str, ...]]] = {}
    visited = 0

    class _Limit(Exception):
        pass

    def tick() -> None:
        nonlocal visited
        visited += 1
        if visited > limit:
            raise _Limit

    def cell_ok(start: int, end: int) -> bool:
        """s[start:end] may be one cell: no leading zero, no forced boundary inside."""
        return end <= nxt[start] and (end - start == 1 or s[start] != "0")

    def rec(i: int, start: int) -> list[tuple[str, ...]]:
        """Suffixes (cells i … n-1) starting at `start`."""
        key = (i, start)
        hit = memo.get(key)
        if hit is not None:
            return hit
        tick()
        left = n - i
        res: list[tuple[str, ...]] = []
        memo[key] = res
        if left == 0:
            if start == size:
                res.append(())
            return res
        if start >= size or left - 1 < after[start] or size - start < left:
            return res
        total = block_at.get(i)
        if total is None:  # a free cell: every cut
            stop = min(size - left + 1, nxt[start])
            if s[start] == "0":
                stop = min(stop, start + 1)
            sign = signs.get(start, "")
            for end in range(start + 1, stop + 1) if left > 1 else ((size,) if stop == size else ()):
                for rest in rec(i + 1, end):
                    res.append((sign + s[start:end], *rest))
            return res
        k = total - i  # addends
        later = n - total - 1  # cells after the block
        for j in range(start + k, size - later):  # where the total starts
            if j - start > k * (size - later - j):
                break  # even the longest total is too short for that many addend digits
            # each addend has at most as many digits as the total, and the total at most one more
            # than the longest addend (a sum of k < 10 numbers below 10^d is below 10^(d+1))
            d_min = -(-(j - start) // k)
            d_max = j - start - k + 2 if k < 10 else size
            for e in range(j + d_min, min(size - later, j + d_max) + 1):
                if later == 0 and e != size:
                    continue
                if not cell_ok(j, e):
                    break
                value = int(s[j:e])
                # a number is its digit sum modulo 9, however the digits are cut: the addends' digits
                # must add up to the total modulo 9
                if (nines[j] - nines[start] - value) % 9:
                    continue
                rest = rec(total + 1, e)
                if not rest:
                    continue
                head = fill(i, start, value, j, total)
                if not head:
                    continue
                tcell = signs.get(j, "") + s[j:e]
                for h in head:
                    for r in rest:
                        res.append((*h, tcell, *r))
        return res

    def fill(i: int, p: int, rem: int, j: int, total: int) -> list[tuple[str, ...]]:
        """Addends i … total-1 covering s[p:j] and adding up to rem."""
        key = (i, p, rem, j)
        hit = fills.get(key)
        if hit is not None:
            return hit
        tick()
        res: list[tuple[str, ...]] = []
        fills[key] = res
        k, m = total - i, j - p
        if k == 0:
            if m == 0 and rem == 0:
                res.append(())
            return res
        if k == 1:  # the last addend is what is left
            if m >= 1 and cell_ok(p, j) and int(s[p:j]) == rem:
                res.append((signs.get(p, "") + s[p:j],))
            return res
        width = len(str(rem))
        # k addends of m digits: at most `width` digits each (≤ rem), and their sum is below
        # 10^(m-k+1) + 10(k-1) (one long addend and k-1 single digits is the largest case)
        if m < k or m > k * width or (m - k < width and rem >= 10 ** (m - k + 1) + 10 * (k - 1)):
            return res
        if rem < nines[j] - nines[p]:  # a number is at least its digit sum
            return res
        stop = min(j - k + 1, nxt[p], p + width)
        if s[p] == "0":
            stop = min(stop, p + 1)
        sign = signs.get(p, "")
        for end in range(p + 1, stop + 1):
            v = int(s[p:end])
            if v > rem:
                break
            for rest in fill(i + 1, end, rem - v, j, total):
                res.append((sign + s[p:end], *rest))
        return res

    try:
        found = rec(0, 0)
    except _Limit:
        return None
    # the plain search's order: by the cells' lengths, left to right
    found.sort(key=lambda parts: [len(x) - (x[0] in "+-") for x in parts])
    return [list(parts) for parts in found if ok is None or ok([int(p) for p in parts])]
