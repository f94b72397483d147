"""问题分析 (Problems): category heatmap, chronic problems, spread across provinces, quoted statements."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, db, maps, queries, reshape, ui
from dashboard.filters import bind_param, set_page_params
from dashboard.labels import CATEGORIES

f = ui.filters()
st.title("问题分析")
ui.scope_caption(f)
st.caption("依据年报“存在的主要问题及改进情况”部分抽取的问题表述，按 14 个类别归类（一条表述可属多个类别）。")

cy = db.q(queries.problem_category_year, f)
if cy.empty:
    ui.empty("当前范围内没有抽取到问题表述。")
    st.stop()
cy["类别"] = cy.category.map(lambda c: CATEGORIES.get(c, c))

_, unit_name = queries.ranking_unit_column(f)
groups = {"year": "类别 × 年度", "region": f"类别 × {unit_name}", "sector": "类别 × 领域"}
bind_param("view", "pb_view", list(groups))
view = st.radio("热力图", list(groups), key="pb_view", format_func=groups.get, horizontal=True)

if view == "year":
    ui.chart(
        charts.heatmap(cy, "year", "类别", "share", title="提及该类问题的年报占比"),
        width="stretch",
        key="pb_heat",
    )
else:
    hm = db.q(queries.problem_heatmap, f, view)
    hm["类别"] = hm.category.map(lambda c: CATEGORIES.get(c, c))
    agg = reshape.heatmap_over_years(hm.assign(grp=reshape.group_labels(hm.grp, view)))
    ui.chart(
        charts.heatmap(
            agg, "grp", "类别", "share", title=f"提及该类问题的年报占比（{groups[view]}，全部年度）"
        ),
        width="stretch",
        key="pb_heat",
    )

st.subheader("跨省份扩散")
spread = cy.assign(省份占比=cy.provinces / cy.provinces_reporting)
ui.chart(
    charts.heatmap(
        spread, "year", "类别", "provinces", percent=False, title="提及该类问题的省份数（同一年）"
    ),
    width="stretch",
    key="pb_spread",
)

st.subheader("地区分布地图")
map_cats = [c for c in CATEGORIES if c in set(cy.category)]
m1, m2 = st.columns([3, 2])
map_cat = m1.selectbox("问题类别", map_cats, key="pb_map_cat", format_func=lambda c: CATEGORIES.get(c, c))
measure = m2.radio(
    "地图数值",
    list(maps.PROBLEM_MEASURES),
    key="pb_map_measure",
    horizontal=True,
    format_func={"share": "年报占比", "naming": "年报数"}.get,
)
ui.region_map(
    "pb_map",
    f,
    maps.problem_map,
    f,
    map_cat,
    CATEGORIES.get(map_cat, map_cat),
    measure,
    short_note=f"灰色：{maps.SHORT}（范围内年报少于 {maps.DEFAULT_MIN_SAMPLE} 份）；",
    scope=f.describe(),
)

st.subheader("反复出现的问题")
bind_param("run", "pb_run", [2, 3, 4, 5], parse=int)
if "pb_run" not in st.session_state:
    st.session_state["pb_run"] = 2
min_run = st.select_slider("最少连续年数", [2, 3, 4, 5], key="pb_run")
chronic = db.q(queries.chronic_problems, f, int(min_run))
if chronic.empty:
    st.info(f"没有机构连续 {min_run} 年及以上提及同一类问题。")
else:
    st.caption(f"同一机构连续 {min_run} 年及以上提及同一类问题：{len(chronic)} 组（按连续年数排序）。")
    ui.table(
        chronic.assign(
            类别=chronic.category.map(lambda c: CATEGORIES.get(c, c)),
            地区=reshape.regions(chronic),
        )[["agency", "地区", "类别", "first_year", "last_year", "run_length"]].rename(
            columns={
                "agency": "机构",
                "first_year": "起始年",
                "last_year": "结束年",
                "run_length": "连续年数",
            }
        ),
        "pb_chronic",
        title=f"反复出现的问题（连续 {min_run} 年及以上）",
        metrics=[],
        hide_index=True,
        width="stretch",
        height=300,
        column_config={
            "起始年": st.column_config.NumberColumn(format="%d"),
            "结束年": st.column_config.NumberColumn(format="%d"),
        },
    )

st.subheader("原文摘录")
cats = [c for c in CATEGORIES if c in set(cy.category)]
bind_param("category", "pb_cat", cats)
years = sorted(cy.year.unique().tolist())
d1, d2 = st.columns(2)
cat = d1.selectbox("问题类别", cats, key="pb_cat", format_func=lambda c: CATEGORIES.get(c, c))
yr = d2.selectbox("年度", ["全部", *years[::-1]], key="pb_year")
set_page_params({"view": view, "run": min_run, "category": cat})
st_df = db.q(queries.problem_statements, f, cat, None if yr == "全部" else int(yr), None, "region", 200)
if st_df.empty:
    st.info("没有符合条件的表述。")
else:
    st.caption(f"显示最近的 {len(st_df)} 条（最多 200 条）。")
    ui.table(
        st_df.assign(
            类别=st_df.categories.map(reshape.category_names),
            地区=reshape.regions(st_df),
        )[["year", "agency", "地区", "text", "类别", "path"]].rename(
            columns={"year": "年度", "agency": "机构", "text": "问题表述", "path": "来源文件"}
        ),
        "pb_quotes",
        title=f"问题表述原文摘录：{CATEGORIES.get(cat, cat)}",
        notes=[f"年度：{yr}；最多 200 条"],
        metrics=[],
        hide_index=True,
        width="stretch",
        height=360,
        column_config={
            "年度": st.column_config.NumberColumn(format="%d"),
            "问题表述": st.column_config.TextColumn(width="large"),
        },
    )
