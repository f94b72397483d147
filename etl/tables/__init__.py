"""Tables 2, 3 and 4 of a 2019/2021-format report → canonical cell values with evidence.

`extract_tables(doc)` locates each table by anchors, reads it from the Document's grids where it has
them and from the text otherwise, maps rows by label, and uses the known cell counts as a checksum:
a row whose count does not fit is left unset with a warning, except that digits which ran together
are split when exactly one split satisfies the table identities. Values are never invented.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from etl.document import Document
from etl.model import Span
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
from etl.tables.resolve import Candidate, agreed, narrative_hints, with_hints
from etl.tables.rows import map_rows
from etl.tables.split import digit_splits

Value = int | float | None
NAMES = {"t2": "表二 (Table 2)", "t3": "表三 (Table 3)", "t4": "表四 (Table 4)"}


@dataclass
class TableExtraction:
    values: dict[str, Value] = field(default_factory=dict)
    evidence: dict[str, Span] = field(default_factory=dict)
    formats: dict[str, str] = field(default_factory=dict)  # "t2"/"t3"/"t4" → "2019"/"2021"
    format: str | None = None
    warnings: list[str] = field(default_factory=list)
    # Table 2 rows whose digits ran together and stay ambiguous: row prefix → candidate splits
    # (column → (value, start, end)); the build may settle them against the adjacent year (X6).
    ambiguous: dict[str, list[Candidate]] = field(default_factory=dict)


@dataclass
class _Cellv:
    value: Value
    start: int
    end: int


def _row_cells(atoms: list[Atom], n: int) -> list[_Cellv] | None:
    """The row's n cells when the atoms fit the count (extra trailing blanks ignored)."""
    atoms = list(atoms)
    while len(atoms) > n and atoms[-1].kind == "blank":
        atoms.pop()
    if len(atoms) != n:
        return None
    return [_Cellv(a.value, a.start, a.end) for a in atoms]


def _candidates(atoms: list[Atom], n: int, ok=None) -> list[list[_Cellv]] | None:
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


def _t2_signs_ok(cols: tuple[str, ...]):
    """Only a 本年增/减 (change) cell may be negative."""
    return lambda v: all(x >= 0 for x, col in zip(v, cols, strict=True) if col != "change")


def _t3_row_ok(v: list[int]) -> bool:
    return sum(v[:6]) == v[6]


def _t4_ok(v: list[int]) -> bool:
    return all(sum(v[i : i + 4]) == v[i + 4] for i in (0, 5, 10))


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
        self.r.evidence[key] = Span(
            start=start, end=end, text=self.doc.text[start:end], page=self.doc.page_of(start)
        )

    def warn(self, msg: str) -> None:
        self.r.warnings.append(msg)


def _extract_t2(atoms: list[Atom], out: _Out) -> None:
    fmt = _t2_format(atoms)
    if fmt is None:
        labels = "".join(norm_label(a.text) for a in atoms if a.kind == "label")
        fmt = "2019" if ("对外管理服务" in labels or "集中采购" in labels) else "2021"
    out.r.formats["t2"] = fmt
    spec = T2_ROWS[fmt]
    found, missing = map_rows(atoms, [(prefix, variants) for prefix, variants, _ in spec])
    for prefix in missing:
        out.warn(f"{NAMES['t2']}: 未找到行 {prefix} (row label not found)")
    for prefix, _, cols in spec:
        if prefix not in found:
            continue
        row = found[prefix]
        cells = _row_cells(row, len(cols))
        if cells is None:
            cands = _candidates(row, len(cols), _t2_signs_ok(cols))
            if cands and len(cands) == 1:
                cells = cands[0]
            elif cands:
                _settle_t2_row(prefix, cols, cands, out)
                continue
            else:
                raw = " ".join(a.text or "∅" for a in row)
                out.warn(
                    f"{NAMES['t2']} {prefix}: 数值个数不符 '{raw}' (expected {len(cols)} cells; row left unset)"
                )
                continue
        for col, cell in zip(cols, cells, strict=True):
            out.put(f"{prefix}.{col}", cell)


def _settle_t2_row(prefix: str, cols: tuple[str, ...], cands: list[list[_Cellv]], out: _Out) -> None:
    """A run-together row with several splits: the narrative may rule splits out; cells all remaining
    splits agree on are set, the rest stays unset (and is kept for the cross-year rule X6)."""
    splits: list[Candidate] = [
        {col: (c.value, c.start, c.end) for col, c in zip(cols, cand, strict=True)} for cand in cands
    ]
    hints = narrative_hints(out.doc.text, prefix, cols, list(out.regions.values()))
    kept = with_hints(splits, hints)
    settled = agreed(kept)
    for col, (value, start, end) in settled.items():
        out.put(f"{prefix}.{col}", _Cellv(value, start, end))
    raw = " / ".join(" ".join(str(c[col][0]) for col in cols) for c in kept[:4])
    by_prose = " (split narrowed by the narrative)" if len(kept) < len(splits) else ""
    if len(settled) == len(cols):
        out.warn(f"{NAMES['t2']} {prefix}: 数字连写，按正文数字唯一拆分 '{raw}'{by_prose}")
        return
    out.r.ambiguous[prefix] = kept
    unset = ", ".join(c for c in cols if c not in settled)
    out.warn(f"{NAMES['t2']} {prefix}: 数字连写无法唯一拆分 ({raw} …){by_prose}; unset: {unset}")


def _extract_t3(atoms: list[Atom], out: _Out) -> None:
    fmt = _t3_format(atoms)
    out.r.formats["t3"] = fmt
    spec = T3_ROWS[fmt]
    found, missing = map_rows(atoms, spec, fuzzy_window=60)
    for row_id in missing:
        out.warn(f"{NAMES['t3']}: 未找到行 {row_id} (row label not found; row left unset)")
    rows: dict[str, list[_Cellv]] = {}
    ambiguous: dict[str, list[list[_Cellv]]] = {}
    for row_id, _ in spec:
        if row_id not in found:
            continue
        cells = _row_cells(found[row_id], 7)
        if cells is not None:
            rows[row_id] = cells
            continue
        cands = _candidates(found[row_id], 7, _t3_row_ok)
        if cands and len(cands) == 1:
            rows[row_id] = cands[0]
        elif cands:
            ambiguous[row_id] = cands
        else:
            raw = " ".join(a.text or "∅" for a in found[row_id])
            out.warn(f"{NAMES['t3']} {row_id}: 数值个数不符 '{raw}' (expected 7 cells; row left unset)")
    if ambiguous:
        _resolve_t3(rows, ambiguous, [r for r, _ in spec], out)
    for row_id, cells in rows.items():
        for col, cell in zip(T3_COLS, cells, strict=True):
            out.put(f"t3.{row_id}.{col}", cell)


def _resolve_t3(rows: dict, ambiguous: dict, order: list[str], out: _Out) -> None:
    """Choose among per-row splits with the column identities D2/D3; accept rows all solutions agree on."""
    names = list(ambiguous)
    total = 1
    for n in names:
        total *= len(ambiguous[n])
    outcomes = [r for r in order if r not in ("new_received", "carried_in", "total_processed", "carried_out")]
    solutions = []
    if total <= 50000:
        for combo in itertools.product(*(ambiguous[n] for n in names)):
            trial = dict(rows)
            trial.update(zip(names, combo, strict=True))
            if _columns_consistent(trial, outcomes):
                solutions.append(combo)
    for i, n in enumerate(names):
        picks = {tuple(c.value for c in s[i]) for s in solutions}
        if len(picks) == 1:
            rows[n] = solutions[0][i]
        else:
            raw = " / ".join(" ".join(str(c.value) for c in cand) for cand in ambiguous[n][:4])
            why = "no split satisfies the identities" if not solutions else "several splits fit"
            out.warn(f"{NAMES['t3']} {n}: 数字连写无法唯一拆分 ({why}: {raw} …; row left unset)")


def _columns_consistent(rows: dict[str, list[_Cellv]], outcomes: list[str]) -> bool:
    """D2 and D3 for every column, on the rows that are known (a missing row makes a rule vacuous)."""

    def col(r: str, c: int) -> Value:
        return rows[r][c].value if r in rows else None

    for c in range(7):
        a, b, t, d = (col(r, c) for r in ("new_received", "carried_in", "total_processed", "carried_out"))
        if None not in (a, b, t, d) and a + b != t + d:
            return False
        parts = [col(r, c) for r in outcomes]
        if t is not None and None not in parts and sum(parts) != t:
            return False
    return True


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


def _extract_t4(atoms: list[Atom], out: _Out) -> None:
    values = _t4_values(atoms)
    cells = _row_cells(values, 15)
    if cells is None:
        cands = _candidates(values, 15, _t4_ok)
        if cands and len(cands) == 1:
            cells = cands[0]
        else:
            raw = " ".join(a.text or "∅" for a in values)
            why = "ambiguous split" if cands else "wrong count"
            out.warn(f"{NAMES['t4']}: 找到的数值不是15个 '{raw}' ({why}; table left unset)")
            return
    for key, cell in zip(T4_KEYS, cells, strict=True):
        out.put(key, cell)


def extract_tables(doc: Document) -> TableExtraction:
    result = TableExtraction()
    regions = locate(doc.text)
    out = _Out(doc, result, regions)
    grid_cache: dict = {}
    for name, extract in (("t2", _extract_t2), ("t3", _extract_t3), ("t4", _extract_t4)):
        if name not in regions:
            continue
        start, end = regions[name]
        atoms = region_atoms(doc, start, end, grid_cache)
        extract(atoms, out)
        if name == "t4":
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
    return result


__all__ = ["TableExtraction", "extract_tables"]
