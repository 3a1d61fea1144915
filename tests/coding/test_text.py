"""Sentences and tokens: abbreviations do not end sentences; offsets point into the original text."""

from __future__ import annotations

from tracker.coding.text import split_sentences, tokenize


def sentences(text):
    return [text[a:b] for a, b in split_sentences(text)]


def test_abbreviations_do_not_split_sentences():
    text = "The U.S. envoy met Gen. Li and Mr. Kim on Monday. Talks resumed. Dr. Smith left."
    assert sentences(text) == [
        "The U.S. envoy met Gen. Li and Mr. Kim on Monday.",
        "Talks resumed.",
        "Dr. Smith left.",
    ]


def test_initialism_at_the_end_of_a_sentence_does_split_before_an_opener():
    assert sentences("China criticised the U.S. The talks ended.") == [
        "China criticised the U.S.",
        "The talks ended.",
    ]


def test_quotes_and_paragraphs():
    text = "“We condemn it,” he said.\n\nChina objected. It left."
    assert sentences(text) == ["“We condemn it,” he said.", "China objected.", "It left."]


def test_tokens_keep_offsets_and_normalise_initialisms_and_possessives():
    text = "U.S. officials criticised China’s envoy; us too."
    toks = tokenize(text)
    assert [t.key for t in toks[:5]] == ["us", "officials", "criticised", "china", "'s"]
    assert all(text[t.start : t.end] == t.text for t in toks)
    assert toks[-3].key == "~us"  # the pronoun is never the country
