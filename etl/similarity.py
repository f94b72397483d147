"""Text similarity between reports (内容雷同): MinHash over character shingles, storable signatures.

Digits, dates and whitespace/punctuation are normalised away before shingling, so a report
re-published with only the year changed scores ~1.0. A signature is NUM_PERM uint32 values
(512 bytes); similarity is the share of equal slots, an unbiased estimate of the Jaccard
similarity of the two shingle sets. Seeds are fixed: signatures stay comparable across runs.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import numpy as np

NUM_PERM = 128
SHINGLE = 5  # characters per shingle
SEED = 20240601
_DTYPE = np.dtype("<u4")

# Years and dates in Chinese numerals (二〇一二年, 二○一二年二月二十日), then any digit run.
_CN_DATE = re.compile(r"[〇○零一二三四五六七八九]{4}\s*年|[一二三四五六七八九十]{1,3}\s*[月日号]")
_DIGITS = re.compile(r"\d+|[xX×]{2}|_{2,}")  # 20xx / 20__ placeholders too
_KEEP = re.compile(r"[\W_]+")  # drop punctuation, spaces, symbols (runs: one replacement each)


def normalise_for_similarity(text: str) -> str:
    """NFKC, digits and dates removed, only letters/CJK kept (lower-cased)."""
    t = unicodedata.normalize("NFKC", text).lower()
    t = _CN_DATE.sub("", t)
    t = _DIGITS.sub("", t)
    return _KEEP.sub("", t)


def shingles(text: str, k: int = SHINGLE) -> set[bytes]:
    return _shingles(normalise_for_similarity(text), k)


def _shingles(t: str, k: int = SHINGLE) -> set[bytes]:
    if len(t) <= k:
        return {t.encode("utf-8")} if t else set()
    return {t[i : i + k].encode("utf-8") for i in range(len(t) - k + 1)}


_MULT = np.uint64(0x100000001B3)  # FNV-1's 64-bit prime: a polynomial hash over code points
_MIX = np.uint64(0xFF51AFD7ED558CCD)  # MurmurHash3's finaliser constant
_MERSENNE = np.uint64((1 << 61) - 1)  # universal hashing: (a·h + b) mod p, 32 bits kept
_MAX_HASH = np.uint64((1 << 32) - 1)
_CHUNK = 1024  # shingles per step: the NUM_PERM × chunk work arrays (1 MB each) stay in cache


def _shingle_hashes(t: str, k: int = SHINGLE) -> np.ndarray:
    """Distinct 32-bit hashes of the k-character shingles of `t` (the whole text when shorter),
    computed over the code points in numpy: no Python object per shingle."""
    c = np.frombuffer(t.encode("utf-32-le"), dtype="<u4").astype(np.uint64)
    n = max(len(c) - k + 1, 1)
    h = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):  # arithmetic modulo 2**64, on purpose
        for j in range(min(k, len(c))):
            h = h * _MULT + c[j : j + n]
        h ^= h >> np.uint64(33)
        h *= _MIX
        h ^= h >> np.uint64(33)
    return np.unique(h & _MAX_HASH)


@lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """NUM_PERM seeded (a, b) pairs, as columns: a odd and b below 2**32, drawn from numpy's legacy
    `RandomState(SEED)` (a generator numpy keeps stable) exactly as datasketch 2.0 (locked) draws its default
    `MinHash(num_perm=NUM_PERM, seed=SEED).permutations` (tested), which the signatures were first
    computed with. Drawn here, not imported: datasketch costs a third of a second to import (SciPy)."""
    gen = np.random.RandomState(SEED)
    a = gen.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a.astype(np.uint64)[:, None], b.astype(np.uint64)[:, None]


def _mod_mersenne(x: np.ndarray, scratch: np.ndarray) -> None:
    """x ← x mod (2**61 − 1), in place, without a division: 2**61 ≡ 1, so x ≡ (x & p) + (x >> 61),
    which is below 2p; one conditional subtraction finishes (numpy's uint64 `%` costs ~5×)."""
    np.right_shift(x, np.uint64(61), out=scratch)
    x &= _MERSENNE
    x += scratch
    x[x >= _MERSENNE] -= _MERSENNE


def _minhash_values(t: str) -> np.ndarray:
    """MinHash of the shingles of normalised text `t`: per permutation, the least (a·h + b) mod p
    (32 bits) over the shingle hashes h, as datasketch's `MinHash` computes it in its legacy scheme
    (a, b and h are below 2**32, so a·h + b fits in 64 bits)."""
    out = np.full(NUM_PERM, _MAX_HASH, dtype=np.uint64)
    if not t:
        return out
    a, b = _permutations()
    hashes = _shingle_hashes(t)
    with np.errstate(over="ignore"):
        for i in range(0, len(hashes), _CHUNK):
            h = hashes[i : i + _CHUNK][None, :]
            x = np.multiply(a, h)
            x += b
            _mod_mersenne(x, np.empty_like(x))
            x &= _MAX_HASH
            np.minimum(out, x.min(axis=1), out=out)
    return out


def signature(text: str) -> bytes:
    """A compact MinHash signature (NUM_PERM × uint32, little-endian) of the text's shingles."""
    return _minhash_values(normalise_for_similarity(text)).astype(_DTYPE).tobytes()


def signature_values(text: str, min_chars: int = 1) -> list[int] | None:
    """The signature as NUM_PERM ints, as the database stores it (`uinteger[]`, compared by the SQL
    macro `minhash_similarity`); None when fewer than `min_chars` characters remain after
    normalisation (an empty or trivially short text has no meaningful similarity)."""
    t = normalise_for_similarity(text)
    if len(t) < max(min_chars, 1):
        return None
    return _minhash_values(t).astype(_DTYPE).tolist()


_EMPTY = np.full(NUM_PERM, _MAX_HASH, dtype=np.uint64).astype(_DTYPE).tobytes()


def similarity(sig_a: bytes, sig_b: bytes) -> float:
    """Estimated Jaccard similarity (0–1) of two signatures; 0.0 when either text was empty."""
    if len(sig_a) != len(sig_b):
        raise ValueError("signatures of different sizes")
    if sig_a == _EMPTY or sig_b == _EMPTY:
        return 0.0
    a, b = np.frombuffer(sig_a, dtype=_DTYPE), np.frombuffer(sig_b, dtype=_DTYPE)
    return float(np.count_nonzero(a == b)) / len(a)


def text_similarity(a: str, b: str) -> float:
    return similarity(signature(a), signature(b))


def jaccard(a: str, b: str) -> float:
    """Exact Jaccard similarity of the shingle sets (for tests and spot checks; slower)."""
    sa, sb = shingles(a), shingles(b)
    return len(sa & sb) / len(sa | sb) if sa and sb else 0.0
