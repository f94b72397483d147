"""Canonical rows and columns of Tables 2–4 (metrics.md §2) and the label forms that identify them."""

from __future__ import annotations

import re

from etl.normalise import compact

_TRANS = str.maketrans(
    {
        "（": "(",
        "）": ")",
        "、": ".",
        "．": ".",
        "，": ",",
        "：": ":",
        "“": '"',
        "”": '"',
        "〃": '"',
        "【": "(",
        "】": ")",
        "〔": "(",
        "〕": ")",
        "﹒": ".",
        "·": ".",
    }
)


def norm_label(text: str) -> str:
    """Compact label for matching: no whitespace or pipes, ASCII brackets, `1、`/`1．` → `1.`."""
    return compact(text).replace("|", "").translate(_TRANS)


T3_COLS = ("natural", "commercial", "research", "social", "legal", "other_org", "total")
T4_BLOCKS = ("review", "lit_direct", "lit_after_review")
T4_RESULTS = ("maintained", "corrected", "other", "pending", "total")
T4_KEYS = tuple(f"t4.{b}.{r}" for b in T4_BLOCKS for r in T4_RESULTS)

# (row id, label variants searched in order; the last is the full official label used for fuzzy matching)
_T3_HEAD = [
    ("new_received", ["本年新收", "本年度新收", "一.本年新收政府信息公开申请数量"]),
    ("carried_in", ["上年结转", "上年度结转", "二.上年结转政府信息公开申请数量"]),
    ("granted", ["予以公开", "(一)予以公开"]),
    ("partial", ["部分公开", "(二)部分公开"]),
    ("denied.state_secret", ["国家秘密", "1.属于国家秘密"]),
    ("denied.law_forbidden", ["禁止公开", "法规禁止", "其他法律", "2.其他法律行政法规禁止公开"]),
    ("denied.three_security_one_stability", ["三安全一稳定", "一稳定", "3.危及三安全一稳定"]),
    ("denied.third_party", ["第三方合法权益", "保护第三方", "4.保护第三方合法权益"]),
    ("denied.internal_affairs", ["三类内部事务", "内部事务", "5.属于三类内部事务信息"]),
    ("denied.process_info", ["四类过程性", "过程性信息", "6.属于四类过程性信息"]),
    ("denied.enforcement_file", ["行政执法案卷", "执法案卷", "7.属于行政执法案卷"]),
    ("denied.admin_query", ["行政查询事项", "查询事项", "8.属于行政查询事项"]),
    ("unable.not_held", ["不掌握", "1.本机关不掌握相关政府信息"]),
    ("unable.needs_creation", ["另行制作", "2.没有现成信息需要另行制作"]),
    ("unable.unclear", ["仍不明确", "3.补正后申请内容仍不明确"]),
    ("not_processed.petition", ["信访举报投诉", "举报投诉", "1.信访举报投诉类申请"]),
    ("not_processed.repeat", ["重复申请", "2.重复申请"]),
    ("not_processed.publication", ["公开出版物", "3.要求提供公开出版物"]),
    ("not_processed.massive", ["大量反复", "4.无正当理由大量反复申请"]),
    ("not_processed.confirm", ["重新出具", "确认或重新", "5.要求行政机关确认或重新出具已获取信息"]),
]
_T3_OTHER_2021 = [
    (
        "other.no_correction",
        ["逾期不补正", "不补正", "1.申请人无正当理由逾期不补正.行政机关不再处理其政府信息公开申请"],
    ),
    (
        "other.no_fee_paid",
        ["缴纳费用", "收费通知", "2.申请人逾期未按收费通知要求缴纳费用.行政机关不再处理其政府信息公开申请"],
    ),
    ("other.other", ["3.其他", "其他", "3.其他"]),
]
_T3_OTHER_2019 = [("other", ["其他处理", "(六)其他处理"])]
_T3_TAIL = [
    ("total_processed", ["(七)总计", "总计", "(七)总计"]),
    ("carried_out", ["结转下年度", "四.结转下年度继续办理"]),
]
T3_ROWS = {
    "2021": _T3_HEAD + _T3_OTHER_2021 + _T3_TAIL,
    "2019": _T3_HEAD + _T3_OTHER_2019 + _T3_TAIL,
}

# Table 2: (key prefix, label variants, canonical column names)
T2_ROWS = {
    "2021": [
        ("t2.regulations", ["规章"], ("made", "repealed", "valid")),
        ("t2.normative_docs", ["规范性文件"], ("made", "repealed", "valid")),
        ("t2.licensing", ["行政许可"], ("decisions",)),
        ("t2.punishment", ["行政处罚"], ("decisions",)),
        ("t2.coercion", ["行政强制"], ("decisions",)),
        ("t2.fees", ["行政事业性收费", "事业性收费"], ("amount_10k_yuan",)),
    ],
    "2019": [
        ("t2_2019.regulations", ["规章"], ("new_made", "new_published", "total_published")),
        ("t2_2019.normative_docs", ["规范性文件"], ("new_made", "new_published", "total_published")),
        ("t2_2019.licensing", ["行政许可"], ("prev_items", "change", "decisions")),
        (
            "t2_2019.other_services",
            ["其他对外管理服务", "对外管理服务"],
            ("prev_items", "change", "decisions"),
        ),
        ("t2_2019.punishment", ["行政处罚"], ("prev_items", "change", "decisions")),
        ("t2_2019.coercion", ["行政强制"], ("prev_items", "change", "decisions")),
        ("t2_2019.fees", ["行政事业性收费", "事业性收费"], ("prev_items", "change")),
        ("t2_2019.procurement", ["政府集中采购", "集中采购"], ("items", "amount")),
    ],
}

T2_2021_MARKERS = re.compile(r"本年制发件数|现行有效件数|本年收费金额|本年废止件数")
T2_2019_MARKERS = re.compile(
    r"本年新制作数量|对外公开总数量|其他对外管理服务|采购总金额|本年新公开数量|上一年项目数量"
)
T3_2021_MARKERS = re.compile(r"逾期未按收费通知|缴纳费用|逾期不补正")


def t3_keys(fmt: str) -> list[str]:
    return [f"t3.{row}.{col}" for row, _ in T3_ROWS[fmt] for col in T3_COLS]


def t2_keys(fmt: str) -> list[str]:
    return [f"{prefix}.{col}" for prefix, _, cols in T2_ROWS[fmt] for col in cols]
