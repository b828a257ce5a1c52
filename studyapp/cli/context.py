"""What every command gets: the resolved config and, opened on first use, the database and profile."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from studyapp.config import AppConfig

if TYPE_CHECKING:  # the database stack loads on first use: `studyapp` opens its window first
    from studyapp.db.database import Database
    from studyapp.services.profiles import ProfileInfo


@dataclass
class CliContext:
    config: AppConfig
    _db: Database | None = field(default=None, repr=False)
    _profile: ProfileInfo | None = field(default=None, repr=False)

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> CliContext:
        return cls(AppConfig.resolve(database_url=args.database_url, profile=args.profile))

    @property
    def db(self) -> Database:
        if self._db is None:
            from studyapp.db.bootstrap import open_database

            self._db = open_database(self.config)
        return self._db

    @property
    def profile(self) -> ProfileInfo:
        if self._profile is None:
            from studyapp.generation.paying_keys import act_for
            from studyapp.services.profiles import ensure_profile
            from studyapp.services.server_roles import own_profile

            own = None if self.config.profile_given else own_profile(self.db)
            # A learner's role on a shared server is its own profile unless told otherwise.
            self._profile = own or ensure_profile(self.db, self.config.profile)
            act_for(self._profile.id)  # this process's own key is this profile's
        return self._profile

    def close(self) -> None:
        if self._db is not None:
            self._db.dispose()
            self._db = None

    @staticmethod
    def print_json(value: Any) -> None:
        json.dump(value, sys.stdout, indent=2, ensure_ascii=False, default=str)
        sys.stdout.write("\n")
