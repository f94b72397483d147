"""Plausibility of the values a report states (rule P1): what cannot be a real figure is not loaded.

Next to the identities D1–D6 (etl/checks.py), which compare values that could all be real, P1 asks of
each value alone whether it could be: a count is a whole, non-negative number of plausible size for
its key; an amount (万元, 元) may have decimals; 2019 `本年增/减` may be negative. The bounds per key
family are in `etl/data/plausibility.csv`, each with the largest value the parser reads from the real
corpus and why the ceiling sits where it does (typically 25–300x the corpus maximum: a ceiling no
single report can reach, which still rejects a misread such as run-together cells `640020470`, an
OCR'd `1e40` or a dash read as a minus `-11111`).

A value outside is **not loaded as a fact**. It becomes a `checks` row (rule `P1`, status `fail`,
scope the key, detail the key, the value, why and the text it was read from) and a warning on the
report with the same evidence. This applies to table cells, prose and pre-2019 appendix numbers
(etl/parse.py), the candidate splits of run-together Table 2 rows (which the build may settle into
facts) and statistics records (etl/records.py).

What the checks see: the other rules run on the plausible values only. A rejected table cell is given
to them as a *blank* (unknown, `None`): an identity that needs the cell then reports `incomplete`
(satisfiable by some non-negative value) or `fail` (not even then), never `ok` or `fail` computed from
a number nobody wrote. Giving it the implausible value instead would turn every misread into an
identity failure blamed on the source and would let `1e40` dominate every sum; leaving the key out
would silently drop the identity. D6 (the type rule) therefore never fails on a parsed report: P1 is
its stricter successor, and says which cell. A rejected prose number is left out of X4 (narrative vs
tables) altogether.
"""

from __future__ import annotations

import csv
import fnmatch
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from etl.model import Check, Span

BOUNDS_FILE = Path(__file__).parent / "data" / "plausibility.csv"
RULE = "P1"
EVIDENCE_CHARS = 60  # of the source text quoted in a P1 detail or warning


@dataclass(frozen=True)
class Bound:
    pattern: str
    low: float
    high: float
    integer: bool
    corpus_max: float | None
    why: str

    def judge(self, value) -> str | None:
        """Why `value` is implausible for a key of this bound, or None if it is plausible."""
        if isinstance(value, bool) or not isinstance(value, int | float):
            return f"不是数值（{type(value).__name__}）"
        if isinstance(value, float) and not math.isfinite(value):
            return "不是有限数值"
        if self.integer and isinstance(value, float) and not value.is_integer():
            return "计数应为整数"
        if value < self.low:
            return "计数不应为负数" if self.low == 0 else f"小于下限 {self.low:g}"
        if value > self.high:
            return f"超出合理上限 {self.high:g}"
        return None


@lru_cache(maxsize=1)
def bounds() -> tuple[Bound, ...]:
    """The bounds of `etl/data/plausibility.csv`, in file order (the first matching pattern applies)."""
    with open(BOUNDS_FILE, encoding="utf-8", newline="") as f:
        lines = [line for line in f if not line.startswith("#")]
    out = []
    for row in csv.DictReader(lines):
        out.append(
            Bound(
                pattern=row["pattern"],
                low=float(row["low"]),
                high=float(row["high"]),
                integer=row["integer"].strip() == "1",
                corpus_max=float(row["corpus_max"]) if row["corpus_max"] else None,
                why=row["why"],
            )
        )
    if not out or out[-1].pattern != "*":
        raise ValueError(f"{BOUNDS_FILE}: the last row must be the catch-all pattern '*'")
    return tuple(out)


@lru_cache(maxsize=4096)
def bound_for(key: str) -> Bound:
    return next(b for b in bounds() if fnmatch.fnmatchcase(key, b.pattern))


def implausible(key: str, value) -> str | None:
    """Why `value` cannot be the figure of `key`, or None when it can (a blank, None, always can)."""
    if value is None:
        return None
    return bound_for(key).judge(value)


def is_plausible(key: str, value) -> bool:
    return implausible(key, value) is None


def _show(value) -> str:
    if isinstance(value, float) and math.isfinite(value) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, int) and not isinstance(value, bool):
        digits = str(abs(value)) if abs(value) < 10**4000 else "…"
        return ("-" if value < 0 else "") + (
            digits if len(digits) <= 20 else f"{digits[:6]}…（{len(digits)} 位）"
        )
    return repr(value) if not isinstance(value, float) else f"{value:g}"


def _quote(text: str | None) -> str:
    if not text:
        return ""
    text = " ".join(text.split())
    return text if len(text) <= EVIDENCE_CHARS else text[: EVIDENCE_CHARS - 1] + "…"


@dataclass(frozen=True)
class Rejected:
    """One value that was not loaded: its key, what was read, why, and the source text."""

    key: str
    value: object
    reason: str
    evidence: str | None = None

    def check(self) -> Check:
        where = f"（原文“{_quote(self.evidence)}”）" if self.evidence else ""
        return Check(
            rule=RULE,
            scope=self.key,
            status="fail",
            detail=f"{self.key} = {_show(self.value)}：{self.reason}{where}，未载入",
        )

    def warning(self) -> str:
        where = f"，原文“{_quote(self.evidence)}”" if self.evidence else ""
        return f"不可信数值未载入：{self.key} = {_show(self.value)}（{self.reason}{where}）"


class Screen:
    """Collects what one report's values lose to P1. `text`: the text the spans point into."""

    def __init__(self, text: str = ""):
        self.text = text
        self.rejected: list[Rejected] = []

    def _reject(self, key: str, value, evidence: str | None) -> bool:
        reason = implausible(key, value)
        if reason is None:
            return False
        self.rejected.append(Rejected(key, value, reason, evidence))
        return True

    def values(self, values: dict, evidence: dict[str, Span] | None = None) -> dict:
        """`values` without the implausible ones (recorded with their evidence)."""
        evidence = evidence or {}
        out = {}
        for key, value in values.items():
            span = evidence.get(key)
            if not self._reject(key, value, span.text if span is not None else None):
                out[key] = value
        return out

    def stated(self, items: list) -> list:
        """Prose or appendix values (objects with key, value, start, end) that are plausible."""
        return [
            item
            for item in items
            if not self._reject(item.key, item.value, self.text[item.start : item.end] or None)
        ]

    def candidates(self, table_candidates: dict[str, list[dict]]) -> dict[str, list[dict]]:
        """Candidate splits of run-together rows without any split holding an implausible cell (the
        build settles candidates into facts). Not recorded: a split is a guess, not a statement."""
        out = {}
        for row_key, cands in table_candidates.items():
            kept = [
                cand
                for cand in cands
                if all(is_plausible(f"{row_key}.{col}", cell[0]) for col, cell in cand.items())
            ]
            if kept:
                out[row_key] = kept
        return out

    def for_checks(self, values: dict) -> dict:
        """The values the other rules see: a rejected table cell as a blank (unknown)."""
        out = dict(values)
        for r in self.rejected:
            if not r.key.startswith("s."):
                out.setdefault(r.key, None)
        return out

    def checks(self) -> list[Check]:
        return [r.check() for r in self.rejected]

    def warnings(self) -> list[str]:
        return [r.warning() for r in self.rejected]
