"""Rows with fewer numbers than columns: runs of equal cells written once (the Putian archive), blank
cells dropped (PDF text, copied Word tables). A cell is set only when every reading of its row that
satisfies the table identities agrees on it; the rest is named in a warning and kept as candidates."""

from __future__ import annotations

from math import comb

import pytest

from etl.read import read_document
from etl.tables import extract_tables
from etl.tables.cells import NotAValue, is_value, parse_cell
from etl.tables.labels import T3_COLS, T4_KEYS
from etl.tables.readings import TooManyReadings, placements, satisfiable
from etl.tables.solve import solve
from tests import tablegen as tg
from tests.conftest import PUTIAN, SHARED_CORPUS, skip_absent

U = "unset"  # a cell that must stay unset: the readings that fit the identities disagree on it


def _d1(v):
    return len(v) < 7 or satisfiable(v[6:], v[:6])


def _values(texts, n, runs, blanks, ok=None):
    found = placements(texts, [parse_cell(t) for t in texts], n, runs, blanks, ok)
    return [tuple(None if i is None else parse_cell(texts[i]) for i in r) for r in found]


# ---- one row, enumerated -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("texts", "n", "expected"),
    [
        (["0"], 7, [(0,) * 7]),  # `0 0 0 0 0 0 0` written once
        (["8", "0", "8"], 7, [(8, 0, 0, 0, 0, 0, 8)]),
        (["287", "24", "2", "0", "1", "315"], 7, [(287, 24, 2, 0, 1, 1, 315)]),  # the 1 is a run of two
        (["11", "1", "0", "12"], 7, [(11, 1, 0, 0, 0, 0, 12)]),
        (
            ["1", "0", "1", "0", "2"],
            7,
            [(1, 0, 1, 0, 0, 0, 2), (1, 0, 0, 1, 0, 0, 2), (1, 0, 0, 0, 1, 0, 2)],
        ),
        (["2", "1", "3"], 7, []),  # no run lengths make the total
        (["0", "0"], 7, []),  # two neighbouring equal cells would have been written once
    ],
)
def test_collapsed_row_readings(texts, n, expected):
    assert sorted(_values(texts, n, runs=True, blanks=False, ok=_d1)) == sorted(expected)


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (["5", "0", "0", "0", "0", "0"], [(5, 0, 0, 0, 0, 0, None)]),  # only a blank total fits D1
        (["0"] * 6, [tuple(None if i == k else 0 for i in range(7)) for k in range(7)]),  # 0 or blank?
    ],
)
def test_dropped_blank_readings(texts, expected):
    assert sorted(_values(texts, 7, runs=False, blanks=True, ok=_d1), key=str) == sorted(expected, key=str)


@pytest.mark.parametrize(("m", "n"), [(1, 7), (3, 7), (6, 7), (5, 15), (14, 15)])
def test_reading_counts_are_binomial(m, n):
    texts = [str(i) for i in range(1, m + 1)]
    assert len(_values(texts, n, runs=True, blanks=False)) == comb(n - 1, m - 1)
    assert len(_values(texts, n, runs=False, blanks=True)) == comb(n, m)


def test_enumeration_is_capped():
    with pytest.raises(TooManyReadings):
        placements(["1", "2"], [1, 2], 60, runs=True, blanks=True, limit=1000)


@pytest.mark.parametrize(
    ("lhs", "rhs", "ok"),
    [
        ([3], [1, 2], True),
        ([3], [1, 1], False),
        ([None], [1, 2], True),
        ([1], [None, 2], False),
        ([2], [None, 2], True),
    ],
)
def test_satisfiable_with_blanks(lhs, rhs, ok):
    assert satisfiable(lhs, rhs) is ok


# ---- rows chosen together by the column identities ---------------------------------------------


def test_columns_pick_the_reading_of_each_row():
    # `19 0 1 0 20` (new, processed) and `3 0 1 0 4` (partial) put their 1 in the same column
    three = [[19, 0, 1, 0, 0, 0, 20], [19, 0, 0, 1, 0, 0, 20], [19, 0, 0, 0, 1, 0, 20]]
    partial = [[3, 0, 1, 0, 0, 0, 4], [3, 0, 0, 1, 0, 0, 4], [3, 0, 0, 0, 1, 0, 4]]
    options = {
        "new": three,
        "in": [[0] * 7],
        "done": three,
        "out": [[0] * 7],
        "granted": [[16] + [0] * 5 + [16]],
        "partial": partial,
    }
    eqs = [((("new", c), ("in", c)), (("done", c), ("out", c))) for c in range(7)]
    eqs += [((("done", c),), (("granted", c), ("partial", c))) for c in range(7)]
    got = solve(options, eqs)
    assert got.status == "ok" and got.kept["partial"] == [0, 1, 2]
    pinned = dict(options, partial=[partial[1]])
    got = solve(pinned, eqs)
    assert got.kept["new"] == [1] and got.kept["done"] == [1]


def test_contradicting_rows_fall_back_to_every_reading():
    options = {"a": [[1], [2]], "b": [[1], [2]], "c": [[3]]}
    eqs = [((("a", 0),), (("b", 0),)), ((("a", 0), ("b", 0)), (("c", 0),))]
    got = solve(options, eqs)  # a = b and a + b = 3 cannot both hold
    assert got.status == "none" and got.kept == {"a": [0, 1], "b": [0, 1], "c": [0]}


def test_an_identity_the_source_breaks_is_left_out():
    options = {"a": [[4]], "b": [[1], [2]], "c": [[2]]}
    eqs = [((("a", 0),), (("c", 0),)), ((("b", 0),), (("c", 0),))]  # 4 = 2 is broken whatever b is
    assert solve(options, eqs).kept["b"] == [1]


# ---- hand-checked rows of real Putian reports ----------------------------------------------------

T3_HEAD = "三、收到和处理政府信息公开申请情况"
T2_HEAD = "第二十条"

# (file, row prefix, label line in the file, its value lines as exported, the row as published)
HAND_CHECKED = [
    (
        "ptcg_202201_1697903",
        "t3.new_received",
        "一、本年新收政府信息公开申请数量",
        ["1", "0", "1"],
        (1, 0, 0, 0, 0, 0, 1),
    ),
    ("ptcg_202201_1697903", "t3.carried_in", "二、上年结转政府信息公开申请数量", ["0"], (0,) * 7),
    (
        "ptcg_202201_1697903",
        "t3.unable.not_held",
        "1.本机关不掌握相关政府信息",
        ["1", "0", "1"],
        (1, 0, 0, 0, 0, 0, 1),
    ),
    ("ptcg_202201_1697903", "t2.regulations", "规章", ["0"], (0, 0, 0)),
    ("ptcg_202201_1697903", "t2.normative_docs", "行政规范性文件", ["1", "0", "1"], (1, 0, 1)),
    ("ptcg_202201_1697903", "t4", None, ["0"], (0,) * 15),
    (
        "city_202102_1575708",
        "t3.carried_in",
        "二、上年结转政府信息公开申请数量",
        ["8", "0", "8"],
        (8, 0, 0, 0, 0, 0, 8),
    ),
    (
        "city_202102_1575708",
        "t3.granted",
        "予以公开",
        ["287", "24", "2", "0", "1", "315"],
        (287, 24, 2, 0, 1, 1, 315),
    ),
    (
        "city_202102_1575708",
        "t3.denied.admin_query",
        "8.属于行政查询事项",
        ["11", "1", "0", "12"],
        (11, 1, 0, 0, 0, 0, 12),
    ),
    # `140 5 0 1 0 146`: the 1 is social or legal by itself; the legal column's D3 (3 = 1 + 1 + 1) says legal
    (
        "city_202102_1575708",
        "t3.unable.not_held",
        "1.本机关不掌握相关政府信息",
        ["140", "5", "0", "1", "0", "146"],
        (140, 5, 0, 0, 1, 0, 146),
    ),
    ("city_202102_1575708", "t3.other", "其他处理", ["13", "0", "1", "0", "14"], (13, 0, 0, 0, 1, 0, 14)),
    (
        "city_202102_1575708",
        "t3.carried_out",
        "四、结转下年度继续办理",
        ["2", "0", "2"],
        (2, 0, 0, 0, 0, 0, 2),
    ),
    (
        "city_202102_1575708",
        "t4",
        None,
        ["3", "8", "0", "1", "12", "0", "1", "0", "1", "2", "1", "0", "1"],
        (3, 8, 0, 1, 12, 0, 1, 0, 1, 2, 1, 0, 0, 0, 1),
    ),
    (
        "yjglj_202401_1899491",
        "t3.new_received",
        "一、本年新收政府信息公开申请数量",
        ["2", "1", "0", "3"],
        (2, 1, 0, 0, 0, 0, 3),
    ),
    ("ptcg_202501_1969536", "t4", None, ["1", "0", "1", "0"], (1, 0, 0, 0, 1) + (0,) * 10),
    # ambiguous: one applicant of research/social/legal — no identity tells which
    (
        "ptcg_202401_1899110",
        "t3.new_received",
        "一、本年新收政府信息公开申请数量",
        ["19", "0", "1", "0", "20"],
        (19, 0, U, U, U, 0, 20),
    ),
    (
        "ptcg_202401_1899110",
        "t3.partial",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        ["3", "0", "1", "0", "4"],
        (3, 0, U, U, U, 0, 4),
    ),
    ("ptcg_202401_1899110", "t3.granted", "（一）予以公开", ["2", "0", "2"], (2, 0, 0, 0, 0, 0, 2)),
    # one pending case with its total, under review or under direct litigation
    ("ptcg_202401_1899110", "t4", None, ["0", "1", "0"], (0, 0, 0, U, U, 0, 0, 0, U, U, 0, 0, 0, 0, 0)),
    (
        "ptsjj_202101_1558558",
        "t3.new_received",
        "一、本年新收政府信息公开申请数量",
        ["0", "1", "0", "1"],
        (0, U, U, U, U, 0, 1),
    ),
    (
        "pthyyyyj_202501_1970684",
        "t2.normative_docs",
        "行政规范性文件",
        ["0", "7"],
        (0, U, 7),
    ),  # 0 0 7 or 0 7 7
    ("ptsjj_202101_1558558", "t2_2019.other_services", "其他对外管理服务事项", ["27", "0"], (27, U, 0)),
]


def _source_lines(name: str, label: str | None, head: str) -> list[str]:
    """The value lines after a row's label line in the file as exported (Table 4: the values before
    heading 五)."""
    lines = [ln.strip() for ln in (PUTIAN / "files" / f"{name}.txt").read_text(encoding="utf-8").split("\n")]
    if label is None:
        end = next(i for i in range(lines.index("复议后起诉"), len(lines)) if lines[i].startswith("五、"))
        start = end
        while is_value(lines[start - 1]):
            start -= 1
        return lines[start:end]
    first = next(i for i, ln in enumerate(lines) if ln.startswith(head))
    i = lines.index(label, first)
    out = []
    for ln in lines[i + 1 :]:
        if not is_value(ln):
            break
        out.append(ln)
    return out


def _cols(prefix: str, n: int) -> list[str]:
    if prefix == "t4":
        return list(T4_KEYS)
    if prefix.startswith("t3."):
        return [f"{prefix}.{c}" for c in T3_COLS]
    names = {"t2.regulations": "made repealed valid", "t2.normative_docs": "made repealed valid"}
    return [f"{prefix}.{c}" for c in names.get(prefix, "prev_items change decisions").split()][:n]


def _extract_putian(name: str):
    path = PUTIAN / "files" / f"{name}.txt"
    if not path.exists():
        skip_absent("putian")
    doc = read_document(path.read_bytes(), path.name)
    return doc, extract_tables(doc)


@pytest.mark.parametrize(("name", "prefix", "label", "lines", "row"), HAND_CHECKED, ids=lambda x: str(x)[:24])
def test_hand_checked_putian_rows(name, prefix, label, lines, row):
    doc, got = _extract_putian(name)
    head = T2_HEAD if prefix.startswith("t2") else T3_HEAD
    assert _source_lines(name, label, head) == lines
    keys = _cols(prefix, len(row))
    assert {k: got.values.get(k, U) for k in keys} == dict(zip(keys, row, strict=True))
    unset = [k for k, v in zip(keys, row, strict=True) if v == U]
    if unset:  # named in a warning; the readings are kept as candidates
        assert any(all(k in w for k in unset) for w in got.warnings)
        cands = got.ambiguous[prefix]
        assert len(cands) >= 2 and {c[k.removeprefix(prefix + ".")][0] for c in cands for k in unset} >= {0}
    for key in keys:
        if key in got.values:
            span = got.evidence[key]
            assert doc.text[span.start : span.end] == span.text and parse_cell(span.text) == got.values[key]


def test_ambiguous_row_keeps_its_readings():
    _, got = _extract_putian("ptcg_202401_1899110")
    ones = sorted(
        next(c for c in ("research", "social", "legal") if cand[c][0] == 1)
        for cand in got.ambiguous["t3.partial"]
    )
    assert ones == ["legal", "research", "social"]
    assert all(cand["natural"][0] == 3 and cand["total"][0] == 4 for cand in got.ambiguous["t3.partial"])


def test_pdf_row_of_seven_zeros():
    """hongze 2024 (PDF): `二三、上年结转… 0 0 0 0 0 0 0` — the last 0 sits before `、本(一)予以公开` and
    used to be taken for an item number, leaving six numbers."""
    path = SHARED_CORPUS / "files" / "hongze_2024.pdf"
    if not path.exists():
        skip_absent("corpus")
    got = extract_tables(read_document(path.read_bytes(), path.name))
    assert [got.values.get(f"t3.carried_in.{c}") for c in T3_COLS] == [0] * 7


# ---- generated tables ------------------------------------------------------------------------------


def _read(values: dict, fmt: str, layout: str):
    return extract_tables(read_document(tg.render_text(values, fmt, layout=layout), "r.txt"))


def _never_wrong(values: dict, got) -> None:
    wrong = {k: (values.get(k, "MISSING"), v) for k, v in got.values.items() if values.get(k, "MISSING") != v}
    assert not wrong, wrong
    for k in values:  # every cell left unset is named (its row or the cell) in a warning
        assert k in got.values or any(k.rsplit(".", 1)[0] in w for w in got.warnings), k


CASES = [pytest.param(fmt, seed, id=f"{fmt}-s{seed}") for fmt in ("2021", "2019") for seed in range(8)]


@pytest.mark.parametrize(("fmt", "seed"), CASES)
def test_archive_runs_written_once(fmt, seed):
    values = tg.dataset(fmt, seed, big=seed % 2 == 1)
    got = _read(values, fmt, "archive")
    _never_wrong(values, got)
    totals = [k for k in values if k.startswith(("t3.", "t4.")) and k.endswith(".total")]
    assert sum(k in got.values for k in totals) >= len(totals) - 1
    assert any("连续相同单元格只写一次" in w for w in got.warnings)


def _has_blank_row(fmt: str, seed: int) -> bool:
    values = tg.dataset(fmt, seed, blank_rows=2)
    return any(all(values[f"t3.{r}.{c}"] is None for c in T3_COLS) for r in tg.t3_rows(fmt))


@pytest.mark.parametrize(
    ("fmt", "seed"),
    [(fmt, seed) for fmt in ("2021", "2019") for seed in range(12) if _has_blank_row(fmt, seed)][:8],
)
def test_archive_with_blank_rows_reads_blanks_too(fmt, seed):
    """A row with no cell at all shows the export drops blank cells too: runs and blanks are both
    read, which leaves most of such a table unset, but never wrong."""
    values = tg.dataset(fmt, seed, blank_rows=2)
    got = _read(values, fmt, "archive")
    _never_wrong(values, got)
    assert any("空白单元格被省略" in w for w in got.warnings)


@pytest.mark.parametrize(("fmt", "seed"), CASES[::2])
@pytest.mark.parametrize("blanks", [4, 12])
def test_dropped_blank_cells(fmt, seed, blanks):
    values = tg.dataset(fmt, seed, blanks=blanks)
    _never_wrong(values, _read(values, fmt, "rows"))


@pytest.mark.parametrize(("fmt", "seed"), CASES[:4])
def test_the_true_row_is_always_a_reading(fmt, seed):
    values = tg.dataset(fmt, seed, blanks=6)
    for row in tg.t3_rows(fmt):
        cells = tuple(values[f"t3.{row}.{c}"] for c in T3_COLS)
        written = [str(v) for v in cells if v is not None]
        assert cells in _values(written, 7, runs=False, blanks=True, ok=_d1)
        full = tuple(0 if v is None else v for v in cells)
        collapsed = [str(v) for i, v in enumerate(full) if i == 0 or v != full[i - 1]]
        assert full in _values(collapsed, 7, runs=True, blanks=False, ok=_d1)


@pytest.mark.parametrize(
    "text, value",
    [("12", 12), ("１２", 12), ("1,036", 1036), ("+14", 14), ("-35", -35), ("96171.6", 96171.6), ("—", None)],
)
def test_parse_cell_values(text, value):
    assert parse_cell(text) == value


@pytest.mark.parametrize("text", ["①", "²", "③件", "其他", "2.其他"])
def test_parse_cell_refuses_labels_and_numbering_marks(text):
    """Circled numbers and superscripts are digits to str.isdigit but not numbers: a label, never a
    ValueError that would fail the whole file."""
    with pytest.raises(NotAValue):
        parse_cell(text)
