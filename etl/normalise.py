"""Text normalisation shared by every reader: NFKC, traditional→simplified, tidy whitespace.

All evidence spans index into the text *after* this normalisation, so readers normalise each piece
before they place it and never change the text afterwards.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from etl.han import HAN

# Mirror sites convert Chinese to traditional script and also swap words (文件→檔案, 门户网站→入口網站,
# 信息→資訊); after t2s conversion these fix-ups restore the mainland terms.
_WORD_FIXUPS = {
    "档案": "文件",
    "入口网站": "门户网站",
    "资讯": "信息",
    "网路": "网络",
    "软体": "软件",
}
# Mirror sites also gloss characters with their toned pinyin ('報(bào)告', '務(wù)'): dropped.
_PINYIN_GLOSS = re.compile(
    rf"(?<=[{HAN}])\((?=[a-zü]*[àáèéìíòóùúüāēěīōūǎǐǒǔǖǘǚǜńňḿ])[a-zàáèéìíòóùúüāēěīōūǎǐǒǔǖǘǚǜńňḿ]{{1,7}}\)"
)
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"[ \t\u3000\u00a0\u2002\u2003\u2009]+")
_MANY_BLANK_LINES = re.compile(r"\n{3,}")
_ANY_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def _traditional_only_set() -> frozenset[str]:
    """Characters that exist only in traditional script (from OpenCC's table), minus those of official
    place names (濛江, 氾水: a simplified text naming them is not traditional)."""
    import opencc

    from etl.region import official_name_characters

    table = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    chars = set()
    for line in table.read_text(encoding="utf-8").splitlines():
        trad, _, simp = line.partition("\t")
        if len(trad) == 1 and trad not in simp.split():
            chars.add(trad)
    return frozenset(chars - official_name_characters())


def traditional_share(text: str) -> float:
    """Share of CJK characters that are traditional-only."""
    if not text:
        return 0.0
    trad_chars = _traditional_only_set()
    trad = sum(1 for ch in text if ch in trad_chars)
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff") or 1
    return trad / cjk


def to_simplified(text: str) -> str:
    """Convert to simplified script when the text is (partly) traditional; fix mirror word swaps."""
    trad = _traditional_only_set()
    if trad.isdisjoint(text):
        return text
    # Only lines holding a traditional character go through OpenCC (slow in pure Python); its phrase
    # rules never span a line break, so this equals converting the whole text.
    lines = text.split("\n")
    convert = _t2s().convert
    out = "\n".join(convert(ln) if not trad.isdisjoint(ln) else ln for ln in lines)
    for old, new in _WORD_FIXUPS.items():
        out = out.replace(old, new)
    return out


def normalise_text(text: str) -> str:
    """NFKC (folds Kangxi radicals ⼯→工 and full-width digits), simplified script, tidy whitespace.

    Keeps line structure: tables flattened to text rely on it.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ZERO_WIDTH.sub("", text)
    text = unicodedata.normalize("NFKC", text)
    if "(" in text:
        text = _PINYIN_GLOSS.sub("", text)
    text = to_simplified(text)
    text = _SPACES.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    text = _MANY_BLANK_LINES.sub("\n\n", text)
    return text.strip("\n")


def compact(label: str) -> str:
    """A label with every whitespace removed, for matching labels split by layout."""
    return _ANY_SPACE.sub("", label)
