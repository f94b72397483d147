"""A small statistical backstop for the problem-category lexicon (etl/problems.py).

One-vs-rest ridge regression on binary character n-grams (1–2 characters, punctuation and digits
as separators, rows L2-normalised), fitted in closed form (dual: n × n solve) with numpy at first use
from the labelled statements shipped in `etl/data/problem_training.csv`: no download, deterministic,
about 0.1 s once per process. A category's score is in label units (about 0 = no, 1 = yes).

Explainable: the score is a sum of per-n-gram contributions, and `Prediction.evidence` gives, per
category, the stretches of the statement covered by the n-grams that raised it most (overlapping
n-grams merged, strongest first).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np

TRAINING_PATH = Path(__file__).parent / "data" / "problem_training.csv"
NGRAMS = (1, 2)
_SEP = re.compile(r"[^\u4e00-\u9fffA-Za-z]+")


def _segments(text: str) -> list[tuple[int, str]]:
    """(offset, run) of the CJK/Latin runs of the NFKC text; everything else separates."""
    out, pos = [], 0
    for m in _SEP.finditer(text):
        if m.start() > pos:
            out.append((pos, text[pos : m.start()]))
        pos = m.end()
    if pos < len(text):
        out.append((pos, text[pos:]))
    return out


def ngrams(text: str, sizes: tuple[int, ...] = NGRAMS) -> dict[str, list[int]]:
    """Character n-grams of the NFKC text → their start offsets."""
    text = unicodedata.normalize("NFKC", text)
    out: dict[str, list[int]] = {}
    for off, seg in _segments(text):
        for n in sizes:
            for i in range(len(seg) - n + 1):
                out.setdefault(seg[i : i + n], []).append(off + i)
    return out


def read_labelled(path: Path) -> list[tuple[str, list[str]]]:
    with path.open(encoding="utf-8", newline="") as f:
        return [(r["text"], [c for c in r["categories"].split(";") if c]) for r in csv.DictReader(f)]


@dataclass(frozen=True)
class Prediction:
    score: dict[str, float]  # category → score (about 0 = no, 1 = yes)
    evidence: dict[str, list[str]]  # category → the text stretches that raised its score most


class ProblemModel:
    def __init__(self, codes, vocab: dict[str, int], weights: np.ndarray, bias: np.ndarray, sizes=NGRAMS):
        self.codes, self.vocab, self.weights, self.bias, self.sizes = codes, vocab, weights, bias, sizes

    @classmethod
    def train(
        cls, rows: list[tuple[str, list[str]]], codes: tuple[str, ...], *, alpha: float = 0.3, sizes=NGRAMS
    ) -> ProblemModel:
        """Fit on (text, categories) rows; `alpha` is the L2 penalty. Targets are centred (the
        intercept is the label rate), weights = Xᵀ(XXᵀ + αI)⁻¹(Y − ȳ)."""
        grams = [sorted(ngrams(t, sizes)) for t, _ in rows]
        vocab = {g: i for i, g in enumerate(sorted({g for gs in grams for g in gs}))}
        x = np.zeros((len(rows), len(vocab)))
        for r, gs in enumerate(grams):
            x[r, [vocab[g] for g in gs]] = 1.0 / np.sqrt(max(len(gs), 1))
        y = np.array([[code in cats for code in codes] for _, cats in rows], dtype=float)
        bias = y.mean(axis=0)
        gram = (x.astype(np.float32) @ x.T.astype(np.float32)).astype(float)
        dual = np.linalg.solve(gram + alpha * np.eye(len(rows)), y - bias)
        return cls(codes, vocab, x.T @ dual, bias, sizes)

    def predict(self, text: str, top: int = 3, explain_above: float = 0.0) -> Prediction:
        """Scores of every category; evidence for those scoring `explain_above` or more."""
        found = ngrams(text, self.sizes)
        known = [(g, self.vocab[g]) for g in found if g in self.vocab]
        if not known:
            return Prediction(dict(zip(self.codes, self.bias.tolist(), strict=True)), {})
        contrib = self.weights[[i for _, i in known]] / np.sqrt(len(found))  # (features, categories)
        score = contrib.sum(axis=0) + self.bias
        evidence = {
            code: _stretches(text, found, known, contrib[:, j], top)
            for j, code in enumerate(self.codes)
            if score[j] >= explain_above
        }
        return Prediction(dict(zip(self.codes, score.tolist(), strict=True)), evidence)


def _stretches(text, found, known, contrib, top: int) -> list[str]:
    """Merge the occurrences of the strongest positive n-grams into text stretches, strongest first."""
    order = np.argsort(-contrib, kind="stable")
    if not len(order) or contrib[order[0]] <= 0:
        return []
    pos = [j for j in order[:8] if contrib[j] >= 0.3 * contrib[order[0]]]
    norm = unicodedata.normalize("NFKC", text)
    spans = sorted((s, s + len(known[j][0]), contrib[j]) for j in pos for s in found[known[j][0]])
    merged: list[list] = []
    for a, e, w in spans:
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
            merged[-1][2] += w
        else:
            merged.append([a, e, w])
    merged.sort(key=lambda m: -m[2])
    out: list[str] = []
    for a, e, _ in merged:
        s = norm[a:e]
        if s not in out:
            out.append(s)
    return out[:top]
