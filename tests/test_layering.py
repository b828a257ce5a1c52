"""Imports only point downward: nothing outside studyapp/gui imports PySide6."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "studyapp"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_only_gui_imports_qt() -> None:
    offenders = []
    checked = 0
    for path in PACKAGE.rglob("*.py"):
        if "gui" in path.relative_to(PACKAGE).parts:
            continue
        checked += 1
        if any(name.split(".")[0] in {"PySide6", "shiboken6"} for name in imported_modules(path)):
            offenders.append(str(path.relative_to(PACKAGE)))
    assert checked > 5
    assert offenders == []


def test_lower_layers_do_not_import_upper_ones() -> None:
    """db < vectors < generation < jobs < handlers < services < front ends (cli, gui). The CLI
    launches the window from one module (cli/gui.py); the window never imports the CLI."""
    order = ["db", "vectors", "generation", "jobs", "handlers", "services", "front"]
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE).parts
        layer = parts[0] if len(parts) > 1 else None
        if layer is None:
            continue
        rank = order.index("front") if layer in {"cli", "gui"} else order.index(layer)
        for name in imported_modules(path):
            bits = name.split(".")
            if bits[0] != "studyapp" or len(bits) < 2 or bits[1] not in {*order, "cli", "gui"}:
                continue
            target = bits[1]
            target_rank = order.index("front") if target in {"cli", "gui"} else order.index(target)
            if (
                target_rank > rank
                or (layer == "gui" and target == "cli")
                or (layer == "cli" and target == "gui" and parts[-1] != "gui.py")
            ):
                offenders.append(f"{'/'.join(parts)} imports {name}")
    assert offenders == []


def test_the_job_engine_knows_nothing_of_the_product() -> None:
    """The engine (jobs/) runs whatever is registered: it imports no generation, no vectors, no
    handlers and no product words; the product's handlers register with it from above."""
    offenders = []
    checked = 0
    for path in (PACKAGE / "jobs").rglob("*.py"):
        checked += 1
        for name in imported_modules(path):
            bits = name.split(".")
            if bits[0] == "studyapp" and len(bits) > 1 and bits[1] not in {"jobs", "db", "errors"}:
                offenders.append(f"{path.relative_to(PACKAGE)} imports {name}")
        source = path.read_text(encoding="utf-8")
        for word in ("flashcard_generation", "distractor_generation", "skill_tree_generation"):
            if word in source:
                offenders.append(f"{path.relative_to(PACKAGE)} mentions {word!r}")
    assert checked > 10
    assert offenders == []
