"""The glossary: jargon defined once, shown wherever it appears.

Python-Markdown's `abbr` extension does the showing (Material turns its titles
into tooltips on hover and focus); this module only turns the data file into
the surface forms a reader meets in running text, and finds terms no page uses
and jargon no term defines.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable

from .prose import plain
from .reference import Glossary, Term

CODE = re.compile(r"```.*?```|`[^`\n]*`|<[^>\n]*>|\]\([^)\n]*\)", re.DOTALL)
JARGON = re.compile(r"\b(?:[A-Z][A-Z0-9]{1,6}s?|[A-Za-z][a-z]*(?:-[a-z]+)+)\b")
# Acronyms every mid-level engineer knows, and requirement ids (F1, N2): never reported as jargon.
COMMON = {
    "API", "APIs", "ASCII", "AWS", "CPU", "CSS", "DELETE", "DNS", "GB", "GET", "HDD", "HTML", "HTTP",
    "HTTPS", "ID", "IDs", "IP", "JSON", "KB", "MB", "OK", "OS", "PATCH", "PB", "POST", "PUT", "RAM", "REST",
    "RFC", "SDK", "SHA", "SQL", "SSD", "SSDs", "TB", "TCP", "TLS", "UDP", "UI", "URL", "URLs", "US", "UTF", "UUID",
}
NOT_JARGON = re.compile(r"^[FN]\d+$")


def _plural(word: str) -> str:
    if word.endswith(("s", "x", "sh", "ch")):
        return word + "es"
    if re.search(r"[^aeiou]y$", word):
        return word[:-1] + "ies"
    return word + "s"


def forms(term: Term) -> list[str]:
    """Every spelling to mark: the term, its plural, and both capitalised at a sentence start."""
    out: list[str] = []
    for base in [term.term, *term.aliases]:
        for word in (base, _plural(base)):
            for variant in (word, word[:1].upper() + word[1:]):
                if variant not in out:
                    out.append(variant)
    return out


def abbreviations(glossary: Glossary) -> dict[str, str]:
    """{surface form: definition} for the `abbr` extension's glossary option."""
    return {form: term.definition for term in glossary.terms for form in forms(term)}


WORD = re.compile(r"[^\W_]+")  # letters and digits: no Markdown construct splits such a run


def for_page(abbreviations: dict[str, str], markdown: str) -> dict[str, str]:
    """The abbreviations whose every word occurs in the page's Markdown: a superset of those
    the `abbr` extension will mark there, so the page renders the same.

    The extension tries every form at every word boundary of a page; with the whole glossary
    (over a thousand forms) that was most of the time Markdown took per problem page."""
    words = set(WORD.findall(markdown)) | set(WORD.findall(html.unescape(markdown)))
    return {form: title for form, title in abbreviations.items() if words.issuperset(WORD.findall(form))}


def _prose(markdown: str) -> str:
    return CODE.sub(" ", plain(markdown))


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _appears(form: str, text: str) -> bool:
    """`re.search(rf"\b{re.escape(form)}\b", text)`, by plain substring search: a regex per form over
    the whole site's text took seconds per build."""
    start = text.find(form)
    while start != -1:
        end = start + len(form)
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if _is_word(before) != _is_word(form[0]) and _is_word(after) != _is_word(form[-1]):
            return True
        start = text.find(form, start + 1)
    return False


Page = tuple[str, frozenset[str]]  # a page's prose (outside code) and the words in it


def page(markdown: str) -> Page:
    prose = _prose(markdown)
    return prose, frozenset(WORD.findall(prose))


def unused(glossary: Glossary, pages: Iterable[Page]) -> list[int]:
    """Indexes of terms that appear on no page (outside code).

    A form is searched for only in the pages that hold all its words, so the cost grows with
    the pages that use a term, not with the site's whole text times the glossary's forms."""
    pages = list(pages)

    def anywhere(form: str) -> bool:
        words = WORD.findall(form)
        return any(_appears(form, prose) for prose, have in pages if have.issuperset(words))

    return [i for i, term in enumerate(glossary.terms) if not any(anywhere(form) for form in forms(term))]


def jargon(glossary: Glossary, pages: Iterable[str], least: int = 3) -> list[tuple[str, int]]:
    """Acronyms and hyphenated terms used at least `least` times that no glossary entry defines."""
    known = {form.lower() for term in glossary.terms for form in forms(term)}
    counts = Counter(m.group(0) for page in pages for m in JARGON.finditer(_prose(page))
                     if m.group(0) not in COMMON and not NOT_JARGON.match(m.group(0)))
    return sorted(((word, n) for word, n in counts.items() if n >= least and word.lower() not in known),
                  key=lambda item: (-item[1], item[0]))
