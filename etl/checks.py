"""Consistency checks on a report's values (report-formats.md §D): what the source says, flagged, never fixed.

Exact identities D1–D6 are evaluated with blanks read as 0 and as unknown (a non-negative integer):
`ok` holds with blanks as 0; `incomplete` fails only when blanks read as 0; `fail` cannot hold at all.
Soft rules X1–X6 and the anti-pattern A1 give `ok`/`fail`. A check is emitted only when its inputs exist.

Plausibility (P1, etl/plausibility.py, bounds in etl/data/plausibility.csv) comes first: a value that
cannot be a real figure (a negative or fractional count, a count beyond any agency's size, 1e40) is not
loaded, gets a P1 `fail` row, and reaches these rules as a blank cell (unknown). So on a parsed report
D1–D5 never compute with an implausible number, and D6 never fails (P1 says which cell); `run_checks`
itself still applies D6 to whatever values it is given.
"""

from __future__ import annotations

from etl.model import Check
from etl.tables.labels import T2_ROWS, T3_COLS, T4_BLOCKS, T4_RESULTS
from etl.tables.resolve import X6_ROWS

T4_PARTS = T4_RESULTS[:-1]  # the parts that add up to a block's total
DENIED = (
    "state_secret",
    "law_forbidden",
    "three_security_one_stability",
    "third_party",
    "internal_affairs",
    "process_info",
    "enforcement_file",
    "admin_query",
)
UNABLE = ("not_held", "needs_creation", "unclear")
NOT_PROCESSED = ("petition", "repeat", "publication", "massive", "confirm")
OTHER_2021 = ("no_correction", "no_fee_paid", "other")
_MISSING = object()

Values = dict[str, int | float | None]


def _get(values: Values, keys: list[str]):
    """The values of keys, or _MISSING if any key is absent (the rule's inputs do not exist)."""
    if any(k not in values for k in keys):
        return _MISSING
    return [values[k] for k in keys]


def _fmt(xs) -> str:
    return "+".join("□" if x is None else f"{x:g}" for x in xs)


def _identity(rule: str, scope: str, lhs: list, rhs: list, lhs_name: str, rhs_name: str) -> Check:
    """sum(lhs) == sum(rhs) with blanks (None) as 0 and as unknown non-negative numbers."""
    known_l = sum(x for x in lhs if x is not None)
    known_r = sum(x for x in rhs if x is not None)
    unk_l = any(x is None for x in lhs)
    unk_r = any(x is None for x in rhs)
    detail = f"{lhs_name} {_fmt(lhs)} = {known_l:g}; {rhs_name} {_fmt(rhs)} = {known_r:g}"
    if abs(known_l - known_r) < 1e-9:
        return Check(rule=rule, scope=scope, status="ok", detail=detail)
    satisfiable = (unk_l and unk_r) or (unk_l and known_l < known_r) or (unk_r and known_r < known_l)
    if satisfiable:
        return Check(
            rule=rule, scope=scope, status="incomplete", detail=detail + " (blank cells □ read as 0)"
        )
    return Check(rule=rule, scope=scope, status="fail", detail=detail)


def _t3_outcome_rows(values: Values) -> list[str]:
    other = ["other"] if "t3.other.total" in values else [f"other.{o}" for o in OTHER_2021]
    return (
        ["granted", "partial"]
        + [f"denied.{d}" for d in DENIED]
        + [f"unable.{u}" for u in UNABLE]
        + [f"not_processed.{n}" for n in NOT_PROCESSED]
        + other
    )


def _t3_rows(values: Values) -> list[str]:
    rows = ["new_received", "carried_in"] + _t3_outcome_rows(values) + ["total_processed", "carried_out"]
    return [r for r in rows if f"t3.{r}.total" in values]


def d1(values: Values) -> list[Check]:
    out = []
    for row in _t3_rows(values):
        vs = _get(values, [f"t3.{row}.{c}" for c in T3_COLS])
        if vs is not _MISSING:
            out.append(_identity("D1", row, vs[6:], vs[:6], "总计", "各类申请人之和"))
    return out


def d2(values: Values) -> list[Check]:
    out = []
    for c in T3_COLS:
        vs = _get(
            values, [f"t3.{r}.{c}" for r in ("new_received", "carried_in", "total_processed", "carried_out")]
        )
        if vs is not _MISSING:
            out.append(_identity("D2", c, vs[:2], vs[2:], "新收+上年结转", "办理总计+结转下年"))
    return out


def d3(values: Values) -> list[Check]:
    out = []
    rows = _t3_outcome_rows(values)
    for c in T3_COLS:
        vs = _get(values, [f"t3.total_processed.{c}"] + [f"t3.{r}.{c}" for r in rows])
        if vs is not _MISSING:
            out.append(_identity("D3", c, vs[:1], vs[1:], "(七)总计", "各办理结果之和"))
    return out


def d4(values: Values) -> list[Check]:
    out = []
    for b in T4_BLOCKS:
        vs = _get(values, [f"t4.{b}.total"] + [f"t4.{b}.{p}" for p in T4_PARTS])
        if vs is not _MISSING:
            out.append(_identity("D4", b, vs[:1], vs[1:], "总计", "维持+纠正+其他+尚未审结"))
    return out


def d5(values: Values) -> list[Check]:
    out = []
    for c in T3_COLS:
        vs = _get(values, [f"t3.{r}.{c}" for r in ("carried_out", "new_received", "carried_in")])
        if vs is _MISSING:
            continue
        out_, new, carried = vs
        detail = f"结转下年 {_fmt([out_])} ≤ 新收+上年结转 {_fmt([new, carried])}"
        if (out_ or 0) <= (new or 0) + (carried or 0):
            status = "ok"
        elif None in (new, carried):  # an unknown on the larger side can make it hold
            status = "incomplete"
        else:
            status = "fail"
        out.append(Check(rule="D5", scope=c, status=status, detail=detail))
    return out


def d6(values: Values) -> list[Check]:
    """Type rule: counts are non-negative integers; fees non-negative; 2019 `本年增/减` may be negative."""
    out = []
    for table in ("t2", "t3", "t4"):
        keys = [k for k in values if k.split(".")[0] in ((table, "t2_2019") if table == "t2" else (table,))]
        if not keys:
            continue
        bad = []
        for k in keys:
            v = values[k]
            if v is None:
                continue
            if k.endswith((".amount_10k_yuan", ".amount")):
                ok = v >= 0
            elif k.endswith(".change"):
                ok = float(v).is_integer()
            else:
                ok = v >= 0 and float(v).is_integer()
            if not ok:
                bad.append(f"{k}={v}")
        detail = "; ".join(bad[:10])
        out.append(Check(rule="D6", scope=table, status="fail" if bad else "ok", detail=detail))
    return out


def _soft(rule: str, scope: str, ok: bool, detail: str) -> Check:
    return Check(rule=rule, scope=scope, status="ok" if ok else "fail", detail=detail)


def _known(values: Values, keys: list[str]) -> list | None:
    vs = _get(values, keys)
    if vs is _MISSING or any(v is None for v in vs):
        return None
    return vs


def x3(values: Values) -> list[Check]:
    out = []
    for row in ("regulations", "normative_docs"):
        vs = _known(values, [f"t2.{row}.made", f"t2.{row}.valid", f"t2.{row}.repealed"])
        if vs:
            made, valid, repealed = vs
            out.append(
                _soft(
                    "X3",
                    row,
                    made <= valid + repealed,
                    f"本年制发 {made:g} ≤ 现行有效 {valid:g} + 本年废止 {repealed:g}",
                )
            )
    return out


# narrative key → (table keys summed, alternative sums accepted)
_X4_PAIRS = {
    "s.requests_received": [["t3.new_received.total"], ["t3.new_received.total", "t3.carried_in.total"]],
    "s.requests_processed": [["t3.total_processed.total"]],
    "s.granted": [["t3.granted.total"]],
    "s.partial": [["t3.partial.total"]],
    "s.denied": [[f"t3.denied.{d}.total" for d in DENIED]],
    "s.unable": [[f"t3.unable.{u}.total" for u in UNABLE]],
    "s.reviews": [["t4.review.total"]],
    "s.reviews_corrected": [["t4.review.corrected"]],
    "s.lawsuits": [["t4.lit_direct.total", "t4.lit_after_review.total"]],
}


def x4(values: Values) -> list[Check]:
    out = []
    for skey, alternatives in _X4_PAIRS.items():
        stated = values.get(skey)
        if stated is None:
            continue
        sums = [sum(vs) for keys in alternatives if (vs := _known(values, keys)) is not None]
        if not sums:
            continue
        ok = any(abs(stated - s) < 1e-9 for s in sums)
        detail = f"正文 {stated:g} vs 表格 {' 或 '.join(f'{s:g}' for s in sums)}"
        out.append(_soft("X4", skey.removeprefix("s."), ok, detail))
    return out


def x5(values: Values) -> list[Check]:
    fees = values.get("s.fees_yuan")
    unpaid = values.get("t3.other.no_fee_paid.total")
    if fees is None or unpaid is None:
        return []
    ok = not (fees == 0 and unpaid > 0)
    detail = f"正文信息处理费 {fees:g} 元; 表三(六)2 逾期未缴费 {unpaid:g} 件"
    if not ok:
        detail += " (no fee stated, yet requests were dropped for unpaid fees: were fees notified?)"
    return [_soft("X5", "fees", ok, detail)]


_ROWS_WITH_DECISIONS = tuple(
    prefix.split(".")[1] for prefix, _, cols in T2_ROWS["2019"] if {"prev_items", "decisions"} <= set(cols)
)


def a1(values: Values) -> list[Check]:
    """2019 Table 2 anti-pattern (report-formats.md §D.2): 处理决定数量 = 上一年项目数量 + 本年增/减
    is a misreading of the columns, not an identity; `fail` flags a likely mis-fill."""
    out = []
    for row in _ROWS_WITH_DECISIONS:
        vs = _known(
            values, [f"t2_2019.{row}.prev_items", f"t2_2019.{row}.change", f"t2_2019.{row}.decisions"]
        )
        if vs and vs[1] != 0:
            items, change, decisions = vs
            misfill = abs(items + change - decisions) < 1e-9
            detail = f"处理决定数量 {decisions:g} vs 上一年项目数量 {items:g} + 本年增/减 {change:g}"
            out.append(_soft("A1", row, not misfill, detail + (" (likely mis-fill)" if misfill else "")))
    return out


def run_checks(values: Values, fmt: str | None) -> list[Check]:
    """D1–D6, the soft in-report rules X3–X5 and the anti-pattern A1 for one report's values."""
    checks: list[Check] = []
    for rule in (d1, d2, d3, d4, d5, d6, x3, x4, x5, a1):
        checks.extend(rule(values))
    return checks


def cross_year_checks(prev_values: Values, values: Values) -> list[Check]:
    """X1 (carry-over: carried_in(N) = carried_out(N−1)), X2 (Table 2 stock–flow) and X6 (2019
    format: 上一年项目数量(N) = 上一年项目数量(N−1) + 本年增/减(N−1)) for one agency."""
    out = []
    for c in T3_COLS:
        a = prev_values.get(f"t3.carried_out.{c}")
        b = values.get(f"t3.carried_in.{c}")
        if a is not None and b is not None:
            out.append(_soft("X1", c, a == b, f"上年结转下年 {a:g} vs 本年上年结转 {b:g}"))
    for row in ("regulations", "normative_docs"):
        prev = prev_values.get(f"t2.{row}.valid")
        cur = _known(values, [f"t2.{row}.valid", f"t2.{row}.made", f"t2.{row}.repealed"])
        if prev is not None and cur:
            valid, made, repealed = cur
            expected = prev + made - repealed
            out.append(
                _soft(
                    "X2",
                    row,
                    abs(valid - expected) < 1e-9,
                    f"现行有效 {valid:g} vs 上年 {prev:g} + 制发 {made:g} − 废止 {repealed:g} = {expected:g}",
                )
            )
    for row in X6_ROWS:  # the 2019 format's item rows
        before = _known(prev_values, [f"t2_2019.{row}.prev_items", f"t2_2019.{row}.change"])
        now = values.get(f"t2_2019.{row}.prev_items")
        if before and now is not None:
            items, change = before
            out.append(
                _soft(
                    "X6",
                    row,
                    abs(items + change - now) < 1e-9,
                    f"本年上一年项目数 {now:g} vs 上年 {items:g} + 增减 {change:g} = {items + change:g}",
                )
            )
    return out
