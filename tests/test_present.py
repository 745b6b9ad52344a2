"""Presentation touches on built HTML: diagram source out of search, table cells labelled for phone cards."""

from __future__ import annotations

from studyguide.present import exclude_diagrams_from_search, label_table_cells, page_html

TABLE = """<table>
<thead>
<tr>
<th>Quantity</th>
<th style="text-align: right;">Value</th>
<th>What it <em>implies</em> &amp; "why"</th>
</tr>
</thead>
<tbody>
<tr>
<td><a id="est-dau"></a>Daily users <code>dau</code></td>
<td style="text-align: right;">50M</td>
<td>Shard early.</td>
</tr>
</tbody>
</table>"""


def test_mermaid_blocks_are_kept_out_of_the_search_index() -> None:
    page = '<pre  class="mermaid"><code>flowchart TB</code></pre><pre class="mermaid"><code>x</code></pre><pre><code>y</code></pre>'
    assert exclude_diagrams_from_search(page) == (
        '<pre class="mermaid" data-search-exclude><code>flowchart TB</code></pre>'
        '<pre class="mermaid" data-search-exclude><code>x</code></pre><pre><code>y</code></pre>'
    )


def test_cells_carry_their_column_header_as_text() -> None:
    out = label_table_cells(TABLE)
    assert out.startswith('<div class="sdg-cards"><table data-cards>') and out.endswith("</table></div>")
    assert '<td data-label="Quantity"><a id="est-dau"></a>Daily users <code>dau</code></td>' in out
    assert '<td data-label="Value" style="text-align: right;">50M</td>' in out
    assert '<td data-label="What it implies &amp; &quot;why&quot;">Shard early.</td>' in out


def test_two_column_tables_stay_tables() -> None:
    out = label_table_cells("<table>\n<thead>\n<tr>\n<th>Part</th>\n<th>What</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>a</td>\n<td>b</td>\n</tr>\n</tbody>\n</table>")
    assert out.startswith("<table>") and '<td data-label="What">b</td>' in out


def test_empty_headers_label_nothing_and_tables_without_a_head_are_left_alone() -> None:
    out = label_table_cells("<table><thead><tr><th></th><th>A</th><th>B</th></tr></thead><tbody><tr><td>x</td><td>1</td><td>2</td></tr></tbody></table>")
    assert "<tr><td>x</td><td data-label=\"A\">1</td><td data-label=\"B\">2</td></tr>" in out
    bare = "<table><tbody><tr><td>x</td></tr></tbody></table>"
    assert label_table_cells(bare) == bare


def test_page_html_is_deterministic_and_touches_nothing_else() -> None:
    page = "<p>text</p>" + TABLE + '<pre class="mermaid"><code>x</code></pre>'
    assert page_html(page) == page_html(page)
    assert page_html(page).startswith('<p>text</p><div class="sdg-cards"><table data-cards>')


def test_tables_of_six_columns_are_marked_wide() -> None:
    head = "".join(f"<th>h{i}</th>" for i in range(6))
    out = label_table_cells(f"<table><thead><tr>{head}</tr></thead><tbody><tr>{'<td>x</td>' * 6}</tr></tbody></table>")
    assert out.startswith('<div class="sdg-cards"><table data-cards data-wide>')
