"""What the bundle leaves out: Qt plugins for platforms a desktop never uses, Qt's translations,
headers and sources, and every shared library that nothing kept needs any more.

PyInstaller's Qt hook collects every plugin of the modules the app imports, and with them the
libraries those plugins link (the GTK3 platform theme alone brings GTK, cairo, pango and ATK:
about 25 MB). :func:`prune` drops the plugins first, then keeps a shared library only if a kept
program, extension module or plugin needs it (directly or through another kept library),
following the ELF ``DT_NEEDED`` entries, which :func:`needed` reads without external tools.
Imported by ``studyapp.spec``; tested in ``tests/test_packaging_prune.py``.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

# Qt plugins the bundle keeps, by folder under PySide6/Qt/plugins (None: the whole folder).
# xcb and Wayland are the desktops; offscreen/minimal are headless runs (tests, CI). Image
# formats are those Anki decks carry (PNG is built into Qt). ibus/compose: typing accents.
KEEP_PLUGINS: dict[str, set[str] | None] = {
    "platforms": {"libqxcb.so", "libqwayland.so", "libqoffscreen.so", "libqminimal.so"},
    "xcbglintegrations": None,
    "platforminputcontexts": None,
    "imageformats": {"libqsvg.so", "libqjpeg.so", "libqgif.so", "libqwebp.so", "libqico.so"},
    "iconengines": None,
    "platformthemes": {"libqxdgdesktopportal.so"},  # not GTK3: that pulls in GTK itself
    "wayland-decoration-client": None,
    "wayland-graphics-integration-client": None,
    "wayland-shell-integration": None,
}
# Data nobody reads at run time.
DROP_DATA = re.compile(
    r"^PySide6/Qt/translations/"
    r"|^pyarrow/include/|^pyarrow/tests/|^pyarrow/.*\.(pxi|pyx|pxd|h|cc)$"
    r"|^numpy/.*/tests/|^numpy/_core/include/"
)
ALWAYS_KEEP = re.compile(r"^libpython3\.\d+\.so")  # the bootloader loads it, nothing links it


def needed(path: Path) -> list[str]:
    """The ``DT_NEEDED`` sonames of an ELF64 little-endian file ([] for anything else)."""
    try:
        data = path.read_bytes()
    except OSError:
        return []
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        return []
    shoff = struct.unpack_from("<Q", data, 0x28)[0]
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    sections = [
        struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)
    ]
    out: list[str] = []
    for _name, kind, _flags, _addr, offset, size, link, *_rest in sections:
        if kind != 6:  # SHT_DYNAMIC
            continue
        strtab = sections[link][4]
        for at in range(offset, offset + size, 16):
            tag, value = struct.unpack_from("<qQ", data, at)
            if tag == 0:
                break
            if tag == 1:  # DT_NEEDED
                end = data.index(b"\0", strtab + value)
                out.append(data[strtab + value : end].decode())
    return out


def _keep_plugin(dest: str) -> bool:
    parts = PurePosixPath(dest).parts
    if parts[:3] != ("PySide6", "Qt", "plugins") or len(parts) < 5:
        return True
    if parts[3] not in KEEP_PLUGINS:
        return False
    wanted = KEEP_PLUGINS[parts[3]]
    return wanted is None or parts[-1] in wanted


def _is_library(dest: str) -> bool:
    """A shared library (kept only when needed), as opposed to an extension module, a plugin
    or the like (kept as roots)."""
    name = PurePosixPath(dest).name
    if ".cpython-" in name or name.endswith(".abi3.so") or "lib-dynload" in dest:
        return False
    if dest.startswith(("PySide6/Qt/plugins/", "pgserver")):  # PostgreSQL dlopens its own
        return False
    return name.startswith("lib") and ".so" in name and not ALWAYS_KEEP.match(name)


def prune(binaries: Iterable[tuple], datas: Iterable[tuple]) -> tuple[list, list, list[str]]:
    """(binaries, datas, what was dropped) for PyInstaller's TOC lists of (dest, src, kind)."""
    binaries = list(binaries)
    dropped = [dest for dest, _src, _kind in binaries if not _keep_plugin(dest)]
    binaries = [entry for entry in binaries if _keep_plugin(entry[0])]
    by_name: dict[str, list[tuple]] = {}
    for entry in binaries:
        by_name.setdefault(PurePosixPath(entry[0]).name, []).append(entry)

    def target(entry: tuple) -> tuple:
        if entry[2] == "SYMLINK":  # (name, the file it points to, "SYMLINK")
            for other in binaries:
                if other[0] == entry[1]:
                    return other
        return entry

    kept: set[str] = set()
    todo = [target(e) for e in binaries if not _is_library(e[0]) or ALWAYS_KEEP.match(e[0])]
    while todo:
        entry = todo.pop()
        if entry[0] in kept:
            continue
        kept.add(entry[0])
        if entry[2] == "SYMLINK":
            continue
        for soname in needed(Path(entry[1])):
            for found in by_name.get(soname, []):
                todo.append(found)
                todo.append(target(found))
    result = []
    for entry in binaries:
        if entry[0] in kept or (entry[2] == "SYMLINK" and target(entry)[0] in kept):
            result.append(entry)
        else:
            dropped.append(entry[0])
    # PyInstaller lists its symlinks (a library's other names) with the data: one whose file
    # went must go too, or the bundle ships a dangling link.
    present = {entry[0] for entry in result} | {e[0] for e in datas if e[2] != "SYMLINK"}
    kept_datas = []
    for entry in datas:
        gone = DROP_DATA.search(entry[0]) or (entry[2] == "SYMLINK" and entry[1] not in present)
        if gone:
            dropped.append(entry[0])
        else:
            kept_datas.append(entry)
    return result, kept_datas, dropped
