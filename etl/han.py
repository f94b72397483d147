"""Chinese characters in regular expressions: the unified ideographs and their extensions.

Place and organ names use rare characters beyond the basic block (樟树市𬮤山镇, 大𫭢镇: extension B and
later), which `[\\u4e00-\\u9fff]` misses. Use `HAN` inside a character class: rf"[{HAN}]".
"""

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U000323af"
