"""The briefing pack (`dashboard.brief`, `xxgk brief`): slides, charts and numbers, read back with
python-pptx and checked against direct SQL on the database file (its tables and the ETL's views).
The native charts' data: test_brief_native.py; the PDF: test_brief_pdf.py."""

from __future__ import annotations

import io

import pytest

TITLES = [
    "政府信息公开工作年度报告 数据简报",
    "关键指标",
    "申请数量趋势",
    "实质公开率趋势",
    "实质公开率排名",
    "实质公开率：各市分布",  # the map, a picture
    "办理结果构成",
    "行政复议与行政诉讼",
    "存在的主要问题",
    "数据说明",
]
Y0, Y1 = 2014, 2023


@pytest.fixture(scope="module")
def pack(synth_db, big_province, tmp_path_factory):
    from pptx import Presentation

    from dashboard.brief import build_brief
    from dashboard.filters import Filters

    out = tmp_path_factory.mktemp("brief") / "brief.pptx"
    data = build_brief(synth_db, Filters(province=big_province, year_from=Y0, year_to=Y1), out)
    assert out.read_bytes() == data
    return Presentation(io.BytesIO(data))


def texts(slide) -> list[str]:
    return [sh.text_frame.text for sh in slide.shapes if sh.has_text_frame and sh.text_frame.text.strip()]


def pictures(slide) -> list:
    return [sh for sh in slide.shapes if sh.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE


def kpi_table(prs) -> dict[str, list[str]]:
    tbl = next(sh for sh in prs.slides[1].shapes if sh.has_table).table
    rows = [[c.text for c in r.cells] for r in tbl.rows]
    return {r[0]: r[1:] for r in rows}


def num(text: str) -> float:
    return float(text.replace(",", "").replace("%", ""))


def test_slides_and_native_charts(pack, big_province):
    assert len(pack.slides) == len(TITLES)
    for slide, title in zip(pack.slides, TITLES, strict=True):
        assert any(t.startswith(title) for t in texts(slide)), (title, texts(slide)[:2])
    assert big_province in texts(pack.slides[0])[1]
    # only the map is a picture (no native map chart); every other chart is a PowerPoint chart
    assert [len(pictures(s)) for s in pack.slides] == [0, 0, 0, 0, 0, 1, 0, 0, 0, 0]
    n_charts = [sum(sh.has_chart for sh in s.shapes) for s in pack.slides]
    assert n_charts == [0, 0, 1, 1, 1, 0, 1, 2, 0, 0]
    assert sum(sh.has_table for sh in pack.slides[8].shapes) == 1  # the problem heatmap as a table
    assert any(t.startswith("灰色为样本不足") and "边界仅用于统计展示" in t for t in texts(pack.slides[5]))
    for slide in list(pack.slides)[2:9]:
        for sh in slide.shapes:
            if sh.has_chart or sh.has_table:
                assert sh.left >= 0 and sh.left + sh.width <= pack.slide_width
                assert sh.top >= pack.slide_height * 0.2 and sh.top + sh.height <= pack.slide_height
        # every content slide names its scope and source
        assert any(t.startswith("范围：") and "数据来源：" in t for t in texts(slide))


def test_kpis_match_the_database(pack, direct, big_province):
    year = direct.execute(
        "select max(year) from reports where province = ? and year between ? and ?", [big_province, Y0, Y1]
    ).fetchone()[0]
    kpi = kpi_table(pack)
    assert kpi["指标"][:2] == [f"{year}年", f"{year - 1}年"]
    for y, col in ((year, 0), (year - 1, 1)):
        reports = direct.execute(
            "select count(*) from reports where province = ? and year = ?", [big_province, y]
        ).fetchone()[0]
        received, processed, disclosed, proc_pos = direct.execute(
            """with s as (
                   select s.report_id,
                       max(value) filter (where key = 's.requests_received') as received,
                       max(value) filter (where key = 's.requests_processed') as processed,
                       coalesce(max(value) filter (where key = 's.granted'), 0)
                         + coalesce(max(value) filter (where key = 's.partial'), 0) as disclosed
                   from report_summary s join reports r using (report_id)
                   where r.province = ? and r.year = ? group by s.report_id)
               select sum(received), sum(processed), sum(disclosed) filter (where processed > 0),
                   sum(processed) filter (where processed > 0) from s""",
            [big_province, y],
        ).fetchone()
        assert num(kpi["年报数"][col]) == reports
        assert num(kpi["新收申请数"][col]) == received
        assert num(kpi["办结申请数"][col]) == processed
        assert num(kpi["实质公开率"][col]) == pytest.approx(disclosed / proc_pos * 100, abs=0.05)
    n, agencies = direct.execute(
        "select count(*), count(distinct agency_id) from reports where province = ? and year between ? and ?",
        [big_province, Y0, Y1],
    ).fetchone()
    assert f"范围内共 {n:,} 份年报、{agencies:,} 个机构" in "".join(texts(pack.slides[1]))


def test_ranking_and_notes_match_the_database(pack, direct, big_province):
    year = direct.execute(
        """select max(year) from report_metrics where province = ? and metric = 'disclosure_rate'
           and year between ? and ?""",
        [big_province, Y0, Y1],
    ).fetchone()[0]
    rows = direct.execute(
        """select coalesce(city, '（本级）'), sum(numerator) / sum(denominator) as v
           from report_metrics where province = ? and metric = 'disclosure_rate' and year = ?
           group by 1 having sum(denominator) >= 10 order by v desc""",
        [big_province, year],
    ).fetchall()
    slide = pack.slides[4]
    title, takeaway = texts(slide)[:2]
    assert title == f"实质公开率排名（城市，{year}年）"
    assert f"{len(rows)} 个参与排名" in takeaway
    assert f"第 1 名 {rows[0][0]} {rows[0][1] * 100:.1f}%" in takeaway

    notes = "\n".join(texts(pack.slides[9]))
    fails, with_fail = direct.execute(
        """select count(*), count(distinct report_id) from checks c join reports r using (report_id)
           where r.province = ? and r.year between ? and ? and c.status = 'fail'""",
        [big_province, Y0, Y1],
    ).fetchone()
    assert f"不一致 {fails:,} 条（涉及 {with_fail:,} 份年报）" in notes
    n = direct.execute(
        "select count(*) from reports where province = ? and year between ? and ?", [big_province, Y0, Y1]
    ).fetchone()[0]
    assert f"年报 {n:,} 份" in notes
    assert "实质公开率 = " in notes and "合成数据" in notes


def test_cli_brief_for_a_region_and_year_and_whole_dataset(synth_db, direct, big_province, tmp_path):
    from pptx import Presentation

    from xxgk.cli import main

    out = tmp_path / "jl.pptx"
    assert (
        main(
            ["brief", "--db", str(synth_db), "--province", big_province, "--year", "2022", "--out", str(out)]
        )
        == 0
    )
    prs = Presentation(str(out))
    assert len(prs.slides) == len(TITLES)
    assert texts(prs.slides[1])[0] == "关键指标（2022年）"
    assert texts(prs.slides[0])[1].startswith(big_province)
    reports = direct.execute(
        "select count(*) from reports where province = ? and year = 2022", [big_province]
    ).fetchone()[0]
    assert num(kpi_table(prs)["年报数"][0]) == reports

    whole = tmp_path / "all.pptx"
    assert main(["brief", "--db", str(synth_db), "--out", str(whole)]) == 0
    prs = Presentation(str(whole))
    assert texts(prs.slides[0])[1] == "全国"
    total = direct.execute("select count(*) from reports").fetchone()[0]
    assert texts(prs.slides[0])[2].startswith(f"{total:,} 份年报")

    assert main(["brief", "--db", str(synth_db), "--year", "abc", "--out", str(whole)]) == 2
    assert main(["brief", "--db", str(tmp_path / "missing.duckdb"), "--out", str(whole)]) == 2
