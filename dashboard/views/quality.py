"""数据质量 (Data quality): report quality scores (completeness, consistency, 内容雷同 …) for supervisors,
then the data's own problems: checks, blanks, missing tables, warnings, ingest errors, missing reports."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, db, queries, reshape, ui
from dashboard.labels import (
    CHECK_RULES,
    CHECK_STATUS,
    COPIED_THRESHOLD,
    FORMATS,
    INGEST_STAGES,
    QUALITY_COLUMNS,
    QUALITY_FORMULA,
)

f = ui.filters()
st.title("数据质量")
ui.scope_caption(f)

qs = db.q(queries.quality_summary, f)
if not qs["reports"]:
    ui.empty()
    st.stop()

Q = QUALITY_COLUMNS


def _follow_selection(event, df: pd.DataFrame, hint: str = "选中一行可打开该机构的画像。") -> None:
    rows = event.selection.rows if event and event.selection else []
    if rows and not ui.is_missing(df.iloc[rows[0]].agency_id):
        sel = df.iloc[rows[0]]
        ui.profile_link(sel.agency_id, f"查看 {sel.agency} 的机构画像")
    else:
        st.caption(hint)


# ---- 年报质量评分 ----------------------------------------------------------------------------------

st.subheader("年报质量评分")
st.caption(
    "按完整性、一致性、原创性（与上一年是否雷同）、填报完整、问题具体度和及时性给每份年报打分（0–100），"
    "便于发现需要督促整改的年报。"
)
m1, m2, m3, m4 = st.columns(4)
m1.metric(
    "平均质量分",
    ui.fmt_num(qs["mean_quality"]) if qs["mean_quality"] is not None else "—",
    help="范围内各年报质量分的平均值（0–100）",
)
m2.metric(
    "可与上年比较",
    ui.fmt_int(qs["compared"]),
    help="有同一机构较早年度年报可比、算出相似度的年报数（机构的第一份年报和年度未知的年报没有）",
)
m3.metric(
    "全文雷同",
    ui.fmt_int(qs["copied"]),
    help=f"全文与上一份年报相似度 ≥ {COPIED_THRESHOLD} 的年报数"
    + (f"，占可比较年报的 {ui.fmt_pct(qs['copied'] / qs['compared'])}" if qs["compared"] else ""),
)
m4.metric(
    "问题与改进雷同",
    ui.fmt_int(qs["problems_copied"]),
    help=f"第五部分“存在的主要问题及改进情况”与上一份年报相似度 ≥ {COPIED_THRESHOLD} 的年报数",
)
with st.expander("质量分如何计算", icon=":material/help:"):
    st.markdown(QUALITY_FORMULA)

sy = db.q(queries.quality_score_by_year, f)
if sy.empty:
    st.caption("范围内没有已知年度的年报，无法按年度统计质量分。")
else:
    left, right = st.columns(2)
    with left:
        fig = charts.line(
            sy,
            "year",
            "quality_score",
            title="各年度平均质量分",
            labels={"year": "年度", "quality_score": "平均质量分"},
        )
        fig.update_yaxes(range=[0, 100])
        ui.chart(fig, width="stretch", key="dq_score_year")
    with right:
        cy = sy.melt(
            id_vars="year", value_vars=["copied", "problems_copied"], var_name="k", value_name="年报数"
        )
        cy["雷同"] = cy.k.map({"copied": "全文雷同", "problems_copied": "问题与改进雷同"})
        ui.chart(
            charts.bar(
                cy,
                "year",
                "年报数",
                color="雷同",
                barmode="group",
                title="各年度内容雷同年报数",
                labels={"year": "年度"},
            ),
            width="stretch",
            key="dq_copied_year",
        )

tab_low, tab_copied, tab_years = st.tabs(["质量分排名（低分在前）", "内容雷同", "分年度质量指标"])
with tab_low:
    limit = 500
    sc = db.q(queries.quality_scores, f, limit)
    if sc.empty:
        st.info("范围内没有可评分的年报。")
    else:
        st.caption(
            f"按质量分从低到高排列{'，仅显示最低的 ' + str(limit) + ' 份' if qs['reports'] > limit else ''}；"
            "百分比越低、相似度越高越需要关注。"
        )
        low = reshape.score_table(sc)
        ev = ui.table(
            low,
            "dq_scores",
            title="年报质量分（低分在前）",
            metrics=[],
            notes=["质量分口径见看板“数据质量”页“质量分如何计算”。"],
            hide_index=True,
            width="stretch",
            height=380,
            on_select="rerun",
            selection_mode="single-row",
            column_config={
                "agency": st.column_config.TextColumn("机构"),
                "year": st.column_config.NumberColumn("年度", format="%d"),
                **ui.quality_columns(
                    "quality_score",
                    "completeness",
                    "missing_sections",
                    "consistency",
                    "blank_share",
                    "similarity_prev_year",
                    "similarity_prev_year_problems",
                    "problem_specificity",
                    "timeliness_days",
                ),
                "content_copied": st.column_config.TextColumn(
                    "内容雷同", help=f"全文与上一份年报相似度 ≥ {COPIED_THRESHOLD}"
                ),
                "画像": st.column_config.LinkColumn("机构画像", display_text="打开画像"),
                "agency_id": None,
                "path": st.column_config.TextColumn("文件"),
            },
        )
        _follow_selection(ev, low)

with tab_copied:
    cp = db.q(queries.copied_reports, f)
    st.caption(
        f"与本机构上一份年报相比，全文或第五部分“存在的主要问题及改进情况”的相似度 ≥ {COPIED_THRESHOLD}，"
        "即基本照搬上一年的年报，建议督促如实撰写。"
    )
    if cp.empty and not qs["compared"]:
        st.info("范围内没有可与上一年比较的年报（需要同一机构有较早年度的年报）。")
    elif cp.empty:
        st.success(
            f"范围内没有发现内容雷同的年报（已比较 {qs['compared']:,} 份有上一年年报可比的年报）。",
            icon=":material/check_circle:",
        )
    else:
        lst = reshape.copied_table(cp)
        ev = ui.table(
            lst,
            "dq_copied",
            title="内容雷同的年报",
            metrics=[],
            notes=[f"相似度 ≥ {COPIED_THRESHOLD} 记为内容雷同（MinHash 估计的 Jaccard 系数）。"],
            hide_index=True,
            width="stretch",
            height=min(38 * len(lst) + 40, 380),
            on_select="rerun",
            selection_mode="single-row",
            column_config={
                "agency": st.column_config.TextColumn("机构"),
                "year": st.column_config.NumberColumn("年度", format="%d"),
                **ui.quality_columns(
                    "prev_year",
                    "similarity_prev_year",
                    "content_copied",
                    "similarity_prev_year_problems",
                    "problems_copied",
                ),
                "quality_score": st.column_config.NumberColumn(Q["quality_score"], format="%.1f"),
                "画像": st.column_config.LinkColumn("机构画像", display_text="打开画像"),
                "agency_id": None,
                "path": st.column_config.TextColumn("文件"),
            },
        )
        _follow_selection(ev, lst, "选中一行可打开该机构的画像，逐年查看相似度。")

with tab_years:
    if sy.empty:
        st.info("范围内没有已知年度的年报。")
    else:
        yt = reshape.as_percent(sy)
        ui.table(
            yt[
                [
                    "year",
                    "reports",
                    "quality_score",
                    "completeness",
                    "consistency",
                    "problem_specificity",
                    "similarity_prev_year",
                    "copied",
                    "problems_copied",
                ]
            ],
            "dq_score_years",
            title="分年度质量指标",
            metrics=[],
            notes=["各项为该年度年报的平均值；缺失项（如无表格的一致性）不计入平均。"],
            hide_index=True,
            width="stretch",
            column_config={
                "year": st.column_config.NumberColumn("年度", format="%d"),
                "reports": st.column_config.NumberColumn("年报数"),
                "quality_score": st.column_config.NumberColumn("平均质量分", format="%.1f"),
                **ui.quality_columns("completeness", "consistency", "problem_specificity"),
                "similarity_prev_year": st.column_config.NumberColumn("与上年全文平均相似度", format="%.2f"),
                "copied": st.column_config.NumberColumn("全文雷同"),
                "problems_copied": st.column_config.NumberColumn("问题与改进雷同"),
            },
        )

# ---- 数据问题 --------------------------------------------------------------------------------------

st.subheader("数据问题")
st.caption("解析和入库时发现的问题：表格勾稽关系不一致、空白单元格、缺表、解析警告、缺报年度和导入错误。")
c1, c2, c3, c4, c5 = st.columns(5)
c1.metric("校验不一致的年报", ui.fmt_int(qs["with_fail"]))
c2.metric("仅因空白无法核对", ui.fmt_int(qs["only_incomplete"]))
c3.metric("空白单元格", ui.fmt_int(qs["blank_cells"]), help=f"分布在 {qs['with_blanks']:,} 份年报中")
c4.metric("缺少表三", ui.fmt_int(qs["missing_tables"]), help="2019 年后格式但未识别到表三（如表格为图片）")
c5.metric("有解析警告", ui.fmt_int(qs["with_warnings"]))

qy = db.q(queries.quality_by_year, f)
if qy.empty:
    st.caption("范围内没有已知年度的年报，无法按年度统计数据问题。")
else:
    long = qy.melt(
        id_vars="year",
        value_vars=[
            "reports_failing",
            "reports_incomplete",
            "reports_with_blanks",
            "missing_tables",
            "reports_with_warnings",
        ],
        var_name="k",
        value_name="年报数",
    )
    long["问题"] = long.k.map(
        {
            "reports_failing": "校验不一致",
            "reports_incomplete": "因空白无法核对",
            "reports_with_blanks": "含空白单元格",
            "missing_tables": "缺少表三",
            "reports_with_warnings": "有解析警告",
        }
    )
    ui.chart(
        charts.bar(
            long,
            "year",
            "年报数",
            color="问题",
            barmode="group",
            title="各年度数据质量问题",
            labels={"year": "年度"},
        ),
        width="stretch",
        key="dq_year",
    )

tab1, tab2, tab3, tab4 = st.tabs(["勾稽校验", "警告与缺表", "缺报年度", "导入错误"])
with tab1:
    cs = db.q(queries.check_summary, f)
    if cs.empty:
        st.info("范围内没有校验记录（仅 2019 年后的表格做勾稽校验）。")
    else:
        grid = cs.assign(
            规则=cs.rule.map(lambda r: f"{r} {CHECK_RULES.get(r, '')}"),
            结果=cs.status.map(lambda s: CHECK_STATUS.get(s, s)),
        ).pivot_table(index="规则", columns="结果", values="n", aggfunc="sum", fill_value=0)
        ui.table(grid, "dq_checks", title="勾稽校验结果（条数）", hide_index=False, metrics=[])
        fc = db.q(queries.failed_checks, f)
        st.markdown(f"**未通过的校验**（{len(fc)} 条{'，仅显示前 500 条' if len(fc) >= 500 else ''}）")
        ui.table(
            fc.assign(结果=fc.status.map(lambda s: CHECK_STATUS.get(s, s)))[
                ["agency", "year", "rule", "结果", "detail", "path"]
            ].rename(
                columns={"agency": "机构", "year": "年度", "rule": "规则", "detail": "说明", "path": "文件"}
            ),
            "dq_failed",
            title="未通过的校验",
            metrics=[],
            hide_index=True,
            width="stretch",
            height=320,
            column_config={"年度": st.column_config.NumberColumn(format="%d")},
        )
with tab2:
    wl = db.q(queries.warning_list, f)
    if wl.empty:
        st.info("没有解析警告或缺表的年报。")
    else:
        ui.table(
            wl.assign(格式=wl.format.map(lambda x: FORMATS.get(x, x)))[
                ["agency", "year", "格式", "warnings_text", "missing_tables", "path"]
            ].rename(
                columns={
                    "agency": "机构",
                    "year": "年度",
                    "warnings_text": "警告",
                    "missing_tables": "缺少表三",
                    "path": "文件",
                }
            ),
            "dq_warnings",
            title="解析警告与缺表",
            metrics=[],
            hide_index=True,
            width="stretch",
            height=360,
            column_config={"年度": st.column_config.NumberColumn(format="%d")},
        )
with tab3:
    mr = db.q(queries.missing_reports, f)
    st.caption("机构在其首末年度之间缺少某年的年报，而同省同层级的其他机构当年有年报。")
    if mr.empty:
        st.info("没有发现缺报年度。")
    else:
        ui.table(
            mr.assign(层级=mr.level.map(ui.level_label))[
                ["agency", "province", "层级", "year", "peers_reporting"]
            ].rename(
                columns={
                    "agency": "机构",
                    "province": "省份",
                    "year": "缺报年度",
                    "peers_reporting": "同级有报机构数",
                }
            ),
            "dq_missing",
            title="缺报年度",
            metrics=[],
            hide_index=True,
            width="stretch",
            height=360,
            column_config={"缺报年度": st.column_config.NumberColumn(format="%d")},
        )
with tab4:
    ie = db.q(queries.ingest_errors)
    if ie.empty:
        st.success("没有导入错误。")
    else:
        st.caption("导入错误与筛选条件无关（出错的文件没有可用的地区信息）。")
        ui.table(
            ie.assign(阶段=ie.stage.map(lambda s: INGEST_STAGES.get(s, s)))[
                ["path", "阶段", "message", "occurred_at"]
            ].rename(columns={"path": "文件", "message": "错误信息", "occurred_at": "时间"}),
            "dq_errors",
            title="导入错误",
            scope="全部数据（导入错误与筛选条件无关）",
            metrics=[],
            hide_index=True,
            width="stretch",
        )
