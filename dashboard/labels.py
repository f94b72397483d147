"""The dashboard's vocabulary: Chinese labels for the codes in the database, each defined once.

Where the ETL already defines a code or its label, it is read from there (the dashboard may import
`etl`, never the reverse):

- problem categories and their labels: `etl/data/problem_taxonomy.toml` (`[[category]]`);
- the summary keys `s.*` and the metrics with their labels: `etl/data/metrics.csv` (also the database's
  `metric_catalog`);
- the Table 3 and Table 4 row and column codes, in order: `etl/tables/labels.py`;
- the level, format and check-status codes: `etl/model.py` (`Level`, `Format`, `Status`);
- the weights of the quality score and the 内容雷同 threshold: `etl/sql/derived/report_quality.sql`.

Labels the ETL has no word for (levels, sectors, formats, check rules, table columns, …) are defined
here; `tests/dashboard/test_vocabulary.py` checks that every code the ETL emits has one.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from typing import get_args

from etl import model as etl_model
from etl.store import schema as etl_schema
from etl.tables import labels as etl_tables


def _in_etl_order(codes, labels: dict[str, str]) -> dict[str, str]:
    """`labels` keyed by the ETL's codes, in the ETL's order (a code without a label keeps its code)."""
    return {code: labels.get(code, code) for code in codes}


# Levels of the issuing organ (`etl.model.Level`), in the order the filters and tables list them.
LEVELS: dict[str, str] = _in_etl_order(
    get_args(etl_model.Level),
    {
        "central": "中央",
        "province": "省级",
        "city": "市级",
        "county": "县级",
        "township": "乡镇",
        "unknown": "未知",
    },
)
LEVEL_ORDER: tuple[str, ...] = tuple(LEVELS)

SECTORS: dict[str, str] = {
    "government": "人民政府（办公厅/室）",
    "education": "教育",
    "public_security": "公安",
    "health": "卫生健康",
    "natural_resources": "自然资源",
    "housing": "住房城乡建设",
    "ecology": "生态环境",
    "market_regulation": "市场监管",
    "human_resources": "人力资源社会保障",
    "civil_affairs": "民政",
    "finance": "财政",
    "transport": "交通运输",
    "agriculture": "农业农村",
    "water": "水利",
    "culture": "文化旅游",
    "statistics": "统计",
    "development_reform": "发展改革",
    "petition": "信访",
    "audit": "审计",
    "justice": "司法行政",
    "emergency": "应急管理",
    "science_technology": "科学技术",
    "industry_it": "工业和信息化",
    "commerce": "商务",
    "urban_management": "城市管理",
    "ethnic_religious": "民族宗教",
    "veterans": "退役军人事务",
    "medical_insurance": "医疗保障",
    "government_services": "政务服务",
    "other": "其他",
}

# Report formats (`etl.model.Format`) and check results (`etl.model.Status`).
FORMATS: dict[str, str] = _in_etl_order(
    get_args(etl_model.Format), {"pre2019": "2019年前格式", "2019": "2019版表格", "2021": "2021版表格"}
)
CHECK_STATUS: dict[str, str] = _in_etl_order(
    get_args(etl_model.Status), {"ok": "通过", "fail": "不一致", "incomplete": "因空白无法核对"}
)

CHECK_RULES: dict[str, str] = {
    "D1": "表三每行：总计 = 各类申请人之和",
    "D2": "表三每列：新收 + 上年结转 = 办理总计 + 结转下年",
    "D3": "表三每列：办理总计 = 各办理结果之和",
    "D4": "表四每块：总计 = 维持 + 纠正 + 其他 + 尚未审结",
    "D5": "表三每列：结转下年 ≤ 新收 + 上年结转",
    "D6": "数值为非负整数（收费金额可为小数，2019版本年增/减可为负）",
    "X1": "跨年度：本年上年结转 = 上年结转下年度",
    "X2": "跨年度：现行有效件数 ≈ 上年现行有效 + 本年制发 − 本年废止",
    "X3": "本年制发件数 ≤ 现行有效件数 + 本年废止件数",
    "X4": "正文数字与表格一致",
    "X5": "第六部分收费说明与表三（六）2 一致",
    "X6": "跨年度（2019版表二）：本年上一年项目数量 = 上年上一年项目数量 + 上年本年增/减",
    "A1": "2019版表二疑似误填：处理决定数量 = 上一年项目数量 + 本年增/减",
    "P1": "数值超出合理范围（负数、异常大或非整数的计数）：未载入，原文见说明",
}

# Table 3 rows (2019 and 2021 formats) with the row labels of the official template; the codes and
# their order are the ETL's (`etl/tables/labels.py`), see T3_ROWS below.
_T3_ROW_LABELS: dict[str, str] = {
    "new_received": "一、本年新收政府信息公开申请数量",
    "carried_in": "二、上年结转政府信息公开申请数量",
    "granted": "（一）予以公开",
    "partial": "（二）部分公开",
    "denied.state_secret": "不予公开：属于国家秘密",
    "denied.law_forbidden": "不予公开：其他法律行政法规禁止公开",
    "denied.three_security_one_stability": "不予公开：危及“三安全一稳定”",
    "denied.third_party": "不予公开：保护第三方合法权益",
    "denied.internal_affairs": "不予公开：属于三类内部事务信息",
    "denied.process_info": "不予公开：属于四类过程性信息",
    "denied.enforcement_file": "不予公开：属于行政执法案卷",
    "denied.admin_query": "不予公开：属于行政查询事项",
    "unable.not_held": "无法提供：本机关不掌握相关政府信息",
    "unable.needs_creation": "无法提供：没有现成信息需要另行制作",
    "unable.unclear": "无法提供：补正后申请内容仍不明确",
    "not_processed.petition": "不予处理：信访举报投诉类申请",
    "not_processed.repeat": "不予处理：重复申请",
    "not_processed.publication": "不予处理：要求提供公开出版物",
    "not_processed.massive": "不予处理：无正当理由大量反复申请",
    "not_processed.confirm": "不予处理：要求确认或重新出具已获取信息",
    "other": "（七）其他处理",
    "other.no_correction": "其他处理：逾期不补正",
    "other.no_fee_paid": "其他处理：逾期未缴纳费用",
    "other.other": "其他处理：其他",
    "total_processed": "四、总计",
    "carried_out": "五、结转下年度继续办理",
}

_T3_COL_LABELS: dict[str, str] = {
    "natural": "自然人",
    "commercial": "商业企业",
    "research": "科研机构",
    "social": "社会公益组织",
    "legal": "法律服务机构",
    "other_org": "其他",
    "total": "总计",
}

_T4_BLOCK_LABELS: dict[str, str] = {
    "review": "行政复议",
    "lit_direct": "未经复议直接起诉",
    "lit_after_review": "复议后起诉",
}

_T4_RESULT_LABELS: dict[str, str] = {
    "maintained": "结果维持",
    "corrected": "结果纠正",
    "other": "其他结果",
    "pending": "尚未审结",
    "total": "总计",
}


# Outcome groups of the requests (the summary measures `granted` … `not_processed`; Table 3 rows).
OUTCOMES: dict[str, str] = {
    "granted": "予以公开",
    "partial": "部分公开",
    "denied": "不予公开",
    "unable": "无法提供",
    "not_processed": "不予处理及其他",
}

# Short names of the measures drawn as series (trend charts).
SERIES: dict[str, str] = {
    "requests_received": "新收申请",
    "requests_processed": "办结申请",
    "carried_out": "结转下年",
    "granted": "予以公开",
    "proactive_items": "主动公开",
    "reviews": "行政复议",
    "lawsuits": "行政诉讼",
}

# metric_catalog.kind and .higher_is
METRIC_KINDS: dict[str, str] = {"count": "计数", "rate": "比率"}
DIRECTIONS: dict[str, str] = {"better": "越高越好", "worse": "越低越好", "neutral": "中性"}
RANKING_DIRECTIONS: dict[str, str] = {
    "better": "数值越高越好，第 1 名数值最高",
    "worse": "数值越低越好，第 1 名数值最低",
    "neutral": "按数值从高到低排列",
}

# ingest_errors.stage
INGEST_STAGES: dict[str, str] = {"read": "读取", "parse": "解析", "load": "入库", "links": "机构链接文件"}

# Fact tables as the profile's table picker names them (the key prefix before the first dot).
TABLE_SHORT: dict[str, str] = {
    "s": "摘要数字（正文）",
    "t3": "表三 申请办理",
    "t4": "表四 复议诉讼",
    "t2": "表二（2021版）",
    "t2_2019": "表二（2019版）",
}

# --------------------------------------------------------------------------------------------------
# Read from the ETL's data files


@cache
def metric_labels() -> dict[str, str]:
    """metric → Chinese label, as `etl/data/metrics.csv` defines them (in its order)."""
    return {m["metric"]: m["label"] for m in etl_schema.metric_catalog()}


@cache
def _categories() -> dict[str, str]:
    data = tomllib.loads((etl_schema.DATA_DIR / "problem_taxonomy.toml").read_text(encoding="utf-8"))
    return {c["code"]: c["label"] for c in data["category"]}


def _t3_row_codes() -> list[str]:
    """The Table 3 rows of both formats in template order (the 2019 format's single `other` row
    before the 2021 format's three)."""
    out: list[str] = []
    for fmt in ("2021", "2019"):
        prev = None
        for row, _ in etl_tables.T3_ROWS[fmt]:
            if row not in out:
                out.insert(out.index(prev) + 1 if prev in out else len(out), row)
            prev = row
    return out


# Problem categories (section 五), in the taxonomy's order.
CATEGORIES: dict[str, str] = _categories()

# The summary keys `s.*`: the count metrics defined as `s.<metric>`, labelled as the metric.
SUMMARY_KEYS: dict[str, str] = {
    f"s.{m['metric']}": m["label"]
    for m in etl_schema.metric_catalog()
    if m["definition"].strip() == f"s.{m['metric']}"
}

T3_ROWS: dict[str, str] = _in_etl_order(_t3_row_codes(), _T3_ROW_LABELS)
T3_COLS: dict[str, str] = _in_etl_order(etl_tables.T3_COLS, _T3_COL_LABELS)
T4_BLOCKS: dict[str, str] = _in_etl_order(etl_tables.T4_BLOCKS, _T4_BLOCK_LABELS)
T4_RESULTS: dict[str, str] = _in_etl_order(etl_tables.T4_RESULTS, _T4_RESULT_LABELS)


TABLE_NAMES: dict[str, str] = {
    "t2": "表二 主动公开情况（2021版）",
    "t2_2019": "表二 主动公开情况（2019版）",
    "t3": "表三 收到和处理申请情况",
    "t4": "表四 行政复议、行政诉讼情况",
    "s": "摘要数字（正文/表格推算）",
}


def key_label(key: str) -> str:
    """Chinese label of a canonical fact key (spec/metrics.md §2–3)."""
    if key in SUMMARY_KEYS:
        return SUMMARY_KEYS[key]
    parts = key.split(".")
    if parts[0] == "t3" and len(parts) >= 3:
        row = ".".join(parts[1:-1])
        return f"{T3_ROWS.get(row, row)}｜{T3_COLS.get(parts[-1], parts[-1])}"
    if parts[0] == "t4" and len(parts) == 3:
        return f"{T4_BLOCKS.get(parts[1], parts[1])}｜{T4_RESULTS.get(parts[2], parts[2])}"
    return key


def label(mapping: dict[str, str], code: str | None) -> str:
    if code is None:
        return "—"
    return mapping.get(code, code)


# Chinese headers for column names that reach a table or a file unrenamed.
COLUMN_LABELS: dict[str, str] = {
    "year": "年度",
    "agency": "机构",
    "agency_id": "机构编号",
    "name": "名称",
    "label": "指标",
    "province": "省份",
    "city": "城市",
    "county": "区县",
    "region_code": "行政区划代码",
    "level": "层级",
    "sector": "领域",
    "format": "格式",
    "path": "文件",
    "rule": "规则",
    "status": "结果",
    "detail": "说明",
    "metric": "指标代码",
    "value": "数值",
    "numerator": "分子",
    "denominator": "分母",
    "ci_low": "95%区间下限",
    "ci_high": "95%区间上限",
    "reports": "年报数",
    "n_fail": "不一致校验",
    "n_blank": "空白单元格",
    "index": "项目",
}

# --------------------------------------------------------------------------------------------------
# Report quality (README "Report quality"; `report_quality` and the quality columns of `dash_reports`)

_QUALITY_SQL = etl_schema.SQL_DIR / "derived" / "report_quality.sql"


@cache
def _quality_sql() -> str:
    return _QUALITY_SQL.read_text(encoding="utf-8")


def _copied_threshold() -> float:
    found = set(re.findall(r">= ([0-9.]+) as (?:content|problems)_copied", _quality_sql()))
    if len(found) != 1:
        raise RuntimeError(f"{_QUALITY_SQL} no longer states one 内容雷同 threshold: {sorted(found)}")
    return float(found.pop())


def _quality_weights() -> dict[str, int]:
    """component → weight, from the score's numerator `w * coalesce(component, 0)` (blank cells count
    as `1 - blank_share`)."""
    numerator = _quality_sql().split("round(100 * (", 1)[-1].split(") / nullif(", 1)[0]
    found = {
        m.group(2) or m.group(3): int(m.group(1))
        for m in re.finditer(r"(\d+) \* coalesce\((?:1 - (\w+)|(\w+)), 0\)", numerator)
    }
    if not found:
        raise RuntimeError(f"{_QUALITY_SQL}: no weights found in the quality score")
    return found


# 内容雷同: similarity to the agency's previous report at or above this (whole text or section 五).
COPIED_THRESHOLD: float = _copied_threshold()
COPIED_MARK = "⚠ 雷同"

QUALITY_COLUMNS: dict[str, str] = {
    "quality_score": "质量分",
    "completeness": "完整性",
    "consistency": "一致性",
    "originality": "原创性",
    "punctuality": "及时性",
    "blank_share": "空白单元格占比",
    "blank_cells": "空白单元格",
    "problem_specificity": "问题具体度",
    "problem_statements": "问题表述条数",
    "similarity_prev_year": "与上年全文相似度",
    "similarity_prev_year_problems": "与上年“问题与改进”相似度",
    "content_copied": "全文雷同",
    "problems_copied": "问题与改进雷同",
    "prev_year": "比较年度",
    "missing_sections": "缺少部分",
    "timeliness_days": "超期天数",
    "copied": "全文雷同年报数",
}

QUALITY_HELP: dict[str, str] = {
    "quality_score": "0–100，各项指标的加权平均（缺失的指标不计入权重）",
    "completeness": "应有的六个部分与表二至表四中实际具备的比例",
    "consistency": "表格勾稽关系（D1–D4）成立的比例；因空白无法核对的不计",
    "problem_specificity": "问题表述中点明具体事项或数字的比例；第五部分只写“无”时为 0",
    "similarity_prev_year": "与本机构上一份年报全文的相似度（MinHash 估计的 Jaccard 系数，0–1）",
    "similarity_prev_year_problems": "与上一份年报第五部分（存在的主要问题及改进情况）的相似度",
    "timeliness_days": "晚于法定公开期限的天数（政府部门 2019 年起为次年 1 月 31 日，人民政府及 2018 年以前为次年 3 月 31 日）；0 或负数为按时",
}

# Sections and topics a report is expected to have (report_quality.missing_sections).
SECTIONS: dict[str, str] = {
    "overview": "总体情况",
    "proactive": "主动公开",
    "requests": "收到和处理申请",
    "fees": "收费",
    "review": "复议诉讼",
    "problems": "存在的主要问题及改进",
    "other": "其他需要报告的事项",
    "appendix": "附表",
}

# Weights of the composite score, as etl/sql/derived/report_quality.sql computes it.
QUALITY_WEIGHTS: dict[str, int] = _quality_weights()

# One line per paragraph or item: a line break inside a Chinese paragraph would render as a space.
_W = QUALITY_WEIGHTS
QUALITY_FORMULA = f"""
**质量分（0–100）** 是以下六项得分（各为 0–1）的加权平均，只计该年报**可以评价**的项目，缺失项不计入分母：没有统计表的 2019 年前年报按其可评价的内容打分，机构的第一份年报也不因没有上一年可比而扣分。

- **完整性（权重 {_W.get("completeness")}）**：应有的部分与表格中实际具备的比例。2019、2021 版格式应有六个部分（总体情况、主动公开、收到和处理申请、复议诉讼、存在的主要问题及改进、其他需要报告的事项）和表二至表四；2019 年前的年报按 2008 年条例的六项内容（概述、主动公开、依申请公开、收费、复议诉讼、问题与改进）计。
- **一致性（权重 {_W.get("consistency")}）**：表格勾稽关系（D1–D4）成立的比例；因空白无法核对的不计，没有可核对的表格时不计此项。
- **原创性（权重 {_W.get("originality")}）**：与上一份年报的相似度（全文与第五部分取较高者）不超过 0.5 时为 1，升至 1.0 时线性降到 0。
- **填报完整（权重 {_W.get("blank_share")}）**：1 − 空白单元格占比；没有表格时不计。
- **问题具体度（权重 {_W.get("problem_specificity")}）**：问题表述中点明具体事项或数字的比例；第五部分只写“无”或泛泛而谈时为 0，没有第五部分时不计。
- **及时性（权重 {_W.get("punctuality")}）**：按期公开为 1，超期 90 天及以上为 0，其间线性递减；发布日期未知时不计。

质量分 = 100 × Σ（权重 × 得分）÷ Σ（参与计算的权重）。

**内容雷同**：与本机构上一份年报（最近的较早年度）的相似度 ≥ {COPIED_THRESHOLD}。相似度是去掉数字、日期和标点后，按 5 字片段用 MinHash（128 个哈希）估计的 Jaccard 系数，分别对全文和第五部分“存在的主要问题及改进情况”计算；第五部分缺失或少于 30 字时不计算。年度未知的年报和机构的第一份年报没有相似度。
"""


# Agency lineage (agency_lineage.kind / .source, etl/store/lineage.py)
LINEAGE_KINDS = {"rename": "更名", "merger": "合并", "split": "分设"}
LINEAGE_SOURCES = {
    "curated": "机构改革对照表",
    "site": "同一网站栏目",
    "name": "名称简称关系",
    "user": "用户链接文件",
}
