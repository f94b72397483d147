"""Problem statements of section 五: extraction, remedies, classification against a labelled set."""

import csv
from pathlib import Path

import pytest

from etl.normalise import normalise_text
from etl.problems import classify, extract_statements, find_problem_section, load_taxonomy
from tests.conftest import SEEDS, skip_absent

REPO = Path(__file__).resolve().parents[1]
LABELLED = Path(__file__).parent / "data" / "problem_statements.csv"
SEED_000 = SEEDS / "000_692156fde3bb7491.txt"
CODES = {
    "awareness",
    "staff_capacity",
    "training",
    "institutions",
    "coverage_depth",
    "timeliness",
    "interpretation",
    "interaction",
    "platform",
    "new_media",
    "outreach",
    "foi_requests",
    "publishing_quality",
    "uneven_grassroots",
}


def _rows():
    with LABELLED.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_labelled_set_is_well_formed():
    rows = _rows()
    assert len(rows) >= 80
    for r in rows:
        assert set(filter(None, r["categories"].split(";"))) <= CODES, r
        assert r["text"] and r["source"]


def test_taxonomy_codes_match_spec():
    assert set(load_taxonomy().codes) == CODES


def test_micro_f1_on_labelled_set(record_property):
    tp = fp = fn = 0
    for r in _rows():
        gold = set(filter(None, r["categories"].split(";")))
        pred = set(classify(r["text"])[0])
        tp, fp, fn = tp + len(gold & pred), fp + len(pred - gold), fn + len(gold - pred)
    p, rec = tp / (tp + fp), tp / (tp + fn)
    f1 = 2 * p * rec / (p + rec)
    summary = f"problem classifier micro P={p:.3f} R={rec:.3f} F1={f1:.3f} (tp={tp} fp={fp} fn={fn})"
    print(summary)
    record_property("problem_micro_f1", round(f1, 4))
    assert f1 >= 0.85, summary


def test_classify_is_explainable_and_capped():
    cats, cues = classify(
        "宣传教育培训不足，具体工作人员业务不熟，对信息公开工作认识不深，对社会宣传力度不够"
    )
    assert 1 <= len(cats) <= 3
    assert set(cues) == set(cats) and all(cues[c] for c in cats)
    assert classify("离上级和群众的要求还有差距") == ([], {})


def test_jieba_token_cues_do_not_fire_inside_words():
    # short cues must be whole jieba tokens: 乡镇 not inside 乡镇企业, 学校 not inside 中学校长
    assert "uneven_grassroots" not in classify("乡镇企业信息公开不足")[0]
    assert "uneven_grassroots" not in classify("中学校长信息公开较少")[0]
    assert "uneven_grassroots" in classify("乡镇信息公开不足")[0]
    assert "publishing_quality" not in classify("安全生产信息公开不够及时")[0]  # an exclusion context


@pytest.fixture(scope="module")
def seed_000():
    skip_absent("seeds")
    text = normalise_text(SEED_000.read_text(encoding="utf-8"))
    span = find_problem_section(text)
    assert span is not None
    return text, span


def test_seed_000_section_found(seed_000):
    text, (start, end) = seed_000
    assert text[start:end].lstrip().startswith("我局政务公开工作虽然取得一些成绩")
    assert end == len(text)


def test_seed_000_problems(seed_000):
    text, (start, end) = seed_000
    found = extract_statements(text[start:end], start)
    by_text = {p.text: p for p in found.problems}
    expected = {
        "政务公开的制度有待完善": ["institutions"],
        "政府信息目录有待完善": ["institutions"],
        "部分科室的政府信息公开意识不强,信息更新不够及时": ["awareness", "timeliness"],
        "主动向社会公开信息的领域有待于进一步拓展": ["coverage_depth"],
    }
    assert list(by_text) == list(expected)
    for sentence, cats in expected.items():
        p = by_text[sentence]
        assert sorted(p.categories) == sorted(cats)
        assert text[p.start : p.end] == sentence  # absolute spans into the report text
        assert all(p.cues[c] for c in cats)
    assert not found.generic
    assert len(found.improvements) >= 6  # 一是…六是 remedies, kept apart
    assert all("下一步" not in p.text for p in found.problems)
    assert 0 < found.specificity <= 1


@pytest.mark.parametrize("body", ["无", "无。", " 暂无 "])
def test_section_saying_nothing_is_generic(body):
    found = extract_statements(body, 100)
    assert found.generic and found.problems == [] and found.specificity == 0.0


def test_one_generic_sentence_is_generic():
    found = extract_statements("我校的政务信息公开工作虽然取得了一定的成绩,但离上级和群众的要求还有差距。")
    assert found.generic
    assert len(found.problems) == 1 and found.problems[0].categories == []


def test_interleaved_problems_and_remedies():
    body = (
        "一是信息更新不够及时，下一步将建立信息定期更新机制；"
        "二是政策解读形式单一。针对这一问题，我局将通过图解、视频等方式丰富解读形式。"
        "三是工作人员业务能力有待提高，今后将加强业务培训。"
    )
    found = extract_statements(body, 1000)
    assert [p.text for p in found.problems] == [
        "信息更新不够及时",
        "政策解读形式单一",
        "工作人员业务能力有待提高",
    ]
    assert [p.categories[0] for p in found.problems] == ["timeliness", "interpretation", "staff_capacity"]
    assert len(found.improvements) == 3
    assert found.improvements[0].text.startswith("下一步将建立")
    for p in found.problems + found.improvements:
        assert body[p.start - 1000 : p.end - 1000] == p.text


def test_problem_and_remedy_headings():
    body = (
        "(一)存在的主要问题:基层政务公开标准化规范化水平有待进一步提升;各部门政府信息公开工作的开展还不够均衡。"
        "(二)改进措施:一是持续认真贯彻《条例》。二是强化政府网站与政务新媒体的日常监管。"
    )
    found = extract_statements(body)
    assert len(found.problems) == 2 and len(found.improvements) == 2
    assert "uneven_grassroots" in found.problems[1].categories


def test_lead_in_sentence_is_dropped():
    body = "2019年，我区政府信息公开工作取得了明显进展，但仍存在一些不足和薄弱环节。一是信息人员队伍能力建设仍有欠缺；二是制度有待完善。"
    found = extract_statements(body)
    assert [p.text for p in found.problems] == ["信息人员队伍能力建设仍有欠缺", "制度有待完善"]


def test_find_problem_section_in_flat_2019_text():
    text = (
        "四、政府信息公开行政复议、行政诉讼情况000000 五、存在的主要问题及改进情况"
        "2019年,我区仍存在一些不足。一是制度有待完善。六、其他需要报告的事项 无"
    )
    start, end = find_problem_section(text)
    assert text[start:end] == "2019年,我区仍存在一些不足。一是制度有待完善。"


def test_find_problem_section_pre2019_heading():
    text = "一、主要做法\n做了很多工作。\n三、今后努力方向\n一是目录有待完善。\n附件1:统计表"
    start, end = find_problem_section(text)
    assert text[start:end].strip() == "一是目录有待完善。"
    assert find_problem_section("一、主要做法\n没有问题章节。") is None


@pytest.mark.parametrize(
    ("body", "generic"),
    [
        ("无。", True),
        ("我局政府信息公开工作还存在一些不足，今后将进一步改进。", True),
        ("一是公开目录有待完善；二是信息更新不够及时。", False),
    ],
)
def test_generic_problem_section_is_recorded(body, generic):
    from etl.document import Document
    from etl.parse import parse_document

    text = (
        "某县教育局2020年政府信息公开工作年度报告\n一、总体情况\n全年收到申请3件。\n"
        f"五、存在的主要问题及改进情况\n{body}\n六、其他需要报告的事项\n无。"
    )
    report = parse_document(Document(text=text, kind="txt"))
    assert any("未陈述具体问题" in w for w in report.warnings) == generic
