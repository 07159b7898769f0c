from __future__ import annotations

import pytest

import onrecord
from tests.conftest import FIXTURES, SEED


def read_fixture(name: str) -> onrecord.Article:
    return onrecord.read((FIXTURES / "text" / name).read_bytes(), statements=False)


def test_saved_text_page_header_is_recognised() -> None:
    art = read_fixture("harbour_council.txt")
    assert art.source_kind == "text"
    assert art.title == "Harbour Council Approves Plan to Rebuild Eastern Pier"
    assert art.authors == ["Maria Kessler"]
    assert art.lead_image is not None and art.lead_image.credit == "Lena Ortiz/Coastline Photo Agency"
    assert art.stated_reading_time_minutes == 4
    assert art.headings == ["Fishers Want Guarantees: Cooperative"]
    assert art.language == "en"


def test_saved_text_page_body_has_no_furniture() -> None:
    art = read_fixture("harbour_council.txt")
    assert art.text.startswith("Mayor Tomas Varga gave")
    assert art.text.endswith("before the end of March.")
    for furniture in ("Share This Article", "Leave a Comment", "Leave a Reply", "Your email address", "4 Min Read", "Maria Kessler"):
        assert furniture not in art.text


def test_paragraph_offsets_slice_the_text() -> None:
    art = read_fixture("harbour_council.txt")
    texts = art.paragraph_texts()
    assert "\n\n".join(texts) == art.text
    assert any(p.kind == "heading" for p in art.paragraphs)
    assert art.reading_time_minutes and art.reading_time_minutes >= 1


@pytest.mark.skipif(not SEED.exists(), reason="the shared seed example is not beside this checkout")
def test_seed_article_fields() -> None:
    art = onrecord.read(SEED.read_bytes(), statements=False)
    assert art.title == "Donald Trump Gives Assurance on Deploying US Troops to Ukraine"
    assert art.authors == ["Thomas Smith"]
    assert art.stated_reading_time_minutes == 3
    assert len(art.headings) == 2
    assert art.text.startswith("President Donald Trump gave")
    assert art.text.endswith("if the first goes smoothly.")


def test_wire_style_header_with_section_label_byline_dates_and_caption() -> None:
    art = read_fixture("wire_style.txt")
    assert art.title == "Port Authority Delays Vote on Terminal Lease After Union Walkout"
    assert art.authors == ["Anna Lindqvist", "Omar Haddad"]
    assert art.published == "2025-03-04"
    assert art.lead_image is not None
    assert art.lead_image.credit == "Coastwire Photo/Jens Moller"
    assert art.lead_image.caption and art.lead_image.caption.startswith("Dockworkers gather")
    assert art.text.startswith("HALVIK (Coastwire)")
    assert art.text.endswith("goes ahead without them.")
    assert art.headings == ["What happens next"]
    for furniture in ("Advertisement", "Related:", "Read More", "newsletter", "Copyright", "Politics"):
        assert furniture not in art.text


def test_blog_style_breadcrumb_and_trailing_share_prompts() -> None:
    art = read_fixture("blog_style.txt")
    assert art.title == "Why the Ferry Fare Rise Is a Test for the Island Council"
    assert art.authors == ["Greta Solberg"]
    assert art.published == "2025-08-19"
    assert art.stated_reading_time_minutes == 6
    assert art.lead_image is not None and art.lead_image.credit == "Lars Ek/Island Herald"
    assert art.text.endswith("how much the council will accept.")
    for furniture in ("Home >", "Tags:", "Share this", "Like this", "Comments", "Leave a Reply"):
        assert furniture not in art.text


def test_hard_wrapped_lines_are_joined_into_paragraphs() -> None:
    art = onrecord.read((FIXTURES / "text" / "hard_wrapped.txt").read_bytes())
    texts = art.paragraph_texts()
    assert len(texts) == 3
    assert "records began in 1962" in texts[0]
    direct = [st for st in art.statements if st.kind == "direct"]
    assert len(direct) == 1 and len(direct[0].spans) == 2
    assert direct[0].speaker is not None and direct[0].speaker.name == "Helena Sato"
