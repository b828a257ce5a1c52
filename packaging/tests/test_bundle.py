"""The bundle as a learner gets it: unpacked into a fresh folder, started with a fresh HOME and
``env -i`` (no venv, no project folder, no PATH), on Xvfb, typed into with xdotool (real X
key events on the real window). Run by ``.ci/dist`` (CI's packaging step), never by
``make test``:

    STUDYAPP_BUNDLE=dist/studyapp-X-linux-x86_64.tar.gz python -m pytest packaging/tests

1. the learner's path: the window shows, a goal is made (Ctrl+N), material is added (Ctrl+M),
   cards appear, one is studied (Ctrl+R, Space, 3), Ctrl+Q leaves no process (not the app, not
   its PostgreSQL) and nothing was written inside the bundle's folder; the bundle put itself
   in the desktop's menu;
2. the upgrade: the folder is replaced by version N+1 (this same bundle with a bumped version
   and one extra no-op migration, see ``make_next_version``), which starts, migrates the
   learner's database on its first start and finds every goal, card and review;
3. a missing system library (libEGL, hidden in a private mount namespace): no window, exit 2,
   and a dialog on the X server naming the package.

``STUDYAPP_BUNDLE_OVERLAY=studyapp`` copies that source folder over the bundle's own Python
package first: CI keeps a built bundle while packaging inputs are unchanged (``.ci/dist``) and
tests today's code in it. The learner talks to the window; the test reads the database with
the bundle's own command line (``studyapp goals list --json``), a second process sharing the
embedded server as ``studyapp worker`` would.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ARCHIVE = os.environ.get("STUDYAPP_BUNDLE")
OVERLAY = os.environ.get("STUDYAPP_BUNDLE_OVERLAY")
# The main window is called "Studyapp" until its profile opens, then by the profile's name
# (shown as "default — Studyapp"); the learner here has the one profile, default.
MAIN_WINDOW = "Studyapp|default"
pytestmark = pytest.mark.skipif(not ARCHIVE, reason="STUDYAPP_BUNDLE names no bundle archive")

MATERIAL = (
    "Congestion control notes. The congestion window is a limit on how much unacknowledged "
    "data a TCP sender may have in flight. Slow start is the phase in which the congestion "
    "window doubles every round trip. Fast retransmit is a mechanism that resends a segment "
    "after three duplicate acknowledgements."
)
PROBE_REVISION = "9999"


def unpack(archive: Path, into: Path) -> Path:
    """The learner's "extract here": ``into/studyapp/``, overlaid with today's sources if asked."""
    into.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive) as tar:
        tar.extractall(into, filter="tar")
    folder = into / "studyapp"
    if OVERLAY:
        package = folder / "_internal" / "studyapp"
        shutil.rmtree(package)
        shutil.copytree(OVERLAY, package, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return folder


def make_next_version(folder: Path, head: str) -> str:
    """Turn an unpacked bundle into version N+1: the version bumped and one more migration
    (a no-op on top of ``head``), exactly what a newer release brings that matters to the
    learner's data. Returns the new version."""
    package = folder / "_internal" / "studyapp"
    init = package / "__init__.py"
    text = init.read_text()
    version = re.search(r'__version__ = "([^"]+)"', text).group(1)
    bumped = f"{version}.1"
    init.write_text(text.replace(f'"{version}"', f'"{bumped}"'))
    (package / "db" / "migrations" / "versions" / f"{PROBE_REVISION}_upgrade_probe.py").write_text(
        f'"""The upgrade test\'s migration: version N+1 brings one, and changes nothing."""\n'
        f'revision = "{PROBE_REVISION}"\n'
        f'down_revision = "{head}"\n'
        "branch_labels = None\ndepends_on = None\n\n\n"
        "def upgrade() -> None:\n    pass\n\n\n"
        "def downgrade() -> None:\n    pass\n"
    )
    return bumped


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file of the bundle with its size and mtime (modes change: pgserver, run as root,
    opens its folders to the postgres user)."""
    return {
        str(p.relative_to(folder)): (p.lstat().st_size, int(p.lstat().st_mtime))
        for p in folder.rglob("*")
        if not p.is_dir()
    }


@pytest.fixture(scope="module")
def display() -> Iterator[str]:
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x860x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    assert number, "Xvfb did not report its display"
    yield f":{number}"
    server.terminate()
    server.wait(10)


@pytest.fixture
def tmp_path() -> Iterator[Path]:
    """A fresh folder outside pytest's own (``/tmp/pytest-of-root`` is reset to mode 0700 by
    any pytest starting meanwhile, which locks out the ``pgserver`` user that the embedded
    PostgreSQL runs as under root)."""
    folder = Path(tempfile.mkdtemp(prefix="studyapp-bundle-test-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@dataclass
class Learner:
    """One learner's machine: a HOME, the unpacked bundle, the X display."""

    home: Path
    bundle: Path
    display: str
    logs: list[Path] = field(default_factory=list)
    apps: list[subprocess.Popen] = field(default_factory=list)

    @property
    def program(self) -> Path:
        return self.bundle / "studyapp"

    def env(self) -> list[str]:
        """``env -i``: what a desktop session gives a program, at the least."""
        return ["env", "-i", f"HOME={self.home}", f"DISPLAY={self.display}"]

    def cli(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [*self.env(), self.program, *args], capture_output=True, text=True, timeout=120
        )
        if check:
            assert done.returncode == 0, f"studyapp {' '.join(args)}: {done.stderr}"
        return done

    def goals(self) -> list[dict]:
        return json.loads(self.cli("goals", "list", "--json").stdout)

    def start(self) -> subprocess.Popen:
        log = self.home / f"app-{len(self.logs)}.log"
        self.logs.append(log)
        with log.open("w") as out:
            app = subprocess.Popen(
                [*self.env(), self.program], stdout=out, stderr=subprocess.STDOUT, cwd=self.home
            )
        self.apps.append(app)
        return app

    def stop_all(self) -> None:
        """After a failure: no window of this test outlives it (SIGTERM closes it properly)."""
        for app in self.apps:
            if app.poll() is None:
                app.terminate()
                try:
                    app.wait(30)
                except subprocess.TimeoutExpired:
                    app.kill()
                    app.wait()

    def log(self) -> str:
        return "\n".join(p.read_text(errors="replace")[-3000:] for p in self.logs)

    def xdotool(self, *args: str) -> str:
        done = subprocess.run(
            ["xdotool", *args],
            env={"DISPLAY": self.display, "PATH": os.environ["PATH"]},
            capture_output=True,
            text=True,
            timeout=60,
        )
        return done.stdout.strip()

    def window(self, title: str, timeout: float = 60) -> str:
        """The id of a visible window called ``title`` (a POSIX regular expression), focused
        (Xvfb has no window manager to give it the keyboard). Qt adds " — Studyapp", the
        application's display name, to every title but the one that is already "Studyapp"."""
        found = wait_for(
            lambda: self.xdotool(
                "search", "--onlyvisible", "--name", f"^({title})( \u2014 Studyapp)?$"
            ),
            timeout,
            f"a window called {title!r}",
            self,
        )
        window = found.split()[-1]
        self.xdotool("windowfocus", "--sync", window)
        return window

    def open_dialog(self, keys: str, title: str, timeout: float = 60) -> str:
        """Press ``keys`` in the main window until the dialog called ``title`` shows (the
        window's actions are enabled once its database is open, a moment after the CLI's)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.window(MAIN_WINDOW)
            self.keys(keys)
            try:
                return self.window(title, timeout=3)
            except pytest.fail.Exception:
                continue
        pytest.fail(f"{keys} never opened {title!r}\n{self.log()}")

    def keys(self, *keys: str) -> None:
        self.xdotool("key", "--delay", "60", *keys)

    def type(self, text: str) -> None:
        self.xdotool("type", "--delay", "8", text)


def read_backup(path: Path) -> dict:
    """A backup's data: format 3 is a zip holding ``backup.json`` beside the media files."""
    with zipfile.ZipFile(path) as archive:
        return json.loads(archive.read("backup.json"))


def wait_for(condition, timeout: float, what: str, learner: Learner):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.3)
    pytest.fail(f"timed out waiting for {what}\n{learner.log()}")


def quit_and_check_gone(learner: Learner, app: subprocess.Popen) -> None:
    """Ctrl+Q; then no process of the bundle runs (neither the app nor its PostgreSQL)."""
    learner.window(MAIN_WINDOW)
    learner.keys("ctrl+q")
    assert app.wait(30) == 0, learner.log()
    pgdata = learner.home / ".local" / "share" / "studyapp" / "pgdata"

    def stopped() -> bool:
        release = pgdata.parent / "release.log"
        return not (pgdata / "postmaster.pid").exists() and (
            release.exists() and "stopped" in release.read_text()
        )

    wait_for(stopped, 30, "the embedded PostgreSQL to stop", learner)
    # The detached helper that stopped the server exits just after saying so.
    deadline = time.monotonic() + 15
    while (left := bundle_processes(learner.bundle)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert left == [], left


def bundle_processes(bundle: Path) -> list[str]:
    """Processes running a program of the bundle (the app, its helper, its PostgreSQL)."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            exe = os.readlink(proc / "exe")
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if exe.startswith(str(bundle)):
            found.append(f"{proc.name}: {cmdline}")
    return found


@pytest.mark.timeout(900)
def test_learner_path_upgrade_and_data_kept(display, tmp_path) -> None:
    archive = Path(ARCHIVE).resolve()
    home = tmp_path / "home"
    home.mkdir()
    apps = tmp_path / "Applications"
    learner = Learner(home, unpack(archive, apps), display)
    try:
        walk_upgrade_and_check(learner, archive, apps)
    finally:
        learner.stop_all()


def walk_upgrade_and_check(learner: Learner, archive: Path, apps: Path) -> None:
    home = learner.home
    before = snapshot(learner.bundle)

    # 1. Start, make a goal, add material, study a card, quit.
    started = time.monotonic()
    app = learner.start()
    learner.window(MAIN_WINDOW)
    print(f"start -> window: {time.monotonic() - started:.2f} s")
    learner.open_dialog("ctrl+n", "New goal", timeout=120)
    learner.type("Understand TCP congestion control")
    learner.keys("Return")
    goal = wait_for(lambda: learner.goals(), 60, "the goal", learner)[0]
    learner.open_dialog("ctrl+m", "Add material")
    learner.type(MATERIAL)
    learner.keys("Tab", "Tab", "Return")  # out of the text, past "Choose file…", to OK
    wait_for(lambda: learner.goals()[0]["cards"] >= 3, 120, "cards from the material", learner)
    learner.window(MAIN_WINDOW)
    learner.keys("ctrl+r")

    def reviewed() -> dict:
        learner.window(MAIN_WINDOW)
        learner.keys("space", "3")  # reveal, Good (the first card may still be loading: again)
        backup = home / "backup.zip"
        learner.cli("backup", "--output", str(backup))
        data = read_backup(backup)
        return data if data["reviews"] else {}

    saved = wait_for(reviewed, 60, "a review", learner)
    quit_and_check_gone(learner, app)
    assert "Traceback" not in learner.log(), learner.log()
    assert snapshot(learner.bundle) == before, "the bundle wrote inside its own folder"
    entry = home / ".local" / "share" / "applications" / "studyapp.desktop"
    assert f"TryExec={learner.program.resolve()}" in entry.read_text()

    # 2. Replace the folder with version N+1; its first start migrates; everything is there.
    head = json.loads(learner.cli("db", "info", "--json").stdout)["schema"]
    shutil.rmtree(learner.bundle)
    learner.bundle = unpack(archive, apps)
    bumped = make_next_version(learner.bundle, head)
    assert learner.cli("--version").stdout.strip() == f"studyapp {bumped}"
    app = learner.start()
    learner.window(MAIN_WINDOW)

    def migrated() -> bool:
        done = learner.cli("db", "info", "--json", check=False)
        return done.returncode == 0 and json.loads(done.stdout)["schema"] == PROBE_REVISION

    wait_for(migrated, 120, "the new version's migration", learner)
    quit_and_check_gone(learner, app)
    after = home / "after.zip"
    learner.cli("backup", "--output", str(after))
    kept = read_backup(after)
    for part in ("goals", "skill_nodes", "cards", "reviews"):
        assert kept[part] == saved[part], part
    assert kept["goals"][0]["title"] == goal["title"]
    assert kept["app_version"] == bumped


def test_a_missing_library_is_shown_in_a_dialog(display, tmp_path) -> None:
    """libEGL (a graphics-driver library the bundle must not carry) hidden from the dynamic
    loader in a private mount namespace: the bundle says so in a dialog and exits."""
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        pytest.skip("hiding a system library needs root and unshare")
    learner = Learner(tmp_path / "home", unpack(Path(ARCHIVE).resolve(), tmp_path / "app"), display)
    learner.home.mkdir()
    lib = subprocess.run(
        ["sh", "-c", "ldconfig -p | grep -m1 'libEGL.so.1 (.*x86-64' | sed 's/.*=> //'"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    assert lib, "libEGL.so.1 is not installed here (make test installs libegl1)"
    cache = tmp_path / "ld.so.cache"
    script = (
        f"mount --bind /dev/null {Path(lib).resolve()} && "
        f"ldconfig -X -C {cache} && mount --bind {cache} /etc/ld.so.cache && "
        f"exec {' '.join(learner.env())} {learner.program}"
    )
    app = subprocess.Popen(["unshare", "-m", "sh", "-c", script], stderr=subprocess.PIPE, text=True)
    try:
        stderr = app.communicate(timeout=60)[1]
    except subprocess.TimeoutExpired:
        app.kill()
        pytest.fail("the bundle started although libEGL was hidden")
    assert app.returncode == 2, stderr
    assert "libegl1" in stderr and "sudo apt-get install" in stderr
    dialog = learner.window("Studyapp cannot open its window", timeout=20)
    shot = os.environ.get("STUDYAPP_BUNDLE_SCREENSHOT")
    if shot:
        subprocess.run(["import", "-display", display, "-window", "root", shot], check=False)
    learner.xdotool("windowkill", dialog)
