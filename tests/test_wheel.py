"""The wheel, installed into a fresh venv outside the checkout: ``studyapp --version``, the
package's files (migrations, prompts, icon, MIME types) and the window's start through the
``studyapp-gui`` entry point on a real X server.

Fast on purpose (it runs in every ``make test``): the wheel is built without build isolation
from a copy of the sources, installed without its dependencies, which the fresh venv borrows
from the project's .venv through a ``.pth`` line (a path entry: the .venv's editable install of
the checkout is not activated, so ``studyapp`` can only come from the wheel; the test checks
it does). The complete install, dependencies resolved from the package index into an empty
venv, is ``make dist``'s (packaging/build_bundle.py), which CI runs in its packaging step.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

import pytest

import studyapp

ROOT = Path(__file__).resolve().parent.parent
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        bool(os.environ.get("STUDYAPP_TEST_DATABASE_URL")),
        reason="packaging does not depend on the database: checked on the embedded pass only",
    ),
]


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh venv (outside the checkout) with the wheel built from this checkout."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(
        ROOT / "studyapp", source / "studyapp", ignore=shutil.ignore_patterns("__pycache__")
    )
    pip = [sys.executable, "-m", "pip", "--quiet", "--disable-pip-version-check"]
    built = subprocess.run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", work / "dist", source],
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = (work / "dist").glob("studyapp-*.whl")
    assert wheel.name.startswith(f"studyapp-{studyapp.__version__}-")
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", venv], check=True)
    done = subprocess.run(
        [*pip, "--python", venv / "bin" / "python", "install", "--no-deps", wheel],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    site = next((venv / "lib").glob("python3.*/site-packages"))
    (site / "borrowed-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STUDYAPP_", "QT_", "PYTHON"))}
    env.update(extra)
    return env


def test_version_and_the_packages_files_come_from_the_wheel(installed, tmp_path) -> None:
    shown = subprocess.run(
        [installed / "bin" / "studyapp", "--version"],
        cwd=tmp_path,
        env=clean_env(),
        capture_output=True,
        text=True,
    )
    assert shown.stdout.strip() == f"studyapp {studyapp.__version__}", shown.stderr
    probe = (
        "import studyapp, sys\n"
        "from importlib import resources\n"
        "from studyapp.db.migrate import head_revision\n"
        "root = resources.files('studyapp') / 'resources'\n"
        "print(studyapp.__file__)\n"
        "print(head_revision())\n"
        "print((root / 'icons' / 'studyapp.svg').is_file(), "
        "(root / 'desktop' / 'studyapp-anki.xml').is_file(), "
        "len(list((root / 'prompts').iterdir())) > 0)\n"
    )
    out = subprocess.run(
        [installed / "bin" / "python", "-c", probe],
        cwd=tmp_path,
        env=clean_env(),
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    where, head, files = out.stdout.split("\n")[:3]
    assert Path(where).is_relative_to(installed), where  # the wheel's copy, not the checkout
    from studyapp.db.migrate import head_revision

    assert head == head_revision()
    assert files == "True True True"


def visible_window(display: str, pid: int, timeout: float) -> str | None:
    """The id of a visible top-level window of process ``pid`` (xdotool), or None."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = subprocess.run(
            ["xdotool", "search", "--onlyvisible", "--pid", str(pid), "--name", "^Studyapp$"],
            env={**os.environ, "DISPLAY": display},
            capture_output=True,
            text=True,
        )
        if found.stdout.strip():
            return found.stdout.split()[0]
        time.sleep(0.1)
    return None


def test_the_gui_entry_point_opens_the_window(installed, tmp_path, pg_server_url) -> None:
    if shutil.which("Xvfb") is None or shutil.which("xdotool") is None:
        pytest.fail("Xvfb and xdotool are missing: `make test` installs them (sysdeps)")
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x860x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as pipe:
        display = ":" + pipe.readline().strip()
    env = clean_env(
        DISPLAY=display,
        QT_QPA_PLATFORM="xcb",
        STUDYAPP_DATA_DIR=str(tmp_path / "data"),
        STUDYAPP_DATABASE_URL=pg_server_url,
        STUDYAPP_PROVIDER="offline",
        STUDYAPP_NO_KEYRING="1",
        STUDYAPP_VECTORS_DIR=str(tmp_path / "vectors"),
    )
    log = tmp_path / "app.log"
    try:
        with log.open("w") as out:
            app = subprocess.Popen(
                [installed / "bin" / "studyapp-gui"], cwd=tmp_path, env=env, stderr=out
            )
        try:
            assert visible_window(display, app.pid, 60), log.read_text()
        finally:
            app.send_signal(signal.SIGTERM)  # closes the window the ordinary way
            code = app.wait(30)
        assert code == 0, log.read_text()
        assert "Traceback" not in log.read_text()
    finally:
        server.terminate()
        server.wait(10)
