"""Test-data generators: known Tables 2–4 (both formats) rendered in the layouts real reports use.

`dataset(fmt, seed)` gives canonical values that satisfy the §D identities; `model(values, fmt)` lays
them out as the official merged-cell grid; the `render_*` functions turn that grid into bytes of a
given file type/layout. Tests read the bytes back with `read_document` + `extract_tables`.
"""

from __future__ import annotations

import io
import random

from etl.tables.labels import T3_COLS, T4_KEYS, t2_keys
from xxgk.rawgen import (  # the table layouts, shared with the raw-report generator
    Cell,
    _is_num,
    _place,
    _variant,
    model,
    t3_rows,
)


def dataset(fmt: str, seed: int = 0, blanks: int = 0, big: bool = False, blank_rows: int = 0) -> dict:
    """Canonical values satisfying D1–D4; `blanks` cells (None) in Table 3/4 columns other than totals;
    `blank_rows` all-zero Table 3 rows left entirely blank."""
    rnd = random.Random(seed)
    hi = 300 if big else 9
    v: dict = {}
    rows = t3_rows(fmt)
    outcomes = [r for r in rows if r not in ("new_received", "carried_in", "total_processed", "carried_out")]
    for c in T3_COLS[:6]:
        z = rnd.random() < 0.5  # many columns are all zeros in real reports
        for r in outcomes:
            v[f"t3.{r}.{c}"] = 0 if z else rnd.choice([0, 0, rnd.randint(1, hi)])
        tp = sum(v[f"t3.{r}.{c}"] for r in outcomes)
        v[f"t3.total_processed.{c}"] = tp
        v[f"t3.carried_in.{c}"] = rnd.randint(0, min(tp, 3))
        v[f"t3.carried_out.{c}"] = 0 if z else rnd.randint(0, 4)
        v[f"t3.new_received.{c}"] = tp + v[f"t3.carried_out.{c}"] - v[f"t3.carried_in.{c}"]
    for r in rows:
        v[f"t3.{r}.total"] = sum(v[f"t3.{r}.{c}"] for c in T3_COLS[:6])
    for i in range(0, 15, 5):
        parts = [rnd.randint(0, hi) for _ in range(4)]
        for k, x in zip(T4_KEYS[i : i + 4], parts, strict=True):
            v[k] = x
        v[T4_KEYS[i + 4]] = sum(parts)
    for k in t2_keys(fmt):
        if k.endswith("amount_10k_yuan"):
            v[k] = round(rnd.uniform(10, 99999), 2)
        elif k.endswith(".change"):
            v[k] = rnd.choice([-35, 0, 12, 1036])
        else:
            v[k] = rnd.randint(0, 3000 if big else 99)
    cols = [k for k in v if k.startswith("t3.") and not k.endswith(".total") and v[k] == 0]
    for k in rnd.sample(sorted(cols), min(blanks, len(cols))):
        v[k] = None
    zero_rows = [r for r in rows if all(v[f"t3.{r}.{c}"] == 0 for c in T3_COLS)]
    for r in rnd.sample(zero_rows, min(blank_rows, len(zero_rows))):
        v.update(dict.fromkeys((f"t3.{r}.{c}" for c in T3_COLS), None))
    return v


INTRO = "某某县人民政府2023年政府信息公开工作年度报告\n一、总体情况\n本年度共收到申请若干件。"
OUTRO = "五、存在的主要问题及改进情况\n一是工作有待加强。\n六、其他需要报告的事项\n无。"


# ---- HTML / JS -------------------------------------------------------------------------------------


def render_html(
    v: dict,
    fmt: str,
    charset: str | None = "utf-8",
    encoding: str = "utf-8",
    nbsp_blanks: bool = True,
    chrome: bool = True,
) -> bytes:
    parts = []
    for heading, rows in model(v, fmt):
        parts.append(f"<p>{heading}</p><table border='1'><tbody>")
        for row in rows:
            tds = []
            for text, rs, cs in row:
                text = text if text or not nbsp_blanks else "&nbsp;"
                attrs = (f" rowspan='{rs}'" if rs > 1 else "") + (f" colspan='{cs}'" if cs > 1 else "")
                tds.append(f"<td{attrs}><p>{text}</p></td>")
            parts.append("<tr>" + "".join(tds) + "</tr>")
        parts.append("</tbody></table>")
    meta = f'<meta charset="{charset}">' if charset else ""
    body = (
        "<p>"
        + INTRO.replace("\n", "</p><p>")
        + "</p>"
        + "".join(parts)
        + "<p>"
        + OUTRO.replace("\n", "</p><p>")
        + "</p>"
    )
    if chrome:  # the report nested in a layout table with navigation and scripts around it
        body = (
            "<nav>首页 政务公开 123 456</nav><script>var x = '1 2 3';</script><table><tr><td>菜单 7 8 9</td>"
            f"<td>{body}</td></tr></table><div class='footer'>版权所有</div>"
        )
    return f"<html><head>{meta}<title>报告</title><style>td{{x:1}}</style></head><body>{body}</body></html>".encode(
        encoding
    )


def render_js(v: dict, fmt: str) -> bytes:
    html = render_html(v, fmt, chrome=False).decode()
    html = html.replace("\\", "\\\\").replace('"', '\\"').replace("'", "\\'")
    return ('//字典项\nlet menu = [{"id": "1", "name": "上海市"}]\nlet content = "' + html + '"\n').encode()


# ---- text layouts ----------------------------------------------------------------------------------


def _texts(row: list[Cell]) -> list[str]:
    return [t for t, _, _ in row]


def render_text(
    v: dict,
    fmt: str,
    layout: str = "rows",
    variants: bool = False,
    vertical: bool = False,
    footer: bool = False,
    wrap: bool = False,
) -> bytes:
    """Flattened text: `rows` (label n n n; blank cells vanish), `cell_lines` (one cell per line ending
    ' |'), `bar_lines` (cells separated by lines holding only '|'), `markdown`, `runtogether` (Table 3/4
    digits with no separators), `archive` (one cell per line, blank cells dropped and a run of equal
    consecutive lines written once, as the Putian site archive exports its tables)."""
    lines = INTRO.split("\n")
    for ti, (heading, rows) in enumerate(model(v, fmt)):
        lines.append(heading)
        for ri, row in enumerate(rows):
            texts = _texts(row)
            if variants:
                texts = [_variant(t) for t in texts]
            if vertical and texts and texts[0] == "三、本年度办理结果":
                lines.extend(["三、"] + list("本年度办理结果"))
                texts = texts[1:]
            if layout == "rows":
                label = [t for t in texts if not _is_num(t)]
                nums = [t for t in texts if _is_num(t)]
                if wrap and label and len(label[-1]) > 16:
                    long = label[-1]
                    lines.append(" ".join(label[:-1] + [long[:14]]))
                    lines.append(long[14:] + (" " + " ".join(nums) if nums else ""))
                else:
                    lines.append(" ".join(label + nums))
            elif layout == "runtogether":
                sep = "" if ti > 0 else " "
                lines.append(sep.join(texts) if ti > 0 else " ".join(texts))
            elif layout == "archive":
                for t in texts:
                    if t and t != lines[-1]:
                        lines.append(t)
            elif layout == "cell_lines":
                lines.extend(f"{t} |" if t else "|" for t in texts)
            elif layout == "bar_lines":
                for t in texts:
                    lines.extend([t, "|"])
            elif layout == "markdown":
                lines.append("| " + " | ".join(texts) + " |")
                if ri == 0:
                    lines.append("|" + "---|" * len(texts))
            if footer and ti == 1 and ri == 12:
                lines.append("- 5 -")
        if layout == "markdown":
            lines.append("")
    lines += OUTRO.split("\n")
    if layout == "runtogether":
        return "".join(x if x.endswith(("|",)) else x for x in lines).encode()
    return "\n".join(lines).encode()


# ---- Office / PDF ----------------------------------------------------------------------------------


def render_docx(v: dict, fmt: str) -> bytes:
    import docx

    d = docx.Document()
    for line in INTRO.split("\n"):
        d.add_paragraph(line)
    for heading, rows in model(v, fmt):
        d.add_paragraph(heading)
        placed = _place(rows)
        ncols = max(c + cs for _, r, c, rs, cs in placed)
        table = d.add_table(rows=len(rows), cols=ncols)
        for text, r, c, rs, cs in placed:
            cell = table.cell(r, c)
            if rs > 1 or cs > 1:
                cell = cell.merge(table.cell(r + rs - 1, c + cs - 1))
            cell.text = text
    for line in OUTRO.split("\n"):
        d.add_paragraph(line)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def render_xlsx(v: dict, fmt: str) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    r0 = 1
    for heading, rows in model(v, fmt):
        ws.cell(r0, 1, heading)
        r0 += 1
        for text, r, c, rs, cs in _place(rows):
            value = text
            if _is_num(text) and "." not in text and not text.startswith("+"):
                value = int(text)
            elif _is_num(text) and "." in text:
                value = float(text)
            ws.cell(r0 + r, c + 1, value)
            if rs > 1 or cs > 1:
                ws.merge_cells(
                    start_row=r0 + r, start_column=c + 1, end_row=r0 + r + rs - 1, end_column=c + cs
                )
        r0 += len(rows) + 1
    ws.cell(r0, 1, "五、存在的主要问题及改进情况")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def render_pdf(v: dict, fmt: str) -> bytes:
    """Rows drawn as positioned text (label, then value columns), long labels wrapped, a page footer
    and a page break inside Table 3."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    page = [1]
    y = [800.0]

    def line(label: str, nums: list[str] = ()) -> None:
        if y[0] < 60:
            c.setFont("STSong-Light", 8)
            c.drawString(280, 30, f"- {page[0]} -")
            c.showPage()
            page[0] += 1
            y[0] = 800.0
        c.setFont("STSong-Light", 8)
        c.drawString(30, y[0], label[:26])
        for i, n in enumerate(nums):
            c.drawString(240 + 22 * i if len(nums) == 15 else 240 + 40 * i, y[0], n)
        y[0] -= 16
        if len(label) > 26:
            line(label[26:])

    for text in INTRO.split("\n"):
        line(text)
    for heading, rows in model(v, fmt):
        line(heading)
        for row in rows:
            texts = _texts(row)
            label = " ".join(t for t in texts if not _is_num(t) and t)
            nums = [t for t in texts if _is_num(t)]
            line(label, nums)
    for text in OUTRO.split("\n"):
        line(text)
    c.showPage()
    c.save()
    return buf.getvalue()


def render_pdf_image_only() -> bytes:
    """A PDF page with only a drawn rectangle: no text layer (a scanned report)."""
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.rect(50, 50, 200, 100, fill=1)
    c.showPage()
    c.save()
    return buf.getvalue()
