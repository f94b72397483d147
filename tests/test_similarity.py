"""Report-to-report similarity (内容雷同): MinHash signatures over normalised character shingles."""

import time

import pytest

from etl.similarity import NUM_PERM, jaccard, signature, similarity, text_similarity
from tests import generated as gen
from tests.conftest import SEEDS, skip_absent

# The 2021-format boilerplate every report repeats: intro, section headings, table labels.
TEMPLATE_HEAD = (
    "本报告根据《中华人民共和国政府信息公开条例》(以下简称《条例》)和《国务院办公厅政府信息与政务公开办公室"
    "关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》(国办公开办函〔2021〕30号)要求编制。"
    "本报告所列数据的统计期限自2023年1月1日起至2023年12月31日止。如对本报告有任何疑问,请与本机关联系。\n"
    "一、总体情况\n"
)
TEMPLATE_TABLES = (
    "二、主动公开政府信息情况\n第二十条第(一)项 信息内容 本年制发件数 本年废止件数 现行有效件数 规章 "
    "行政规范性文件 第二十条第(五)项 信息内容 本年处理决定数量 行政许可 第二十条第(六)项 信息内容 "
    "本年处理决定数量 行政处罚 行政强制 第二十条第(八)项 信息内容 本年收费金额(单位:万元) 行政事业性收费\n"
    "三、收到和处理政府信息公开申请情况\n申请人情况 自然人 法人或其他组织 商业企业 科研机构 社会公益组织 "
    "法律服务机构 其他 总计 一、本年新收政府信息公开申请数量 二、上年结转政府信息公开申请数量 三、本年度办理结果 "
    "(一)予以公开 (二)部分公开(区分处理的,只计这一情形,不计其他情形) (三)不予公开 1.属于国家秘密 "
    "2.其他法律行政法规禁止公开 3.危及“三安全一稳定” 4.保护第三方合法权益 5.属于三类内部事务信息 "
    "6.属于四类过程性信息 7.属于行政执法案卷 8.属于行政查询事项 (四)无法提供 1.本机关不掌握相关政府信息 "
    "2.没有现成信息需要另行制作 3.补正后申请内容仍不明确 (五)不予处理 1.信访举报投诉类申请 2.重复申请 "
    "3.要求提供公开出版物 4.无正当理由大量反复申请 5.要求行政机关确认或重新出具已获取信息 (六)其他处理 "
    "(七)总计 四、结转下年度继续办理\n四、政府信息公开行政复议、行政诉讼情况\n行政复议 行政诉讼 结果维持 结果纠正 "
    "其他结果 尚未审结 总计 未经复议直接起诉 复议后起诉\n五、政府信息公开工作存在的主要问题及改进情况\n"
)
TEMPLATE_TAIL = "六、其他需要报告的事项\n本年度未收取信息处理费。\n"


def _body(name: str) -> str:
    text = next(SEEDS.glob(f"{name}_*.txt")).read_text(encoding="utf-8")
    return "\n".join(text.splitlines()[1:])  # without the title line


def _generated(index: int) -> str:
    """A generated report (tests.generated) with a paragraph of its agency's own words."""
    return gen.render(gen.with_prose(gen.item(index), f"similarity-{index}")).decode("utf-8")


# Each test runs on a real report (seed 000, a pre-2019 report of 3,000 characters; skipped without
# ../shared) and on a generated one.
TEXTS = ["seed", "generated"]


@pytest.fixture(scope="module", params=TEXTS)
def seed_000(request) -> str:
    if request.param == "seed":
        skip_absent("seeds")
        return next(SEEDS.glob("000_*.txt")).read_text(encoding="utf-8")
    return _generated(0)


@pytest.fixture(scope="module", params=TEXTS)
def two_agencies(request) -> tuple[str, str]:
    """The bodies of two agencies' reports (no title line): their own prose."""
    if request.param == "seed":
        skip_absent("seeds")
        return _body("000"), _body("004")
    return tuple("\n".join(_generated(i).splitlines()[1:]) for i in (0, 3))


def test_signature_is_compact_and_stable(seed_000):
    sig = signature(seed_000)
    assert isinstance(sig, bytes) and len(sig) == NUM_PERM * 4
    assert signature(seed_000) == sig  # fixed seeds: storable, comparable across runs
    assert similarity(sig, sig) == 1.0


def test_year_only_change_scores_near_one(seed_000):
    republished = gen.shift_years(seed_000).replace("第五年", "第六年")
    score = text_similarity(seed_000, republished)
    print(f"similarity, same report with the year changed: {score:.3f}")
    assert score >= 0.95


def test_same_template_different_agencies_score_clearly_lower(two_agencies):
    # two agencies' 2021-format reports: shared boilerplate and table labels, their own prose
    one, other = two_agencies
    a = TEMPLATE_HEAD + one[:2500] + TEMPLATE_TABLES + one[-800:] + TEMPLATE_TAIL
    b = TEMPLATE_HEAD + other[:2500] + TEMPLATE_TABLES + other[-800:] + TEMPLATE_TAIL
    a_next_year = gen.shift_years(a)
    same, other = text_similarity(a, a_next_year), text_similarity(a, b)
    print(
        f"similarity: same report re-published {same:.3f}; same template, other agency {other:.3f} "
        f"(exact Jaccard {jaccard(a, b):.3f})"
    )
    assert same >= 0.95
    assert other <= 0.5
    assert abs(other - jaccard(a, b)) < 0.15  # the MinHash estimate tracks the exact value


def test_edited_report_in_between(seed_000):
    paragraphs = seed_000.split("\n")
    edited = "\n".join(
        p if i % 4 else p[: len(p) // 2] + "今年我局对该项工作进行了调整和补充完善。"
        for i, p in enumerate(paragraphs)
    )
    score = text_similarity(seed_000, edited)
    print(f"similarity, a quarter of the paragraphs half rewritten: {score:.3f}")
    assert 0.5 < score < 0.95


def test_empty_text():
    assert text_similarity("", "有内容") == 0.0
    assert text_similarity("2012", "2013") == 0.0  # nothing left after removing digits


def test_cost_per_report(seed_000, record_property):
    texts = [gen.shift_years(seed_000, by) for by in range(40)]
    signature(seed_000)  # warm-up
    t0 = time.perf_counter()
    for t in texts:
        signature(t)
    ms = (time.perf_counter() - t0) / len(texts) * 1000
    print(f"signature cost: {ms:.1f} ms per report of {len(seed_000)} characters")
    record_property(f"signature_ms_per_report_of_{len(seed_000)}_chars", round(ms, 2))
    # about 2 ms for 3,000 characters on an idle core (README); loose for a loaded machine
    assert ms < 20 * max(1.0, len(seed_000) / 3000)


def test_stored_signature_matches_and_sql_macro_agrees(seed_000):
    """The build stores `signature_values` (uinteger[]); the SQL macro gives the same similarity."""
    import duckdb
    import numpy as np

    from etl.similarity import signature_values
    from etl.store.schema import SQL_DIR

    values = signature_values(seed_000)
    assert values == np.frombuffer(signature(seed_000), dtype="<u4").tolist()
    assert signature_values("无。", min_chars=30) is None and signature_values("") is None
    other = seed_000.replace("公开", "发布")
    con = duckdb.connect()
    con.execute((SQL_DIR / "macros.sql").read_text(encoding="utf-8"))
    got = con.execute(
        "select minhash_similarity($a::uinteger[], $b::uinteger[])",
        {"a": values, "b": signature_values(other)},
    ).fetchone()[0]
    assert got == pytest.approx(text_similarity(seed_000, other))
    assert con.execute("select minhash_similarity(null, [1, 2]::uinteger[])").fetchone()[0] is None


def _reference_signature(text: str) -> list[int]:
    """One-permutation MinHash written out shingle by shingle (etl/similarity.py's docstring)."""
    from etl.similarity import (
        _BIN_BITS,
        _DONOR_TRIES,
        SHINGLE,
        _donors,
        _shingle_hashes,
        normalise_for_similarity,
    )

    t = normalise_for_similarity(text)
    grams = [t[i : i + SHINGLE] for i in range(max(len(t) - SHINGLE + 1, 1))]
    least: dict[int, int] = {}
    for g in grams:
        h = int(_shingle_hashes(g)[0])
        b, v = h >> (64 - _BIN_BITS), (h >> (32 - _BIN_BITS)) & 0xFFFFFFFF
        least[b] = min(least.get(b, v), v)
    out = []
    for b in range(NUM_PERM):
        if b in least:
            out.append(least[b])
            continue
        donor = next((int(d) for d in _donors()[b][:_DONOR_TRIES] if int(d) in least), None)
        if donor is None:  # the nearest filled bin after it, circularly
            donor = next((b + j) % NUM_PERM for j in range(1, NUM_PERM) if (b + j) % NUM_PERM in least)
        out.append(least[donor])
    return out


@pytest.mark.parametrize(
    "text",
    [
        "五个字以上的一句话",  # fewer shingles than bins: mostly borrowed values
        "短",  # shorter than a shingle: the text is its one shingle
        "政府信息公开工作年度报告" * 3 + "本机关全年主动公开政府信息并及时更新",
        gen.render(gen.item(5)).decode("utf-8"),  # thousands of shingles: every bin its own
    ],
)
def test_signature_equals_the_reference_written_out(text):
    """The numpy signature is the one-permutation MinHash computed shingle by shingle."""
    import numpy as np

    from etl.similarity import signature

    assert np.frombuffer(signature(text), dtype="<u4").tolist() == _reference_signature(text)


def test_estimate_tracks_exact_jaccard():
    """Over pairs from near-copies to unrelated reports, long and short, the estimate stays close to the
    exact Jaccard similarity of the shingle sets: no bias, spread about sqrt(J(1-J)/NUM_PERM)."""
    import random

    rng = random.Random(7)
    pairs = []
    for i in range(12):
        text = _generated(i)
        for share in (0.05, 0.3, 0.7):
            edited = "\n".join(
                p if rng.random() > share else p[: len(p) // 2] + f"本年度调整完善第{rng.random()}项工作内容"
                for p in text.split("\n")
            )
            pairs.append((text, edited))
        short = text[200:420]
        pairs.append((short, short[:100] + "另行撰写的一段文字" + short[130:]))
        pairs.append((text, _generated(i + 20)))
    errors = [text_similarity(a, b) - jaccard(a, b) for a, b in pairs]
    mean_abs = sum(map(abs, errors)) / len(errors)
    print(
        f"MinHash − exact Jaccard over {len(pairs)} pairs: mean {sum(errors) / len(errors):+.4f}, mean |·| {mean_abs:.4f}"
    )
    assert abs(sum(errors) / len(errors)) < 0.02
    assert mean_abs < 0.05 and max(map(abs, errors)) < 0.15
