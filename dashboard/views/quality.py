"""数据质量 (Data quality): checks, blanks, missing tables, warnings, ingest errors, missing reports."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, db, queries, ui
from dashboard.labels import CHECK_RULES, CHECK_STATUS, FORMATS

f = ui.filters()
st.title("数据质量")
ui.scope_caption(f)

qs = db.q(queries.quality_summary, f)
if not qs["reports"]:
    ui.empty()
    st.stop()
c1, c2, c3, c4, c5 = st.columns(5)
c1.metric("校验不一致的年报", ui.fmt_int(qs["with_fail"]))
c2.metric("仅因空白无法核对", ui.fmt_int(qs["only_incomplete"]))
c3.metric("空白单元格", ui.fmt_int(qs["blank_cells"]), help=f"分布在 {qs['with_blanks']:,} 份年报中")
c4.metric("缺少表三", ui.fmt_int(qs["missing_tables"]), help="2019 年后格式但未识别到表三（如表格为图片）")
c5.metric("有解析警告", ui.fmt_int(qs["with_warnings"]))

qy = db.q(queries.quality_by_year, f)
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
charts.show(
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
    stages = {"read": "读取", "parse": "解析", "load": "入库"}
    if ie.empty:
        st.success("没有导入错误。")
    else:
        st.caption("导入错误与筛选条件无关（出错的文件没有可用的地区信息）。")
        ui.table(
            ie.assign(阶段=ie.stage.map(lambda s: stages.get(s, s)))[
                ["path", "阶段", "message", "occurred_at"]
            ].rename(columns={"path": "文件", "message": "错误信息", "occurred_at": "时间"}),
            "dq_errors",
            title="导入错误",
            scope="全部数据（导入错误与筛选条件无关）",
            metrics=[],
            hide_index=True,
            width="stretch",
        )
