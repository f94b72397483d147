"""数据下载 (Download): the filtered data as CSV (UTF-8 with BOM), XLSX or Parquet, and the data dictionary.

The files never pass through a DataFrame: DuckDB writes CSV and Parquet (COPY), the workbook is
written row by row; XLSX only when the rows fit in one Excel worksheet, and the page says why not."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import db, export, queries, ui
from dashboard.export import to_csv
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
    ),
    "metrics": ("指标长表", "每份年报每个指标一行：分子、分母、值与 95% 区间"),
    "facts": ("原始数字", "每个抽取到的数字一行：键、值、是否空白、来源（表格/正文）、原文位置"),
}
BUTTON_HELP = {
    "csv": "CSV（UTF-8 带 BOM，Excel 可直接打开），由数据库直接写出",
    "xlsx": "Excel 工作簿：数字格式、冻结表头，另有“说明”工作表（筛选条件、数据来源）",
    "parquet": "Parquet（压缩列式格式，适合 Python、R、DuckDB 等工具），由数据库直接写出",
}


def rows_of(dataset: str) -> tuple[int, bool]:
    """(rows, exact) of a download. The facts are counted only when they might be offered:
    counting scans the facts table, and the table facts alone are already a lower bound."""
    if dataset == "facts" and size["table_facts"] > export.PARQUET_MAX_ROWS:
        return size["table_facts"], False
    return db.q(queries.export_rows, f, dataset), True


def maker(con, dataset: str, fmt: str, about: list[tuple[str, str]]):
    """The file, made when the button is clicked (in a server thread, on its own cursor): CSV and
    Parquet written by DuckDB's COPY, XLSX row by row from Arrow batches; never a DataFrame."""

    def make():
        with db.cursor(con) as cur:
            if fmt == "xlsx":
                reader = queries.export_batches(cur, f, dataset)
                return export.xlsx_file(reader, reader.schema, about=about)
            return export.table_file(lambda path: queries.export_file(cur, f, dataset, path, fmt), fmt)

    return make


con = db.connection(db.db_key())  # the file as shown: a build swapping it meanwhile does not matter
st.markdown(
    f"当前范围共 **{size['reports']:,}** 份年报、**{size['table_facts']:,}** 个表格数字。"
    "文件在点击时由数据库直接生成。"
)
stem = ui.safe_name("xxgk", *f.to_query().values())
for key, (title, desc) in DATASETS.items():
    rows, exact = rows_of(key)
    st.markdown(f"#### {title}")
    st.caption(f"{desc}。{'共' if exact else '至少'} {rows:,} 行。")
    about = ui.about_rows(title, None, rows)
    notes = []
    cols = st.columns(len(export.TABLE_FORMATS))
    for col, (fmt, (label, ext)) in zip(cols, export.TABLE_FORMATS.items(), strict=True):
        reason = export.refusal(fmt, rows)
        note = export.slow_note(fmt, rows)
        notes += [x for x in (reason, note) if x and x not in notes]
        col.download_button(
            f"下载 {label}",
            data=maker(con, key, fmt, about),
            file_name=f"{stem}_{key}.{ext}",
            mime=export.MIME[fmt],
            key=f"dl_{key}_{ext}",
            on_click="ignore",
            icon=":material/download:",
            width="stretch",
            disabled=reason is not None,
            help=reason or note or BUTTON_HELP[fmt],
        )
    for n in notes:
        st.caption(f":material/info: {n}")

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
