"""Decode bytes of unknown encoding into Chinese text, or fail clearly.

A decode is accepted only when the text *looks like Chinese*: among its non-ASCII characters, at least
`MIN_CHINESE_SHARE` are CJK ideographs or the punctuation and symbols Chinese text uses (full-width
forms, CJK punctuation, ①, ─, ■ …), and its ideographs are mostly common ones (`MIN_COMMON_SHARE` of
them in GB2312 level 1 or the Big5 常用字 range). A strict decode that does not look like Chinese is
mojibake: ISO-8859-1 "decodes" any bytes, and Big5 bytes are valid GB18030 (they come out as rare
ideographs and private-use punctuation).

Order: a byte-order mark; the declared charset (HTML `<meta charset>`) if its text looks Chinese; strict
UTF-8 (a strong signal: other encodings rarely form valid UTF-8); then GB18030 and Big5 (CP950, then
Big5-HKSCS) compete on the share of common ideographs; then statistical detection (charset-normalizer);
then a lossy UTF-8 / GB18030 decode if only a few bytes are bad. A trailing incomplete character (a
truncated file) is dropped, not a reason to reject an encoding. When nothing looks like Chinese,
`UndecodableError` says what was tried (the reader turns it into the file's `ingest_errors` row).

`decode` returns the text and the codec as a `Charset`: a `str` (the codec's name, as before) that also
carries the decode's warnings — the declared charset was wrong, bytes were replaced, the file ends
inside a character. `decode_warnings(doc.encoding)` reads them back for the document's warnings.
"""

from __future__ import annotations

import codecs
import re
from collections import Counter
from functools import lru_cache

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030"}
# codecs that name the same family: a page declaring one and decoded with another was declared right
_FAMILY = {"gb2312": "gb", "gbk": "gb", "gb18030": "gb", "big5": "big5", "cp950": "big5", "big5hkscs": "big5"}
_FAMILY.update({"utf_8": "utf-8", "utf_8_sig": "utf-8"})

MIN_CHINESE_SHARE = 0.85  # of non-ASCII characters (no-break and zero-width spaces left out)
# A strict UTF-8 decode (which bytes of another encoding seldom pass) whose non-ASCII characters are
# mostly common ideographs is Chinese, whatever the rest: pinyin of a mirror site ('公開(kāi)').
UTF8_MIN_IDEOGRAPHS = 0.6  # of non-ASCII characters (Japanese text: ≈0.2–0.5)
MIN_COMMON_SHARE = 0.75  # of ideographs: GB2312 level 1 ∪ Big5 常用字 (Big5 read as GB18030 gives ≈0.65)
MAX_REPLACED_SHARE = 0.02  # a lossy decode is accepted only if this few of its non-ASCII chars are U+FFFD
NEARLY_ASCII = 0.005  # text whose non-ASCII characters are this rare is accepted as decoded (an English page)
_SAMPLE = 1_000_000  # characters scored (the start of a page holds its navigation, also Chinese)

# Non-ASCII code points of Chinese text besides ideographs: punctuation, full-width forms, numbering,
# table rules and bullets, units. Ranges are inclusive.
_CHINESE_RANGES = (
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0x20000, 0x3134F),  # CJK extensions B–G
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0xFF00, 0xFFEF),  # half-width and full-width forms
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0x2010, 0x205E),  # general punctuation (“”‘’—…‰※)
    (0x2100, 0x218F),  # letter-like symbols, number forms (℃ № Ⅰ)
    (0x2190, 0x21FF),  # arrows
    (0x2460, 0x24FF),  # enclosed alphanumerics (① ⑴ ⒈)
    (0x2500, 0x25FF),  # box drawing, block elements, geometric shapes (─ │ ■ □ ○ ●)
    (0x2600, 0x26FF),  # miscellaneous symbols (★ ☆)
    (0x3200, 0x33FF),  # enclosed CJK, CJK compatibility (㈠ ㎡)
    (0x00A7, 0x00A7),
    (0x00B0, 0x00B1),
    (0x00B7, 0x00B7),
    (0x00D7, 0x00D7),
    (0x00F7, 0x00F7),
    (0x2236, 0x2236),  # ∶ (ratio, often a colon in reports)
    (0x2252, 0x2252),
    (0x2264, 0x2265),
)
_ASCII_RUN = re.compile(r"[\x00-\x7f]+")
_NEUTRAL = frozenset("\u00a0\ufeff\u200b\u3000")


class UndecodableError(ValueError):
    """No encoding tried gives text that looks like Chinese."""


class Charset(str):
    """The codec's name (a `str`), with the decode's warnings in `.warnings`."""

    warnings: tuple[str, ...] = ()

    def __new__(cls, name: str, warnings: tuple[str, ...] | list[str] = ()) -> Charset:
        obj = super().__new__(cls, name)
        obj.warnings = tuple(warnings)
        return obj

    def __reduce__(self):
        return (Charset, (str(self), self.warnings))


def decode_warnings(encoding) -> list[str]:
    """The warnings a `decode` left on the encoding it returned (none for a plain string)."""
    return list(getattr(encoding, "warnings", ()))


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in its first 4 KB, if it names a known codec."""
    m = _DECLARED.search(data[:4096])
    if not m:
        return None
    name = m.group(1).decode("ascii", "ignore").lower()
    name = _ALIASES.get(name, name)
    try:
        codecs.lookup(name)
    except LookupError:
        return None
    return name


def _is_chinese(cp: int) -> bool:
    return any(lo <= cp <= hi for lo, hi in _CHINESE_RANGES)


def _is_ideograph(cp: int) -> bool:
    return 0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0xF900 <= cp <= 0xFAFF or cp >= 0x20000


def _is_common(ch: str) -> bool:
    """GB2312 level 1 (the 3,755 common simplified characters) or Big5 常用字 (A440–C67E)."""
    try:
        b = ch.encode("gb2312")
        if 0xB0 <= b[0] <= 0xD7:
            return True
    except UnicodeEncodeError:
        pass
    try:
        b = ch.encode("big5")
    except UnicodeEncodeError:
        return False
    return 0xA4 <= b[0] <= 0xC5 or (b[0] == 0xC6 and b[1] <= 0x7E)


@lru_cache(maxsize=65536)
def _weights(ch: str) -> tuple[int, int, int, int]:
    """What one non-ASCII character counts for: (non-ASCII, Chinese, ideograph, common ideograph)."""
    if ch in _NEUTRAL:
        return 0, 0, 0, 0
    cp = ord(ch)
    if not _is_chinese(cp):
        return 1, 0, 0, 0
    if not _is_ideograph(cp):
        return 1, 1, 0, 0
    return 1, 1, 1, int(_is_common(ch))


class Score:
    """How Chinese a decoded text looks."""

    def __init__(self, text: str):
        sample = text[:_SAMPLE]
        self.chars = len(sample)
        non_ascii = chinese = ideographs = common = 0
        counts = Counter(_ASCII_RUN.sub("", sample))  # (a page is mostly ASCII markup)
        for ch, n in counts.items():
            a, b, c, d = _weights(ch)
            non_ascii += a * n
            chinese += b * n
            ideographs += c * n
            common += d * n
        self.non_ascii, self.chinese, self.ideographs, self.common = non_ascii, chinese, ideographs, common
        self.replaced = counts.get("\ufffd", 0)

    @property
    def chinese_share(self) -> float:
        return self.chinese / self.non_ascii if self.non_ascii else 1.0

    @property
    def common_share(self) -> float:
        return self.common / self.ideographs if self.ideographs else 1.0

    @property
    def nearly_ascii(self) -> bool:
        return self.non_ascii <= NEARLY_ASCII * self.chars

    @property
    def looks_chinese(self) -> bool:
        if self.nearly_ascii:
            return True
        return self.chinese_share >= MIN_CHINESE_SHARE and self.common_share >= MIN_COMMON_SHARE

    @property
    def looks_chinese_utf8(self) -> bool:
        """`looks_chinese`, for a strict UTF-8 decode: also when mostly common ideographs."""
        return self.looks_chinese or (
            self.ideographs >= UTF8_MIN_IDEOGRAPHS * self.non_ascii and self.common_share >= MIN_COMMON_SHARE
        )

    @property
    def rank(self) -> float:
        return self.chinese_share * self.common_share


def _strict(data: bytes, name: str) -> tuple[str, bool] | None:
    """Text of a strict decode, allowing only a trailing incomplete character (then the flag is True)."""
    try:
        decoder = codecs.getincrementaldecoder(name)()
        text = decoder.decode(data, final=False)
    except (UnicodeDecodeError, LookupError):
        return None
    pending = decoder.getstate()[0]
    return text, bool(pending)


def _family(name: str) -> str:
    try:
        canonical = codecs.lookup(name).name
    except LookupError:
        return name
    canonical = canonical.replace("-", "_")
    return _FAMILY.get(canonical, _FAMILY.get(canonical.replace("_", ""), canonical))


def _result(text: str, name: str, declared: str | None, truncated: bool, extra: list[str] = ()) -> tuple:
    warnings = list(extra)
    if declared and _family(declared) != _family(name):
        warnings.insert(0, f"网页声明的字符集 {declared} 与内容不符：已按 {name} 解码")
    if truncated:
        warnings.append(f"文件末尾有不完整的 {name} 字符（文件可能被截断）：已舍去")
    return text, Charset(name, warnings)


def decode(data: bytes, declared: str | None = None) -> tuple[str, Charset]:
    """Text and the encoding used (a `Charset`, whose `.warnings` say what went wrong); raises
    `UndecodableError` when no encoding gives text that looks like Chinese."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data.decode(name, errors="replace"), Charset(name)
    tried: list[str] = []
    if declared:
        tried.append(declared)
        got = _strict(data, declared)
        if got is not None and Score(got[0]).looks_chinese:
            return _result(got[0], declared, declared, got[1])
    got = _strict(data, "utf-8")
    tried.append("utf-8")
    if got is not None and Score(got[0]).looks_chinese_utf8:
        return _result(got[0], "utf-8", declared, got[1])
    # GB18030 and Big5 both accept much of each other's bytes: the one with common ideographs wins
    best = None
    for names in (("gb18030",), ("cp950", "big5hkscs")):
        for name in names:
            tried.append(name)
            got = _strict(data, name)
            if got is None:
                continue
            score = Score(got[0])
            if score.looks_chinese and (best is None or score.rank > best[0].rank):
                best = (score, got[0], name, got[1])
            break
    if best is not None:
        _, text, name, truncated = best
        return _result(text, name, declared, truncated)
    from charset_normalizer import from_bytes

    guess = from_bytes(data[:2_000_000]).best()
    if guess is not None and guess.encoding:
        tried.append(f"{guess.encoding}（自动识别）")
        got = _strict(data, guess.encoding)
        if got is not None and Score(got[0]).looks_chinese:
            return _result(got[0], guess.encoding, declared, got[1])
    # a few bad bytes (a byte flipped, two files spliced): decode what can be decoded, and say so
    lossy = []
    for name in ("utf-8", "gb18030"):
        text = data.decode(name, errors="replace")
        score = Score(text)
        if score.non_ascii and score.replaced <= MAX_REPLACED_SHARE * score.non_ascii and score.looks_chinese:
            lossy.append((score.replaced, -score.rank, name, text))
        elif score.nearly_ascii:
            lossy.append((score.replaced, 0.0, name, text))
    if lossy:
        replaced, _, name, text = min(lossy)
        note = [f"{replaced} 处字节无法按 {name} 解码，已替换为 �"] if replaced else []
        return _result(text, name, declared, False, note)
    raise UndecodableError(
        "无法解码为中文文本：试过 " + "、".join(dict.fromkeys(tried)) + "，结果都不像中文（乱码或非文本文件）"
    )
