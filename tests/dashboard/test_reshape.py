"""What the pages and the briefing pack show (`dashboard.reshape`), without Streamlit or a database:
tables of input rows → expected output."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dashboard import reshape as R

NaN = math.nan


def frame(rows: list[tuple], columns: str) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns.split())


def records(df: pd.DataFrame) -> list[tuple]:
    return [
        tuple(None if (isinstance(v, float) and math.isnan(v)) else v for v in r)
        for r in df.itertuples(index=False)
    ]


# ---- shared ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rows", "measures", "dropna", "expected"),
    [
        (
            [(2022, 10, 8), (2023, 12, NaN)],
            ("requests_received", "requests_processed"),
            False,
            [(2022, "新收申请", 10), (2023, "新收申请", 12), (2022, "办结申请", 8), (2023, "办结申请", None)],
        ),
        (
            [(2022, 10, 8), (2023, 12, NaN)],
            ("requests_received", "requests_processed"),
            True,
            [(2022, "新收申请", 10), (2023, "新收申请", 12), (2022, "办结申请", 8)],
        ),
        ([(2022, 10, 8)], ("requests_processed",), False, [(2022, "办结申请", 8)]),
    ],
)
def test_request_series(rows, measures, dropna, expected):
    df = frame(rows, "year requests_received requests_processed")
    out = R.request_series(df, measures, dropna=dropna)
    assert list(out.columns) == ["year", "指标", "件数"]
    assert records(out) == expected


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([(2022, "a", 30), (2022, "b", 10), (2023, "a", 5)], [0.75, 0.25, 1.0]),
        ([(2022, "a", 0), (2022, "b", 0)], [None, None]),  # a year with nothing to share
        ([(2022, "a", NaN), (2022, "b", 4)], [None, 1.0]),
    ],
)
def test_shares(rows, expected):
    out = R.shares(frame(rows, "year code requests"))
    assert [None if math.isnan(v) else v for v in out] == expected


def test_outcome_shares_names_each_outcome():
    df = frame([(2022, "granted", 6), (2022, "denied", 2), (2022, "odd", 2)], "year outcome requests")
    out = R.outcome_shares(df, {"granted": "予以公开", "denied": "不予公开"})
    assert out["结果"].tolist() == ["予以公开", "不予公开", "odd"]
    assert out.share.tolist() == [0.6, 0.2, 0.2]


@pytest.mark.parametrize(
    ("rows", "metric", "expected"),
    [
        ([("review_rate", 2022, 2, 100), ("review_rate", 2023, 3, 100)], "review_rate", 0.025),
        ([("review_rate", 2022, 2, 0)], "review_rate", None),
        ([("review_rate", 2022, 2, 100)], "litigation_rate", None),
    ],
)
def test_pooled_rate(rows, metric, expected):
    assert R.pooled_rate(frame(rows, "metric year numerator denominator"), metric) == expected


@pytest.mark.parametrize(
    ("years", "latest", "previous"),
    [([2021, 2022, 2023], 2023, 2022), ([2019, 2023], 2023, None), ([2023], 2023, None), ([], None, None)],
)
def test_latest_and_previous(years, latest, previous):
    last, prev = R.latest_and_previous(pd.DataFrame({"year": years, "reports": range(len(years))}))
    assert (None if last is None else last.year) == latest
    assert (None if prev is None else prev.year) == previous


# ---- 总览 ------------------------------------------------------------------------------------------


def test_report_table():
    reports = pd.DataFrame(
        {
            "agency": ["白城市教育局", "某局"],
            "province": ["吉林省", None],
            "city": ["白城市", None],
            "county": [None, None],
            "level": ["city", None],
            "sector": ["education", "nope"],
            "year": [2023, None],
            "format": ["2021", None],
            "quality_score": [80.5, None],
            "content_copied": [True, False],
            "n_fail": [0, 2],
            "n_blank": [1, 0],
            "warnings_text": ["", "缺少表三"],
            "agency_id": ["a", None],
        }
    )
    out = R.report_table(reports)
    assert out.columns.tolist() == [
        "agency", "地区", "层级", "领域", "year", "格式", "quality_score", "雷同", "n_fail", "n_blank", "警告",
        "agency_id",
    ]  # fmt: skip
    assert out["地区"].tolist() == ["吉林省 白城市", "中央"]
    assert out["层级"].tolist()[0] == "市级" and out["层级"].isna().tolist()[1]
    assert out["领域"].tolist() == ["教育", "nope"]
    assert out["格式"].tolist()[0] == "2021版表格"
    assert out["雷同"].tolist() == ["⚠ 雷同", ""]
    assert out["警告"].isna().tolist() == [True, False]


@pytest.mark.parametrize(
    ("levels", "word"),
    [(["city"], "全市"), (["province", "province"], "全省"), (["city", "county"], "全辖区"), ([], "全辖区")],
)
def test_jurisdiction_word(levels, word):
    assert R.jurisdiction_word(levels) == word


def test_aggregate_table():
    agg = frame(
        [
            (1, 2022, "甲市人民政府", 5, "requests_received", 100, 60),
            (1, 2022, "甲市人民政府", 5, "reviews", 3, 1),
            (1, 2022, "甲市人民政府", 5, "fees_yuan", 9, 9),  # not asked for
            (2, 2023, "甲市人民政府", 7, "requests_received", 120, 80),
        ],
        "rix year agency organ_reports measure reported organs_total",
    )
    out = R.aggregate_table(
        agg, {"requests_received": "新收申请", "reviews": "行政复议", "lawsuits": "行政诉讼"}
    )
    assert out.columns.tolist() == [
        "年度", "汇总报告", "已收录机关年报数", "新收申请（汇总报告）", "新收申请（各机关合计）",
        "行政复议（汇总报告）", "行政复议（各机关合计）",
    ]  # fmt: skip
    assert records(out) == [
        (2023, "甲市人民政府", 7, 120, 80, None, None),
        (2022, "甲市人民政府", 5, 100, 60, 3, 1),
    ]


# ---- 排名 ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rank", "prev_rank", "change", "text"),
    [(3, 5, 2, "↑2"), (5, 3, -2, "↓2"), (4, 4, 0, "—"), (1, None, None, "上年未排名"), (None, 2, None, "")],
)
def test_rank_change(rank, prev_rank, change, text):
    assert R.rank_change(rank, prev_rank, change) == text


@pytest.mark.parametrize(
    ("eligible", "outlier", "denominator", "is_rate", "text"),
    [
        (False, 0, 4, True, "样本不足（分母 4 < 10）"),
        (False, 0, None, False, "无数据"),
        (True, 1, 50, True, "显著高于总体"),
        (True, 1, None, False, "异常偏高"),
        (True, -1, 50, True, "显著低于总体"),
        (True, 0, 50, True, ""),
    ],
)
def test_rank_flag(eligible, outlier, denominator, is_rate, text):
    assert R.rank_flag(eligible, outlier, denominator, is_rate, 10) == text


def _ranking() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "uid": ["a", "b", "c"],
            "name": ["甲", "乙", "丙"],
            "province": ["吉林省", "吉林省", None],
            "city": ["白城市", None, None],
            "value": [0.9, 0.5, 0.2],
            "numerator": [90, 50, 1],
            "denominator": [100, 100, 5],
            "ci_low": [0.82, 0.4, 0.01],
            "ci_high": [0.95, 0.6, 0.6],
            "eligible": [True, True, False],
            "rank": [1.0, 2.0, NaN],
            "prev_rank": [2.0, NaN, NaN],
            "rank_change": [1.0, NaN, NaN],
            "spark": [[0.8, 0.9], [None, 0.5], None],
            "outlier": [1, 0, 0],
            "pooled": [0.7, 0.7, 0.7],
        }
    )


@pytest.mark.parametrize("is_rate", [True, False])
def test_ranking_table(is_rate):
    out = R.ranking_table(_ranking(), is_rate, 10)
    assert out["排名"].tolist() == ["1", "2", "未排名"]
    assert out["地区"].tolist() == ["吉林省 白城市", "吉林省", "中央"]
    assert out["排名变化"].tolist() == ["↑1", "上年未排名", ""]
    assert out["近年走势"].tolist() == [[0.8, 0.9], [None, 0.5], []]
    if is_rate:
        assert out["数值"].tolist() == pytest.approx([90, 50, 20])
        assert out["标记"].tolist() == ["显著高于总体", "", "样本不足（分母 5 < 10）"]
        assert "区间下限" in out and "分母" in out
    else:
        assert out["数值"].tolist() == pytest.approx([0.9, 0.5, 0.2])
        assert out["标记"].tolist() == ["异常偏高", "", "无数据"]
        assert "区间下限" not in out and "分母" not in out


@pytest.mark.parametrize("missing", [None, pd.NA, NaN])
def test_ranking_table_without_a_spark_line(missing):
    """A unit with no year in the spark window: DuckDB gives pandas' NA there at national scale
    (the ranking page failed with 'NAType' object is not iterable on a million reports)."""
    df = _ranking()
    df["spark"] = pd.Series([[0.8, 0.9], missing, missing], dtype=object)
    assert R.ranking_table(df, True, 10)["近年走势"].tolist() == [[0.8, 0.9], [], []]


def test_ranking_top():
    out = R.ranking_top(_ranking(), 5)
    assert out.label.tolist() == ["1. 甲", "2. 乙"]


# ---- 申请办理, 复议诉讼, 问题分析, 对比 -------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "label"),
    [
        ("denied.state_secret", "属于国家秘密"),
        ("unable.not_held", "本机关不掌握相关政府信息"),
        ("other", "（七）其他处理"),
        ("denied.unknown_row", "denied.unknown_row"),
    ],
)
def test_reason_labels(key, label):
    assert R.reason_labels(pd.Series([key])).tolist() == [label]


@pytest.mark.parametrize(
    ("group", "values", "expected"),
    [
        ("level", ["city", None], ["市级", "—"]),
        ("sector", ["education", "（本级）"], ["教育", "（本级）"]),
        ("region", ["白城市", "（本级）"], ["白城市", "（本级）"]),
    ],
)
def test_group_labels(group, values, expected):
    assert R.group_labels(pd.Series(values), group).tolist() == expected


def test_heatmap_over_years_pools_reports_once_per_group_and_year():
    hm = frame(
        [
            ("甲", "A", 2022, 2, 10),
            ("乙", "A", 2022, 1, 10),
            ("甲", "A", 2023, 3, 10),
            ("甲", "B", 2022, 1, 4),
        ],
        "类别 grp year naming reports",
    )
    out = R.heatmap_over_years(hm)
    assert records(out) == [("乙", "A", 1, 0.05), ("甲", "A", 5, 0.25), ("甲", "B", 1, 0.25)]


@pytest.mark.parametrize(
    ("is_rate", "first", "second"),
    [(True, ["50.0%", "25.0%"], ["—", "10.0%"]), (False, ["0.5", "0.2"], ["—", "0.1"])],
)
def test_compare_tables(is_rate, first, second):
    df = frame(
        [("甲", 2022, 0.5), ("甲", 2023, 0.25), ("乙", 2023, 0.1), ("乙", 2022, None)], "name year value"
    )
    screen, file = R.compare_tables(df, is_rate, "机构")
    assert screen.columns.tolist() == ["2022", "2023"]
    assert screen.loc["甲"].tolist() == first and screen.loc["乙"].tolist() == second
    assert file.columns.tolist() == ["机构", "2022", "2023"]
    assert dict(zip(file["机构"], file["2023"], strict=True)) == {"甲": 0.25, "乙": 0.1}


# ---- 机构画像 --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("info", "former", "caption"),
    [
        (
            {
                "name": "白城市教育局",
                "names": ["白城市教育委员会", "白城市教育局"],
                "province": "吉林省",
                "city": "白城市",
                "level": "city",
                "sector": "education",
                "region_code": "220800",
            },
            ["白城市教育委员会"],
            "吉林省 白城市 · 市级 · 教育 · 行政区划代码 220800 · 曾用名：白城市教育委员会",
        ),
        (
            {"name": "某部", "names": NaN, "level": "central", "sector": None, "region_code": None},
            [],
            "中央 · 中央 · — · 行政区划代码 —",
        ),
        ({"name": "某局", "names": None}, [], "中央 · — · — · 行政区划代码 —"),
    ],
)
def test_agency_caption(info, former, caption):
    assert R.former_names(info) == former
    assert R.agency_caption(info) == caption


def test_report_summary():
    reports = pd.DataFrame(
        {
            "year": [2019, 2020, 2021, None],
            "n_fail": [1, 0, 2, 5],
            "n_problems": [3, 3, 0, 9],
            "quality_score": [70.0, 80.0, None, 50.0],
            "content_copied": [False, True, None, True],
            "problems_copied": [False, False, True, None],
            "is_aggregate": [True, False, True, None],
        }
    )
    assert R.report_summary(reports) == {
        "loaded": 4,
        "unknown_year": 1,
        "first_year": 2019,
        "last_year": 2021,
        "failed_checks": 3,
        "problems": 6,
        "latest_score": 80.0,
        "latest_score_year": 2020,
        "copied_years": 2,
        "aggregates": 2,
        "aggregate_years": [2019, 2021],
    }
    empty = R.report_summary(reports[reports.year.isna()])
    assert empty["first_year"] is None and empty["latest_score"] is None and empty["unknown_year"] == 1


def test_names_from_reports():
    reports = frame([("乙局", 2021), ("甲局", 2019), ("甲局", 2020), (None, 2022)], "agency year")
    assert records(R.names_from_reports(reports)) == [("甲局", 2019, 2020, 2), ("乙局", 2021, 2021, 1)]


@pytest.mark.parametrize(
    ("direction", "kind", "year", "label"),
    [
        ("predecessor", "merger", 2019, "前身（合并，2019 年）：某某局"),
        ("successor", "rename", None, "后继（更名）：某某局"),
        ("successor", "odd", NaN, "后继（odd）：某某局"),
    ],
)
def test_lineage_link_label(direction, kind, year, label):
    assert R.lineage_link_label(direction, kind, year, "某某局") == label


@pytest.mark.parametrize(
    ("source", "text"),
    [("curated+site", "机构改革对照表、同一网站栏目"), ("user", "用户链接文件"), ("x", "x")],
)
def test_lineage_sources(source, text):
    assert R.lineage_sources(source) == text


def _facts() -> pd.DataFrame:
    return frame(
        [
            (2022, "r1", "t3.granted.total", 5.0, False),
            (2022, "r1", "t3.new_received.total", 9.0, False),
            (2022, "r1", "t3.new_received.natural", 7.0, False),
            (2023, "r2", "t3.new_received.total", None, True),
            (2023, "r2", "t4.review.total", 2.0, False),
            (2023, "r2", "s.granted", 1234.0, False),
            (2023, "r2", "s.requests_received", 1.5, False),
        ],
        "year report_id key value is_blank",
    )


def test_fact_groups():
    assert R.fact_groups(_facts()) == ["s", "t3", "t4"]


@pytest.mark.parametrize(
    ("group", "column", "keys", "shown"),
    [
        (
            "t3",
            "total",
            ["t3.new_received.total", "t3.granted.total"],  # template order: new_received first
            [["9", "空白"], ["5", ""]],
        ),
        ("t3", "natural", ["t3.new_received.natural"], [["7"]]),
        ("s", "total", ["s.requests_received", "s.granted"], [["1.5"], ["1,234"]]),
    ],
)
def test_fact_grid(group, column, keys, shown):
    sub = R.fact_rows(_facts(), group, column)
    pivot, numbers = R.fact_grid(sub, group)
    assert pivot.key.tolist() == keys
    years = [c for c in pivot.columns if c.isdigit()]
    assert pivot[years].values.tolist() == shown
    assert numbers.key.tolist() == keys and numbers.columns.tolist()[:2] == ["key", "项目"]
    assert pivot["项目"].iloc[0] and "｜" in pivot["项目"].iloc[0] if group == "t3" else True


@pytest.mark.parametrize(
    ("items", "group", "expected"),
    [
        (
            ["t3.new_received.total", "t3.new_received.natural", "t3.granted.total"],
            "t3",
            ["t3.new_received.total", "t3.granted.total"],
        ),
        (["s.granted", "s.reviews"], "s", ["s.granted", "s.reviews"]),
        ([f"t4.review.x{i}.total" for i in range(10)], "t4", [f"t4.review.x{i}.total" for i in range(8)]),
    ],
)
def test_chart_keys(items, group, expected):
    assert R.chart_keys(items, group) == expected


def test_rate_grid():
    rates = frame(
        [("实质公开率", 2022, 0.5, 5, 10), ("实质公开率", 2023, None, 0, 0), ("复议率", 2023, 0.01, 1, 100)],
        "label year value numerator denominator",
    )
    shown, numbers = R.rate_grid(rates)
    assert shown.loc["实质公开率", "2022"] == "50.0%（5/10）"
    assert shown.loc["实质公开率", "2023"] == "—（0/0）"
    assert shown.loc["复议率", "2023"] == "1.0%（1/100）"
    assert numbers.columns.tolist() == ["指标", "2022", "2023"]


def test_check_grid_and_rows():
    chk = frame([(2022, "D1", "ok"), (2023, "D1", "fail"), (2023, "Z9", "odd")], "year rule status")
    grid = R.check_grid(chk)
    assert grid.loc[("D1", "表三每行：总计 = 各类申请人之和")].tolist() == ["通过", "不一致"]
    assert (
        R.check_rows(chk)["规则说明"].tolist()[-1] == "Z9" and R.check_rows(chk)["结果"].tolist()[-1] == "odd"
    )


def test_problem_year_grid():
    py = frame(
        [(2022, "institutions", 2), (2023, "institutions", 1), (2023, "training", 4)],
        "year category statements",
    )
    grid = R.problem_year_grid(py)
    assert grid.loc["制度机制不健全"].tolist() == [2, 1]
    assert grid.loc["学习培训不足", "2023"] == 4
    assert grid.loc["学习培训不足", "2022"] == 0  # named in another year only: 0, not a blank
    assert (grid.dtypes == "int64").all()


@pytest.mark.parametrize(
    ("categories", "recurring", "note"),
    [
        (["institutions", "training"], [], "类别：制度机制不健全、学习培训不足"),
        (["institutions"], ["institutions"], "类别：制度机制不健全 · 反复出现：制度机制不健全"),
        (["odd"], [], "类别：odd"),
    ],
)
def test_statement_line(categories, recurring, note):
    assert R.statement_line("制度不健全", categories, recurring) == ("制度不健全", note)


def _quality_reports() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "year": [2021, 2022, 2023],
            "prev_year": [None, 2021, 2022],
            "similarity_prev_year": [None, 0.91, 0.4],
            "similarity_prev_year_problems": [None, 0.3, 0.88],
            "content_copied": [False, True, False],
            "problems_copied": [None, False, True],
            "completeness": [1.0, 0.5, None],
            "consistency": [0.75, 1.0, 1.0],
            "problem_specificity": [0.0, 0.5, 1.0],
            "timeliness_days": [0, 10, -3],
            "quality_score": [80.0, 60.0, 70.0],
        }
    )


def test_copied_notices():
    assert R.copied_notices(_quality_reports()) == [
        "**2022年年报内容雷同**：与 2021 年年报相比，全文相似度 0.91。",
        "**2023年年报内容雷同**：与 2022 年年报相比，“存在的主要问题及改进情况”相似度 0.88。",
    ]


def test_similarity_series():
    out = R.similarity_series(_quality_reports())
    assert records(out) == [
        (2022, "全文", 0.91),
        (2023, "全文", 0.4),
        (2022, "问题与改进", 0.3),
        (2023, "问题与改进", 0.88),
    ]


def test_quality_grid():
    out = R.quality_grid(_quality_reports())
    assert out.columns.tolist() == R.QUALITY_GRID_COLUMNS
    assert out.completeness.tolist()[:2] == [100.0, 50.0]
    assert out.content_copied.tolist() == ["", "⚠ 雷同", ""]
    assert out.problems_copied.tolist() == ["", "", "⚠ 雷同"]


def test_agency_report_table():
    reports = pd.DataFrame(
        {
            "year": [2022, None],
            "agency": ["甲局", "甲局"],
            "format": ["2019", None],
            "is_aggregate": [True, False],
            "published": [None, None],
            "timeliness_days": [3, None],
            "n_fail": [0, 1],
            "n_blank": [0, 2],
            "quality_score": [50.0, None],
            "content_copied": [False, None],
            "problems_copied": [True, None],
            "warnings_text": ["", "无年度"],
            "path": ["a.pdf", "b.pdf"],
        }
    )
    out = R.agency_report_table(reports)
    assert out.columns.tolist()[:4] == ["年度", "报告署名", "格式", "范围"]
    assert out["格式"].tolist() == ["2019版表格", "未知"]
    assert out["范围"].tolist() == ["全辖区汇总", "机构本身"]
    assert out["内容雷同"].tolist() == ["⚠ 雷同", ""]


@pytest.mark.parametrize(
    ("ex", "page", "location", "html_has"),
    [
        (
            {
                "before": "前文<",
                "span": "12",
                "after": "后文",
                "path": "a.pdf",
                "start": 500,
                "end": 502,
                "text_chars": 1000,
            },
            3,
            "文件：`a.pdf` · 第 3 页 · 字符位置 500–502（全文 1,000 字）",
            ["…前文&lt;<mark", ">12</mark>后文"],
        ),
        (
            {
                "before": "",
                "span": "<b>",
                "after": "x",
                "path": "b.txt",
                "start": 0,
                "end": 3,
                "text_chars": 4,
            },
            NaN,
            "文件：`b.txt` · 字符位置 0–3（全文 4 字）",
            [">&lt;b&gt;</mark>x</div>"],
        ),
    ],
)
def test_excerpt(ex, page, location, html_has):
    assert R.excerpt_location(ex, page) == location
    out = R.excerpt_html(ex)
    for piece in html_has:
        assert piece in out
    assert out.count("…") == (1 if ex["start"] > R.EXCERPT_CONTEXT else 0) + (
        1 if ex["end"] + R.EXCERPT_CONTEXT < ex["text_chars"] else 0
    )


# ---- 数据质量 --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("codes", "text"),
    [(["overview", "fees"], "总体情况、收费"), ([], ""), (None, ""), (["odd"], "odd")],
)
def test_section_names(codes, text):
    assert R.section_names(codes) == text


def test_as_percent_leaves_other_columns():
    df = pd.DataFrame({"completeness": [0.5], "blank_share": [None], "quality_score": [50.0]})
    out = R.as_percent(df)
    assert out.completeness.tolist() == [50.0] and out.quality_score.tolist() == [50.0]
    assert out.blank_share.isna().all()


def test_score_and_copied_tables():
    sc = pd.DataFrame(
        {
            "agency": ["甲局", "乙局"],
            "agency_id": ["a/1", None],
            "province": ["吉林省", None],
            "city": [None, None],
            "year": [2022, 2023],
            "format": ["2021", None],
            "quality_score": [40.0, 90.0],
            "completeness": [0.5, 1.0],
            "missing_sections": [["fees"], []],
            "consistency": [1.0, None],
            "blank_share": [0.1, 0.0],
            "similarity_prev_year": [0.9, None],
            "similarity_prev_year_problems": [0.2, None],
            "content_copied": [True, False],
            "problems_copied": [False, None],
            "prev_year": [2021, None],
            "problem_specificity": [0.25, 1.0],
            "timeliness_days": [5, 0],
            "path": ["a.pdf", "b.pdf"],
        }
    )
    out = R.score_table(sc)
    assert out.columns.tolist() == R.SCORE_TABLE_COLUMNS
    assert out["格式"].tolist() == ["2021版表格", "未知"]
    assert out.missing_sections.tolist() == ["收费", ""]
    assert out.completeness.tolist() == [50.0, 100.0]
    assert out["画像"].iloc[0] == "profile?agency_id=a%2F1" and out["画像"].isna().iloc[1]
    copied = R.copied_table(sc)
    assert copied.columns.tolist() == R.COPIED_TABLE_COLUMNS
    assert copied.content_copied.tolist() == ["⚠ 雷同", ""] and copied.problems_copied.tolist() == ["", ""]
