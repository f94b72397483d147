"""Tables 2, 3 and 4 of a 2019/2021-format report → canonical cell values with evidence.

`extract_tables(doc)` locates each table by anchors, reads it from the Document's grids where it has
them and from the text otherwise, maps rows by label, and uses the known cell counts as a checksum.
A row whose count does not fit is read every way the source can have lost or merged cells — digits
that ran together (`split.py`), runs of equal cells written once or blank cells dropped
(`readings.py`) — and the readings that break the table identities are dropped (row totals, Table 3
columns D2/D3 via `solve.py`, Table 4 blocks). A cell is set only when every remaining reading agrees
on it; the rest stays unset with a warning naming it, and the readings are kept in `ambiguous`.
Values are never invented.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from etl.document import Document
from etl.model import Span, trusted_span
from etl.tables.atoms import Atom, region_atoms
from etl.tables.labels import (
    T2_2019_MARKERS,
    T2_2021_MARKERS,
    T2_ROWS,
    T3_2021_MARKERS,
    T3_COLS,
    T3_ROWS,
    T4_KEYS,
    norm_label,
)
from etl.tables.locate import locate
from etl.tables.readings import (
    BOTH,
    COLLAPSED,
    DROPPED,
    RowRule,
    TooManyReadings,
    reading_mode,
    readings,
)
from etl.tables.resolve import Candidate, narrative_hints, with_hints
from etl.tables.rows import map_rows
from etl.tables.solve import Equation, solve
from etl.tables.split import SumRule, digit_splits

Value = int | float | None
NAMES = {"t2": "表二 (Table 2)", "t3": "表三 (Table 3)", "t4": "表四 (Table 4)"}
RENDERINGS = {
    COLLAPSED: "连续相同单元格只写一次",
    DROPPED: "空白单元格被省略",
    BOTH: "连续相同单元格只写一次、空白单元格被省略",
}
T4_COLS = tuple(k.removeprefix("t4.") for k in T4_KEYS)
MAX_CANDIDATES = 100  # readings of an ambiguous row recorded in `ambiguous` at most (else none are)


@dataclass
class TableExtraction:
    values: dict[str, Value] = field(default_factory=dict)
    evidence: dict[str, Span] = field(default_factory=dict)
    formats: dict[str, str] = field(default_factory=dict)  # "t2"/"t3"/"t4" → "2019"/"2021"
    format: str | None = None
    warnings: list[str] = field(default_factory=list)
    # Rows read several ways that stay ambiguous (digits run together, fewer numbers than columns):
    # row prefix ("t2_2019.licensing", "t3.granted", "t4") → candidate readings, column → (value,
    # start, end); a blank cell of a reading is left out. The build may settle 2019 Table 2 rows
    # against the adjacent year (X6).
    ambiguous: dict[str, list[Candidate]] = field(default_factory=dict)


@dataclass
class _Cellv:
    value: Value
    start: int
    end: int


@dataclass
class _Layout:
    """One table's rows as found: row prefix → value/blank atoms and column names."""

    name: str
    fmt: str
    rows: dict[str, list[Atom]]
    cols: dict[str, tuple[str, ...]]
    exact: frozenset[str] = frozenset()  # rows whose header does not show every column: no short reading


def _row_cells(atoms: list[Atom], n: int) -> list[_Cellv] | None:
    """The row's n cells when the atoms fit the count (extra trailing blanks ignored)."""
    atoms = list(atoms)
    while len(atoms) > n and atoms[-1].kind == "blank":
        atoms.pop()
    if len(atoms) != n:
        return None
    return [_Cellv(a.value, a.start, a.end) for a in atoms]


def _candidates(atoms: list[Atom], n: int, ok: RowRule) -> list[list[_Cellv]] | None:
    """Splits of run-together digit atoms into n cells satisfying `ok`; None if not splittable/too many."""
    if not atoms or not all(a.digits for a in atoms):
        return []
    tokens = [a.text for a in atoms]
    offsets = [a.start + i for a in atoms for i in range(len(a.text))]
    found = digit_splits(tokens, n, ok)
    if found is None:
        return None
    out = []
    for parts in found:
        cells, k = [], 0
        for p in parts:
            cells.append(_Cellv(int(p), offsets[k], offsets[k + len(p) - 1] + 1))
            k += len(p)
        out.append(cells)
    return out


def _reading_cells(atoms: list[Atom], reading: tuple[int | None, ...]) -> list[_Cellv]:
    """Cells of one reading; a dropped blank gets an empty span where it was lost."""
    cells: list[_Cellv] = []
    after = atoms[-1].end  # start of the next cell read from an atom (scanning from the right)
    for i in reversed(reading):
        if i is not None:
            a = atoms[i]
            cells.append(_Cellv(a.value, a.start, a.end))
            after = a.start
        else:
            cells.append(_Cellv(None, after, after))
    cells.reverse()
    return cells


def _row_readings(
    atoms: list[Atom], n: int, mode: str, ok: RowRule, short: bool = True
) -> tuple[list[list[_Cellv]], str]:
    """The row's readings and how they were made: full, split (run-together digits), collapsed or
    dropped (a short row under the document's rendering), or `too many` when capped."""
    cells = _row_cells(atoms, n)
    if cells is not None:
        return [cells], "full"
    if mode == DROPPED:  # text that lost its separators: digits ran together
        splits = _candidates(atoms, n, ok)
        if splits:
            return splits, "split"
    if not short:
        return [], "wrong count"
    try:
        found = readings(atoms, n, mode, ok)
    except TooManyReadings:
        return [], "too many"
    return [_reading_cells(atoms, r) for r in found], mode


def _t2_rule(cols: tuple[str, ...]) -> RowRule:
    """Only a 本年增/减 (change) cell may be negative."""
    return lambda v: all(x is None or x >= 0 for x, col in zip(v, cols, strict=False) if col != "change")


def _t3_rule(_cols) -> RowRule:
    # D1; the sum block lets the digit-split search prune as it goes
    return SumRule(lambda n: [(0, 6)] if n >= 7 else [])  # ≡ len(v) < 7 or satisfiable(v[6:7], v[:6])


def _t4_rule(_cols) -> RowRule:
    # ≡ all(satisfiable(v[i + 4 : i + 5], v[i : i + 4]) for i in range(0, len(v) - 4, 5))
    return SumRule(lambda n: [(i, i + 4) for i in range(0, n - 4, 5)])  # D4


def _t3_equations(rows: list[str]) -> list[Equation]:
    """D2 and D3 for every column, over Table 3's row prefixes."""
    flow = [f"t3.{r}" for r in ("new_received", "carried_in", "total_processed", "carried_out")]
    outcomes = [r for r in rows if r not in flow]
    eqs: list[Equation] = []
    for c in range(7):
        eqs.append((((flow[0], c), (flow[1], c)), ((flow[2], c), (flow[3], c))))
        eqs.append((((flow[2], c),), tuple((r, c) for r in outcomes)))
    return eqs


def _t3_format(atoms: list[Atom]) -> str:
    labels = "".join(norm_label(a.text) for a in atoms if a.kind == "label")
    return "2021" if T3_2021_MARKERS.search(labels) else "2019"


def _t2_format(atoms: list[Atom]) -> str | None:
    labels = "".join(norm_label(a.text) for a in atoms if a.kind == "label")
    if T2_2021_MARKERS.search(labels):
        return "2021"
    if T2_2019_MARKERS.search(labels):
        return "2019"
    return None


class _Out:
    def __init__(self, doc: Document, result: TableExtraction, regions: dict[str, tuple[int, int]]):
        self.doc, self.r, self.regions = doc, result, regions

    def put(self, key: str, cell: _Cellv) -> None:
        self.r.values[key] = cell.value
        start, end = cell.start, max(cell.end, cell.start)
        # built without validation: thousands per report, and every field is ours
        self.r.evidence[key] = trusted_span(start, end, self.doc.text[start:end], self.doc.page_of(start))

    def warn(self, msg: str) -> None:
        self.r.warnings.append(msg)


def _t2_layout(atoms: list[Atom], out: _Out) -> _Layout:
    labels = "".join(norm_label(a.text) for a in atoms if a.kind == "label")
    fmt = _t2_format(atoms)
    if fmt is None:
        fmt = "2019" if ("对外管理服务" in labels or "集中采购" in labels) else "2021"
    spec = T2_ROWS[fmt]
    found, missing = map_rows(atoms, [(prefix, variants) for prefix, variants, _ in spec])
    for prefix in missing:
        out.warn(f"{NAMES['t2']}: 未找到行 {prefix} (row label not found)")
    cols = {prefix: c for prefix, _, c in spec}
    # a 2019 variant without the 本年增/减 column (`2019年项目数量 | 处理决定数量`) has fewer columns
    exact = frozenset(p for p, c in cols.items() if "change" in c and "增" not in labels)
    return _Layout("t2", fmt, {p: found[p] for p, _, _ in spec if p in found}, cols, exact)


def _t3_layout(atoms: list[Atom], out: _Out) -> _Layout:
    fmt = _t3_format(atoms)
    spec = T3_ROWS[fmt]
    found, missing = map_rows(atoms, spec, fuzzy_window=60)
    for row_id in missing:
        out.warn(f"{NAMES['t3']}: 未找到行 {row_id} (row label not found; row left unset)")
    rows = {f"t3.{r}": found[r] for r, _ in spec if r in found}
    return _Layout("t3", fmt, rows, {f"t3.{r}": T3_COLS for r, _ in spec})


_T4_HEADER_CHARS = set("行政复议诉讼结果维持纠正其他尚未审结总计经直接起后情况()")


def _t4_values(atoms: list[Atom]) -> list[Atom]:
    """Value/blank atoms after Table 4's last header word, up to the next label."""
    last_header = -1
    for i, a in enumerate(atoms):
        t = norm_label(a.text)
        if a.kind == "label" and t and set(t) <= _T4_HEADER_CHARS:
            last_header = i
    values: list[Atom] = []
    for a in atoms[last_header + 1 :]:
        if a.kind == "label":
            if values and len(a.text) >= 2:
                break
            continue
        values.append(a)
    return values


def _t4_layout(atoms: list[Atom], out: _Out) -> _Layout:
    return _Layout("t4", "", {"t4": _t4_values(atoms)}, {"t4": T4_COLS})


def _raw(atoms: list[Atom]) -> str:
    return " ".join(a.text or "∅" for a in atoms)


def _as_candidate(cols: tuple[str, ...], cells: list[_Cellv]) -> Candidate:
    return {col: (c.value, c.start, c.end) for col, c in zip(cols, cells, strict=True) if c.value is not None}


def _read(
    layout: _Layout,
    out: _Out,
    mode: str,
    rule: Callable[[tuple[str, ...]], RowRule],
    equations: list[Equation],
) -> str:
    """Read every row, choose jointly among the readings of short or run-together rows, set the
    cells all remaining readings agree on and warn about the rest; the joint status (solve.py)."""
    name = NAMES[layout.name]
    options: dict[str, list[list[_Cellv]]] = {}
    how: dict[str, str] = {}
    for prefix, atoms in layout.rows.items():
        cols = layout.cols[prefix]
        found, kind = _row_readings(atoms, len(cols), mode, rule(cols), prefix not in layout.exact)
        if not found:
            why = "too many readings" if kind == "too many" else "no reading fits the identities"
            if len(atoms) > len(cols) or not atoms or kind == "wrong count":
                why = "wrong count"
            out.warn(
                f"{name} {prefix}: 数值个数不符 '{_raw(atoms)}' (expected {len(cols)} cells; {why}; row left unset)"
            )
            continue
        if layout.name == "t2" and len(found) > 1:
            found, kind = _narrowed_by_prose(prefix, cols, found, kind, out)
        options[prefix], how[prefix] = found, kind
    solution = solve(
        {p: [[c.value for c in cells] for cells in opts] for p, opts in options.items()}, equations
    )
    if solution.status == "none" and any(len(o) > 1 for o in options.values()):
        out.warn(f"{name}: 各行读法无法同时满足列恒等式 (D2/D3)，只按行内恒等式取值")
    elif solution.status == "capped":
        out.warn(f"{name}: 读法组合过多，只按区间推理筛选 (readings pruned by propagation only)")
    short = []
    for prefix, opts in options.items():
        kept = [opts[i] for i in solution.kept[prefix]]
        _put_agreed(prefix, layout.cols[prefix], kept, how[prefix], out, name)
        if how[prefix].removesuffix("+prose") in RENDERINGS:
            short.append(prefix)
    if short:
        out.warn(
            f"{name}: {len(short)} 行数值少于列数，按“{RENDERINGS[mode]}”读出，只取符合表内恒等式的各种读法一致的单元格: "
            + ", ".join(short)
        )
    return solution.status


def _narrowed_by_prose(prefix, cols, found, kind, out: _Out) -> tuple[list[list[_Cellv]], str]:
    """Table 2 readings the report's narrative agrees with (all of them when it agrees with none)."""
    hints = narrative_hints(out.doc.text, prefix, cols, list(out.regions.values()))
    cands = [_as_candidate(cols, cells) for cells in found]
    kept = with_hints(cands, hints)
    if len(kept) == len(cands):
        return found, kind
    return [cells for cells, cand in zip(found, cands, strict=True) if cand in kept], kind + "+prose"


def _put_agreed(
    prefix: str, cols: tuple[str, ...], readings: list[list[_Cellv]], how: str, out: _Out, name: str
):
    unset = []
    for k, col in enumerate(cols):
        if len({r[k].value for r in readings}) == 1:
            out.put(f"{prefix}.{col}", readings[0][k])
        else:
            unset.append(f"{prefix}.{col}")
    distinct = list({tuple(c.value for c in r): r for r in readings}.values())
    raw = " / ".join(" ".join("∅" if c.value is None else f"{c.value}" for c in r) for r in distinct[:4])
    by_prose = " (split narrowed by the narrative)" if how.endswith("+prose") else ""
    if not unset:
        if how.startswith("split") and by_prose:
            out.warn(f"{name} {prefix}: 数字连写，按正文数字唯一拆分 '{raw}'{by_prose}")
        return
    if len(distinct) <= MAX_CANDIDATES:
        out.r.ambiguous[prefix] = [_as_candidate(cols, r) for r in distinct]
    what = (
        "数字连写无法唯一拆分"
        if how.startswith("split")
        else f"数值少于列数，{len(distinct)} 种读法符合恒等式"
    )
    out.warn(f"{name} {prefix}: {what} ({raw} …){by_prose}; unset: {', '.join(unset)}")


_LAYOUTS = {"t2": _t2_layout, "t3": _t3_layout, "t4": _t4_layout}
_RULES = {"t2": _t2_rule, "t3": _t3_rule, "t4": _t4_rule}


def extract_tables(doc: Document) -> TableExtraction:
    """The report's Tables 2–4, read under the rendering its tables show (`reading_mode`)."""
    result, status = _extract(doc)
    if status == "none":  # the collapsed reading breaks Table 3's columns: blank cells were dropped too
        result, _ = _extract(doc, BOTH)
        result.warnings.append(
            f"{NAMES['t3']}: 按“{RENDERINGS[COLLAPSED]}”读出的各行无法同时满足列恒等式，"
            f"改按“{RENDERINGS[BOTH]}”读"
        )
    return result


def _extract(doc: Document, mode: str | None = None) -> tuple[TableExtraction, str]:
    """The tables read under `mode` (default: the document's own, `reading_mode`), and the status of
    Table 3's joint reading when it was read as collapsed runs (`none`: no reading fits)."""
    result = TableExtraction()
    regions = locate(doc.text)
    out = _Out(doc, result, regions)
    grid_cache: dict = {}
    layouts = []
    for name in ("t2", "t3", "t4"):
        if name in regions:
            start, end = regions[name]
            layouts.append(_LAYOUTS[name](region_atoms(doc, start, end, grid_cache), out))
    rows = [(atoms, len(lay.cols[p])) for lay in layouts for p, atoms in lay.rows.items()]
    empty_row = any(not atoms for lay in layouts if lay.name != "t4" for atoms in lay.rows.values())
    mode = mode or reading_mode(doc.text, rows, empty_row)
    status = "ok"
    for lay in layouts:
        if lay.name != "t4":
            result.formats[lay.name] = lay.fmt
        equations = _t3_equations(list(lay.cols)) if lay.name == "t3" else []
        solved = _read(lay, out, mode, _RULES[lay.name], equations)
        if lay.name == "t3" and mode == COLLAPSED:
            status = solved
        if lay.name == "t4":
            result.formats["t4"] = result.formats.get("t3", result.formats.get("t2", "2021"))
    # No table at all is normal before 2019; the pipeline, which knows the era, warns about it.
    if regions:
        for name in ("t2", "t3", "t4"):
            if name not in regions:
                out.warn(f"{NAMES[name]}: 未找到 (table not found in the text)")
    fmts = set(result.formats.values())
    result.format = "2021" if "2021" in fmts else ("2019" if fmts else None)
    if len({result.formats.get("t2"), result.formats.get("t3")} - {None}) > 1:
        out.warn(
            f"表格格式混用 (mixed formats: Table 2 {result.formats['t2']}, Table 3 {result.formats['t3']})"
        )
    return result, status


__all__ = ["TableExtraction", "extract_tables"]
