"""The parser's fast constructors give what pydantic would."""

from __future__ import annotations

import pytest

from etl.model import Span, trusted_span
from etl.problems import classify


@pytest.mark.parametrize(
    "args",
    [
        (0, 3, "123", None, None),
        (10, 14, "一百二十", 2, "prose"),
        (5, 5, "", None, "appendix"),
    ],
)
def test_trusted_span_equals_model_construct(args):
    start, end, text, page, origin = args
    fast = trusted_span(start, end, text, page, origin)
    slow = Span.model_construct(start=start, end=end, text=text, page=page, origin=origin)
    assert fast == slow
    assert fast.model_dump() == slow.model_dump()
    assert fast.model_fields_set == slow.model_fields_set
    assert (
        fast.model_dump_json()
        == Span(start=start, end=end, text=text, page=page, origin=origin).model_dump_json()
    )


def test_classify_cache_hands_out_copies():
    statement = "政务新媒体更新不够及时，个别栏目内容更新滞后。"
    first, why = classify(statement)
    assert first, "a statement with cues gets a category"
    first.append("X")
    why[first[0]].append("X")
    again, why_again = classify(statement)
    assert "X" not in again and all("X" not in v for v in why_again.values())
