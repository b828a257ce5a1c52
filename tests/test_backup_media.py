"""Backups carry the cards' media files (format 3): restored into the profile's media folder,
checked against their sizes and SHA-1s, hostile names refused; an older backup (no media)
still restores and says exactly which files it left out."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest

from studyapp.errors import BadInput
from studyapp.services import backup
from studyapp.services.interop_media import card_media, media_dir
from studyapp.services.profiles import ensure_profile
from tests.factories import make_card, make_goal

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8
MP3 = b"ID3" + bytes(reversed(range(256))) * 4


@pytest.fixture
def with_media(db, profile, media_root) -> dict[str, int]:
    folder = media_dir(db, profile.id)
    folder.mkdir(parents=True)
    (folder / "cwnd chart.png").write_bytes(PNG)
    (folder / "ack.mp3").write_bytes(MP3)
    goal = make_goal(db, profile.id, "Networking")
    pictured = make_card(
        db, profile.id, goal, "What does the chart show?", "Slow start",
        media=[{"name": "cwnd chart.png", "side": "front"}, {"name": "ack.mp3", "side": "back"}],
    )  # fmt: skip
    gone = make_card(
        db, profile.id, goal, "Gone?", "Yes", media=[{"name": "deleted.png", "side": "front"}]
    )
    return {"goal": goal, "pictured": pictured, "gone": gone}


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_media_files_go_into_the_backup_and_come_back_in_a_new_profile(
    db, profile, with_media, tmp_path
) -> None:
    path = tmp_path / "all.zip"
    made = backup.backup_profile(db, profile.id, path)
    assert (made.media_files, made.media_missing) == (2, ("deleted.png",))
    assert "Left out: 1 media file no longer in the media folder (deleted.png)." in made.sentence()
    inside = members(path)
    document = json.loads(inside["backup.json"])
    listed = {f["name"]: f for f in document["media_files"]}
    assert listed["cwnd chart.png"]["sha1"] == hashlib.sha1(PNG).hexdigest()
    assert inside[listed["cwnd chart.png"]["member"]] == PNG
    restored = backup.restore_new_profile(db, "Laptop", path)
    assert restored.media_files == 2 and restored.media_missing == ("deleted.png",)
    assert "Left out: 1 media file not in the backup (deleted.png)." in restored.sentence()
    laptop = ensure_profile(db, "Laptop")
    card = min(
        c["id"] for c in backup.dump_profile(db, laptop.id)["cards"] if c["media"]
    )  # the pictured card, under its new id
    shown = {m.name: m for m in card_media(db, laptop.id, card)}
    assert shown["cwnd chart.png"].exists and shown["cwnd chart.png"].path.read_bytes() == PNG
    assert shown["ack.mp3"].path.read_bytes() == MP3
    assert shown["ack.mp3"].path.parent == media_dir(db, laptop.id)


def test_beside_a_different_file_of_the_same_name_both_are_kept(
    db, profile, with_media, tmp_path
) -> None:
    path = tmp_path / "all.zip"
    backup.backup_profile(db, profile.id, path)
    other = ensure_profile(db, "other")
    folder = media_dir(db, other.id)
    folder.mkdir(parents=True)
    (folder / "cwnd chart.png").write_bytes(b"another picture")
    make_goal(db, other.id, "Their own goal")
    restored = backup.restore_beside(db, other.id, path)
    assert restored.kept_goals == 1
    assert (folder / "cwnd chart.png").read_bytes() == b"another picture"  # untouched
    names = {
        ref["name"] for card in backup.dump_profile(db, other.id)["cards"] for ref in card["media"]
    }
    renamed = next(n for n in names if n.startswith("cwnd chart-"))
    assert (folder / renamed).read_bytes() == PNG  # the backup's picture, beside it


def rewrite(path: Path, change) -> Path:  # type: ignore[no-untyped-def]
    """The backup with its document (and members) changed as ``change(document, members)``."""
    inside = members(path)
    document = json.loads(inside.pop("backup.json"))
    change(document, inside)
    out = path.with_name("changed.zip")
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in inside.items():
            archive.writestr(name, data)
        archive.writestr("backup.json", json.dumps(document))
    return out


def _rename(document, _inside) -> None:  # type: ignore[no-untyped-def]
    document["media_files"][0]["name"] = "../../escape.png"


def _corrupt(document, inside) -> None:  # type: ignore[no-untyped-def]
    member = document["media_files"][0]["member"]
    inside[member] = b"X" + inside[member][1:]


def _member(document, _inside) -> None:  # type: ignore[no-untyped-def]
    document["media_files"][0]["member"] = "../etc/passwd"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_rename, "media_files[0].name: '../../escape.png' is not a safe file name"),
        (_corrupt, "does not match its checksum"),
        (_member, "media_files[0].member: '../etc/passwd' is not media/0"),
    ],
)
def test_hostile_media_in_a_backup_is_refused_and_nothing_is_restored(
    db, profile, with_media, tmp_path, media_root, change, message
) -> None:
    path = tmp_path / "all.zip"
    backup.backup_profile(db, profile.id, path)
    before = sorted(p.relative_to(media_root) for p in media_root.rglob("*"))
    with pytest.raises(BadInput, match=message.replace("[", r"\[").replace("]", r"\]")):
        backup.restore_new_profile(db, "Hostile", rewrite(path, change))
    assert ensure_profile(db, "Hostile").id  # (made here: the restore left no profile)
    assert backup.dump_profile(db, ensure_profile(db, "Hostile").id)["goals"] == []
    after = sorted(
        p.relative_to(media_root) for p in media_root.rglob("*") if ".part" not in p.name
    )
    assert after == before  # nothing was copied into any media folder


def test_an_old_backup_without_media_restores_and_names_what_it_left_out(
    db, profile, with_media, tmp_path
) -> None:
    document = backup.dump_profile(db, profile.id)
    document["version"] = 2
    for card in document["cards"]:
        del card["note_guid"], card["buried_until"]
    path = tmp_path / "old.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    restored = backup.restore_new_profile(db, "Old", path)
    assert restored.counts["cards"] == 2 and restored.media_files == 0
    assert restored.media_missing == ("ack.mp3", "cwnd chart.png", "deleted.png")
    assert restored.sentence().endswith(
        "Left out: 3 media files not in the backup (ack.mp3, cwnd chart.png, deleted.png)."
    )
