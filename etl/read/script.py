"""JS/JSON files that embed a report's HTML as an escaped string literal."""

from __future__ import annotations

import re

_STRING = re.compile(r'"((?:[^"\\\n]|\\.)*)"|\'((?:[^\'\\\n]|\\.)*)\'|`((?:[^`\\]|\\.)*)`', re.S)
_MARKUP = re.compile(r"<(?:p|table|div|td|span|br)\b", re.I)


_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)", re.S)
_SIMPLE = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "0": "\0", "\n": ""}


def _escape(m: re.Match) -> str:
    e = m.group(1)
    if len(e) > 1:
        return chr(int(e[1:], 16))
    return _SIMPLE.get(e, e)


def unescape_js(body: str) -> str:
    """Decode a JS string literal body (\\" \\n \\uXXXX \\xHH \\/ …)."""
    text = _ESCAPE.sub(_escape, body)
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def embedded_html(source: str) -> str | None:
    """The longest string literal that holds markup, unescaped; None if there is none."""
    best = None
    for m in _STRING.finditer(source):
        body = m.group(1) or m.group(2) or m.group(3) or ""
        if len(body) > 200 and _MARKUP.search(body) and (best is None or len(body) > len(best)):
            best = body
    return unescape_js(best) if best is not None else None
