"""Text from articles reaches the page inert: escaped for HTML and for Markdown; only http(s) links."""

from __future__ import annotations

import html

import pytest


@pytest.fixture
def ui(dashboards_path):
    import ui

    return ui


HOSTILE = "The <b>report</b> said **loudly** ![x](http://evil/x.png) [l](javascript:alert(1)) & `code`\nNext."


def test_literal_shows_the_text_exactly_and_leaves_no_markup(ui):
    out = ui.literal(HOSTILE)
    assert html.unescape(out.replace("<br>", "\n")) == HOSTILE
    assert not set(out.replace("<br>", "")) & set("<>*[]()`!")


def test_highlight_marks_the_evidence_and_nothing_else(ui):
    text = "Before. The <i>evidence</i> here. After."
    start = text.index("The")
    out = ui.highlight(text, start, text.index(" After"))
    assert out.count("<mark>") == 1 and "<i>" not in out
    assert ui.highlight(text, None, None) == ui.literal(text)
    assert ui.highlight(text, 5, 500) == ui.literal(text)          # offsets outside the text: no mark


def test_only_http_links_are_kept(ui):
    assert ui.safe_url("https://example.org/a") == "https://example.org/a"
    assert ui.safe_url("javascript://x/%0Aalert(1)") is None
    assert ui.safe_url("data:text/html,hi") is None and ui.safe_url(None) is None
