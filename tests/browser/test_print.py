"""The cheat sheet is a cheat sheet: Chromium prints it on at most two A4 pages, nothing cut off."""

from __future__ import annotations

import re

A4_PAGES = 2
PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


def print_pdf(browser: object, url: str) -> tuple[bytes, object, object]:
    context = browser.new_context()  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(url, wait_until="load")
    return page.pdf(format="A4", print_background=True), page, context


def test_cheat_sheet_prints_on_two_a4_pages(browser: object, http_site: str) -> None:
    pdf, _, context = print_pdf(browser, f"{http_site}/cheat-sheet.html")
    context.close()  # type: ignore[attr-defined]
    pages = len(PAGE.findall(pdf))
    print(f"\ncheat sheet: {pages} A4 page{'s' if pages != 1 else ''} ({len(pdf) // 1024} KB PDF)")
    assert 1 <= pages <= A4_PAGES, f"the cheat sheet prints on {pages} A4 pages; at most {A4_PAGES} allowed"


def test_cheat_sheet_tables_fit_the_printed_column(browser: object, http_site: str) -> None:
    """A table wider than its column would be clipped at the paper's edge, and the page count would lie."""
    context = browser.new_context(viewport={"width": 794, "height": 1123})  # type: ignore[attr-defined]
    page = context.new_page()
    page.emulate_media(media="print")
    page.goto(f"{http_site}/cheat-sheet.html", wait_until="load")
    overflow = page.evaluate("""() => {
        const sheet = document.querySelector('.cheat-sheet');
        if (!sheet) return ['no .cheat-sheet wrapper'];
        const column = sheet.getBoundingClientRect().width / 2;
        // A table split across columns has one client rect per fragment; each must fit a column.
        const widest = t => Math.max(...[...t.getClientRects()].map(r => r.width));
        return [...sheet.querySelectorAll('table')]
            .filter(t => widest(t) > column + 1)
            .map(t => t.querySelector('th').textContent + ' table: ' + Math.round(widest(t)) + ' px');
    }""")
    context.close()
    assert overflow == [], overflow


def test_other_pages_keep_their_print_layout(browser: object, http_site: str) -> None:
    """The cheat sheet's print rules are scoped to it: a chapter still prints at normal size."""
    pdf, _, context = print_pdf(browser, f"{http_site}/learn/estimation.html")
    context.close()  # type: ignore[attr-defined]
    assert len(PAGE.findall(pdf)) > A4_PAGES
