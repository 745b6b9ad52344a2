"""Presentation touches on built HTML: diagram source out of search, table cells labelled for phone cards, terms defined at first use, permalinks named."""

from __future__ import annotations

from studyguide.present import define_at_first_use, exclude_diagrams_from_search, label_table_cells, name_permalinks, page_html

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


def test_a_term_is_defined_at_its_first_use_under_each_heading() -> None:
    p99, qps = '<abbr title="The 99th percentile.">p99</abbr>', '<abbr title="Queries per second.">QPS</abbr>'
    page = (f"<p>{p99} and {qps}, then {p99} again.</p><h2 id='a'>A</h2><p>{p99}, {p99}</p>"
            f"<h3 id='b'>B</h3><table><tr><td>{qps}</td><td>{qps.replace('QPS', 'qps')}</td></tr></table><h4>C</h4><p>{qps}</p>")
    assert define_at_first_use(page) == (
        f"<p>{p99} and {qps}, then p99 again.</p><h2 id='a'>A</h2><p>{p99}, p99</p>"
        f"<h3 id='b'>B</h3><table><tr><td>{qps}</td><td>qps</td></tr></table><h4>C</h4><p>QPS</p>"
    )


def test_a_problem_page_defines_a_term_once_per_section() -> None:
    # A problem page's table of contents lists its sections (h2): an h3 inside one starts no new passage.
    p99 = '<abbr title="The 99th percentile.">p99</abbr>'
    page = f"<p>{p99}</p><h2 id='a'>A</h2><p>{p99}</p><h3 id='b'>B</h3><p>{p99}</p><h2 id='c'>C</h2><p>{p99}, {p99}</p>"
    assert page_html(page, deepest=2) == f"<p>{p99}</p><h2 id='a'>A</h2><p>{p99}</p><h3 id='b'>B</h3><p>p99</p><h2 id='c'>C</h2><p>{p99}, p99</p>"
    assert page_html(page) == f"<p>{p99}</p><h2 id='a'>A</h2><p>{p99}</p><h3 id='b'>B</h3><p>{p99}</p><h2 id='c'>C</h2><p>{p99}, p99</p>"


def test_permalinks_are_named_by_aria_label_not_title() -> None:
    heading = '<h2 id="api">API<a class="headerlink" href="#api" title="Permanent link">&para;</a></h2><abbr title="x">y</abbr>'
    assert name_permalinks(heading) == (
        '<h2 id="api">API<a class="headerlink" href="#api" aria-label="Permanent link">&para;</a></h2><abbr title="x">y</abbr>'
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
