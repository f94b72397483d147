"""The digit-split search pruned by the table identities finds exactly the splits the plain
exponential search found (compared on random runs up to the length the plain search could handle),
and stays fast on long runs (timings recorded, not asserted)."""

from __future__ import annotations

import random
import time

import pytest

from etl.tables import _t2_rule, _t3_rule, _t4_rule
from etl.tables.readings import satisfiable
from etl.tables.split import SumRule, digit_splits


def _reference(tokens: list[str], n: int, ok=None, limit: int = 20000) -> list[list[str]] | None:
    """The search as it was before pruning (every cut, then the predicate): the oracle."""
    signs: dict[int, str] = {}
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
            if any(start < f < end for f in forced):
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


T3_COLS = ("natural", "commercial", "research", "social", "legal", "other_org", "total")
RULES = {
    "t2": (_t2_rule(("prev_items", "change", "decisions")), 3),
    "t3": (_t3_rule(T3_COLS), 7),
    "t4": (_t4_rule(()), 15),
}


def _row(rng: random.Random, table: str) -> list[int]:
    """A row that satisfies its identities (small counts, many zeros, like the real tables)."""

    def cell() -> int:
        return rng.choice([0, 0, 0, rng.randint(1, 9), rng.randint(10, 99), rng.randint(100, 999)])

    if table == "t3":
        parts = [cell() for _ in range(6)]
        return [*parts, sum(parts)]
    if table == "t4":
        row = []
        for _ in range(3):
            parts = [cell() for _ in range(4)]
            row += [*parts, sum(parts)]
        return row
    return [cell() for _ in range(3)]


def _tokens(rng: random.Random, values: list[int], keep: float) -> list[str]:
    """The row's numbers run together, a surviving space between two cells with probability `keep`."""
    tokens = [str(values[0])]
    for v in values[1:]:
        if rng.random() < keep:
            tokens.append(str(v))
        else:
            tokens[-1] += str(v)
    if rng.random() < 0.1:
        tokens[0] = "+" + tokens[0]
    return tokens


def _random_digits(rng: random.Random, length: int) -> list[str]:
    s = "".join(rng.choice("0001123456789") for _ in range(length))
    cuts = sorted(rng.sample(range(1, length), k=min(length - 1, rng.randint(0, 3))))
    return [s[a:b] for a, b in zip([0, *cuts], [*cuts, length], strict=True)]


ORACLE_LIMIT = 4000  # nodes of the plain search: beyond it the oracle is too slow to run often


@pytest.mark.parametrize("table", ["t2", "t3", "t4"])
def test_same_splits_as_the_plain_search_on_random_rows(table):
    rng = random.Random(f"rows-{table}")
    ok, n = RULES[table]
    compared = 0
    for _ in range(150):
        values = _row(rng, table)
        tokens = _tokens(rng, values, keep=rng.choice([0.2, 0.5, 0.7]))
        old = _reference(tokens, n, ok, ORACLE_LIMIT)
        if old is None:
            continue  # the plain search gave up: the pruned one may still answer
        new = digit_splits(tokens, n, ok)
        assert new == old, tokens
        assert [str(v) for v in values] in [[p.lstrip("+") for p in q] for q in new]
        compared += 1
    assert compared > 40


@pytest.mark.parametrize("table", ["t2", "t3", "t4"])
def test_same_splits_as_the_plain_search_on_random_digits(table):
    rng = random.Random(f"digits-{table}")
    ok, n = RULES[table]
    compared = 0
    for _ in range(200):
        tokens = _random_digits(rng, rng.randint(n, n + 12))
        if rng.random() < 0.15:
            k = rng.randrange(len(tokens))
            tokens[k] = rng.choice("+-") + tokens[k]
        old = _reference(tokens, n, ok, ORACLE_LIMIT)
        if old is None:
            continue
        assert digit_splits(tokens, n, ok) == old, tokens
        compared += 1
    assert compared > 40


def test_the_plain_search_keeps_its_limit():
    """Without sums (Table 2) the search is the plain one, giving up at the same point."""
    rng = random.Random("limit")
    ok, n = RULES["t2"]
    for _ in range(300):
        tokens = _random_digits(rng, rng.randint(n, 40))
        for limit in (50, 500):
            assert digit_splits(tokens, n, ok, limit) == _reference(tokens, n, ok, limit), tokens


def test_other_predicates_and_cell_counts():
    rng = random.Random("other")
    even = SumRule(lambda n: [], rule=lambda v: sum(v) % 2 == 0)
    sums = SumRule(lambda n: [(0, 2)], rule=lambda v: v[0] + v[1] == v[2] and v[-1] % 3 == 0)
    for _ in range(200):
        n = rng.randint(1, 8)
        tokens = _random_digits(rng, rng.randint(max(n, 2), n + 9))
        for ok in (None, even, sums if n >= 3 else None, lambda v: max(v) < 50):
            old = _reference(tokens, n, ok, ORACLE_LIMIT)
            if old is not None:
                assert digit_splits(tokens, n, ok) == old, (tokens, n)


def test_sum_rules_are_the_old_predicates():
    """Table 3's and Table 4's rules, built from their sum blocks, decide every row (blanks too) as
    the lambdas they replace did, and `extends` agrees with the whole rule row by row."""
    t3_old = lambda v: len(v) < 7 or satisfiable(v[6:7], v[:6])  # noqa: E731
    t4_old = lambda v: all(satisfiable(v[i + 4 : i + 5], v[i : i + 4]) for i in range(0, len(v) - 4, 5))  # noqa: E731
    rng = random.Random("rules")
    for rule, old in ((_t3_rule(T3_COLS), t3_old), (_t4_rule(()), t4_old)):
        for _ in range(3000):
            row = _row(rng, "t4")
            row = [None if rng.random() < 0.15 else (v + (rng.random() < 0.1)) for v in row]
            for k in range(1, len(row) + 1):
                assert rule(row[:k]) == old(row[:k]), row[:k]
                if old(row[: k - 1]) or k == 1:
                    assert rule.extends(row[:k]) == old(row[:k]), row[:k]


def test_long_runs_stay_fast(record_property):
    """Rows whose cells all ran together, longer than the plain search could finish: the pruned
    search against the plain one (which gives up after 20,000 nodes)."""
    rng = random.Random("long")
    for table, extra in (("t3", 1), ("t4", 1), ("t3", 3), ("t4", 3)):
        ok, n = RULES[table]
        runs = []
        stats = {"new": [0.0, 0.0, 0], "old": [0.0, 0.0, 0]}  # total s, worst s, answered
        for _ in range(30):
            values = [v * 10**extra + rng.randint(0, 10**extra - 1) if v else 0 for v in _row(rng, table)]
            for first, total in [(0, 6)] if table == "t3" else [(0, 4), (5, 9), (10, 14)]:
                values[total] = sum(values[first:total])
            tokens = ["".join(map(str, values))]
            runs.append(len(tokens[0]))
            for name, search in (("new", digit_splits), ("old", _reference)):
                start = time.perf_counter()
                found = search(tokens, n, ok)
                took = time.perf_counter() - start
                st = stats[name]
                st[0], st[1] = st[0] + took, max(st[1], took)
                if found is not None:
                    st[2] += 1
                    assert [str(v) for v in values] in found
        assert stats["new"][2] == 30
        record_property(
            f"split_{table}_runs_{min(runs)}_{max(runs)}_digits",
            "; ".join(
                f"{name}: mean {1000 * st[0] / 30:.2f} ms, worst {1000 * st[1]:.2f} ms, answered {st[2]}/30"
                for name, st in stats.items()
            ),
        )
