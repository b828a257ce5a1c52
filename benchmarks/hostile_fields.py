"""Peak memory of a hostile card: a CSV with one 1 MB field imported, then searched.

Each step is the real command (``studyapp import``, ``studyapp cards search``) in a fresh
process, so its peak RSS (``ru_maxrss`` of that child alone) is its own; every child runs under
an address-space limit (``--limit-gb``, default 6) so a regression fails here instead of taking
the machine down. The CSV has 200 ordinary cards and one whose back is 1,000,000 characters of
prose (wordllama once padded every text of a batch to it: 7 GB, then every search failed).

    python benchmarks/hostile_fields.py [--database-url URL] [--runs N]

Last line: ``hostile 1 MB field: import peak X MB, search peak Y MB (limit 500 MB)``.
"""

from __future__ import annotations

import csv
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import open_bench_database, parser
from studyapp.services import goals

FIELD = 1_000_000
PHRASE = "the congestion window grows by one segment per round trip until a loss "


def write_csv(path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["front", "back"])
        for i in range(200):
            writer.writerow([f"What is term {i}?", f"Definition number {i} of the notes"])
        long_back = PHRASE * (FIELD // len(PHRASE) + 1)
        writer.writerow(["What does the long passage say?", long_back[:FIELD]])


def limited(gb: float):  # type: ignore[no-untyped-def]
    limit = int(gb * 1024**3)
    return lambda: resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def run(args: list[str], env: dict[str, str], gb: float) -> tuple[int, str]:
    """(peak RSS in MB of the child alone, its stderr) for ``python -m studyapp ARGS``."""
    code = (
        "import resource, runpy, sys\n"
        "sys.argv = ['studyapp', *sys.argv[1:]]\n"
        "try:\n"
        "    runpy.run_module('studyapp', run_name='__main__')\n"
        "finally:\n"
        "    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "    print(f'PEAK {peak}', file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        env=env,
        capture_output=True,
        text=True,
        preexec_fn=limited(gb),
        timeout=1800,
    )
    peak = next(
        (int(line.split()[1]) for line in done.stderr.splitlines() if line.startswith("PEAK ")),
        0,
    )
    if done.returncode != 0:
        tail = done.stderr.strip().splitlines()[-3:]
        print(f"  exit {done.returncode}: {' | '.join(tail)}")
    return peak // 1024, done.stderr


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--limit-gb", type=float, default=6.0)
    args = p.parse_args()
    db, profile = open_bench_database(args.database_url)
    work = Path(tempfile.mkdtemp(prefix="sa-hostile-"))
    path = work / "hostile.csv"
    write_csv(path)
    print(f"CSV {path.stat().st_size / 1e6:.1f} MB, one field of {FIELD:,} characters")
    imports, searches = [], []
    for run_no in range(args.runs):
        goal = goals.create_goal(db, profile.id, f"Hostile {run_no}")
        env = dict(os.environ)
        env.update(
            STUDYAPP_VECTORS_DIR=str(work / f"vectors-{run_no}"),
            STUDYAPP_MEDIA_DIR=str(work / "media"),
        )
        base = [f"--database-url={db.url}", "--profile", profile.name]
        peak, _ = run([*base, "import", str(path), "--goal", str(goal.id)], env, args.limit_gb)
        imports.append(peak)
        peak, _ = run(
            [*base, "cards", "search", "what does the passage say", "--goal", str(goal.id)],
            env,
            args.limit_gb,
        )
        searches.append(peak)
        print(f"run {run_no + 1}: import peak {imports[-1]} MB, search peak {searches[-1]} MB")
    db.dispose()
    shutil.rmtree(work, ignore_errors=True)
    print(
        f"hostile 1 MB field: import peak {statistics.median(imports):.0f} MB, search peak "
        f"{statistics.median(searches):.0f} MB (limit 500 MB)"
    )


if __name__ == "__main__":
    main()
