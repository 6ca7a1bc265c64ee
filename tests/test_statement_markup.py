"""The small text format of the public statements: headings, paragraphs, lists and safe links, never HTML."""

from hypothesis import given
from hypothesis import strategies as st

from portal.domain import Block, Segment, inline_segments, parse_statement


def test_headings_paragraphs_and_lists_become_blocks_in_order():
    body = "Indledning på\nto linjer.\n\n## Kontakt\n- E-mail\n- Telefon\n\n### Klage\nSidste afsnit."
    assert parse_statement(body) == [
        Block("paragraph", segments=[Segment("Indledning på to linjer.")]),
        Block("heading", level=2, segments=[Segment("Kontakt")]),
        Block("list", items=[[Segment("E-mail")], [Segment("Telefon")]]),
        Block("heading", level=3, segments=[Segment("Klage")]),
        Block("paragraph", segments=[Segment("Sidste afsnit.")]),
    ]


def test_a_list_directly_after_a_paragraph_line_starts_a_new_block():
    blocks = parse_statement("Det har vi testet:\n- axe-core\n- tastatur")
    assert [b.kind for b in blocks] == ["paragraph", "list"]


def test_https_and_mailto_links_become_links():
    assert inline_segments("Se [Datatilsynet](https://www.datatilsynet.dk/) eller [skriv](mailto:a@b.dk).") == [
        Segment("Se "),
        Segment("Datatilsynet", "https://www.datatilsynet.dk/"),
        Segment(" eller "),
        Segment("skriv", "mailto:a@b.dk"),
        Segment("."),
    ]


def test_a_javascript_link_stays_literal_text():
    text = "[klik](javascript:alert(1)) og [data](data:text/html,x)"
    segments = inline_segments(text)
    assert all(not s.url for s in segments)
    assert "".join(s.text for s in segments) == text


def test_html_is_kept_as_text_for_the_template_to_escape():
    (block,) = parse_statement("<script>alert(1)</script>")
    assert block.segments == [Segment("<script>alert(1)</script>")]


@given(st.text(max_size=300))
def test_any_text_parses_and_only_safe_addresses_become_links(text):
    for block in parse_statement(text):
        for segments in [block.segments, *block.items]:
            for segment in segments:
                assert not segment.url or segment.url.lower().startswith(("https://", "http://", "mailto:"))
