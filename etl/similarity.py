"""Text similarity between reports (内容雷同): MinHash over character shingles, storable signatures.

Digits, dates and whitespace/punctuation are normalised away before shingling, so a report
re-published with only the year changed scores ~1.0. A signature is NUM_PERM uint32 values
(512 bytes); similarity is the share of equal slots, an estimate of the Jaccard similarity of the
two shingle sets. The signature is one-permutation MinHash (Li, Owen & Zhang 2012): each shingle is
hashed once, the hash's top bits pick one of NUM_PERM bins and each bin keeps its least value;
bins left empty (texts of fewer than a few hundred shingles) borrow a filled bin's value, the donor
drawn by a fixed table ("optimal densification", Shrivastava 2017). Its estimate has the accuracy
of NUM_PERM independent permutations at 1/NUM_PERM of their cost per shingle. Seeds are fixed:
signatures stay comparable across runs.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import numpy as np

NUM_PERM = 128  # bins (signature slots); a power of two
SHINGLE = 5  # characters per shingle
SEED = 20240601
_DTYPE = np.dtype("<u4")
_BIN_BITS = NUM_PERM.bit_length() - 1
_DONOR_TRIES = 32  # drawn donors per empty bin before the nearest filled bin is taken

# Years and dates in Chinese numerals (二〇一二年, 二○一二年二月二十日).
_CN_DATE = re.compile(r"[〇○零一二三四五六七八九]{4}\s*年|[一二三四五六七八九十]{1,3}\s*[月日号]")
# Digits, punctuation, spaces and symbols (runs: one replacement each); then 20xx placeholders.
_DROP = re.compile(r"[\W_\d]+")


def normalise_for_similarity(text: str) -> str:
    """NFKC, digits and dates removed, only letters/CJK kept (lower-cased)."""
    t = unicodedata.normalize("NFKC", text).lower()
    t = _DROP.sub("", _CN_DATE.sub("", t))
    return t.replace("xx", "") if "xx" in t else t


def shingles(text: str, k: int = SHINGLE) -> set[bytes]:
    return _shingles(normalise_for_similarity(text), k)


def _shingles(t: str, k: int = SHINGLE) -> set[bytes]:
    if len(t) <= k:
        return {t.encode("utf-8")} if t else set()
    return {t[i : i + k].encode("utf-8") for i in range(len(t) - k + 1)}


_MULT = np.uint64(0x100000001B3)  # FNV-1's 64-bit prime: a polynomial hash over code points
_MIX1 = np.uint64(0xFF51AFD7ED558CCD)  # MurmurHash3's 64-bit finaliser (fmix64)
_MIX2 = np.uint64(0xC4CEB9FE1A85EC53)
_SHIFT = np.uint64(33)
_MAX_HASH = np.uint64((1 << 32) - 1)


def _shingle_hashes(t: str, k: int = SHINGLE) -> np.ndarray:
    """64-bit hashes of the k-character shingles of `t` (the whole text when shorter), computed
    over the code points in numpy: no Python object per shingle. Repeated shingles repeat."""
    c = np.frombuffer(t.encode("utf-32-le"), dtype="<u4").astype(np.uint64)
    n = max(len(c) - k + 1, 1)
    h = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):  # arithmetic modulo 2**64, on purpose
        for j in range(min(k, len(c))):
            h = h * _MULT + c[j : j + n]
        h ^= h >> _SHIFT
        h *= _MIX1
        h ^= h >> _SHIFT
        h *= _MIX2
        h ^= h >> _SHIFT
    return h


@lru_cache(maxsize=1)
def _donors() -> np.ndarray:
    """For each bin, the bins it borrows from when empty, in order (fixed: the same for every text)."""
    return np.random.RandomState(SEED).randint(0, NUM_PERM, size=(NUM_PERM, _DONOR_TRIES))


def _densify(out: np.ndarray, filled: np.ndarray) -> None:
    """Empty bins take the value of their first filled donor (`_donors`), else of the nearest filled
    bin after them (circularly). In place; `filled` marks the bins that hold their own value."""
    if not filled.any():
        return
    own = out.copy()
    empty = np.flatnonzero(~filled)
    donors = _donors()
    for j in range(_DONOR_TRIES):
        donor = donors[empty, j]
        ok = filled[donor]
        out[empty[ok]] = own[donor[ok]]
        empty = empty[~ok]
        if not empty.size:
            return
    full = np.flatnonzero(filled)
    out[empty] = own[full[np.searchsorted(full, empty) % len(full)]]


_BIN_STARTS = np.arange(NUM_PERM, dtype=np.uint64) << np.uint64(32)


def _minhash_values(t: str) -> np.ndarray:
    """One-permutation MinHash of the shingles of normalised text `t` (module docstring): NUM_PERM
    32-bit values; all `_MAX_HASH` for an empty text."""
    out = np.full(NUM_PERM, _MAX_HASH, dtype=np.uint64)
    if not t:
        return out
    # the bin in the top bits and the value in the 32 below: sorted, each bin's least value comes first
    keys = np.sort(_shingle_hashes(t) >> np.uint64(32 - _BIN_BITS))
    first = np.searchsorted(keys, _BIN_STARTS)
    filled = first < len(keys)
    filled[filled] = (keys[first[filled]] >> np.uint64(32)) == np.flatnonzero(filled)
    out[filled] = keys[first[filled]] & _MAX_HASH
    if not filled.all():
        _densify(out, filled)
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
