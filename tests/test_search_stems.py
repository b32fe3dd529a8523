"""Sphinx's search stems words with whichever Snowball build is installed; the
project installs the C one (PyStemmer) for speed. The browser's stemmer must
agree with it, so the C build must give the pure-Python build's stems."""

from __future__ import annotations

import re

import snowballstemmer
from snowballstemmer.english_stemmer import EnglishStemmer

from conftest import SEEDS


def test_the_fast_stemmer_is_used_and_agrees_on_every_seed_word() -> None:
    import Stemmer

    assert snowballstemmer.stemmer is Stemmer.Stemmer
    words = {w.casefold() for seed in SEEDS.iterdir() for w in re.findall(r"\w+", seed.read_text(encoding="utf-8"))}
    fast, reference = snowballstemmer.stemmer("english"), EnglishStemmer()
    assert len(words) > 5000
    assert [w for w in sorted(words) if fast.stemWord(w) != reference.stemWord(w)] == []
