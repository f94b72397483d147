"""Encodings (issue 15 item 2): a decode is accepted only when the text looks like Chinese; Big5 for
traditional text; a wrong declared charset is said in the document's warnings; what cannot be read as
Chinese fails clearly. Every fixture is made here from text."""

from __future__ import annotations

import pickle

import pytest

from etl.parse import parse_bytes
from etl.read import ReadError, read_document
from etl.read.encoding import Charset, UndecodableError, declared_charset, decode, decode_warnings
from tests.conftest import CORPUS_FILES, skip_absent

SIMPLIFIED = (
    "宁化县教育局2023年政府信息公开工作年度报告\n"
    "一、总体情况\n"
    "全年收到政府信息公开申请12件，予以公开8件，部分公开2件。行政复议1件，行政诉讼0件。\n"
    "五、存在的主要问题及改进情况\n"
    "一是政府信息公开工作人员多为兼职，业务水平有待提高。\n"
)
# The same kind of report as a Hong Kong or Taiwan mirror serves it: traditional characters, Big5.
TRADITIONAL = (
    "平潭綜合實驗區2021年政府信息公開工作年度報告\n"
    "一、總體情況\n"
    "本年度全區共收到政府信息公開申請70件，依法依規辦結69件，1件結轉下年度繼續辦理。"
    "行政復議案件2件、行政訴訟案件1件。\n"
    "五、存在的主要問題及改進情況\n"
    "一是政務公開隊伍業務能力有待進一步提升。\n"
)


def page(body: str, charset: str | None) -> str:
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">' if charset else ""
    return f"<html><head>{meta}<title>2021</title></head><body><p>{body}</p></body></html>"


def test_big5_traditional_text_decodes_to_the_right_text():
    data = TRADITIONAL.encode("big5")
    data.decode("gb18030")  # the trap: Big5 bytes are valid GB18030, as mojibake
    text, enc = decode(data)
    assert text == TRADITIONAL
    assert enc in ("cp950", "big5hkscs") and decode_warnings(enc) == []


def test_big5_report_parses_after_traditional_to_simplified():
    (report,) = parse_bytes(TRADITIONAL.encode("big5"), "pingtan_2021_big5.txt")
    assert report.year == 2021
    assert report.values.get("s.requests_received") == 70
    assert "平潭综合实验区" in (report.agency or "")


@pytest.mark.parametrize("name", ["gbk.txt", "gbk.html"])
def test_gbk_without_a_charset_decodes_to_the_right_text(name):
    body = SIMPLIFIED if name.endswith(".txt") else page(SIMPLIFIED, None)
    text, enc = decode(body.encode("gbk"))
    assert text == body and enc == "gb18030" and decode_warnings(enc) == []
    (report,) = parse_bytes(body.encode("gbk"), name)
    assert report.values.get("s.requests_received") == 12
    assert not [w for w in report.warnings if "字符集" in w or "解码" in w]


@pytest.mark.parametrize(
    ("declared", "actual", "used"),
    [
        ("iso-8859-1", "utf-8", "utf-8"),
        ("iso-8859-1", "gbk", "gb18030"),
        ("utf-8", "gbk", "gb18030"),
        ("gb2312", "utf-8", "utf-8"),
        ("big5", "gbk", "gb18030"),
        ("iso-8859-1", "big5", "cp950"),
    ],
)
def test_a_wrong_declaration_is_overruled_and_said(declared, actual, used):
    body = TRADITIONAL if actual == "big5" else SIMPLIFIED
    data = page(body, declared).encode(actual)
    text, enc = decode(data, declared_charset(data))
    assert body in text and enc == used
    (warning,) = decode_warnings(enc)
    assert declared_charset(data) in warning and used in warning  # gb2312 is read as its superset
    # the warning reaches the document's warnings, hence the report's
    (report,) = parse_bytes(data, "page.html")
    assert warning in report.warnings
    assert report.encoding == used and type(report.encoding) is str


@pytest.mark.parametrize(("declared", "actual"), [("gb2312", "gbk"), ("gbk", "gb18030"), ("utf-8", "utf-8")])
def test_a_right_declaration_gives_no_warning(declared, actual):
    data = page(SIMPLIFIED, declared).encode(actual)
    text, enc = decode(data, declared_charset(data))
    assert SIMPLIFIED in text and decode_warnings(enc) == []


def test_bytes_that_are_not_chinese_text_fail_clearly():
    import random

    rnd = random.Random(15)
    junk = bytes(rnd.randrange(128, 256) for _ in range(4000))
    with pytest.raises(UndecodableError, match="无法解码为中文文本") as caught:
        decode(junk)
    assert "utf-8" in str(caught.value) and "gb18030" in str(caught.value)
    with pytest.raises(ReadError, match="无法解码为中文文本"):
        read_document(junk, "junk.txt")
    (report,) = parse_bytes(junk, "junk.txt")
    assert report.error and "无法解码为中文文本" in report.error


def test_double_encoded_utf8_fails_clearly():
    mojibake = SIMPLIFIED.encode("utf-8").decode("latin-1").encode("utf-8")  # 'å®\x81åŒ–åŽ¿…'
    with pytest.raises(UndecodableError):
        decode(mojibake)


def test_a_truncated_character_at_the_end_is_dropped_with_a_warning():
    data = SIMPLIFIED.rstrip("\n").encode("utf-8")[:-1]  # cut inside the final 。
    text, enc = decode(data)
    assert text == SIMPLIFIED.rstrip("\n")[:-1] and enc == "utf-8"
    assert any("截断" in w for w in decode_warnings(enc))


def test_a_few_bad_bytes_are_replaced_and_counted():
    data = bytearray((SIMPLIFIED * 10).encode("utf-8"))
    data[18] = 0xFF  # the "2" of 2023
    text, enc = decode(bytes(data))
    assert text.count("\ufffd") == 1 and enc == "utf-8"
    assert decode_warnings(enc) == ["1 处字节无法按 utf-8 解码，已替换为 �"]


def test_ascii_bom_and_plain_strings():
    assert decode(b"Annual report 2021: 12 requests") == ("Annual report 2021: 12 requests", "utf-8")
    text, enc = decode(b"\xef\xbb\xbf" + SIMPLIFIED.encode())
    assert text == SIMPLIFIED and enc == "utf-8-sig"
    assert decode_warnings("utf-8") == [] and decode_warnings(None) == []


def test_charset_is_a_string_that_survives_pickling():
    enc = Charset("gb18030", ["网页声明的字符集 iso-8859-1 与内容不符：已按 gb18030 解码"])
    back = pickle.loads(pickle.dumps(enc))
    assert back == "gb18030" and isinstance(back, str) and back.warnings == enc.warnings


def test_real_reports_decode_as_before():
    """The corpus's text and HTML files are UTF-8: decoded unchanged, without a warning."""
    skip_absent("corpus")
    for path in sorted(CORPUS_FILES.iterdir()):
        if path.suffix not in (".txt", ".html", ".js", ".md"):
            continue
        data = path.read_bytes()
        text, enc = decode(data, declared_charset(data) if path.suffix == ".html" else None)
        assert text == data.decode("utf-8"), path.name
        assert decode_warnings(enc) == [], path.name


def test_utf8_text_glossed_with_pinyin_decodes_and_loses_the_glosses():
    """A mirror site glosses characters with toned pinyin ('公開(kāi)'): a fifth of the non-ASCII
    characters are Latin letters, yet the strict UTF-8 decode is the text."""
    glossed = (
        "《中華人民共和國(guó)政府信息公開(kāi)條例》(以下簡(jiǎn)稱(chēng)《條例》)實(shí)施以來(lái)，"
        "我局認(rèn)真貫徹《條例》精神，積極開(kāi)展政府信息公開(kāi)工作。2008年主要工作情況如下。"
    )
    text, charset = decode(glossed.encode("utf-8"))
    assert text == glossed and charset == "utf-8"
    (report,) = parse_bytes(glossed.encode("utf-8"), "glossed.txt")
    assert report.error is None and report.year == 2008
    assert "(kāi)" not in read_document(glossed.encode("utf-8"), "glossed.txt").text


def test_japanese_utf8_text_is_still_not_chinese():
    japanese = (
        "これは日本語の文章です。ひらがなとカタカナがたくさん含まれていますので、中国語ではありません。" * 5
    )
    with pytest.raises(UndecodableError):
        decode(japanese.encode("utf-8"))
