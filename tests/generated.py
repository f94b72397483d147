"""Generated report files with known values: the inputs of the tests that check the parser, the build
and the database without needing a real document, so they run the same with or without ../shared.

The reports come from `xxgk/rawgen.py` (real division names and codes, the official Table 2–4 grids
as `tests/tablegen.py` lays them out, pre-2019 prose), rendered as text unless a test asks otherwise; what each file
says is the generator's `Item` (`.values`, `.name`, `.year`, `.format`). `prose()` adds a paragraph of
an agency's own words (a word salad, different for every seed) where a test needs reports that differ
beyond the template, e.g. the 内容雷同 similarity.
"""

from __future__ import annotations

import dataclasses
import random
import re
from functools import lru_cache
from pathlib import Path

from xxgk import rawgen

# The build tests' input folder: one agency's 2018 (prose), 2019 and 2020 (2019 tables) reports,
# another's 2014 (prose) and 2021 (2021 tables): file name → item of rawgen's seed-0 text stream.
INBOX = {
    "cangzhou_2018.txt": 0,
    "cangzhou_2019.txt": 1,
    "cangzhou_2020.txt": 2,
    "bianhe_2014.txt": 3,
    "bianhe_2021.txt": 8,
}
# A report of the same stream not in the inbox (a file added later).
EXTRA = ("bianhe_2022.txt", 9)

_WORDS = [
    "进一步",
    "完善",
    "工作机制",
    "信息公开",
    "政务服务",
    "网站建设",
    "专栏",
    "栏目",
    "更新",
    "维护",
    "培训",
    "业务",
    "人员",
    "队伍",
    "规范",
    "流程",
    "办理",
    "答复",
    "申请人",
    "群众",
    "企业",
    "关切",
    "回应",
    "解读",
    "政策",
    "文件",
    "发布",
    "平台",
    "新媒体",
    "微信",
    "公众号",
    "政务微博",
    "热线",
    "目录",
    "指南",
    "考核",
    "督查",
    "整改",
    "落实",
    "领导",
    "重视",
    "部署",
    "推进",
    "深化",
    "优化",
    "营商环境",
    "民生",
    "教育",
    "卫生",
    "就业",
    "社保",
    "财政",
    "预算",
    "决算",
    "资金",
    "项目",
    "审批",
    "许可",
    "处罚",
    "监管",
    "执法",
    "公示",
    "听证",
    "意见",
    "征集",
    "座谈",
    "走访",
    "调研",
    "会议",
    "年度",
    "计划",
    "重点",
    "任务",
    "台账",
    "档案",
    "保密",
    "审查",
    "机制",
    "责任",
    "分工",
    "协调",
    "联动",
    "基层",
    "乡镇",
    "村居",
    "社区",
    "便民",
    "窗口",
    "大厅",
    "查阅",
    "场所",
    "图书馆",
    "档案馆",
    "公报",
    "报纸",
    "电视",
    "广播",
    "宣传",
    "活动",
    "开放日",
    "满意度",
    "评议",
    "测评",
    "数据",
    "统计",
    "分析",
    "标准化",
    "清单",
    "事项",
    "权力",
    "运行",
    "监督",
    "阳光",
    "透明",
    "依法",
    "行政",
    "法治",
    "建设",
    "改革",
    "创新",
]


def prose(seed: str | int, chars: int = 1200) -> str:
    """A paragraph of `chars` characters in an agency's own words, different for every seed."""
    rnd = random.Random(f"prose-{seed}")
    out, n = [], 0
    while n < chars:
        sentence = "".join(rnd.choice(_WORDS) for _ in range(rnd.randint(4, 9))) + rnd.choice("，。；")
        out.append(sentence)
        n += len(sentence)
    return "".join(out).rstrip("，；") + "。"


@lru_cache(maxsize=4)
def stream(n: int = 12, seed: int = 0, renderings: tuple[str, ...] = ("txt",)) -> tuple[rawgen.Item, ...]:
    return tuple(rawgen.items(n, seed=seed, renderings=renderings))


def item(index: int, seed: int = 0, rendering: str = "txt") -> rawgen.Item:
    return stream(max(12, index + 1), seed, (rendering,))[index]


def with_prose(it: rawgen.Item, seed: str | int) -> rawgen.Item:
    """The item with a paragraph of its own words after its first heading (一、概述 / 一、总体情况) and
    plans of its own at the end of its problems section (五 / 六、…存在的主要问题及改进情况)."""
    lines = list(it.lines)
    first = next(i for i, (kind, _) in enumerate(lines) if kind == "h")
    lines.insert(first + 1, ("p", prose(seed)))
    problems = next(i for i, (kind, x) in enumerate(lines) if kind == "h" and "存在的主要问题" in x)
    end = next(i for i in range(problems + 1, len(lines)) if lines[i][0] == "h")
    lines.insert(end, ("p", "下一步，我们将" + prose(f"{seed}-plans", 150)))
    return dataclasses.replace(it, lines=lines)


def with_values(it: rawgen.Item, **changes: float | int) -> rawgen.Item:
    """The item with some values changed (keys with `__` for `.`, e.g. `t4__review__total=9`), its
    text laid out again from them."""
    values = {**it.values, **{k.replace("__", "."): v for k, v in changes.items()}}
    changed = dataclasses.replace(it, values=values)
    changed.lines = rawgen._content(changed, random.Random(f"relaid-{it.index}"))
    return changed


def render(it: rawgen.Item) -> bytes:
    return rawgen.render(it)


def write_inbox(folder: Path) -> Path:
    """The build tests' five report files (INBOX) in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, index in INBOX.items():
        (folder / name).write_bytes(render(item(index)))
    return folder


def inbox_item(name: str) -> rawgen.Item:
    return item(INBOX[name] if name in INBOX else dict([EXTRA])[name])


def requests_received(it: rawgen.Item) -> int:
    """The s.requests_received the report states (prose) or its Table 3 gives (new requests)."""
    v = it.values
    return v["s.requests_received"] if "s.requests_received" in v else v["t3.new_received.total"]


def shift_years(text: str, by: int = 1) -> str:
    """The same report re-published a year later: every year moved on, nothing else changed."""
    return re.sub(r"20[0-2]\d", lambda m: str(int(m.group()) + by), text)


# ---- the quality tests' folder -------------------------------------------------------------------

# 汴河街道办事处's 2021 and 2022 reports (2021 format) and 沧州市统计局's 2018 (prose) and 2019 (2019
# tables), each with its own words; a 2021-format report whose Table 4 review total does not add up.
QUALITY = {"bianhe_2021.txt": 8, "bianhe_2022.txt": 9, "cangzhou_2018.txt": 0, "cangzhou_2019.txt": 1}
BROKEN_T4 = "bianhe_2023_t4.txt"


def write_quality_inbox(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, index in QUALITY.items():
        (folder / name).write_bytes(render(with_prose(item(index), name)))
    broken = item(10)  # 汴河街道办事处 2023
    broken = with_values(broken, t4__review__total=broken.values["t4.review.total"] + 1)
    (folder / BROKEN_T4).write_bytes(render(with_prose(broken, BROKEN_T4)))
    return folder


# ---- a small database of every rendering ---------------------------------------------------------

# A report of an agency that states no year anywhere, and a news article naming no agency.
UNDATED = (
    "undated_report.txt",
    "景县教育局政府信息公开工作年度报告\n本报告根据《中华人民共和国政府信息公开条例》要求，由景县教育局编制。\n"
    "一、总体情况\n景县教育局认真贯彻落实《条例》。全年收到政府信息公开申请5件。\n",
)
NEWS = (
    "news.txt",
    "召开政务公开工作推进会\n发布日期：2023-05-06\n会上强调要做好政府信息公开工作，及时回应群众关切。\n",
)


def write_sample_inputs(folder: Path, n: int = 40, seed: int = 7) -> list[dict]:
    """`n` reports in every rendering and format (rawgen, with truth.jsonl ignored by the build), a
    report of unknown year and a news article. Returns the reports' truth."""
    truths = rawgen.write(folder, n, seed=seed, renderings=rawgen.RENDERINGS)
    for name, text in (UNDATED, NEWS):
        (folder / name).write_text(text, encoding="utf-8")
    return truths
