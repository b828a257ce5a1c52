"""The card-quality corpus's index (``tests/fixtures/corpus/sources.json``) stays whole as texts
move between sets: every text it lists is there and every text there is listed, each has a set,
a licence and a source, and a held-out set exists for the benchmark's targets. Only names and
metadata are read here, never a text's words (held-out texts are never opened)."""

from __future__ import annotations

from benchmarks import card_quality as cq

# Not texts: licences, the replays, the provenance notes and the sources the pages came from.
NOT_TEXTS = {"SOURCES.md", "claude_replays.json", "sources.json", "sources"}


def test_every_corpus_text_is_listed_once_with_its_set_licence_and_source():
    entries = cq.sources()
    files = [e["file"] for e in entries]
    on_disk = {
        p.name
        for p in cq.CORPUS.iterdir()
        if p.name not in NOT_TEXTS and not p.name.startswith("LICENSE")
    }
    assert len(files) == len(set(files))
    assert set(files) == on_disk
    for entry in entries:
        assert entry["set"] in (cq.TUNING, cq.HELD_OUT), entry["file"]
        assert entry["licence"] and entry["package"] and entry["title"], entry["file"]
        assert isinstance(entry["headings"], list), entry["file"]


def test_held_out_texts_are_never_read_ones():
    """A held-out text has no note: the note says when a text was read and moved to tuning."""
    held_out = [e for e in cq.sources() if e["set"] == cq.HELD_OUT]
    assert held_out, "the benchmark's held-out targets need a held-out set"
    assert all("note" not in e for e in held_out)
    assert all(e["headings"] for e in held_out)
    moved = [e for e in cq.sources() if "held out in round" in e.get("note", "")]
    assert all(e["set"] == cq.TUNING for e in moved)
