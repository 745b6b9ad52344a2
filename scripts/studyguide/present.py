"""Presentation touches on a page's built HTML, for any Markdown page.

- Mermaid source stays out of the search index: each `<pre class="mermaid">`
  gets Material's `data-search-exclude` attribute.
- Table cells carry their column's header as `data-label`, and tables of three
  or more columns are marked `data-cards` and wrapped in `<div class="sdg-cards">`,
  so a narrow screen can show each row as a card of label: value lines
  (docs/css/extra.css) with no script and no layout shift. Tables of six or more
  columns are also marked `data-wide` (tighter cells). The wrapper and the marks
  let the stylesheet reach Material's table wrappers without `:has()`, whose
  invalidations made every style recalculation on a problem page cost a full
  recalculation at load (about 1 s of blocking time on a throttled phone).

- A glossary term keeps its definition (`<abbr title>`) at its first use under
  each h2 or h3 heading, and on a problem page under each heading its table of
  contents lists (its sections, h2); later uses there are plain text. A term
  defined once per passage reads cleaner than a dotted underline at every
  mention, and Material mounts a tooltip for each `<abbr>` at load (about 2 ms
  of blocking time each on a throttled phone): 299 of them on the payment page
  at every mention, 128 now.
- A heading's permalink is named by `aria-label` instead of `title`: with
  `content.tooltips`, Material mounts a tooltip at load on every titled element,
  and sixty "Permanent link" tooltips on a problem page cost a phone about
  60 ms of blocking script for a hint nobody needs.

Pure string functions over the HTML Python-Markdown writes; tables never nest
there, so a table is the text between `<table>` and `</table>`.
"""

from __future__ import annotations

import html
import re

MERMAID_BLOCK = re.compile(r'<pre\s+class="mermaid">')
TABLE = re.compile(r"<table>(.*?)</table>", re.S)
HEAD = re.compile(r"<thead>(.*?)</thead>", re.S)
BODY = re.compile(r"<tbody>(.*?)</tbody>", re.S)
HEADER_CELL = re.compile(r"<th\b[^>]*>(.*?)</th>", re.S)
ROW = re.compile(r"<tr>(.*?)</tr>", re.S)
CELL_OPEN = re.compile(r"<td\b")
TAG = re.compile(r"<[^>]+>")
DEFINED_UNDER = 3  # deepest heading that starts a new passage for definitions, unless told otherwise
ABBR = re.compile(r'<abbr title="([^"]*)">(.*?)</abbr>', re.S)
PERMALINK = re.compile(r'(<a class="headerlink" href="[^"]*") title="([^"]*)"')
CARD_COLUMNS = 3  # a table this wide or wider becomes cards on a phone
WIDE_COLUMNS = 6  # a table this wide or wider gets tighter cells


def exclude_diagrams_from_search(page: str) -> str:
    return MERMAID_BLOCK.sub('<pre class="mermaid" data-search-exclude>', page)


def header_text(cell: str) -> str:
    """The visible text of a header cell, quoted for an attribute."""
    text = " ".join(html.unescape(TAG.sub("", cell)).split())
    return html.escape(text, quote=True)


def label_row(row: str, labels: list[str]) -> str:
    index = iter(range(len(labels)))

    def label(match: re.Match[str]) -> str:
        i = next(index, None)
        return match.group(0) if i is None or not labels[i] else f'<td data-label="{labels[i]}"'

    return CELL_OPEN.sub(label, row)


def label_table(match: re.Match[str]) -> str:
    table = match.group(0)
    head, body = HEAD.search(table), BODY.search(table)
    if head is None or body is None:
        return table
    labels = [header_text(cell) for cell in HEADER_CELL.findall(head.group(1))]
    rows = ROW.sub(lambda r: f"<tr>{label_row(r.group(1), labels)}</tr>", body.group(1))
    marks = (" data-cards" if len(labels) >= CARD_COLUMNS else "") + (" data-wide" if len(labels) >= WIDE_COLUMNS else "")
    labelled = f"<table{marks}>{table[len('<table>'):body.start(1)]}{rows}{table[body.end(1):]}"
    return f'<div class="sdg-cards">{labelled}</div>' if len(labels) >= CARD_COLUMNS else labelled


def label_table_cells(page: str) -> str:
    return TABLE.sub(label_table, page)


def first_uses(passage: str) -> str:
    seen: set[str] = set()

    def keep_first(match: re.Match[str]) -> str:
        if match.group(1) in seen:
            return match.group(2)
        seen.add(match.group(1))
        return match.group(0)

    return ABBR.sub(keep_first, passage)


def define_at_first_use(page: str, deepest: int = DEFINED_UNDER) -> str:
    """Each term's definition at its first use under each heading from h2 down to h<deepest>
    (terms are told apart by definition)."""
    return "".join(first_uses(passage) for passage in re.split(rf"(?=<h[2-{deepest}][\s>])", page))


def name_permalinks(page: str) -> str:
    return PERMALINK.sub(r'\1 aria-label="\2"', page)


def page_html(page: str, deepest: int = DEFINED_UNDER) -> str:
    """Every presentation touch, in order; terms are defined again under headings down to h<deepest>."""
    return name_permalinks(define_at_first_use(label_table_cells(exclude_diagrams_from_search(page)), deepest))
