"""The cache key of a built bundle: a hash of everything that decides what goes into it.

CI (``.ci/dist``) rebuilds the bundle only when this changes and otherwise tests today's
Studyapp code inside the cached bundle (its Python package is plain files, replaced before the
test). So the key covers what the code swap cannot: pyproject.toml (dependencies, version
pins), the packaging files, the Makefile's ``dist`` rule, and the set of modules Studyapp's code
imports (a new ``import tomllib`` needs a rebuild: PyInstaller collects only what is imported).
Prints the key.
"""

from __future__ import annotations

import ast
import hashlib
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def imported_modules(package: Path) -> list[str]:
    """Every module Studyapp's code imports from outside itself, dotted names, sorted."""
    found: set[str] = set()
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_bytes())):
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module)
    return sorted(name for name in found if name.split(".")[0] != "studyapp")


def dist_rule(makefile: str) -> str:
    """The Makefile's ``dist:`` rule (its recipe lines), not the rest of the Makefile."""
    match = re.search(r"^dist:.*\n(?:\t.*\n)*", makefile, re.M)
    return match.group(0) if match else ""


def key(root: Path = ROOT) -> str:
    digest = hashlib.sha256()
    digest.update((root / "pyproject.toml").read_bytes())
    for path in sorted((root / "packaging").glob("*")):
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    digest.update(dist_rule((root / "Makefile").read_text()).encode())
    digest.update("\n".join(imported_modules(root / "studyapp")).encode())
    return digest.hexdigest()[:16]


if __name__ == "__main__":
    print(key(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT))
