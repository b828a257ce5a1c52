"""``make dist``: the wheel, then the self-contained Linux bundle frozen from that wheel.

1. ``dist/studyapp-<version>-py3-none-any.whl`` (pip, with build isolation: only the
   ``[build-system]`` of pyproject.toml is needed);
2. a build venv (``build/bundle-venv``, made again when pyproject.toml changes) with the wheel
   and its ``dist`` extra (PyInstaller) installed: the bundle is made of what the wheel ships,
   not of the checkout, and ``studyapp --version`` is checked from that install;
3. PyInstaller with ``packaging/studyapp.spec`` (one folder; ``packaging/prune.py`` drops what
   the app never uses);
4. the interpreter's own libraries are stripped; identical files (wheels that ship a library
   under three names) become relative symlinks;
5. ``dist/studyapp-<version>-linux-x86_64.tar.gz`` with one folder, ``studyapp/``, inside.

Prints the sizes and the newest glibc symbol the bundle needs (the oldest Linux it runs on).
Run with any Python >= 3.11: ``python3 packaging/build_bundle.py``.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"
DIST = ROOT / "dist"
VENV = BUILD / "bundle-venv"
ARCH = "x86_64"


def run(*argv: str | Path, **kwargs) -> subprocess.CompletedProcess:
    print("+", " ".join(str(a) for a in argv), flush=True)
    return subprocess.run([str(a) for a in argv], check=True, **kwargs)


def version() -> str:
    text = (ROOT / "studyapp" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__ = "([^"]+)"', text, re.M)
    assert match, "studyapp/__init__.py has no __version__"
    return match.group(1)


def build_wheel() -> Path:
    DIST.mkdir(exist_ok=True)
    for old in DIST.glob("studyapp-*.whl"):
        old.unlink()
    run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", DIST, ROOT)
    (wheel,) = DIST.glob(f"studyapp-{version()}-*.whl")
    return wheel


def build_venv(wheel: Path) -> Path:
    """The venv PyInstaller runs in; its dependencies are installed again only when
    pyproject.toml changed, the wheel itself every time."""
    stamp = VENV / ".pyproject-sha256"
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    python = VENV / "bin" / "python"
    if not python.exists() or not stamp.exists() or stamp.read_text() != digest:
        shutil.rmtree(VENV, ignore_errors=True)
        run(sys.executable, "-m", "venv", VENV)
        run(python, "-m", "pip", "install", "--quiet", f"{wheel}[dist]")
        stamp.write_text(digest)
    else:
        run(python, "-m", "pip", "install", "--quiet", "--no-deps", "--force-reinstall", wheel)
    shown = subprocess.run(
        [VENV / "bin" / "studyapp", "--version"], cwd=BUILD, capture_output=True, text=True
    )
    assert shown.stdout.strip() == f"studyapp {version()}", (shown.stdout, shown.stderr)
    return python


def build_tools(python: Path) -> None:
    """What PyInstaller needs on Linux (ldd, objdump, objcopy: binutils) and what the bundle
    must carry (Qt's xcb libraries are copied from this machine): installed with apt as
    ``make test`` does (root), otherwise named."""
    missing = [
        tool for tool in ("ldd", "objdump", "objcopy", "strip") if shutil.which(tool) is None
    ]
    if missing:
        if os.geteuid() == 0 and shutil.which("apt-get"):
            run("apt-get", "install", "-y", "-qq", "binutils")
        else:
            sys.exit(f"make dist needs {', '.join(missing)}: sudo apt-get install binutils")
    if subprocess.run([python, "-m", "studyapp.gui.sysdeps", "--install"]).returncode != 0:
        sys.exit("make dist needs Qt's system libraries on this machine (see above)")


def freeze(python: Path) -> Path:
    work, out = BUILD / "pyinstaller", BUILD / "pyinstaller" / "dist"
    shutil.rmtree(out, ignore_errors=True)
    run(
        python, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
        "--distpath", out, "--workpath", work / "work", ROOT / "packaging" / "studyapp.spec",
        cwd=BUILD,
    )  # fmt: skip
    folder = out / "studyapp"
    shutil.copy(ROOT / "packaging" / "README-bundle.txt", folder / "README.txt")
    return folder


def strip_interpreter(folder: Path) -> int:
    """Strip the interpreter's own libraries (built here with their symbols: libpython alone
    is 23 MB, 6 MB stripped). Wheels' libraries are left alone: auditwheel patched many of
    them with patchelf, and strip can break such files. Returns bytes saved."""
    internal = folder / "_internal"
    targets = [*internal.glob("libpython3*.so*"), *internal.glob("python3*/lib-dynload/*.so")]
    saved = 0
    for path in targets:
        if path.is_symlink():
            continue
        size = path.stat().st_size
        subprocess.run(["strip", "--strip-unneeded", str(path)], check=True)
        saved += size - path.stat().st_size
    return saved


def link_duplicates(folder: Path) -> int:
    """Identical files (over 64 KB) become relative symlinks to the first; returns bytes saved."""
    seen: dict[tuple[int, str], Path] = {}
    saved = 0
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()):
        size = path.stat().st_size
        if size < 65536:
            continue
        key = (size, hashlib.sha256(path.read_bytes()).hexdigest())
        first = seen.setdefault(key, path)
        if first is not path:
            path.unlink()
            path.symlink_to(os.path.relpath(first, path.parent))
            saved += size
    return saved


def newest_glibc(folder: Path) -> str:
    """The newest GLIBC_x.y symbol version any bundled ELF file asks for."""
    found: set[tuple[int, ...]] = set()
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            head = path.open("rb").read(4)
            if head == b"\x7fELF":
                for match in re.finditer(rb"GLIBC_(\d+)\.(\d+)(?:\.(\d+))?", path.read_bytes()):
                    found.add(tuple(int(g) for g in match.groups() if g))
    return "GLIBC_" + ".".join(map(str, max(found))) if found else "none"


def pack(folder: Path) -> Path:
    archive = DIST / f"studyapp-{version()}-linux-{ARCH}.tar.gz"
    with tarfile.open(archive, "w:gz", compresslevel=6) as tar:
        tar.add(folder, arcname="studyapp")
    return archive


def size_of(folder: Path) -> int:
    return sum(p.lstat().st_size for p in folder.rglob("*"))


def main() -> int:
    started = time.monotonic()
    wheel = build_wheel()
    python = build_venv(wheel)
    build_tools(python)
    folder = freeze(python)
    stripped = strip_interpreter(folder)
    saved = link_duplicates(folder)
    archive = pack(folder)
    print(f"wheel:    {wheel.relative_to(ROOT)} ({wheel.stat().st_size / 1e6:.1f} MB)")
    print(f"bundle:   {folder.relative_to(ROOT)} ({size_of(folder) / 1e6:.0f} MB unpacked, "
          f"{stripped / 1e6:.0f} MB stripped, {saved / 1e6:.0f} MB of duplicates linked)")  # fmt: skip
    print(f"archive:  {archive.relative_to(ROOT)} ({archive.stat().st_size / 1e6:.0f} MB)")
    print(f"needs:    {newest_glibc(folder)} or newer (the system's C library)")
    print(f"built in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
