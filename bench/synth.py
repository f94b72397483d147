"""Synthetic xxgk database: realistic, internally consistent data for dashboard tests and benchmarks.

    python bench/synth.py OUT.duckdb --reports N [--seed S]

Numbers are drawn with numpy (vectorised), loaded as Arrow tables, and every text-heavy table
(report texts, evidence spans) is assembled in DuckDB SQL, so 200,000 reports take a minute or two.
Every fact's `span_start:span_end` points at the number's characters in its report's text
(`report_texts`, kept in a segment beside the database: etl/store/texts.py).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from dashboard.labels import T3_COLS, T3_ROWS, T4_BLOCKS, T4_RESULTS  # noqa: E402
from etl.similarity import NUM_PERM  # noqa: E402
from etl.store import texts  # noqa: E402
from etl.store.schema import create_schema  # noqa: E402
from etl.store.writer import refresh_derived  # noqa: E402

YEARS = np.arange(2008, 2026)

# Provinces with real GB/T 2260 codes and a few real prefecture-level cities each.
PROVINCES: list[tuple[str, str, list[tuple[str, str]]]] = [
    ("北京市", "110000", []),
    ("天津市", "120000", []),
    (
        "河北省",
        "130000",
        [("石家庄市", "130100"), ("唐山市", "130200"), ("保定市", "130600"), ("邯郸市", "130400")],
    ),
    ("山西省", "140000", [("太原市", "140100"), ("大同市", "140200"), ("运城市", "140800")]),
    ("内蒙古自治区", "150000", [("呼和浩特市", "150100"), ("包头市", "150200"), ("赤峰市", "150400")]),
    ("辽宁省", "210000", [("沈阳市", "210100"), ("大连市", "210200"), ("鞍山市", "210300")]),
    (
        "吉林省",
        "220000",
        [("长春市", "220100"), ("吉林市", "220200"), ("白城市", "220800"), ("延边朝鲜族自治州", "222400")],
    ),
    ("黑龙江省", "230000", [("哈尔滨市", "230100"), ("齐齐哈尔市", "230200"), ("大庆市", "230600")]),
    ("上海市", "310000", []),
    (
        "江苏省",
        "320000",
        [("南京市", "320100"), ("无锡市", "320200"), ("苏州市", "320500"), ("南通市", "320600")],
    ),
    (
        "浙江省",
        "330000",
        [("杭州市", "330100"), ("宁波市", "330200"), ("温州市", "330300"), ("金华市", "330700")],
    ),
    ("安徽省", "340000", [("合肥市", "340100"), ("芜湖市", "340200"), ("安庆市", "340800")]),
    ("福建省", "350000", [("福州市", "350100"), ("厦门市", "350200"), ("泉州市", "350500")]),
    ("江西省", "360000", [("南昌市", "360100"), ("九江市", "360400"), ("赣州市", "360700")]),
    (
        "山东省",
        "370000",
        [("济南市", "370100"), ("青岛市", "370200"), ("烟台市", "370600"), ("潍坊市", "370700")],
    ),
    ("河南省", "410000", [("郑州市", "410100"), ("洛阳市", "410300"), ("南阳市", "411300")]),
    ("湖北省", "420000", [("武汉市", "420100"), ("宜昌市", "420500"), ("襄阳市", "420600")]),
    ("湖南省", "430000", [("长沙市", "430100"), ("株洲市", "430200"), ("岳阳市", "430600")]),
    (
        "广东省",
        "440000",
        [("广州市", "440100"), ("深圳市", "440300"), ("佛山市", "440600"), ("东莞市", "441900")],
    ),
    ("广西壮族自治区", "450000", [("南宁市", "450100"), ("柳州市", "450200"), ("桂林市", "450300")]),
    ("海南省", "460000", [("海口市", "460100"), ("三亚市", "460200")]),
    ("重庆市", "500000", []),
    ("四川省", "510000", [("成都市", "510100"), ("绵阳市", "510700"), ("宜宾市", "511500")]),
    ("贵州省", "520000", [("贵阳市", "520100"), ("遵义市", "520300")]),
    ("云南省", "530000", [("昆明市", "530100"), ("曲靖市", "530300"), ("大理白族自治州", "532900")]),
    ("西藏自治区", "540000", [("拉萨市", "540100"), ("日喀则市", "540200")]),
    ("陕西省", "610000", [("西安市", "610100"), ("宝鸡市", "610300"), ("咸阳市", "610400")]),
    ("甘肃省", "620000", [("兰州市", "620100"), ("天水市", "620500")]),
    ("青海省", "630000", [("西宁市", "630100"), ("海东市", "630200")]),
    ("宁夏回族自治区", "640000", [("银川市", "640100"), ("石嘴山市", "640200")]),
    ("新疆维吾尔自治区", "650000", [("乌鲁木齐市", "650100"), ("克拉玛依市", "650200")]),
]
MUNICIPAL_DISTRICTS = {
    "北京市": ["东城区", "西城区", "朝阳区", "丰台区", "海淀区", "通州区", "昌平区", "大兴区"],
    "天津市": ["和平区", "河东区", "河西区", "南开区", "滨海新区", "武清区"],
    "上海市": ["黄浦区", "徐汇区", "长宁区", "静安区", "浦东新区", "闵行区", "嘉定区"],
    "重庆市": ["渝中区", "江北区", "沙坪坝区", "九龙坡区", "南岸区", "万州区", "涪陵区"],
}
_COUNTY = (
    "新华 长安 永安 清河 安宁 城关 丰润 临川 开平 宣化 青山 东昌 河口 平山 定远 龙泉 兴隆 东阳 南湖 "
    "西峰 白云 金水 海城 太和 望江 安福 宁乡 双流 建水 榆中 乐平 石林 松山 昌乐 云龙 仁和 富阳 德化"
)
COUNTY_STEMS = _COUNTY.split(" ")
TOWN_STEMS = [
    "柳河",
    "石桥",
    "双庙",
    "大营",
    "杨柳",
    "黄土",
    "草市",
    "桃园",
    "三合",
    "马场",
    "花园",
    "梨树",
    "新集",
    "五里",
]
CENTRAL = [
    ("国务院办公厅", "government"),
    ("教育部", "education"),
    ("公安部", "public_security"),
    ("国家卫生健康委员会", "health"),
    ("自然资源部", "natural_resources"),
    ("住房和城乡建设部", "housing"),
    ("生态环境部", "ecology"),
    ("国家市场监督管理总局", "market_regulation"),
    ("人力资源和社会保障部", "human_resources"),
    ("民政部", "civil_affairs"),
    ("财政部", "finance"),
    ("交通运输部", "transport"),
    ("农业农村部", "agriculture"),
    ("水利部", "water"),
    ("文化和旅游部", "culture"),
    ("国家统计局", "statistics"),
    ("国家发展和改革委员会", "development_reform"),
    ("国家信访局", "petition"),
]
# Department names by sector: (province-level, city/county-level).
DEPTS: dict[str, tuple[str, str]] = {
    "education": ("教育厅", "教育局"),
    "public_security": ("公安厅", "公安局"),
    "health": ("卫生健康委员会", "卫生健康局"),
    "natural_resources": ("自然资源厅", "自然资源局"),
    "housing": ("住房和城乡建设厅", "住房和城乡建设局"),
    "ecology": ("生态环境厅", "生态环境局"),
    "market_regulation": ("市场监督管理局", "市场监督管理局"),
    "human_resources": ("人力资源和社会保障厅", "人力资源和社会保障局"),
    "civil_affairs": ("民政厅", "民政局"),
    "finance": ("财政厅", "财政局"),
    "transport": ("交通运输厅", "交通运输局"),
    "agriculture": ("农业农村厅", "农业农村局"),
    "water": ("水利厅", "水利局"),
    "culture": ("文化和旅游厅", "文化和旅游局"),
    "statistics": ("统计局", "统计局"),
    "development_reform": ("发展和改革委员会", "发展和改革局"),
    "petition": ("信访局", "信访局"),
    "other": ("机关事务管理局", "机关事务服务中心"),
}
OLD_NAMES = {
    "卫生健康委员会": "卫生和计划生育委员会",
    "卫生健康局": "卫生和计划生育局",
    "农业农村厅": "农业厅",
    "农业农村局": "农业局",
    "文化和旅游厅": "文化厅",
    "文化和旅游局": "文化局",
}
# Expected new requests per year (2019 level) by level; government and land/housing/police get more.
LEVEL_VOLUME = {"central": 400.0, "province": 60.0, "city": 20.0, "county": 8.0, "township": 1.5}
SECTOR_VOLUME = {
    "government": 5.0,
    "natural_resources": 3.0,
    "housing": 2.5,
    "public_security": 2.0,
    "human_resources": 1.5,
}

# Table 3 rows in one unified order; 'other' only in 2019 format, 'other.*' only in 2021.
T3_ROW_KEYS = list(T3_ROWS)
T3_COL_KEYS = list(T3_COLS)  # last is total
OUTCOME_ROWS = [
    r for r in T3_ROW_KEYS if r not in ("new_received", "carried_in", "total_processed", "carried_out")
]
OUTCOME_P = {
    "granted": 0.42,
    "partial": 0.08,
    "denied.state_secret": 0.004,
    "denied.law_forbidden": 0.006,
    "denied.three_security_one_stability": 0.004,
    "denied.third_party": 0.012,
    "denied.internal_affairs": 0.008,
    "denied.process_info": 0.01,
    "denied.enforcement_file": 0.004,
    "denied.admin_query": 0.008,
    "unable.not_held": 0.22,
    "unable.needs_creation": 0.03,
    "unable.unclear": 0.03,
    "not_processed.petition": 0.03,
    "not_processed.repeat": 0.02,
    "not_processed.publication": 0.005,
    "not_processed.massive": 0.005,
    "not_processed.confirm": 0.01,
    "other": 0.05,
    "other.no_correction": 0.025,
    "other.no_fee_paid": 0.005,
    "other.other": 0.02,
}
APPLICANT_P = np.array([0.86, 0.07, 0.005, 0.01, 0.035, 0.02])

PROBLEMS: list[tuple[str, list[str]]] = [
    ("政策解读质量仍需提升，个别单位政策解读内容简单、形式单一", ["interpretation", "uneven_grassroots"]),
    ("个别单位存在人员配备不足、兼职多、流动性过快的问题", ["staff_capacity", "uneven_grassroots"]),
    (
        "专栏及重点领域信息更新滞后、栏目设置不完整，有的栏目长期未更新",
        ["timeliness", "platform", "coverage_depth"],
    ),
    ("部分单位信息公开平台相对单一，严重依赖报刊、杂志等传统媒体", ["platform", "new_media"]),
    ("公众对政府信息公开的知晓率和利用率较低，公开渠道不多", ["outreach"]),
    ("对《条例》学习宣传力度不够，教育培训不足，对信息公开工作认识不深", ["training", "awareness"]),
    (
        "信息发布不规范、不及时、内容不全面，信息发布未经领导审批",
        ["publishing_quality", "timeliness", "coverage_depth", "institutions"],
    ),
    ("因不及时回复引起的行政诉讼和行政复议还时有发生", ["foi_requests"]),
    ("政务公开数智化转型有待进一步加强", ["uneven_grassroots"]),
    ("主动公开意识不强，存在不推不动的情况", ["awareness"]),
    ("政务公开工作力量薄弱，专职人员业务能力有待提高", ["staff_capacity"]),
    ("政府信息公开长效机制有待健全，考核评价机制不够完善", ["institutions"]),
    ("公开内容的深度和广度不够，办事类信息较少", ["coverage_depth"]),
    ("回应社会关切不够及时，政民互动留言回复质量不高", ["interaction"]),
    ("政务新媒体运营不够规范，信息发布频率较低", ["new_media"]),
    ("依申请公开答复不规范，办理质量有待提高", ["foi_requests"]),
    ("保密审查机制执行不到位，个别信息存在内容不规范问题", ["publishing_quality", "institutions"]),
    ("基层政务公开标准化规范化建设推进不平衡", ["uneven_grassroots", "institutions"]),
    ("政府网站集约化程度不高，智能搜索等功能开发滞后", ["platform"]),
    ("决策公开和公众参与不足，意见征集反馈不够", ["interaction"]),
    ("业务培训覆盖面较窄，工作人员业务水平参差不齐", ["training", "staff_capacity"]),
    ("信息公开指南和目录更新不及时", ["institutions", "timeliness"]),
]
IMPROVEMENTS = [
    "下一步将进一步加强政策解读，丰富解读形式",
    "下一步将加强业务培训，提升工作人员业务能力",
    "进一步完善政务公开工作机制，强化考核评价",
    "进一步加强政务公开平台建设，及时更新栏目内容",
]
ENUM = ["一是", "二是", "三是", "四是", "五是", "六是"]
WARNINGS = [
    "表格为图片，未能识别",
    "统计期限不明确",
    "表格列数与模板不一致",
    "混合格式：2019版与2021版表头并存",
]


def _regions(rng: np.random.Generator) -> list[dict]:
    """Every region unit: province, city and county rows with names and codes."""
    out: list[dict] = []
    for pname, pcode, cities in PROVINCES:
        out.append(
            {
                "province": pname,
                "city": None,
                "county": None,
                "code": pcode,
                "level": "province",
                "name": pname,
            }
        )
        if pname in MUNICIPAL_DISTRICTS:
            for i, d in enumerate(MUNICIPAL_DISTRICTS[pname]):
                code = pcode[:2] + "01" + f"{i + 1:02d}"
                out.append(
                    {
                        "province": pname,
                        "city": pname,
                        "county": d,
                        "code": code,
                        "level": "county",
                        "name": d,
                    }
                )
            continue
        for cname, ccode in cities:
            out.append(
                {
                    "province": pname,
                    "city": cname,
                    "county": None,
                    "code": ccode,
                    "level": "city",
                    "name": cname,
                }
            )
            n_counties = int(rng.integers(8, 15))
            stems = rng.choice(len(COUNTY_STEMS), size=n_counties, replace=False)
            for i, s in enumerate(stems):
                suffix = "区" if i < n_counties // 3 else "县"
                d = COUNTY_STEMS[s] + suffix
                code = ccode[:4] + f"{i + 1:02d}"
                out.append(
                    {
                        "province": pname,
                        "city": cname,
                        "county": d,
                        "code": code,
                        "level": "county",
                        "name": d,
                    }
                )
    return out


def _agency_universe(rng: np.random.Generator) -> list[dict]:
    agencies: list[dict] = []
    for name, sector in CENTRAL:
        agencies.append(
            {
                "agency_id": f"100000-{sector}",
                "name": name,
                "province": None,
                "city": None,
                "county": None,
                "code": "100000",
                "level": "central",
                "sector": sector,
            }
        )
    for reg in _regions(rng):
        lvl = reg["level"]
        gov = {
            "province": f"{reg['name']}人民政府办公厅",
            "city": f"{reg['name']}人民政府",
            "county": f"{reg['name']}人民政府",
        }[lvl]
        base = {k: reg[k] for k in ("province", "city", "county")} | {"code": reg["code"], "level": lvl}
        agencies.append(
            base | {"agency_id": f"{reg['code']}-government", "name": gov, "sector": "government"}
        )
        for sector, (pn, cn) in DEPTS.items():
            dept = pn if lvl == "province" else cn
            prefix = (
                reg["name"]
                if lvl != "county" or reg["city"] != reg["province"]
                else reg["province"] + reg["name"]
            )
            agencies.append(
                base
                | {
                    "agency_id": f"{reg['code']}-{sector}",
                    "name": prefix + dept,
                    "sector": sector,
                    "old_name": prefix + OLD_NAMES[dept] if dept in OLD_NAMES else None,
                }
            )
        if lvl == "county":
            for j, t in enumerate(rng.choice(len(TOWN_STEMS), size=4, replace=False)):
                agencies.append(
                    base
                    | {
                        "agency_id": f"{reg['code']}-town{j + 1}",
                        "level": "township",
                        "name": f"{reg['name']}{TOWN_STEMS[t]}镇人民政府",
                        "sector": "government",
                    }
                )
    return agencies


def make_synthetic_db(path: str | Path, n_reports: int, seed: int = 0) -> Path:
    """Create a synthetic xxgk database with about `n_reports` reports (exactly, unless tiny)."""
    t0 = time.perf_counter()
    rng = np.random.default_rng(seed)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    for p in (path, path.with_suffix(path.suffix + ".wal")):
        if p.exists():
            p.unlink()
    shutil.rmtree(texts.folder(path), ignore_errors=True)

    # ---- agencies and their report years -------------------------------------------------------
    uni = _agency_universe(rng)
    prov_names = [p[0] for p in PROVINCES]
    order = rng.permutation(len(prov_names))
    prov_w = {prov_names[i]: 1.0 / (r + 1) ** 1.3 for r, i in enumerate(order)}
    lvl_w = {"central": 0.6, "province": 1.0, "city": 1.2, "county": 1.0, "township": 0.5}
    w = np.array([prov_w.get(a["province"], 0.5) * lvl_w[a["level"]] for a in uni])
    keys = -np.log(rng.random(len(uni))) / w  # weighted sampling without replacement
    ag_order = np.argsort(keys)

    ag_idx: list[np.ndarray] = []
    yr: list[np.ndarray] = []
    total = 0
    for ai in ag_order:
        start = int(rng.choice(YEARS, p=_start_p()))
        p_report = rng.uniform(0.75, 0.98)
        ys = YEARS[(start <= YEARS) & (rng.random(len(YEARS)) < p_report)]
        if len(ys) == 0:
            continue
        ag_idx.append(np.full(len(ys), ai))
        yr.append(ys)
        total += len(ys)
        if total >= n_reports:
            break
    ag = np.concatenate(ag_idx)[:n_reports]
    year = np.concatenate(yr)[:n_reports]
    n = len(ag)
    used = np.unique(ag)
    agency_factor = dict(zip(used, rng.lognormal(0, 0.9, len(used)), strict=True))
    agency_skew = {a: rng.dirichlet(np.full(len(OUTCOME_ROWS), 30.0)) for a in used}
    chronic = {a: rng.choice(len(PROBLEMS), size=2, replace=False) for a in used}

    fmt = np.where(year < 2019, 0, np.where(year < 2021, 1, 2))  # 0 pre2019, 1 '2019', 2 '2021'
    lost_tables = (fmt > 0) & (rng.random(n) < 0.02)
    has_table = (fmt > 0) & ~lost_tables

    # ---- Table 3 numbers: (n, rows, cols) ------------------------------------------------------
    lam = np.array(
        [
            LEVEL_VOLUME[uni[a]["level"]] * SECTOR_VOLUME.get(uni[a]["sector"], 1.0) * agency_factor[a]
            for a in ag
        ]
    )
    lam *= 1.12 ** (year - 2019)
    new_total = rng.poisson(lam)
    mix = rng.dirichlet(APPLICANT_P * 60, size=n)
    new_cols = _multinomial_rows(rng, new_total, mix)
    carried_in = rng.poisson(new_cols * 0.04)
    avail = new_cols + carried_in
    backlog_p = rng.beta(1.2, 20, size=n)[:, None]
    carried_out = rng.binomial(avail, backlog_p)
    processed = avail - carried_out

    n_rows, n_cols = len(T3_ROW_KEYS), len(T3_COL_KEYS)
    t3 = np.zeros((n, n_rows, n_cols), dtype=np.int64)
    ri = {r: i for i, r in enumerate(T3_ROW_KEYS)}
    t3[:, ri["new_received"], :6] = new_cols
    t3[:, ri["carried_in"], :6] = carried_in
    t3[:, ri["carried_out"], :6] = carried_out
    t3[:, ri["total_processed"], :6] = processed
    base_p = np.array([OUTCOME_P[r] for r in OUTCOME_ROWS])
    out_idx = np.array([ri[r] for r in OUTCOME_ROWS])
    is_2019_row = np.array([r == "other" for r in OUTCOME_ROWS])
    is_2021_row = np.array([r.startswith("other.") for r in OUTCOME_ROWS])
    for f, mask_rows in ((1, ~is_2021_row), (2, ~is_2019_row), (0, ~is_2021_row)):
        sel = np.where(fmt == f)[0]
        if len(sel) == 0:
            continue
        pv = np.stack([agency_skew[a] for a in ag[sel]]) * base_p
        pv[:, ~mask_rows] = 0
        pv /= pv.sum(axis=1, keepdims=True)
        for c in range(6):
            draws = _multinomial_rows(rng, processed[sel, c], pv)
            t3[sel[:, None], out_idx[None, :], c] = draws
    t3[:, :, 6] = t3[:, :, :6].sum(axis=2)

    # Table 4
    t4_blocks, t4_results = list(T4_BLOCKS), list(T4_RESULTS)
    t4 = np.zeros((n, 3, 5), dtype=np.int64)
    proc_total = t3[:, ri["total_processed"], 6]
    for b, rate in enumerate((0.03, 0.02, 0.006)):
        tot = rng.poisson(proc_total * rate * rng.lognormal(0, 0.5, n))
        t4[:, b, :4] = _multinomial_rows(rng, tot, np.tile([0.68, 0.12, 0.1, 0.1], (n, 1)))
        t4[:, b, 4] = tot

    # Inject inconsistencies (checks fail) and blanks (checks incomplete).
    bad = has_table & (rng.random(n) < 0.04)
    t3[bad, ri["total_processed"], 6] += rng.integers(1, 4, bad.sum())
    blank_report = has_table & (rng.random(n) < 0.08)

    # ---- facts (integer key codes; the key dimension holds the text templates) ----------------
    kdim, kcode = _key_dimension()
    frames = []
    # table cells
    tr = np.where(has_table)[0]
    row_ok = np.ones((n, n_rows), dtype=bool)
    row_ok[:, ri["other"]] = fmt == 1
    for r in ("other.no_correction", "other.no_fee_paid", "other.other"):
        row_ok[:, ri[r]] = fmt == 2
    rr, cc = np.meshgrid(np.arange(n_rows), np.arange(n_cols), indexing="ij")
    codes_t3 = np.array(
        [[kcode[f"t3.{T3_ROW_KEYS[r]}.{T3_COL_KEYS[c]}"] for c in range(n_cols)] for r in range(n_rows)]
    )
    rep = np.repeat(tr, n_rows * n_cols)
    vals = t3[tr].reshape(-1)
    codes = np.tile(codes_t3.reshape(-1), len(tr))
    ok = np.repeat(row_ok[tr], n_cols, axis=1).reshape(-1)
    cols_idx = np.tile(cc.reshape(-1), len(tr))
    blank = (
        np.repeat(blank_report[tr], n_rows * n_cols)
        & (vals == 0)
        & np.isin(cols_idx, [2, 3, 5])
        & (rng.random(len(vals)) < 0.7)
    )
    frames.append((rep[ok], codes[ok], vals[ok].astype(float), blank[ok], "table"))
    codes_t4 = np.array([[kcode[f"t4.{b}.{r}"] for r in t4_results] for b in t4_blocks]).reshape(-1)
    frames.append(
        (
            np.repeat(tr, 15),
            np.tile(codes_t4, len(tr)),
            t4[tr].reshape(-1).astype(float),
            np.zeros(len(tr) * 15, dtype=bool),
            "table",
        )
    )
    # Table 2: normative documents
    docs = rng.poisson(np.maximum(lam / 4, 0.5))
    t21 = np.where(has_table & (fmt == 2))[0]
    t19 = np.where(has_table & (fmt == 1))[0]
    frames.append(
        (
            t21,
            np.full(len(t21), kcode["t2.normative_docs.made"]),
            docs[t21].astype(float),
            np.zeros(len(t21), bool),
            "table",
        )
    )
    frames.append(
        (
            t19,
            np.full(len(t19), kcode["t2_2019.normative_docs.new_made"]),
            docs[t19].astype(float),
            np.zeros(len(t19), bool),
            "table",
        )
    )
    # prose facts: every report states proactive items and (usually) fees
    proactive = rng.poisson(lam * 20 + 30)
    allr = np.arange(n)
    frames.append(
        (allr, np.full(n, kcode["s.proactive_items"]), proactive.astype(float), np.zeros(n, bool), "prose")
    )
    fees = np.where(rng.random(n) < 0.05, rng.integers(10, 500, n), 0)
    has_fee = rng.random(n) < 0.8
    frames.append(
        (
            allr[has_fee],
            np.full(has_fee.sum(), kcode["s.fees_yuan"]),
            fees[has_fee].astype(float),
            np.zeros(has_fee.sum(), bool),
            "prose",
        )
    )
    # pre-2019 prose summary (and reports whose tables were lost)
    pr = np.where(~has_table)[0]
    summ = {
        "s.requests_received": t3[:, ri["new_received"], 6],
        "s.requests_processed": proc_total,
        "s.granted": t3[:, ri["granted"], 6],
        "s.partial": t3[:, ri["partial"], 6],
        "s.denied": t3[:, [ri[r] for r in T3_ROW_KEYS if r.startswith("denied.")], 6].sum(axis=1),
        "s.unable": t3[:, [ri[r] for r in T3_ROW_KEYS if r.startswith("unable.")], 6].sum(axis=1),
        "s.not_processed": t3[
            :, [ri[r] for r in T3_ROW_KEYS if r.startswith(("not_processed.", "other"))], 6
        ].sum(axis=1),
        "s.reviews": t4[:, 0, 4],
        "s.lawsuits": t4[:, 1, 4] + t4[:, 2, 4],
    }
    for key, arr in summ.items():
        stated = pr[
            rng.random(len(pr)) < (0.97 if key in ("s.requests_received", "s.requests_processed") else 0.8)
        ]
        frames.append(
            (
                stated,
                np.full(len(stated), kcode[key]),
                arr[stated].astype(float),
                np.zeros(len(stated), bool),
                "prose",
            )
        )
    facts_raw = pa.table(
        {
            "rix": np.concatenate([f[0] for f in frames]).astype(np.int32),
            "kcode": np.concatenate([f[1] for f in frames]).astype(np.int16),
            "value": np.concatenate([f[2] for f in frames]),
            "is_blank": np.concatenate([f[3] for f in frames]),
            "origin": pa.array(
                np.concatenate([np.full(len(f[0]), f[4]) for f in frames])
            ).dictionary_encode(),
        }
    )

    # ---- problems ---------------------------------------------------------------------------
    n_prob = rng.choice([0, 1, 2, 3, 4], size=n, p=[0.08, 0.2, 0.35, 0.27, 0.1])
    prix = np.repeat(allr, n_prob)
    pord = np.concatenate([np.arange(k) for k in n_prob]) if n else np.array([], int)
    use_chronic = rng.random(len(prix)) < 0.45
    chronic_pick = np.array([chronic[ag[i]][o % 2] for i, o in zip(prix, pord, strict=True)], dtype=np.int64)
    stmt = np.where(use_chronic, chronic_pick, rng.integers(0, len(PROBLEMS), len(prix)))
    n_imp = rng.integers(0, 3, n)
    irix = np.repeat(allr, n_imp)
    iord = np.concatenate([np.arange(k) for k in n_imp]) if n else np.array([], int)
    istmt = rng.integers(0, len(IMPROVEMENTS), len(irix))

    # ---- report attributes --------------------------------------------------------------------
    fmt_name = np.array(["pre2019", "2019", "2021"])[fmt]
    warn_code = np.where(lost_tables, 0, np.where(rng.random(n) < 0.03, rng.integers(1, 4, n), -1))
    kind = np.where(
        fmt == 0, rng.choice(["html", "txt", "html", "pdf"], n), rng.choice(["html", "pdf", "pdf", "docx"], n)
    )
    pub_offset = rng.integers(-40, 60, n) + np.where(year < 2019, 59, 0)
    reports_src = pa.table(
        {
            "rix": allr.astype(np.int32),
            "aix": ag.astype(np.int32),
            "year": year.astype(np.int32),
            "format": fmt_name,
            "kind": kind,
            "warn_code": warn_code.astype(np.int8),
            "pub_offset": pub_offset.astype(np.int32),
            "bad": bad,
            "blank_report": blank_report,
            "has_table": has_table,
        }
    )
    agencies_src = pa.table(
        {
            "aix": np.arange(len(uni), dtype=np.int32),
            "agency_id": [a["agency_id"] for a in uni],
            "name": [a["name"] for a in uni],
            "old_name": [a.get("old_name") for a in uni],
            "province": [a["province"] for a in uni],
            "city": [a["city"] for a in uni],
            "county": [a["county"] for a in uni],
            "region_code": [a["code"] for a in uni],
            "level": [a["level"] for a in uni],
            "sector": [a["sector"] for a in uni],
        }
    )
    problems_src = pa.table(
        {"rix": prix.astype(np.int32), "ordinal": pord.astype(np.int32), "stmt": stmt.astype(np.int32)}
    )
    improvements_src = pa.table(
        {"rix": irix.astype(np.int32), "ordinal": iord.astype(np.int32), "stmt": istmt.astype(np.int32)}
    )
    pool = pa.table(
        {
            "stmt": np.arange(len(PROBLEMS), dtype=np.int32),
            "text": [p[0] for p in PROBLEMS],
            "categories": [p[1] for p in PROBLEMS],
        }
    )
    ipool = pa.table({"stmt": np.arange(len(IMPROVEMENTS), dtype=np.int32), "text": IMPROVEMENTS})
    enum = pa.table({"ordinal": np.arange(len(ENUM), dtype=np.int32), "enum": ENUM})
    warn = pa.table({"warn_code": np.arange(len(WARNINGS), dtype=np.int8), "warning": WARNINGS})
    features_src = _features(rng, ag, fmt, has_table, n_prob)
    t_gen = time.perf_counter() - t0

    con = duckdb.connect(str(path))
    try:
        create_schema(con)
        for name, tbl in (
            ("facts_raw", facts_raw),
            ("reports_src", reports_src),
            ("agencies_src", agencies_src),
            ("problems_src", problems_src),
            ("improvements_src", improvements_src),
            ("pool", pool),
            ("ipool", ipool),
            ("enum", enum),
            ("warn", warn),
            ("kdim", kdim),
            ("features_src", features_src),
        ):
            con.register(f"{name}_arrow", tbl)
            con.execute(f"create temp table {name} as select * from {name}_arrow")
            con.unregister(f"{name}_arrow")
        # the texts gather in a scratch table, then become the database's one text segment
        con.execute("create temp table report_texts (report_id varchar, text varchar)")
        con.execute(_BUILD_SQL.replace("{seed}", str(int(seed))))
        con.execute("alter table temp.report_texts rename to _texts")
        texts.add(con, texts.folder(path), "select report_id, text from temp._texts")
        con.execute("drop table temp._texts")
        con.execute(
            "insert into build_info values ('synthetic', 'true'), ('seed', ?), ('n_reports', ?), "
            "('built_at', cast(now() as varchar)), ('parser_version', 'synth-0')",
            [str(seed), str(n)],
        )
        t_derived = time.perf_counter()
        refresh_derived(con)  # report quality and the dashboard mart, as `xxgk build` does
        t_derived = time.perf_counter() - t_derived
        con.execute("checkpoint")
    finally:
        con.close()
    print(
        f"synthetic db {path}: {n} reports, {len(facts_raw)} facts "
        f"(numbers {t_gen:.1f}s, quality + mart {t_derived:.1f}s, total {time.perf_counter() - t0:.1f}s)",
        file=sys.stderr,
    )
    return path


SECTIONS_2019 = ["other", "overview", "problems", "proactive", "requests", "review"]
TOPICS_PRE2019 = ["fees", "overview", "problems", "proactive", "requests", "review"]


def _signatures(rng: np.random.Generator, first: np.ndarray, pos: np.ndarray, keep: np.ndarray) -> np.ndarray:
    """MinHash-like signatures where report i shares a share `keep[i]` of its slots with report i-1
    of the same agency (`first`: no previous report), so similarities follow `keep`."""
    sig = rng.integers(0, 2**32, size=(len(pos), NUM_PERM), dtype=np.uint32)
    for k in range(1, int(pos.max(initial=0)) + 1):  # in order: a copy of a copy stays a copy
        rows = np.where((pos == k) & ~first)[0]
        same = rng.random((len(rows), NUM_PERM)) < keep[rows, None]
        sig[rows] = np.where(same, sig[rows - 1], sig[rows])
    return sig


def _features(
    rng: np.random.Generator, ag: np.ndarray, fmt: np.ndarray, has_table: np.ndarray, n_prob: np.ndarray
) -> pa.Table:
    """report_features rows: sections/topics (a few missing), specificity and signatures with a
    realistic spread of year-on-year similarity (most 0.2–0.6, about 4% copied ≥ 0.85)."""
    n = len(ag)
    first = np.ones(n, dtype=bool)
    first[1:] = ag[1:] != ag[:-1]
    starts = np.maximum.accumulate(np.where(first, np.arange(n), 0))
    pos = np.arange(n) - starts
    copied = rng.random(n) < 0.04
    keep = np.where(copied, rng.uniform(0.88, 1.0, n), rng.beta(3, 5, n))
    keep_problems = np.where(copied | (rng.random(n) < 0.06), rng.uniform(0.86, 1.0, n), rng.beta(2, 5, n))
    text_sig = _signatures(rng, first, pos, keep)
    prob_sig = _signatures(rng, first, pos, keep_problems)
    has_section = n_prob > 0
    drop = np.where(rng.random(n) < 0.06, rng.integers(0, 6, n), -1)
    sections, topics = [], []
    for i in range(n):
        base = SECTIONS_2019 if has_table[i] else TOPICS_PRE2019
        names = [x for j, x in enumerate(base) if j != drop[i] and (x != "problems" or has_section[i])]
        sections.append(names if fmt[i] > 0 else [x for x in names if x == "problems"])
        topics.append(names)
    spec = np.round(rng.integers(0, n_prob + 1) / np.maximum(n_prob, 1), 4)
    flat = pa.array(text_sig.reshape(-1))
    pflat = pa.array(prob_sig.reshape(-1))
    prob_mask = pa.array(~has_section)
    return pa.table(
        {
            "rix": np.arange(n, dtype=np.int32),
            "sections": sections,
            "topics": topics,
            "has_problem_section": has_section,
            "problem_statements": n_prob.astype(np.int32),
            "problem_specificity": np.where(has_section, spec, 0.0),
            "text_signature": pa.FixedSizeListArray.from_arrays(flat, NUM_PERM),
            "problem_signature": pa.FixedSizeListArray.from_arrays(pflat, NUM_PERM, mask=prob_mask),
        }
    )


def _start_p() -> np.ndarray:
    p = np.where(YEARS <= 2010, 4.0, np.where(YEARS <= 2019, 1.0, 0.5))
    return p / p.sum()


def _multinomial_rows(rng: np.random.Generator, counts: np.ndarray, pvals: np.ndarray) -> np.ndarray:
    """Multinomial draws with per-row n and p, vectorised via sequential conditional binomials."""
    counts = np.asarray(counts, dtype=np.int64)
    out = np.zeros(pvals.shape, dtype=np.int64)
    remaining = counts.copy()
    p_left = np.ones(len(counts))
    for j in range(pvals.shape[1] - 1):
        pj = np.clip(np.divide(pvals[:, j], p_left, out=np.zeros(len(counts)), where=p_left > 1e-12), 0, 1)
        out[:, j] = rng.binomial(remaining, pj)
        remaining -= out[:, j]
        p_left -= pvals[:, j]
    out[:, -1] = remaining
    return out


def _key_dimension() -> tuple[pa.Table, dict[str, int]]:
    """Every fact key with its place in the text (ord) and the words around its number."""
    rows: list[tuple[str, int, str, str]] = []
    prose = [
        ("s.proactive_items", 10, "本年度主动公开政府信息", "条。\n"),
        ("s.requests_received", 20, "全年共受理政府信息公开申请", "件，"),
        ("s.requests_processed", 21, "已办结", "件，"),
        ("s.granted", 22, "其中同意公开", "件，"),
        ("s.partial", 23, "同意部分公开", "件，"),
        ("s.denied", 24, "不予公开", "件，"),
        ("s.unable", 25, "信息不存在或非本机关掌握", "件，"),
        ("s.not_processed", 26, "不予处理及其他处理", "件。"),
        ("s.reviews", 27, "因政府信息公开引起行政复议", "起，"),
        ("s.lawsuits", 28, "行政诉讼", "起。"),
        (
            "t2_2019.normative_docs.new_made",
            40,
            "二、主动公开政府信息情况\n制发规范性文件：本年新制作",
            "件\n",
        ),
        ("t2.normative_docs.made", 41, "二、主动公开政府信息情况\n规范性文件：本年制发", "件\n"),
    ]
    rows += prose
    for r_i, r in enumerate(T3_ROW_KEYS):
        for c_i, c in enumerate(T3_COL_KEYS):
            pre = f"{T3_ROWS[r]}：" if c_i == 0 else ""
            suf = "\n" if c_i == len(T3_COL_KEYS) - 1 else "　"
            rows.append((f"t3.{r}.{c}", 100 + r_i * 10 + c_i, pre, suf))
    for b_i, b in enumerate(T4_BLOCKS):
        for x_i, x in enumerate(T4_RESULTS):
            pre = f"{T4_BLOCKS[b]}{T4_RESULTS[x]}："
            suf = "　" if x_i < len(T4_RESULTS) - 1 else "\n"
            rows.append((f"t4.{b}.{x}", 400 + b_i * 10 + x_i, pre, suf))
    rows.append(("s.fees_yuan", 800, "六、政府信息公开收费及减免情况\n本年度收取信息处理费", "元。\n"))
    tbl = pa.table(
        {
            "kcode": np.arange(len(rows), dtype=np.int16),
            "key": [r[0] for r in rows],
            "ord": np.array([r[1] for r in rows], dtype=np.int32),
            "prefix": [r[2] for r in rows],
            "suffix": [r[3] for r in rows],
        }
    )
    return tbl, {r[0]: i for i, r in enumerate(rows)}


_BUILD_SQL = """
create temp table rep as
select s.*, a.*,
    case when a.old_name is not null and s.year < 2019 then a.old_name else a.name end as agency,
    sha256(a.agency_id || '/' || s.year || '/' || {seed}) as sha,
    substr(sha256(a.agency_id || '/' || s.year || '/' || {seed}), 1, 16) || '-0' as report_id
from reports_src s join agencies_src a using (aix);

-- text pieces: prefix + token + suffix; facts and problems point at their token
create temp table pieces as
select rix, 0 as ord, agency || year || '年政府信息公开工作年度报告\n\n' ||
       '本报告根据《中华人民共和国政府信息公开条例》要求编制，统计期限为' || year || '年1月1日至12月31日。\n' ||
       '一、总体情况\n' || agency || '坚持以公开为常态、不公开为例外，全面推进政务公开工作。' as prefix,
       '' as token, '' as suffix, null::smallint as kcode, null::varchar as pkind, null::integer as pord
from rep
union all
select rix, 100, '三、收到和处理政府信息公开申请情况\n（单位：件。列依次为：自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他、总计）\n', '', '', null, null, null
from rep where has_table
union all
select rix, 399, '四、政府信息公开行政复议、行政诉讼情况\n', '', '', null, null, null from rep where has_table
union all
select rix, 29, '\n', '', '', null, null, null from rep where not has_table
union all
select f.rix, k.ord, k.prefix,
       case when f.is_blank then '—' else cast(cast(f.value as bigint) as varchar) end,
       k.suffix, f.kcode, null, null
from facts_raw f join kdim k using (kcode)
union all
select rix, 500, '五、存在的主要问题及改进情况\n', '', '', null, null, null from rep
union all
select p.rix, 501 + p.ordinal, e.enum, t.text, '；', null, 'problem', p.ordinal
from problems_src p join pool t using (stmt) join enum e using (ordinal)
union all
select i.rix, 600 + i.ordinal, case when i.ordinal = 0 then '\n针对上述问题，' else '' end, t.text, '。', null,
       'improvement', i.ordinal
from improvements_src i join ipool t using (stmt)
union all
select rix, 900, '\n七、其他需要报告的事项\n无。\n', '', '', null, null, null from rep;

-- pieces may share an `ord`; the text and the offsets use one total order so spans always match.
create temp table placed as
select *,
    coalesce(sum(length(prefix) + length(token) + length(suffix)) over (
        partition by rix order by ord, prefix, token, suffix rows between unbounded preceding and 1 preceding), 0)
        + length(prefix) as span_start
from pieces;

insert into report_texts
select r.report_id, t.text
from (select rix, string_agg(prefix || token || suffix, '' order by ord, prefix, token, suffix) as text from pieces group by rix) t
join rep r using (rix);

insert into reports (report_id, source_sha256, path, part, parts, agency, agency_id, province, city, county,
    region_code, level, sector, year, format, title, doc_type, published, timeliness_days, warnings, text_chars,
    agency_key, organ_id)
select r.report_id, r.sha, 'input/' || coalesce(r.province, '中央') || '/' || r.agency || '_' || r.year || '.' || r.kind,
    0, 1, r.agency, r.agency_id, r.province, r.city, r.county, r.region_code, r.level, r.sector, r.year, r.format,
    r.agency || r.year || '年政府信息公开工作年度报告', 'annual_report',
    make_date(r.year + 1, 1, 31) + r.pub_offset, r.pub_offset,
    case when w.warning is null then []::varchar[] else [w.warning] end,
    length(t.text), r.agency_id, r.agency_id
from rep r join report_texts t using (report_id) left join warn w using (warn_code);

insert into sources
select r.sha, 'input/' || coalesce(r.province, '中央') || '/' || r.agency || '_' || r.year || '.' || r.kind,
    strlen(t.text) + 2048, case when r.kind in ('html', 'txt') then 'utf-8' end, r.kind, 'synth-0', 1,
    timestamp '2026-01-01 00:00:00' + to_seconds(r.rix)
from rep r join report_texts t using (report_id);

insert into facts
select r.report_id, k.key, case when f.is_blank then null else f.value end, f.is_blank, cast(f.origin as varchar),
    p.span_start, p.span_start + length(p.token),
    case when r.kind = 'pdf' then 1 + p.span_start // 1800 end,
    rtrim(p.prefix, '：') || p.token
from facts_raw f
join placed p on p.rix = f.rix and p.kcode = f.kcode
join kdim k on k.kcode = f.kcode
join rep r on r.rix = f.rix
order by r.rix, k.ord;

insert into problems
select r.report_id, p.pkind, p.pord, p.token,
    case when p.pkind = 'problem' then t.categories else []::varchar[] end,
    case when p.pkind = 'problem' then to_json(map_from_entries(list_transform(t.categories, lambda c: {'k': c, 'v': ['合成']})))::varchar end,
    p.span_start, p.span_start + length(p.token)
from placed p
join rep r using (rix)
left join pool t on p.pkind = 'problem' and t.text = p.token
where p.pkind is not null;

insert into checks
select r.report_id, x.rule, 'total',
    case when x.rule = 'D1' and r.bad then 'fail'
         when x.rule in ('D1', 'D3') and r.blank_report then 'incomplete'
         else 'ok' end,
    case when x.rule = 'D1' and r.bad then '办理结果合计与总计不符'
         when x.rule in ('D1', 'D3') and r.blank_report then '存在空白单元格，按0计算时不成立'
         else '' end
from rep r cross join (values ('D1'), ('D2'), ('D3'), ('D4')) x(rule)
where r.has_table;

insert into report_features
select r.report_id, f.sections, f.topics, f.has_problem_section, f.problem_statements, f.problem_specificity,
    f.text_signature::uinteger[], f.problem_signature::uinteger[]
from features_src f join rep r using (rix);

insert into ingest_errors
select 'input/错误样本/' || i || '.pdf', substr(sha256('err' || i), 1, 64),
    case i % 3 when 0 then 'read' when 1 then 'parse' else 'load' end,
    case i % 3 when 0 then 'PDF 文件已加密，无法读取' when 1 then '未识别到报告年度'
         else '报告编号冲突' end,
    timestamp '2026-01-02 00:00:00' + to_seconds(i)
from range(3 + (select count(*) from rep) // 2000) t(i);

insert into agencies (agency_id, name, names, province, city, county, region_code, level, sector, first_year,
    last_year, n_reports)
select agency_id, arg_max(agency, last_year), list(agency order by first_year),
    any_value(province), any_value(city), any_value(county), any_value(region_code), any_value(level),
    any_value(sector), min(first_year), max(last_year), sum(n)::integer
from (select agency_id, agency, any_value(province) as province, any_value(city) as city,
             any_value(county) as county, any_value(region_code) as region_code, any_value(level) as level,
             any_value(sector) as sector, min(year) as first_year, max(year) as last_year, count(*) as n
      from rep group by agency_id, agency)
group by agency_id;

insert into agency_names
select agency_id, agency_id, agency, min(year), max(year), count(*)::integer
from rep group by agency_id, agency;
"""


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="Generate a synthetic xxgk DuckDB database.")
    ap.add_argument("out", help="output .duckdb path (overwritten)")
    ap.add_argument("--reports", type=int, default=300)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    make_synthetic_db(args.out, args.reports, seed=args.seed)


if __name__ == "__main__":
    main()
