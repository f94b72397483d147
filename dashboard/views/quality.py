"""数据质量 (Data quality): report quality scores (completeness, consistency, 内容雷同 …) for supervisors,
then the data's own problems: checks, blanks, missing tables, warnings, missing reports (with the
user's roster), late reports, ingest errors."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, db, queries, reshape, roster, ui
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
_YEAR_COLUMN = {"年度": st.column_config.NumberColumn(format="%d")}


def _record_table(df: pd.DataFrame, key: str, **kwargs):
    """A list of records (reports, checks, files) at full width: no index, no metric definitions in
    its workbook (`ui.table`'s other arguments pass through)."""
    return ui.table(df, key, metrics=[], hide_index=True, width="stretch", **kwargs)


def _follow_selection(event, df: pd.DataFrame, hint: str = "选中一行可打开该机构的画像。") -> None:
    rows = event.selection.rows if event and event.selection else []
    if rows and not ui.is_missing(df.iloc[rows[0]].agency_id):
        sel = df.iloc[rows[0]]
        ui.profile_link(sel.agency_id, f"查看 {sel.agency} 的机构画像")
    else:
        st.caption(hint)


MISSING_BASIS = {
    "adjacent": "前后年度均有年报",
    "roster": "名单列明应报",
    "span": "首末年度之间（同级有报）",
}
ROSTER_STATUS = {
    "unmatched": "未找到机构",
    "ambiguous": "匹配到多个机构",
    "out_of_scope": "不在当前筛选范围",
}


def _roster_upload() -> roster.Roster | None:
    """The roster CSV the user uploaded (None: none, or unreadable: the error is shown)."""
    up = st.file_uploader(
        "上传应报机构名单（CSV）",
        type=["csv", "txt"],
        key="dq_roster",
        help="列：机构名称、年份（如 2021，或 2019-2023；也可用“起始年份”“结束年份”两列），"
        "可选 省、市。机构名称须与年报中的名称一致（忽略空格与全角半角、繁简差异）。",
    )
    if up is None:
        return None
    try:
        ro = roster.parse_roster(up.getvalue())
    except roster.RosterError as exc:
        st.error(f"名单无法读取：{exc}")
        return None
    st.caption(f"名单：{ro.rows:,} 行，{len(ro.entries):,} 个机构年度。")
    if ro.errors:
        with st.expander(f"{len(ro.errors)} 行未读入", icon=":material/warning:"):
            st.markdown("\n".join(f"- {ui.esc(e)}" for e in ro.errors[:200]))
    return ro


def _missing_reports() -> None:
    st.caption(
        "应报而未见年报的机构年度：机构（含更名前后的名称，以及合并、分设的沿革机构）上一年和下一年都有年报而当年没有；"
        "或上传的名单列明该机构当年应报；或在其首末年度之间、同省同层级的其他机构当年有年报。"
    )
    ro = _roster_upload()
    entries = ro.entries if ro else ()
    mr = db.q(queries.missing_reports, f, 500, entries)
    if mr.empty:
        st.info("没有发现缺报年度。")
    else:
        counts = mr.basis.value_counts()
        st.markdown(
            f"**缺报年度**（{len(mr):,} 个{'，仅显示前 500 个' if len(mr) >= 500 else ''}；"
            + "，".join(f"{MISSING_BASIS[b]} {int(counts.get(b, 0)):,}" for b in MISSING_BASIS)
            + "）"
        )
        table = mr.assign(
            roster_name=mr.roster_name.fillna(""),
            层级=mr.level.map(ui.level_label),
            依据=mr.basis.map(MISSING_BASIS),
            画像=mr.agency_id.map(ui.profile_url),
        )
        _record_table(
            table[
                [
                    "agency",
                    "province",
                    "city",
                    "层级",
                    "year",
                    "依据",
                    "peers_reporting",
                    "roster_name",
                    "画像",
                    "agency_id",
                ]
            ],
            "dq_missing",
            title="缺报年度",
            notes=[
                "机构按沿革合并计算：更名前后的名称视为同一机构，合并、分设的机构视为一组，组内任一机构当年有年报即不算缺报。",
                "依据：" + "；".join(MISSING_BASIS.values()) + "。",
            ],
            height=360,
            column_config={
                "agency": st.column_config.TextColumn("机构"),
                "province": st.column_config.TextColumn("省份"),
                "city": st.column_config.TextColumn("城市"),
                "year": st.column_config.NumberColumn("缺报年度", format="%d"),
                "peers_reporting": st.column_config.NumberColumn("同级有报机构数"),
                "roster_name": st.column_config.TextColumn("名单中的名称"),
                "画像": st.column_config.LinkColumn("机构画像", display_text="打开画像"),
                "agency_id": None,
            },
        )
    if ro and ro.entries:
        um = db.q(queries.missing_roster_unmatched, f, entries)
        if um.empty:
            st.success(
                "名单中的机构均已在数据库中找到，且都在当前筛选范围内。", icon=":material/check_circle:"
            )
        else:
            st.markdown(f"**名单中未核对的行**（{len(um):,} 行）")
            _record_table(
                um.assign(
                    状态=um.status.map(ROSTER_STATUS),
                    年份=um.years.map(lambda ys: ui.year_runs(list(ys))),
                    候选机构=um.candidates.map(lambda c: "、".join(c)),
                )[["line", "name", "province", "city", "年份", "状态", "候选机构"]],
                "dq_roster_unmatched",
                title="名单中未核对的行",
                scope="上传的名单",
                notes=["机构名称按规范化后完全一致匹配；匹配到多个机构时请在名单中补充省、市。"],
                column_config={
                    "line": st.column_config.NumberColumn("名单行号", format="%d"),
                    "name": st.column_config.TextColumn("机构名称"),
                    "province": st.column_config.TextColumn("省"),
                    "city": st.column_config.TextColumn("市"),
                },
            )


def _late_reports() -> None:
    st.caption(
        "发布日期晚于法定期限的年报：2019 年起各部门为次年 1 月 31 日，人民政府及 2018 年及以前的年报为次年 3 月 31 日"
        "（《政府信息公开条例》第四十九条）。仅统计能识别发布日期的年报。"
    )
    ly = db.q(queries.late_reports_by_year, f)
    if ly.empty or not ly.dated.sum():
        st.info("范围内没有能识别发布日期的年报。")
        return
    k1, k2, k3 = st.columns(3)
    k1.metric("有发布日期的年报", ui.fmt_int(int(ly.dated.sum())))
    k2.metric("逾期发布", ui.fmt_int(int(ly.late.sum())), help="发布日期晚于法定期限的年报数")
    k3.metric("逾期超过 30 天", ui.fmt_int(int(ly.late_30.sum())))
    if ly.late.sum():
        ui.chart(
            charts.bar(
                ly,
                "year",
                "late",
                title="各年度逾期发布的年报数",
                labels={"year": "年度", "late": "逾期发布年报数"},
            ),
            width="stretch",
            key="dq_late_year",
        )
    _record_table(
        ly.assign(late_share=ly.late_share * 100),
        "dq_late_years",
        title="各年度逾期发布情况",
        column_config={
            "year": st.column_config.NumberColumn("年度", format="%d"),
            "reports": st.column_config.NumberColumn("年报数"),
            "dated": st.column_config.NumberColumn("有发布日期"),
            "late": st.column_config.NumberColumn("逾期发布"),
            "late_30": st.column_config.NumberColumn("逾期超过30天"),
            "late_share": st.column_config.NumberColumn("逾期占比", format="%.1f%%"),
            "median_days_late": st.column_config.NumberColumn("逾期天数中位数", format="%.0f"),
            "max_days_late": st.column_config.NumberColumn("最长逾期天数", format="%d"),
        },
    )
    lr = db.q(queries.late_reports, f, 0, 500)
    if lr.empty:
        st.success("范围内没有逾期发布的年报。", icon=":material/check_circle:")
        return
    st.markdown(f"**逾期发布的年报**（{len(lr):,} 份{'，仅显示前 500 份' if len(lr) >= 500 else ''}）")
    ev = _record_table(
        lr.assign(层级=lr.level.map(ui.level_label), 画像=lr.agency_id.map(ui.profile_url))[
            [
                "agency",
                "province",
                "city",
                "层级",
                "year",
                "deadline",
                "published",
                "timeliness_days",
                "画像",
                "agency_id",
                "path",
            ]
        ],
        "dq_late",
        title="逾期发布的年报",
        notes=["逾期天数 = 发布日期 − 法定期限（次年 1 月 31 日或 3 月 31 日）。"],
        height=360,
        on_select="rerun",
        selection_mode="single-row",
        column_config={
            "agency": st.column_config.TextColumn("机构"),
            "province": st.column_config.TextColumn("省份"),
            "city": st.column_config.TextColumn("城市"),
            "year": st.column_config.NumberColumn("年度", format="%d"),
            "deadline": st.column_config.DateColumn("法定期限"),
            "published": st.column_config.DateColumn("发布日期"),
            "timeliness_days": st.column_config.NumberColumn("逾期天数", format="%d"),
            "画像": st.column_config.LinkColumn("机构画像", display_text="打开画像"),
            "agency_id": None,
            "path": st.column_config.TextColumn("文件"),
        },
    )
    _follow_selection(ev, lr)


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
        ev = _record_table(
            low,
            "dq_scores",
            title="年报质量分（低分在前）",
            notes=["质量分口径见看板“数据质量”页“质量分如何计算”。"],
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
        ev = _record_table(
            lst,
            "dq_copied",
            title="内容雷同的年报",
            notes=[f"相似度 ≥ {COPIED_THRESHOLD} 记为内容雷同（MinHash 估计的 Jaccard 系数）。"],
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
        _record_table(
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
            notes=["各项为该年度年报的平均值；缺失项（如无表格的一致性）不计入平均。"],
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

tab1, tab2, tab3, tab_late, tab4 = st.tabs(["勾稽校验", "警告与缺表", "缺报年度", "逾期发布", "导入错误"])
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
        _record_table(
            fc.assign(结果=fc.status.map(lambda s: CHECK_STATUS.get(s, s)))[
                ["agency", "year", "rule", "结果", "detail", "path"]
            ].rename(
                columns={"agency": "机构", "year": "年度", "rule": "规则", "detail": "说明", "path": "文件"}
            ),
            "dq_failed",
            title="未通过的校验",
            height=320,
            column_config=_YEAR_COLUMN,
        )
with tab2:
    wl = db.q(queries.warning_list, f)
    if wl.empty:
        st.info("没有解析警告或缺表的年报。")
    else:
        _record_table(
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
            height=360,
            column_config=_YEAR_COLUMN,
        )
with tab3:
    _missing_reports()
with tab_late:
    _late_reports()
with tab4:
    ie = db.q(queries.ingest_errors)
    if ie.empty:
        st.success("没有导入错误。")
    else:
        st.caption("导入错误与筛选条件无关（出错的文件没有可用的地区信息）。")
        _record_table(
            ie.assign(阶段=ie.stage.map(lambda s: INGEST_STAGES.get(s, s)))[
                ["path", "阶段", "message", "occurred_at"]
            ].rename(columns={"path": "文件", "message": "错误信息", "occurred_at": "时间"}),
            "dq_errors",
            title="导入错误",
            scope="全部数据（导入错误与筛选条件无关）",
        )
