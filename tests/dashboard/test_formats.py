"""How numbers, years and regions are written (`dashboard.formats`): one table of cases per function."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

from dashboard import formats as F


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, True), (math.nan, True), (pd.NA, True), (pd.NaT, True), (0, False), ("", False), ([], False)],
)
def test_is_missing(value, expected):
    assert F.is_missing(value) is expected


@pytest.mark.parametrize(
    ("fn", "value", "expected"),
    [
        (F.fmt_int, 1234567, "1,234,567"),
        (F.fmt_int, 12.5, "12"),  # banker's rounding, as Python rounds
        (F.fmt_int, 13.5, "14"),
        (F.fmt_int, None, "—"),
        (F.fmt_num, 1200.0, "1,200"),
        (F.fmt_num, 1200.25, "1,200.2"),
        (F.fmt_num, math.nan, "—"),
        (F.fmt_pct, 0.1234, "12.3%"),
        (F.fmt_pct, 1, "100.0%"),
        (F.fmt_pct, None, "—"),
    ],
)
def test_number_formats(fn, value, expected):
    assert fn(value) == expected


@pytest.mark.parametrize(
    ("cur", "prev", "kind", "delta", "change"),
    [
        (120, 100, "count", "+20（+20.0%）", "+20（+20.0%）"),
        (80, 100, "count", "-20（-20.0%）", "-20（-20.0%）"),
        (5, 0, "count", "+5", "+5"),
        (0.55, 0.5, "rate", "+5.0 个百分点", "+5.0 个百分点"),
        (None, 100, "count", None, "—"),
        (100, math.nan, "rate", None, "—"),
    ],
)
def test_delta_and_change(cur, prev, kind, delta, change):
    assert F.delta(cur, prev, kind) == delta
    assert F.change(cur, prev, kind) == change


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (("吉林省", "白城市", "洮北区"), "吉林省 白城市 洮北区"),
        (("北京市", "北京市", None), "北京市"),
        ((None, None, None), "中央"),
        (("吉林省", math.nan, None), "吉林省"),
    ],
)
def test_region_text(parts, expected):
    assert F.region_text(*parts) == expected


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        (2019, 2019, "2019 年"),
        (2015, 2023, "2015–2023 年"),
        (2015, None, "2015 年"),
        (None, 2020, "年度未知"),
    ],
)
def test_year_span(first, last, expected):
    assert F.year_span(first, last) == expected


@pytest.mark.parametrize(
    ("years", "expected"),
    [
        ([2008, 2009, 2010, 2012], "2008–2010、2012 年"),
        ([2015], "2015 年"),
        ([2012, 2010, 2011, 2011], "2010–2012 年"),
        ([], "年度未知"),
    ],
)
def test_year_runs(years, expected):
    assert F.year_runs(years) == expected


@pytest.mark.parametrize(
    ("code", "level", "sector"),
    [("city", "市级", "city"), ("education", "education", "教育"), (None, "—", "—")],
)
def test_level_and_sector_labels(code, level, sector):
    assert F.level_label(code) == level
    assert F.sector_label(code) == sector


@pytest.mark.parametrize(
    ("value", "expected"), [(True, "⚠ 雷同"), (False, ""), (None, ""), (math.nan, ""), (1, "⚠ 雷同")]
)
def test_flag(value, expected):
    assert F.flag(value) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("**粗体** [链接](http://x)", "\\*\\*粗体\\*\\* \\[链接\\]\\(http\\:\u2060//x\\)"),
        ("<script>", "&lt;script&gt;"),
        (":red[警告] $x$", "\\:\u2060red\\[警告\\] \\$x\\$"),
        ("www.x.cn a@b.cn", "www\u2060\\.x\\.cn a@\u2060b\\.cn"),
        (None, ""),
    ],
)
def test_esc(text, expected):
    assert F.esc(text) == expected


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (
            ("xxgk", "实质公开率（前 30 名）", "吉林省 · 2019–2023年"),
            "xxgk_实质公开率_前_30_名__吉林省_2019–2023年",
        ),
        (("", None), "xxgk"),
        (("a/b\\c:d",), "a_b_c_d"),
    ],
)
def test_safe_name(parts, expected):
    assert F.safe_name(*parts) == expected


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ("test.duckdb", "2026-01-01T10:00:00", False, dt.date(2026, 1, 2)),
            "数据来源：各机构政府信息公开工作年度报告（xxgk 数据库 test.duckdb，2026-01-01 构建）· 导出于 2026-01-02",
        ),
        (
            ("s.duckdb", None, True, dt.date(2026, 1, 2), "生成于"),
            "数据来源：各机构政府信息公开工作年度报告（xxgk 数据库 s.duckdb，合成数据）· 生成于 2026-01-02",
        ),
        (
            (None, None, False, dt.date(2026, 1, 2)),
            "数据来源：各机构政府信息公开工作年度报告（xxgk 数据库 —）· 导出于 2026-01-02",
        ),
    ],
)
def test_source_line(args, expected):
    assert F.source_line(*args) == expected


@pytest.mark.parametrize(
    "cell, expected",
    [
        ([0.5, None], [0.5, None]),  # already plain: taken as it is
        (np.array([0.5, 0.25]), [0.5, 0.25]),
        (np.ma.masked_array([0.5, 1.0], mask=[False, True]), [0.5, None]),  # DuckDB's list with a null
        ((0.5, float("nan")), [0.5, None]),
        (None, []),
        (pd.NA, []),
        (float("nan"), []),
    ],
)
def test_plain_list(cell, expected):
    out = F.plain_list(cell)
    assert type(out) is list and out == expected
