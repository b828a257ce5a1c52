"""A keyring backend that keeps passwords in a JSON file: the OS keyring of the restart matrix.

The app stores the API key only in the OS keyring; a test machine has no Secret Service. The
window driver's process is started with ``PYTHON_KEYRING_BACKEND=tests.file_keyring.FileKeyring``
and ``STUDYAPP_TEST_KEYRING_FILE`` (in the test's own directory), so the key a learner stores in
Settings really goes through ``keyring`` and must survive the restart. Not viable anywhere else.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from jaraco.classes import properties
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

ENV_FILE = "STUDYAPP_TEST_KEYRING_FILE"


class FileKeyring(KeyringBackend):
    @classmethod
    def _file(cls) -> Path:
        value = os.environ.get(ENV_FILE)
        if not value:
            raise RuntimeError(f"{ENV_FILE} is not set")
        return Path(value)

    @properties.classproperty
    def priority(cls) -> float:  # type: ignore[override]
        cls._file()  # raises: not viable without the test's file
        return 0.5

    def _read(self) -> dict[str, str]:
        path = self._file()
        return json.loads(path.read_text()) if path.exists() else {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._read().get(f"{service}/{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._read()
        data[f"{service}/{username}"] = password
        self._file().write_text(json.dumps(data))

    def delete_password(self, service: str, username: str) -> None:
        data = self._read()
        if data.pop(f"{service}/{username}", None) is None:
            raise PasswordDeleteError("not set")
        self._file().write_text(json.dumps(data))
