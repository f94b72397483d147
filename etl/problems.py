"""Problem statements of section 五 (存在的主要问题及改进情况): split, separate from remedies, classify.

Cue phrases, weights and exclusions live in `etl/data/problem_taxonomy.toml` (spec/problems.md), so
the taxonomy grows without code changes; a small statistical model (`etl/problem_model.py`, trained on
the shipped labelled statements) adds the categories the cues miss. Everything is deterministic and
explainable: each category comes with the cue phrases, or the model's evidence, that decided it.
"""

from __future__ import annotations

import logging
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from etl.model import Problem
from etl.problem_model import TRAINING_PATH, ProblemModel, read_labelled

TAXONOMY_PATH = Path(__file__).parent / "data" / "problem_taxonomy.toml"


@dataclass(frozen=True)
class ProblemSection:
    problems: list[Problem] = field(default_factory=list)
    improvements: list[Problem] = field(default_factory=list)
    generic: bool = True  # the section says only 无 or one generic sentence
    specificity: float = 0.0  # share of problem statements naming a concrete matter or number


# ---------------------------------------------------------------------------------------------
# Taxonomy


@dataclass(frozen=True)
class _Cue:
    category: str
    phrase: str | None  # None: a regex cue
    pattern: re.Pattern[str] | None
    weight: float
    token: bool  # must coincide with whole jieba tokens


@dataclass(frozen=True)
class _Taxonomy:
    codes: tuple[str, ...]
    labels: dict[str, str]
    cues: tuple[_Cue, ...]
    excludes: dict[str, tuple[str, ...]]
    max_categories: int
    min_score: float
    model_threshold: float  # >= 1: lexicon only
    model_backstop: float  # the threshold when no cue decided any category
    model_weight: float
    shortfall: re.Pattern[str]
    remedy_strong: re.Pattern[str]
    remedy_weak: re.Pattern[str]
    remedy_inline: re.Pattern[str]
    problem_header: re.Pattern[str]
    remedy_header: re.Pattern[str]
    lead_in: re.Pattern[str]
    lead_in_inline: re.Pattern[str]
    closing: re.Pattern[str]
    specific: re.Pattern[str]


def _nfkc(s: str) -> str:
    return unicodedata.normalize("NFKC", s)


def _alternation(phrases: list[str]) -> str:
    return "|".join(re.escape(p) for p in sorted(set(phrases), key=len, reverse=True))


@lru_cache(maxsize=4)
def load_taxonomy(path: Path = TAXONOMY_PATH) -> _Taxonomy:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    settings, st, spec = raw["settings"], raw["statements"], raw["specificity"]
    token_len = settings.get("token_cue_max_len", 2)
    cues: list[_Cue] = []
    excludes: dict[str, tuple[str, ...]] = {}
    for cat in raw["category"]:
        code = cat["code"]
        for key, weight in (("cues", 1.0), ("strong", 2.0), ("weak", 0.5)):
            for phrase in cat.get(key, []):
                phrase = _nfkc(phrase)
                cues.append(_Cue(code, phrase, None, weight, len(phrase) <= token_len))
        for rx in cat.get("regex", []):
            cues.append(_Cue(code, None, re.compile(_nfkc(rx)), 1.0, False))
        excludes[code] = tuple(_nfkc(e) for e in cat.get("exclude", []))
    # statement-level patterns run on the raw section text: no NFKC, they list both punctuation forms
    shortfall = _alternation(st["shortfall"]) + "|" + "|".join(st.get("shortfall_regex", []))
    specific = "|".join(
        [
            _alternation([_nfkc(t) for t in spec["terms"]]),
            spec["number_regex"],
            r"《[^》]+》|“[^”]{1,20}”|\"[^\"]{1,20}\"",
        ]
    )
    return _Taxonomy(
        codes=tuple(c["code"] for c in raw["category"]),
        labels={c["code"]: c["label"] for c in raw["category"]},
        cues=tuple(cues),
        excludes=excludes,
        max_categories=settings.get("max_categories", 3),
        min_score=settings.get("min_score", 1.0),
        model_threshold=settings.get("model_threshold", 1.0),
        model_backstop=settings.get("model_backstop", 1.0),
        model_weight=settings.get("model_weight", 1.0),
        shortfall=re.compile(shortfall),
        remedy_strong=re.compile(st["remedy_strong"]),
        remedy_weak=re.compile(st["remedy_weak"]),
        remedy_inline=re.compile(st["remedy_inline"]),
        problem_header=re.compile(st["problem_header"]),
        remedy_header=re.compile(st["remedy_header"]),
        lead_in=re.compile(st["lead_in"]),
        lead_in_inline=re.compile(st["lead_in_inline"]),
        closing=re.compile(st["closing"]),
        specific=re.compile(specific),
    )


@lru_cache(maxsize=1)
def load_model() -> ProblemModel:
    """The statistical model trained on the shipped labelled statements (once per process)."""
    return ProblemModel.train(read_labelled(TRAINING_PATH), load_taxonomy().codes)


@lru_cache(maxsize=1)
def _tokenizer():
    """A private jieba tokenizer (bundled dictionary, nothing downloaded) that knows the short cues."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.initialize()
    for cue in load_taxonomy().cues:
        if cue.token and cue.phrase and not tok.FREQ.get(cue.phrase):
            tok.add_word(cue.phrase)  # default frequency: longer dictionary words still win
    return tok


def _token_bounds(text: str) -> tuple[set[int], set[int]]:
    starts, ends, pos = set(), set(), 0
    for tok in _tokenizer().cut(text, HMM=False):
        starts.add(pos)
        pos += len(tok)
        ends.add(pos)
    return starts, ends


# ---------------------------------------------------------------------------------------------
# Classification


def _matches(text: str, tax: _Taxonomy) -> list[tuple[int, int, _Cue, str]]:
    """All cue matches (start, end, cue, matched text), after exclusions and containment."""
    found: list[tuple[int, int, _Cue, str]] = []
    bounds = None
    pairs = {text[k : k + 2] for k in range(len(text) - 1)}  # a phrase whose first two characters
    for cue in tax.cues:  # never occur together cannot occur
        if cue.phrase is not None:
            if len(cue.phrase) >= 2 and cue.phrase[:2] not in pairs:
                continue
            i = text.find(cue.phrase)
            while i >= 0:
                j = i + len(cue.phrase)
                if cue.token:
                    bounds = bounds or _token_bounds(text)
                    ok = i in bounds[0] and j in bounds[1]
                else:
                    ok = True
                if ok:
                    found.append((i, j, cue, cue.phrase))
                i = text.find(cue.phrase, i + 1)
        else:
            found.extend(
                (m.start(), m.end(), cue, m.group()) for m in cue.pattern.finditer(text) if m.group()
            )
    # exclusions: a match overlapping an excluded context of its category does not count
    kept = []
    excluded: dict[str, list[tuple[int, int]]] = {}
    for i, j, cue, s in found:
        if cue.category not in excluded:
            excluded[cue.category] = [
                (k, k + len(ex)) for ex in tax.excludes.get(cue.category, ()) for k in _occurrences(text, ex)
            ]
        if not any(i < b and a < j for a, b in excluded[cue.category]):
            kept.append((i, j, cue, s))
    # containment: a match strictly inside a longer phrase match is hidden by it (政务新媒体 ⊃ 新媒体)
    out = []
    for i, j, cue, s in kept:
        hidden = any(a <= i and j <= b and (b - a) > (j - i) and c.phrase is not None for a, b, c, _ in kept)
        if not hidden:
            out.append((i, j, cue, s))
    return out


def _occurrences(text: str, phrase: str) -> list[int]:
    """Start of every non-overlapping occurrence of `phrase` in `text`, left to right."""
    out, i = [], text.find(phrase) if phrase else -1
    while i >= 0:
        out.append(i)
        i = text.find(phrase, i + len(phrase))
    return out


def _lexicon(text: str, tax: _Taxonomy) -> tuple[dict[str, float], dict[str, int], dict[str, list[str]]]:
    """Cue score, first match position and matched phrases per category."""
    score: dict[str, float] = {}
    first: dict[str, int] = {}
    cues: dict[str, list[str]] = {}
    seen: set[tuple[str, str]] = set()
    for i, _j, cue, s in sorted(_matches(text, tax), key=lambda m: m[0]):
        if (cue.category, s) in seen:
            continue
        seen.add((cue.category, s))
        score[cue.category] = score.get(cue.category, 0.0) + cue.weight
        first.setdefault(cue.category, i)
        cues.setdefault(cue.category, []).append(s)
    return score, first, cues


def classify(
    statement: str, *, model: ProblemModel | None = None, lexicon_only: bool = False
) -> tuple[list[str], dict[str, list[str]]]:
    """0–max_categories category codes ranked by evidence, and the evidence that decided each.

    A category is assigned when its cue score reaches `min_score` or the statistical model
    (`etl/problem_model.py`; `model` overrides the shipped one) gives it a score of at least
    `model_threshold` (`model_backstop` when no cue decided any category, never for a generic lead-in
    without cues); categories rank by cue
    score + `model_weight` × model score. The evidence is the cue phrases; for a category only the
    model decided, the stretches of the statement whose n-grams raised its score most, marked "≈".
    """
    if model is None:  # the shipped model: a pure function of the text, and boilerplate repeats
        ranked, why = _classify_cached(statement, lexicon_only)
        return list(ranked), {c: list(v) for c, v in why}
    return _classify(statement, model, lexicon_only)


@lru_cache(maxsize=65536)
def _classify_cached(statement: str, lexicon_only: bool) -> tuple[tuple[str, ...], tuple]:
    ranked, why = _classify(statement, None, lexicon_only)
    return tuple(ranked), tuple((c, tuple(v)) for c, v in why.items())


def _classify(
    statement: str, model: ProblemModel | None, lexicon_only: bool
) -> tuple[list[str], dict[str, list[str]]]:
    tax = load_taxonomy()
    text = _nfkc(statement)
    score, first, cues = _lexicon(text, tax)
    chosen = {c for c in score if score[c] >= tax.min_score}
    # a generic lead-in ("…还存在一些不足") without any cue is left unclassified: the model never guesses
    threshold = tax.model_threshold if chosen else 1.0 if tax.lead_in.search(text) else tax.model_backstop
    mscore: dict[str, float] = {}
    evidence: dict[str, list[str]] = {}
    if not lexicon_only and threshold < 1:
        pred = (model or load_model()).predict(text, explain_above=threshold)
        mscore, evidence = pred.score, pred.evidence
    chosen |= {c for c, v in mscore.items() if v >= threshold and evidence.get(c)}
    ranked = sorted(
        chosen,
        key=lambda c: (-(score.get(c, 0.0) + tax.model_weight * mscore.get(c, 0.0)), first.get(c, len(text))),
    )[: tax.max_categories]
    why = {
        c: cues[c] if score.get(c, 0.0) >= tax.min_score else ["≈" + e for e in evidence[c]] for c in ranked
    }
    return ranked, why


def category_label(code: str) -> str:
    return load_taxonomy().labels.get(code, code)


# ---------------------------------------------------------------------------------------------
# Statements

_CN_NUM = "一二三四五六七八九十"
# Enumerators that open a statement: 一是 / （一） / (1) / 1. 1、 / ①; only after a boundary.
_ENUM = re.compile(
    rf"(?:^|(?<=[。；;：:，,!！?？\s]))"
    rf"(?:[{_CN_NUM}]{{1,2}}\s*是|[（(][{_CN_NUM}\d]{{1,2}}[）)]|\d{{1,2}}\s*[.、．](?!\d)|[①-⑳])"
)
_STRIP_ENUM = re.compile(
    rf"^\s*(?:[{_CN_NUM}]{{1,2}}\s*是|[（(][{_CN_NUM}\d]{{1,2}}[）)]|\d{{1,2}}\s*[.、．](?!\d)|[①-⑳]|"
    r"[，,、\s]|同时|此外|另外|其次|首先|最后)+"
)
_HARD = set("。；;!！?？")
_COLON = set(":：")
# Page numbers left inside the text by PDF/OCR readers (-4-, — 6 —); masked with spaces.
_PAGE_MARK = re.compile(r"(?<!\d)[-—–]\s?\d{1,3}\s?[-—–](?!\d)")
# Table 4 header cells (a section that starts before the table ends catches them): not statements.
_TABLE_WORDS = re.compile(
    r"行政复议|行政诉讼|结果维持|结果纠正|其他结果|尚未审结|总计|未经复议直接起诉|复议后起诉|[\d\s]"
)
_GENERIC_ONLY = re.compile(r"^[\s。.]*(?:无|暂无|没有|无其他|无相关问题|不存在)[\s。.]*$")


@dataclass(frozen=True)
class _Clause:
    start: int
    end: int


# A short line is a heading when it opens with an enumerator or names the problems/remedies; other
# short lines are wrapped text (site archives and PDFs break sentences anywhere: "业务水平还\n不够强").
_HEADING_LINE = re.compile(
    rf"^(?:[{_CN_NUM}]{{1,2}}\s*[、.．]|[（(][{_CN_NUM}\d]{{1,2}}[）)]|\d{{1,2}}\s*[.、．](?!\d)|[①-⑳])"
    r"|^.{2,}(?:(?<!等)问题|(?<!等)不足|困难|措施|打算|方向|改进|情况)$"
)


def _is_heading_line(line: str) -> bool:
    s = line.strip()
    m = _HEADING_LINE.search(s)
    return (
        0 < len(s) <= 24
        and m is not None
        and not re.search(r"[，,、]", s[m.end() if m.start() == 0 else 0 :])
    )


def _boundaries(text: str) -> list[_Clause]:
    """Split into clauses at enumerators, 。；; and colons; a newline splits only after terminal
    punctuation, before an enumerator, or after a short heading line (OCR/PDF lines are wrapped)."""
    cuts = {0, len(text)}
    for m in _ENUM.finditer(text):
        cuts.add(m.start())
    for i, ch in enumerate(text):
        if ch in _HARD or ch in _COLON:
            cuts.add(i + 1)
        elif ch == "\n":
            line_start = text.rfind("\n", 0, i) + 1
            j = i
            while j > 0 and text[j - 1] == " ":
                j -= 1
            if _is_heading_line(text[line_start:i]):
                cuts.update((line_start, i + 1))  # a heading line is a clause of its own
            elif (j and text[j - 1] in _HARD | _COLON) or _ENUM.match(text, i + 1):
                cuts.add(i + 1)
    points = sorted(cuts)
    out = []
    for a, b in zip(points, points[1:], strict=False):
        seg = text[a:b]
        lead = len(seg) - len(seg.lstrip())
        trail = len(seg.rstrip())
        if trail > lead:
            out.append(_Clause(a + lead, a + trail))
    return out


def _merge_enum_fragments(text: str, clauses: list[_Clause]) -> list[_Clause]:
    """An enumerator such as （一） immediately followed by a heading-less statement stays with it:
    boundaries already start at the enumerator, so only merge clauses that are enumerator-only."""
    out: list[_Clause] = []
    for c in clauses:
        if out and _STRIP_ENUM.sub("", text[out[-1].start : out[-1].end]) == "":
            out[-1] = _Clause(out[-1].start, c.end)
        else:
            out.append(c)
    return out


def _trim(text: str, c: _Clause) -> _Clause | None:
    seg = text[c.start : c.end]
    m = _STRIP_ENUM.match(seg)
    a = c.start + (m.end() if m else 0)
    b = c.end
    while b > a and text[b - 1] in "。；;，,、:：!！?？ \n":
        b -= 1
    return _Clause(a, b) if b > a else None


def _flat(s: str) -> str:
    return re.sub(r"\s*\n\s*", "", s).strip()


def _mask_pages(text: str) -> str:
    """Same length, page markers and the line breaks around them blanked out."""
    return _PAGE_MARK.sub(lambda m: " " * len(m.group()), text)


def _kind(body: str, mode: str, tax: _Taxonomy) -> str | None:
    """'problem', 'improvement' or None (context) for one clause body."""
    if tax.closing.search(body):
        return None
    if tax.remedy_strong.search(body):
        return "improvement"
    # after the remedies began, "…问题" alone (对于问题比较突出的部门…) does not make a problem
    has_cue = bool(tax.shortfall.search(body if mode == "problem" else body.replace("问题", "")))
    if tax.remedy_weak.search(body) and not has_cue:
        return "improvement"
    if has_cue:
        return "problem"
    return "improvement" if mode == "remedy" else None


def _header_mode(body: str, tax: _Taxonomy) -> str | None:
    p = [m.end() for m in tax.problem_header.finditer(body)]
    r = [m.end() for m in tax.remedy_header.finditer(body)]
    if not p and not r:
        return None
    return "remedy" if (r and (not p or max(r) > max(p))) else "problem"


def _is_specific(text: str, tax: _Taxonomy) -> bool:
    return bool(tax.specific.search(_nfkc(text)))


def specificity(statements: list[str]) -> float:
    """Share of problem statements naming a concrete matter or number (0.0 when there are none)."""
    if not statements:
        return 0.0
    tax = load_taxonomy()
    return sum(_is_specific(s, tax) for s in statements) / len(statements)


def extract_statements(section_text: str, offset: int = 0) -> ProblemSection:
    """Problem statements and improvements of a section-五 body; spans are `offset`-based."""
    tax = load_taxonomy()
    if not section_text.strip() or _GENERIC_ONLY.match(section_text):
        return ProblemSection()
    section_text = _mask_pages(section_text)
    mode = "problem"
    items: list[tuple[str, int, int, bool]] = []  # kind, start, end, lead-in
    for raw in _merge_enum_fragments(section_text, _boundaries(section_text)):
        clause = _trim(section_text, raw)
        if clause is None:
            continue
        body = _flat(section_text[clause.start : clause.end])
        ends_colon = section_text[raw.start : raw.end].rstrip()[-1:] in _COLON
        short = len(body) <= 24 and not re.search(r"[，,]", body)
        header = _header_mode(body, tax) if (ends_colon or short) else None
        if ends_colon:  # a lead-in or header ("存在的问题：", "改进措施：")
            # "…不足等问题，在今后的工作中，我们将做好以下工作：" still states its problem
            m = tax.remedy_inline.search(section_text, clause.start, clause.end)
            head = _trim(section_text, _Clause(clause.start, m.start())) if m else None
            if head and _kind(_flat(section_text[head.start : head.end]), "problem", tax) == "problem":
                items.append(("problem", head.start, head.end, False))
                mode = "remedy"
                continue
            mode = header or mode
            continue
        if header and short and not tax.shortfall.search(body.replace("问题", "")):
            mode = header  # a bare heading such as （一）主要问题 / 下一步工作打算
            continue
        # a generic lead-in inside the clause ("…仍存在不足，如…") is cut off
        m = tax.lead_in_inline.search(section_text, clause.start, clause.end)
        if m:
            head = _flat(section_text[clause.start : m.start()])
            if tax.lead_in.search(head) and not classify(head, lexicon_only=True)[0]:
                clause = _trim(section_text, _Clause(m.end(), clause.end)) or clause
        # interleaved problem and remedy in one clause: split at the inline remedy marker
        parts = [(clause.start, clause.end)]
        m = tax.remedy_inline.search(section_text, clause.start, clause.end)
        if m and _kind(_flat(section_text[clause.start : m.start()]), "problem", tax) == "problem":
            parts = [(clause.start, m.start()), (m.end(), clause.end)]
        for a, b in parts:
            sub = _trim(section_text, _Clause(a, b))
            if sub is None:
                continue
            text = _flat(section_text[sub.start : sub.end])
            if len(_TABLE_WORDS.sub("", text)) * 3 < len(text):
                continue
            kind = _kind(text, mode, tax)
            if kind is None:
                continue
            if kind == "improvement":
                mode = "remedy"
            lead = (
                kind == "problem"
                and bool(tax.lead_in.search(text))
                and not classify(text, lexicon_only=True)[0]
            )
            items.append((kind, sub.start, sub.end, lead))

    has_real = any(k == "problem" and not lead for k, _, _, lead in items)
    problems, improvements = [], []
    for kind, a, b, lead in items:
        if kind == "problem" and lead and has_real:
            continue
        text = _flat(section_text[a:b])
        cats, cues = classify(text)
        p = Problem(text=text, categories=cats, cues=cues, start=offset + a, end=offset + b)
        (problems if kind == "problem" else improvements).append(p)

    specific = [_is_specific(p.text, load_taxonomy()) for p in problems]
    specificity = sum(specific) / len(problems) if problems else 0.0
    generic = not any(p.categories for p in problems) and not any(specific)
    return ProblemSection(problems, improvements, generic, specificity)


# ---------------------------------------------------------------------------------------------
# Finding the section in a whole report

_NUM = f"[{_CN_NUM}]{{1,3}}"
_TOP_HEADING = re.compile(
    rf"(?<![{_CN_NUM}第统之同唯单])(?P<num>{_NUM})\s*[、.．]\s*"
    r"(?P<title>[^\s。；;:：，,()（）]{0,38}(?:情况|措施|打算|方向|问题|不足|计划|思路|事项|统计表|附表|说明|改进))"
)
# When the top-level heading was lost (PDF/OCR), a sub-heading line such as （一）主要问题.
_SUB_HEADING = re.compile(
    rf"(?:^|\n)\s*[(（][{_CN_NUM}][)）]\s*[^\n。，,]{{0,24}}(?:主要问题|存在的?问题|存在问题)[^\n。，,]{{0,12}}(?=\n)"
)
_PROBLEM_TITLE = re.compile(r"问题|不足|困难")
_FALLBACK_TITLE = re.compile(r"努力方向|下一步|下步|工作打算|改进")
_STOP = re.compile(
    r"其他需要报告|附表|附件\s*\d*\s*[:：]|政府信息公开情况统计表|"
    r"\n\s*[二〇○零一二三四五六七八九十\d]{4}\s*年\s*[一二三四五六七八九十\d]{1,2}\s*月\s*[一二三四五六七八九十\d]{1,3}\s*日\s*(?:\n|$)"
)


def find_problem_section(text: str) -> tuple[int, int] | None:
    """(body start, end) of the problems section located by heading keywords, or None.

    The heading names 问题/不足 (preferred) or 努力方向/下一步/打算/改进; the section ends at the next
    top-level heading, 其他需要报告的事项, an appendix/statistics table, a signature date or the end.
    """
    heads = list(_TOP_HEADING.finditer(text))
    pick = next((h for h in heads if _PROBLEM_TITLE.search(h["title"])), None)
    pick = pick or next((h for h in heads if _FALLBACK_TITLE.search(h["title"])), None)
    if pick is None:
        sub = _SUB_HEADING.search(text)
        if sub is None:
            return None
        start = sub.start() + len(sub.group()) - len(sub.group().lstrip())
        stop = _STOP.search(text, start)
        nxt = next((h.start() for h in heads if h.start() > start), len(text))
        return start, min(stop.start() if stop else len(text), nxt)
    start = pick.end()
    end = next((h.start() for h in heads if h.start() >= start), len(text))
    stop = _STOP.search(text, start, end)
    if stop:
        end = stop.start()
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
