"""``studyapp export`` / ``import`` (CSV, Anki .apkg) and ``backup`` / ``restore`` (a profile)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from studyapp.cli.context import CliContext
from studyapp.errors import BadInput, ProfileNotEmpty
from studyapp.plural import counted
from studyapp.services import apkg, backup, interop_csv

FORMATS = ("csv", "apkg")


def register(subparsers: argparse._SubParsersAction) -> None:
    export = subparsers.add_parser("export", help="export a goal's cards as CSV or an Anki .apkg")
    export.add_argument("goal_id", type=int, metavar="GOAL_ID")
    export.add_argument("--format", choices=FORMATS, help="default: from the file extension")
    export.add_argument("--output", "-o", required=True, type=Path, metavar="FILE")
    export.add_argument("--json", action="store_true")
    export.set_defaults(handler=cmd_export)

    imp = subparsers.add_parser(
        "import", help="import cards from CSV or an Anki .apkg/.colpkg into a goal"
    )
    imp.add_argument("file", type=Path, metavar="FILE")
    imp.add_argument(
        "--goal",
        type=int,
        metavar="GOAL_ID",
        help="default: a new goal named after the Anki deck (or the file)",
    )
    imp.add_argument("--format", choices=FORMATS, help="default: detected from the file")
    imp.add_argument("--json", action="store_true")
    imp.set_defaults(handler=cmd_import)

    save = subparsers.add_parser(
        "backup", help="write the whole profile (and its media files) to a backup file"
    )
    save.add_argument("--output", "-o", required=True, type=Path, metavar="FILE")
    save.add_argument("--json", action="store_true")
    save.set_defaults(handler=cmd_backup)

    load = subparsers.add_parser(
        "restore",
        help="restore a backup: into the (empty) profile, a new profile, or beside its goals",
    )
    load.add_argument("file", type=Path, metavar="FILE")
    where = load.add_mutually_exclusive_group()
    where.add_argument(
        "--new-profile",
        metavar="NAME",
        help="restore into a new profile of this name (with the backup's settings)",
    )
    where.add_argument(
        "--add",
        action="store_true",
        help="add the backup's goals beside this profile's own (nothing of them is touched)",
    )
    load.add_argument("--json", action="store_true")
    load.set_defaults(handler=cmd_restore)


def _format_of(path: Path, given: str | None, *, sniff: bool) -> str:
    if given:
        return given
    suffix = path.suffix.lower()
    if suffix in {".apkg", ".colpkg"}:
        return "apkg"
    if suffix in {".csv", ".tsv", ".txt"}:
        return "csv"
    if sniff and path.is_file():
        with path.open("rb") as handle:
            return "apkg" if handle.read(4) == b"PK\x03\x04" else "csv"
    raise BadInput(f"Cannot tell the format of {path.name}; add --format csv or --format apkg.")


def cmd_export(ctx: CliContext, args: argparse.Namespace) -> int:
    fmt = _format_of(args.output, args.format, sniff=False)
    writer = apkg.export_apkg if fmt == "apkg" else interop_csv.export_csv
    result = writer(ctx.db, ctx.profile.id, args.goal_id, args.output)
    if args.json:
        ctx.print_json(
            {
                "goal_id": result.goal_id,
                "format": fmt,
                "cards": result.cards,
                "path": str(result.path),
                "reviews": result.reviews,
                "media_files": result.media_files,
                "media_missing": result.media_missing,
            }
        )
    else:
        history = (
            f", {counted(result.reviews, 'review')}, {counted(result.media_files, 'media file')}"
            if fmt == "apkg"
            else ""
        )
        print(
            f"Exported {counted(result.cards, 'card')} of goal {result.goal_id} to {result.path} "
            f"({fmt}{history})."
        )
        if result.media_missing:
            print(
                f"Note: {result.media_missing} media file(s) are no longer in the media folder "
                "and were left out.",
                file=sys.stderr,
            )
    return 0


def cmd_import(ctx: CliContext, args: argparse.Namespace) -> int:
    if not args.file.exists():
        raise BadInput(f"No such file: {args.file}.")
    fmt = _format_of(args.file, args.format, sniff=True)
    reader = apkg.import_apkg if fmt == "apkg" else interop_csv.import_csv
    result = reader(ctx.db, ctx.profile.id, args.goal, args.file)
    if args.json:
        ctx.print_json(
            {
                "goal_id": result.goal_id,
                "format": result.source,
                "taken": result.taken,
                "skipped": result.skipped,
                "duplicates": result.duplicates,
                "empty": result.empty,
                "nodes_created": result.nodes_created,
                "reviews": result.reviews,
                "media_files": result.media_files,
                "unplaced_cards": len(result.unplaced_card_ids),
                "homed_cards": result.homed,
                "media_missing": result.missing_media,
                "reviews_skipped": result.skipped_reviews,
                "updated": result.updated,
                "unchanged": result.unchanged,
            }
        )
    else:
        print(result.summary())
    if fmt == "apkg":
        # The new cards are being embedded for search in the background: finish before this
        # process (and an embedded database with it) goes away.
        from studyapp.services.card_vectors import wait_for_background

        sys.stdout.flush()
        wait_for_background()
    return 0


def cmd_backup(ctx: CliContext, args: argparse.Namespace) -> int:
    result = backup.backup_profile(ctx.db, ctx.profile.id, args.output)
    if args.json:
        ctx.print_json(
            {
                "path": str(result.path),
                "profile": result.profile,
                **result.counts,
                "media_files": result.media_files,
                "media_missing": list(result.media_missing),
            }
        )
    else:
        print(result.sentence())
    return 0


def cmd_restore(ctx: CliContext, args: argparse.Namespace) -> int:
    if args.new_profile is not None:
        result = backup.restore_new_profile(ctx.db, args.new_profile, args.file)
    elif args.add:
        result = backup.restore_beside(ctx.db, ctx.profile.id, args.file)
    else:
        try:
            result = backup.restore_profile(ctx.db, ctx.profile.id, args.file)
        except ProfileNotEmpty as exc:
            raise BadInput(
                f"{exc} Restore it into a new profile (--new-profile NAME) or add its goals "
                "beside this profile's (--add)."
            ) from exc
    if args.json:
        ctx.print_json(
            {
                "profile": result.profile_name,
                "profile_id": result.profile_id,
                "mode": result.mode,
                **result.counts,
                "media_files": result.media_files,
                "media_missing": list(result.media_missing),
                "renamed_goals": result.renamed,
            }
        )
    else:
        print(result.sentence())
    return 0
