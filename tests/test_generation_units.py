"""Validation, material import, chunking, the embedder and key handling: no database needed."""

from __future__ import annotations

import io
import itertools
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from studyapp.errors import BadInput
from studyapp.generation.chunking import chunk_material
from studyapp.generation.errors import InvalidOutput, PermanentGenerationError
from studyapp.generation.keys import ApiKey, find_api_key
from studyapp.generation.offline import OfflineProvider
from studyapp.generation.types import CardDraft, CardsRequest, DistractorRequest, TreeNode
from studyapp.generation.validation import validate_cards, validate_distractors, validate_tree
from studyapp.services.material import from_bytes, read_file, read_stream
from studyapp.vectors.embedder import (
    HashingEmbedder,
    WordLlamaEmbedder,
    cosine,
    default_embedder,
)

ANSWER = "Congestion avoidance"


def test_a_good_distractor_set_passes() -> None:
    options, rejected = validate_distractors(
        ANSWER, ["Fast retransmit", "Slow start", "Fast recovery"]
    )
    assert options == ("Fast retransmit", "Slow start", "Fast recovery") and rejected == []


@pytest.mark.parametrize(
    ("options", "words"),
    [
        (["Fast retransmit", "Slow start"], "Only 2"),
        (["Fast retransmit", "Slow start", "fast  RETRANSMIT!"], "not distinct"),
        (["Fast retransmit", "Slow start", "congestion avoidance"], "equal to the answer"),
        (["Fast retransmit", "Slow start", "The congestion avoidance"], "contains the answer"),
        (["Fast retransmit", "Slow start", "Congestion avoidances"], "nearly the answer"),
        (["Fast retransmit", "Fast retransmits", "Slow start"], "nearly the same"),
        (["Fast retransmit", "Slow start", "All of the above"], "catch-all"),
        (["Fast retransmit", "Slow start", "None of these"], "catch-all"),
        (
            [
                "Fast retransmit",
                "Slow start",
                "A very long explanation of something else entirely "
                "that goes on and on for many more words than the answer has",
            ],
            "length",
        ),
        (["Fast retransmit", "Slow start", "20 segments"], "same form"),
        (["Fast retransmit", "Slow start", ""], "empty"),
    ],
)
def test_each_kind_of_bad_distractor_set_is_rejected(options, words) -> None:
    with pytest.raises(InvalidOutput, match=words):
        validate_distractors(ANSWER, options)


def test_a_fourth_option_repairs_a_set_with_one_bad_one() -> None:
    options, rejected = validate_distractors(
        ANSWER, ["Fast retransmit", "All of the above", "Slow start", "Fast recovery"]
    )
    assert options == ("Fast retransmit", "Slow start", "Fast recovery")
    assert [(r.text, r.reason) for r in rejected] == [("All of the above", "a catch-all option")]


def test_numeric_answers_need_numeric_distractors() -> None:
    assert validate_distractors("1986", ["1974", "1991", "2006"])[0] == ("1974", "1991", "2006")
    with pytest.raises(InvalidOutput, match="same form"):
        validate_distractors("1986", ["1974", "1991", "May 1987"])


@pytest.mark.parametrize(
    ("cards", "words"),
    [
        ([], "no cards"),
        ([CardDraft("Q?", "a")] * 51, "at most 50"),
    ],
)
def test_malformed_card_batches_are_rejected(cards, words) -> None:
    with pytest.raises(InvalidOutput, match=words):
        validate_cards(cards)


def test_tree_validation() -> None:
    ok = validate_tree([TreeNode(" A  skill ", "d", (TreeNode("Child"),))])
    assert ok[0].title == "A skill" and ok[0].children[0].title == "Child"
    with pytest.raises(InvalidOutput, match="appears twice"):
        validate_tree([TreeNode("A"), TreeNode("B", children=(TreeNode("a"),))])
    with pytest.raises(InvalidOutput, match="deeper"):
        validate_tree(
            [
                TreeNode(
                    "A",
                    children=(TreeNode("B", children=(TreeNode("C", children=(TreeNode("D"),)),)),),
                )
            ]
        )
    with pytest.raises(InvalidOutput, match="top-level"):
        validate_tree([TreeNode(f"S{i}") for i in range(13)])
    with pytest.raises(InvalidOutput, match="empty"):
        validate_tree([])


def test_offline_provider_is_deterministic() -> None:
    text = (Path(__file__).parent / "fixtures" / "congestion.md").read_text()
    request = CardsRequest(goal_title="TCP", count=10, material=text, chunk=text)
    first = OfflineProvider().cards(request)
    assert first == OfflineProvider().cards(request)
    # 8: "cuts its window in half, which is known as _____" (the sentence without "When that
    # happens, the sender") is refused since round 10, as a sentence that lost its subject.
    assert first.provider == "offline" and len(first.cards) == 8
    assert not any(card.front.startswith("Fill in the blank: cuts") for card in first.cards)
    assert all(card.source and card.source in " ".join(text.split()) for card in first.cards)


def test_offline_cards_without_material_say_what_to_do_in_the_window_too() -> None:
    """The refusal reaches the window as a failed placeholder's text: it must name the window's
    way (Add material…, Settings), not only a command-line flag."""
    request = CardsRequest(goal_title="TCP", count=5, topic="Slow start")
    with pytest.raises(PermanentGenerationError) as refused:
        OfflineProvider().cards(request)
    message = str(refused.value)
    assert "Add material…" in message and "Settings" in message
    assert refused.value.kind == "offline_needs_material"


def test_offline_distractors_pick_similar_own_answers() -> None:
    request = DistractorRequest(
        "Which phase doubles the window every round trip?",
        "Slow start",
        candidates=(
            "slow start",
            "Fast retransmit",
            "A very long definition of something that is not at all like a short name",
            "Fast recovery",
            "Congestion avoidance",
        ),
    )
    made = OfflineProvider().distractors(request)
    assert made.options == ("Fast retransmit", "Fast recovery", "Congestion avoidance")
    assert dict(made.rejected) == {
        "slow start": "equal to the answer",
        "A very long definition of something that is not at all like a short name": (
            "not 0.5-2x the answer's length"
        ),
    }


def test_chunks_cover_material_on_paragraph_boundaries() -> None:
    paragraphs = [f"Paragraph {i}. " + "word " * 200 for i in range(40)]
    text = "\n\n".join(paragraphs)
    chunks = chunk_material(text, chunk_chars=6000)
    assert len(chunks) > 3
    assert chunks[0].start == 0 and chunks[-1].end == len(text)
    assert all(a.end == b.start for a, b in itertools.pairwise(chunks))
    assert all(len(text[c.start : c.end]) <= 6000 for c in chunks)
    assert all(text[c.start : c.end].lstrip().startswith("Paragraph") for c in chunks)
    assert len(chunk_material("short text")) == 1


def test_embedder_is_deterministic_and_sensible() -> None:
    e = HashingEmbedder()
    a, b, c = e.embed(["What is slow start?", "what is SLOW start", "Who invented CUBIC?"])
    assert abs(float((a * a).sum()) - 1) < 1e-5
    assert cosine(a, b) > 0.99 and cosine(a, c) < 0.5
    assert (HashingEmbedder().embed_one("x y") == e.embed_one("x y")).all()


def test_the_default_embedder_is_the_packaged_model_and_sees_paraphrases() -> None:
    """The issue's duplicate, worded two ways, is one card to the learned model; hashing
    cannot see it. The model loads from the wheel with the network unreachable."""
    e = default_embedder()
    assert e.name == WordLlamaEmbedder.name and e.dim == 256
    one, other, unrelated, empty = e.embed(
        [
            "What is the default value?\nThe system page size",
            "What is the default?\nIt is the page size of the system",
            "Who proposed the congestion avoidance algorithms?\nVan Jacobson",
            "",
        ]
    )
    assert cosine(one, other) >= e.duplicate_cosine > cosine(one, unrelated) + 0.5
    assert not empty.any()
    h = HashingEmbedder()
    h1, h2 = h.embed(
        [
            "What is the default value?\nThe system page size",
            "What is the default?\nIt is the page size of the system",
        ]
    )
    assert cosine(h1, h2) < h.duplicate_cosine


def test_the_model_loads_without_the_network(tmp_path: Path) -> None:
    """In a fresh process whose sockets refuse to connect and whose HOME is empty (no cache
    folder), the packaged model still loads: nothing is downloaded. Loading it leaves logging
    as it was (wordllama's import calls ``basicConfig(level=INFO)``, which put every library's
    INFO lines on stderr: a benchmark's output, the worker's log)."""
    script = (
        "import logging, socket\n"
        "def refuse(*a, **k):\n    raise OSError('network disabled')\n"
        "socket.socket.connect = refuse\n"
        "from studyapp.vectors.embedder import WordLlamaEmbedder\n"
        "v = WordLlamaEmbedder().embed(['slow start'])\n"
        "print(v.shape)\n"
        "logging.getLogger('pgserver').info('an INFO line')\n"
        "print(logging.getLogger().handlers, logging.getLogger().level == logging.WARNING)\n"
    )
    env = {**os.environ, "HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == ["(1, 256)", "[] True"]
    assert "an INFO line" not in out.stderr
    assert not any(tmp_path.iterdir())


# -- material import --------------------------------------------------------------------------
PROSE = "Slow start is the phase in which the congestion window doubles every round trip. " * 2


def test_encodings_are_detected() -> None:
    assert from_bytes(PROSE.encode(), "a.txt").encoding == "utf-8"
    assert from_bytes(b"\xef\xbb\xbf" + PROSE.encode(), "a.txt").text == PROSE
    utf16 = from_bytes(PROSE.encode("utf-16"), "a.txt")
    assert utf16.encoding == "utf-16" and utf16.text == PROSE
    latin = from_bytes(("Café crème: " + PROSE).encode("cp1252"), "a.txt")
    assert latin.encoding == "cp1252" and latin.text.startswith("Café") and "UTF-8" in latin.note


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty"),
        (b"   \n  ", "empty"),
        (b"too short", "too short"),
        (b"\x00\x01binary\x00" * 20, "binary"),
        (b"x" * 2_100_000, "too large"),
        (bytes(range(128, 256)) * 4 + b"\x81\x8d\x8f\x90\x9d" * 50, "encoding"),
        (b"\xef\xbb\xbf" + b"\xff\xfe invalid utf8 after a bom" * 5, "not valid UTF-8"),
        (b"%PDF-1.4 not really a pdf", "PDF"),
    ],
)
def test_bad_material_is_refused_with_a_clear_message(data, words) -> None:
    with pytest.raises(BadInput, match=words):
        from_bytes(data, "notes.txt")


def test_pdf_text_layer_and_scanned_pdf(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    path = tmp_path / "scan.pdf"
    with path.open("wb") as fh:
        writer.write(fh)
    with pytest.raises(BadInput, match="no text layer"):
        read_file(path)
    with pytest.raises(BadInput, match=r"only \.txt, \.md, \.html and \.pdf"):
        (tmp_path / "x.docx").write_bytes(b"PK")
        read_file(tmp_path / "x.docx")
    with pytest.raises(BadInput, match="No such file"):
        read_file(tmp_path / "missing.md")


def test_pdf_with_text(tmp_path: Path) -> None:
    pdf = _text_pdf(PROSE)
    material = from_bytes(pdf, "notes.pdf")
    assert "congestion window" in material.text and material.encoding == "pdf"


def _text_pdf(text: str) -> bytes:
    """A minimal one-page PDF with a text layer (no extra dependency needed)."""
    stream = f"BT /F1 10 Tf 10 100 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 2000 200] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>stream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(f"{i} 0 obj\n".encode() + obj + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for off in offsets:
        out.write(f"{off:010d} 00000 n \n".encode())
    out.write(
        f"trailer << /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def test_stdin_is_read() -> None:
    material = read_stream(io.BytesIO(PROSE.encode()))
    assert material.source == "standard input" and material.text == PROSE


# -- keys -------------------------------------------------------------------------------------
def test_api_key_never_prints_itself(caplog) -> None:
    key = ApiKey("sk-ant-secret-value-123")
    logging.getLogger("t").warning("key is %s / %r / %s", key, key, f"{key}")
    assert "secret" not in caplog.text and "ApiKey(****)" in caplog.text
    assert key.scrub("echo sk-ant-secret-value-123") == "echo ****"


def test_key_lookup_without_keyring_says_so(monkeypatch) -> None:
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    monkeypatch.delenv("STUDYAPP_NO_KEYRING", raising=False)
    lookup = find_api_key()
    # This machine has no keyring backend (or an empty one): no key, and a note saying why.
    assert lookup.key is None and "ANTHROPIC_API_KEY" in lookup.note
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-env")
    assert find_api_key().source == "environment"
