"""Chinese labels for codes used in the database (levels, sectors, formats, keys, problem categories)."""

from __future__ import annotations

LEVELS: dict[str, str] = {
    "central": "中央",
    "province": "省级",
    "city": "市级",
    "county": "县级",
    "township": "乡镇",
    "unknown": "未知",
}

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
    "other": "其他",
}

FORMATS: dict[str, str] = {"pre2019": "2019年前格式", "2019": "2019版表格", "2021": "2021版表格"}

CHECK_STATUS: dict[str, str] = {"ok": "通过", "fail": "不一致", "incomplete": "因空白无法核对"}

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
}

CATEGORIES: dict[str, str] = {
    "awareness": "思想认识不到位",
    "staff_capacity": "队伍力量与业务能力不足",
    "training": "学习培训不足",
    "institutions": "制度机制不健全",
    "coverage_depth": "公开范围与深度不够",
    "timeliness": "信息更新不及时",
    "interpretation": "政策解读质量不高",
    "interaction": "互动回应与公众参与不足",
    "platform": "平台与网站建设不足",
    "new_media": "新媒体运用不足",
    "outreach": "宣传引导不够",
    "foi_requests": "依申请公开办理不规范",
    "publishing_quality": "发布规范与保密审查不严",
    "uneven_grassroots": "基层薄弱与发展不平衡",
}

# Table 3 rows (2019 and 2021 formats) with the row labels of the official template.
T3_ROWS: dict[str, str] = {
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

T3_COLS: dict[str, str] = {
    "natural": "自然人",
    "commercial": "商业企业",
    "research": "科研机构",
    "social": "社会公益组织",
    "legal": "法律服务机构",
    "other_org": "其他",
    "total": "总计",
}

T4_BLOCKS: dict[str, str] = {
    "review": "行政复议",
    "lit_direct": "未经复议直接起诉",
    "lit_after_review": "复议后起诉",
}

T4_RESULTS: dict[str, str] = {
    "maintained": "结果维持",
    "corrected": "结果纠正",
    "other": "其他结果",
    "pending": "尚未审结",
    "total": "总计",
}

SUMMARY_KEYS: dict[str, str] = {
    "s.proactive_items": "主动公开信息数",
    "s.normative_docs_made": "制发规范性文件数",
    "s.requests_received": "新收申请数",
    "s.requests_processed": "办结申请数",
    "s.granted": "予以公开数",
    "s.partial": "部分公开数",
    "s.denied": "不予公开数",
    "s.unable": "无法提供数",
    "s.not_processed": "不予处理及其他处理数",
    "s.reviews": "行政复议数",
    "s.reviews_corrected": "复议纠错数",
    "s.lawsuits": "行政诉讼数",
    "s.lawsuits_corrected": "诉讼纠错数",
    "s.fees_yuan": "信息处理费（元）",
}

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

# 内容雷同: similarity to the agency's previous report at or above this (whole text or section 五).
COPIED_THRESHOLD = 0.85
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

# Weights of the composite score, as in etl/sql/derived/report_quality.sql.
QUALITY_WEIGHTS: dict[str, int] = {
    "completeness": 25,
    "consistency": 25,
    "originality": 20,
    "blank_share": 10,
    "problem_specificity": 10,
    "punctuality": 10,
}

# One line per paragraph or item: a line break inside a Chinese paragraph would render as a space.
QUALITY_FORMULA = """
**质量分（0–100）** 是以下六项得分（各为 0–1）的加权平均，只计该年报**可以评价**的项目，缺失项不计入分母：没有统计表的 2019 年前年报按其可评价的内容打分，机构的第一份年报也不因没有上一年可比而扣分。

- **完整性（权重 25）**：应有的部分与表格中实际具备的比例。2019、2021 版格式应有六个部分（总体情况、主动公开、收到和处理申请、复议诉讼、存在的主要问题及改进、其他需要报告的事项）和表二至表四；2019 年前的年报按 2008 年条例的六项内容（概述、主动公开、依申请公开、收费、复议诉讼、问题与改进）计。
- **一致性（权重 25）**：表格勾稽关系（D1–D4）成立的比例；因空白无法核对的不计，没有可核对的表格时不计此项。
- **原创性（权重 20）**：与上一份年报的相似度（全文与第五部分取较高者）不超过 0.5 时为 1，升至 1.0 时线性降到 0。
- **填报完整（权重 10）**：1 − 空白单元格占比；没有表格时不计。
- **问题具体度（权重 10）**：问题表述中点明具体事项或数字的比例；第五部分只写“无”或泛泛而谈时为 0，没有第五部分时不计。
- **及时性（权重 10）**：按期公开为 1，超期 90 天及以上为 0，其间线性递减；发布日期未知时不计。

质量分 = 100 × Σ（权重 × 得分）÷ Σ（参与计算的权重）。

**内容雷同**：与本机构上一份年报（最近的较早年度）的相似度 ≥ 0.85。相似度是去掉数字、日期和标点后，按 5 字片段用 MinHash（128 个哈希）估计的 Jaccard 系数，分别对全文和第五部分“存在的主要问题及改进情况”计算；第五部分缺失或少于 30 字时不计算。年度未知的年报和机构的第一份年报没有相似度。
"""


# Agency lineage (agency_lineage.kind / .source, etl/store/lineage.py)
LINEAGE_KINDS = {"rename": "更名", "merger": "合并", "split": "分设"}
LINEAGE_SOURCES = {
    "curated": "机构改革对照表",
    "site": "同一网站栏目",
    "name": "名称简称关系",
    "user": "用户链接文件",
}
