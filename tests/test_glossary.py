"""The glossary: surface forms, unused terms (SDG508) and undefined jargon."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st
from studyguide import glossary
from studyguide.pipeline import glossary_issues
from studyguide.reference import Glossary, Term
from studyguide.validate import load_model

TERMS = "terms:\n" + "".join(f"  - term: filler{i}\n    definition: Filler {i}.\n" for i in range(58)) + (
    "  - term: fencing token\n    definition: A number that grows with every lease.\n"
    "  - term: GCRA\n    aliases: [generic cell rate algorithm]\n    definition: A rate limiter with one timestamp per key.\n"
)


def test_forms_cover_plurals_and_sentence_starts() -> None:
    assert glossary.forms(Term(term="fencing token", definition="d")) == [
        "fencing token", "Fencing token", "fencing tokens", "Fencing tokens"]
    assert glossary.forms(Term(term="quorum", aliases=["quorate"], definition="d"))[:4] == ["quorum", "Quorum", "quorums", "Quorums"]
    assert "proxies" in glossary.forms(Term(term="proxy", definition="d"))


def test_unused_terms_are_warned_at_their_line(tmp_path: Path) -> None:
    path = tmp_path / "glossary.yaml"
    path.write_text(TERMS, encoding="utf-8")
    parsed, loaded, issues = load_model(path, Glossary, tmp_path)
    assert issues == [] and parsed is not None and loaded is not None
    data = SimpleNamespace(glossary=parsed, sources={"glossary": loaded})
    pages = ["Each lease carries a fencing token. " + " ".join(f"filler{i}" for i in range(58)),
             "Not in code: `GCRA` nor in a link [x](GCRA.md)."]
    found = [str(i) for i in glossary_issues(data, pages)]  # type: ignore[arg-type]
    assert found == ["glossary.yaml:120:5: terms[59].term: warning: 'GCRA' appears on no page: use it or remove it [SDG508]"]


def test_jargon_lists_frequent_undefined_terms() -> None:
    defined = Glossary(terms=[Term(term=f"t{i}", definition="d") for i in range(59)] + [Term(term="LSM tree", aliases=["LSM"], definition="d")])
    pages = ["An LSM and an LSM and an LSM. The CDN, the CDN, the CDN. A write-back cache, write-back, write-back."]
    assert glossary.jargon(defined, pages) == [("CDN", 3), ("write-back", 3)]


# -- Each page's abbreviations ------------------------------------------------------

FORMS = {"SQL": "Structured Query Language.", "read-through": "A cache that loads on a miss.",
         "fencing token": "A number that grows with every lease.", "p99": "The 99th percentile.",
         "R&D": "Research.", "Node.js": "A JavaScript runtime.", "fan_out": "An underscore form."}
DECORATIONS = ["**{}**", "_{}_", "*{}*", "`{}`", "[{}](x.md)", "{}s", "No{}", "{}-ish", "&lt;{}&gt;", "{}\n", "| {} |", "R&amp;D {}"]


def render(text: str, forms: dict[str, str]) -> str:
    import markdown

    return markdown.Markdown(extensions=["abbr", "tables", "md_in_html"], extension_configs={"abbr": {"glossary": forms}}).convert(text)


@given(st.lists(st.tuples(st.sampled_from([*FORMS, "fencing", "token", "read", "Node", "js", "p", "fan"]),
                          st.sampled_from(DECORATIONS)), max_size=12))
@settings(max_examples=120, deadline=None)
def test_a_page_renders_the_same_with_only_its_own_abbreviations(parts: list[tuple[str, str]]) -> None:
    text = " ".join(decoration.format(word) for word, decoration in parts)
    assert render(text, glossary.for_page(FORMS, text)) == render(text, FORMS)


def test_a_page_gets_only_the_forms_whose_words_it_has() -> None:
    page = "We put a *read-through* cache before SQL; each lease has a fencing\ntoken. R&amp;D pays."
    assert set(glossary.for_page(FORMS, page)) == {"SQL", "read-through", "fencing token", "R&D"}
