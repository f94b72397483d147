"""Problem classification on reports nobody tuned for: the Putian city departments (issue 12).

`tests/data/putian_problems_heldout.csv` holds 181 Putian problem statements labelled by hand BEFORE the
classifier was widened and never used for tuning: a seeded random half of the distinct statements the
previous extractor found, stratified by site column (department). The other half, minus near-duplicates
of held-out statements, was labelled as `putian_problems_tuning.csv` and is part of the training set.
"""

import csv
from collections import Counter
from pathlib import Path

import pytest

from etl.parse import parse_bytes
from etl.problems import classify, load_taxonomy
from tests.conftest import PUTIAN, putian_rows

DATA = Path(__file__).parent / "data"
HELDOUT = DATA / "putian_problems_heldout.csv"
TUNING = DATA / "putian_problems_tuning.csv"


def _labelled(path: Path) -> list[tuple[str, set[str], str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return [
            (r["text"], set(filter(None, r["categories"].split(";"))), r["source"]) for r in csv.DictReader(f)
        ]


def _bigrams(s: str) -> set[str]:
    s = "".join(ch for ch in s if ch.isalnum())
    return {s[i : i + 2] for i in range(len(s) - 1)}


def _near(a: str, b: str, at: float = 0.6) -> bool:
    x, y = _bigrams(a), _bigrams(b)
    return bool(x and y) and len(x & y) / len(x | y) >= at


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _score(rows, predict) -> tuple[tuple[float, float, float], dict[str, tuple[int, int, int]]]:
    per: dict[str, list[int]] = {c: [0, 0, 0] for c in load_taxonomy().codes}
    for text, gold, _ in rows:
        pred = set(predict(text))
        for c in gold & pred:
            per[c][0] += 1
        for c in pred - gold:
            per[c][1] += 1
        for c in gold - pred:
            per[c][2] += 1
    tp, fp, fn = (sum(v[i] for v in per.values()) for i in range(3))
    return _prf(tp, fp, fn), {c: tuple(v) for c, v in per.items()}


def test_heldout_set_is_well_formed_and_kept_apart():
    held, tuning = _labelled(HELDOUT), _labelled(TUNING)
    codes = set(load_taxonomy().codes)
    assert len(held) >= 150
    assert all(gold <= codes for _, gold, _ in held + tuning)
    assert len({t for t, _, _ in held}) == len(held)  # distinct statements
    # disjoint from everything the classifier was tuned or trained on, near-duplicates included
    from etl.problem_model import TRAINING_PATH, read_labelled

    training = {t for t, _ in read_labelled(TRAINING_PATH)}
    assert not training & {t for t, _, _ in held}
    assert not [(h, t) for h, _, _ in held for t, _, _ in tuning if _near(h, t)]


def test_heldout_spread_over_departments_and_years():
    years = {r["file"]: r["year_covered"] for r in putian_rows()}
    held = _labelled(HELDOUT)
    assert all(src in years for _, _, src in held)
    departments = Counter(src.split("_")[0] for _, _, src in held)
    assert len(departments) >= 10 and max(departments.values()) <= 0.15 * len(held)
    assert len({years[src] for _, _, src in held}) >= 15


def test_micro_f1_on_heldout(record_property):
    held = _labelled(HELDOUT)
    (p, r, f1), per = _score(held, lambda t: classify(t)[0])
    summary = f"Putian held-out micro P={p:.3f} R={r:.3f} F1={f1:.3f} (n={len(held)})"
    print(summary)
    record_property("putian_heldout_micro_f1", round(f1, 4))
    record_property("putian_heldout_micro_precision", round(p, 4))
    record_property("putian_heldout_micro_recall", round(r, 4))
    for code, (tp, fp, fn) in per.items():
        cp, cr, cf = _prf(tp, fp, fn)
        record_property(f"putian_heldout_{code}", f"P={cp:.2f} R={cr:.2f} F1={cf:.2f} support={tp + fn}")
    # for comparison: the cue lexicon alone, and the statements with no near-duplicate in training
    (_, _, lex_f1), _ = _score(held, lambda t: classify(t, lexicon_only=True)[0])
    record_property("putian_heldout_micro_f1_lexicon_only", round(lex_f1, 4))
    from etl.problem_model import TRAINING_PATH, read_labelled

    training = [t for t, _ in read_labelled(TRAINING_PATH)]
    novel = [row for row in held if not any(_near(row[0], t) for t in training)]
    (_, _, novel_f1), _ = _score(novel, lambda t: classify(t)[0])
    record_property("putian_heldout_micro_f1_novel", f"{novel_f1:.4f} (n={len(novel)})")
    assert f1 >= 0.85, summary


@pytest.fixture(scope="module")
def putian_problems():
    out = []
    for row in putian_rows():
        for report in parse_bytes((PUTIAN / "files" / row["file"]).read_bytes(), row["file"]):
            out += [(row["file"], p) for p in report.problems]
    return out


def test_unclassified_share(putian_problems, record_property):
    n = len(putian_problems)
    unclassified = [p.text for _, p in putian_problems if not p.categories]
    share = len(unclassified) / n
    record_property("putian_problem_statements", n)
    record_property("putian_unclassified_share", round(share, 4))
    lexicon_only = sum(not classify(p.text, lexicon_only=True)[0] for _, p in putian_problems) / n
    record_property("putian_unclassified_share_lexicon_only", round(lexicon_only, 4))
    counts = Counter(c for _, p in putian_problems for c in p.categories)
    record_property("putian_category_counts", dict(counts.most_common()))
    assert n >= 400
    assert share <= 0.10, unclassified


def test_every_category_is_explained(putian_problems):
    import unicodedata

    for _, p in putian_problems:
        assert set(p.cues) == set(p.categories), p
        text = unicodedata.normalize("NFKC", p.text)
        for code in p.categories:
            assert p.cues[code], (p.text, code)
            for cue in p.cues[code]:
                if cue.startswith("≈"):  # model evidence: a stretch of the statement itself
                    assert cue[1:] in text, (p.text, code, cue)
