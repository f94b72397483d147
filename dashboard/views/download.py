"""数据下载 (Download): the filtered data as CSV (UTF-8 with BOM), XLSX or Parquet, and the data dictionary."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import db, queries, ui
from dashboard.export import WRITERS, to_csv
from dashboard.filters import Filters
from dashboard.labels import COPIED_THRESHOLD, DIRECTIONS, METRIC_KINDS

f = ui.filters()
st.title("数据下载")
ui.scope_caption(f)

size = db.q(queries.count_export, f)
if not size["reports"]:
    ui.empty()
    st.stop()

DATASETS = {
    "reports": (
        "报告汇总",
        "每份年报一行：机构、地区、年度、格式、摘要数字、质量计数与年报质量分（含与上年相似度、内容雷同标记）",
        queries.export_reports,
    ),
    "metrics": ("指标长表", "每份年报每个指标一行：分子、分母、值与 95% 区间", queries.export_metrics),
    "facts": (
        "原始数字",
        "每个抽取到的数字一行：键、值、是否空白、来源（表格/正文）、原文位置",
        queries.export_facts,
    ),
}
FACTS_LIMIT = 3_000_000
METRICS_REPORT_LIMIT = 50_000


def _maker(con, fn, filters: Filters, writer):
    def make() -> bytes:  # runs on click, in its own thread: own cursor
        with db.cursor(con) as cur:
            return writer(fn(cur, filters))

    return make


con = db.connection(db.db_key())
st.markdown(
    f"当前范围共 **{size['reports']:,}** 份年报、**{size['table_facts']:,}** 个表格数字。文件在点击时生成。"
)
stem = "xxgk_" + "_".join(v for v in f.to_query().values()).replace("/", "-").replace(",", "+")[:80]
for key, (title, desc, fn) in DATASETS.items():
    st.markdown(f"#### {title}")
    st.caption(desc)
    if key == "facts" and size["table_facts"] > FACTS_LIMIT:
        st.warning(f"原始数字超过 {FACTS_LIMIT:,} 行，请先缩小筛选范围（例如选择省份或年度）。")
        continue
    if key == "metrics" and size["reports"] > METRICS_REPORT_LIMIT:
        st.warning(
            f"指标长表约 {size['reports'] * 20:,} 行，请先缩小筛选范围（不超过 {METRICS_REPORT_LIMIT:,} 份年报）。"
        )
        continue
    cols = st.columns(len(WRITERS))
    for col, (fmt, (writer, ext, mime)) in zip(cols, WRITERS.items(), strict=True):
        col.download_button(
            f"下载 {fmt}",
            data=_maker(con, fn, f, writer),
            file_name=f"{stem}_{key}.{ext}",
            mime=mime,
            key=f"dl_{key}_{ext}",
            on_click="ignore",
            icon=":material/download:",
            width="stretch",
        )

st.divider()
st.subheader("数据字典")
cat = ui.catalog()
st.markdown("**指标**（`metric_catalog`；比率的分母为 0 或缺失时为空，不计为 0）")
ui.table(
    cat.rename(
        columns={
            "metric": "指标代码",
            "label": "中文名",
            "kind": "类型",
            "higher_is": "方向",
            "definition": "定义",
        }
    ).assign(
        类型=lambda d: d["类型"].map(METRIC_KINDS),
        方向=lambda d: d["方向"].map(DIRECTIONS),
    ),
    "dl_catalog",
    title="指标目录",
    scope="全部数据",
    hide_index=True,
    width="stretch",
)
DICT = pd.DataFrame(
    [
        ("report_id", "年报编号：源文件 sha256 前 16 位 + 分册序号"),
        ("agency_id / agency", "机构编号 / 年报署名的机构名称"),
        ("province / city / county / region_code", "省、市、区县与 6 位行政区划代码"),
        ("level", "机构层级：central 中央、province 省级、city 市级、county 县级、township 乡镇"),
        ("sector", "领域：government 人民政府、education 教育 …"),
        ("year / format", "报告所属年度（统计期限）/ 格式：pre2019、2019、2021"),
        (
            "requests_received … fees_yuan",
            "摘要数字（spec/metrics.md §3），2019 年后由表格推算，之前取自正文",
        ),
        ("key / value / is_blank", "原始数字的规范键、数值、是否空白单元格（空白为 null，不是 0）"),
        (
            "origin / span_start / span_end / page",
            "来源（table 表格、prose 正文）与在规范化全文中的字符位置、PDF 页码",
        ),
        ("numerator / denominator / ci_low / ci_high", "比率的分子、分母与 95% Wilson 区间"),
        (
            "n_warnings / n_fail / n_incomplete / n_blank",
            "解析警告数、不一致校验数、因空白无法核对的校验数、空白单元格数",
        ),
        (
            "similarity_prev_year / similarity_prev_year_problems",
            "与本机构上一份年报全文 / 第五部分（问题与改进）的相似度（0–1，MinHash 估计）",
        ),
        ("content_copied / problems_copied", f"内容雷同：对应相似度 ≥ {COPIED_THRESHOLD}"),
        (
            "completeness / consistency / problem_specificity",
            "完整性（应有部分和表格的具备比例）、一致性（勾稽关系成立比例）、问题具体度（0–1）",
        ),
        ("quality_score", "年报质量分（0–100），口径见“数据质量”页“质量分如何计算”"),
    ],
    columns=["字段", "含义"],
)
st.markdown("**字段**")
ui.table(DICT, "dl_dict", title="字段说明", scope="全部数据", hide_index=True)
st.download_button(
    "下载数据字典（CSV）",
    data=to_csv(
        pd.concat([DICT, cat.rename(columns={"metric": "字段", "definition": "含义"})[["字段", "含义"]]])
    ),
    file_name="xxgk_数据字典.csv",
    mime="text/csv",
    key="dl_dictionary",
    on_click="ignore",
)
