"""A profile's settings, its lasting student id, and its study days."""

from __future__ import annotations

import contextlib
from datetime import date, datetime, timedelta
from typing import Any

from quizdeck import clock
from quizdeck.clock import StudyDays
from quizdeck.errors import StoreError
from quizdeck.settings import SETTINGS, SettingError, Settings, checked_setting, parse_setting
from quizdeck.store.database import Database

#: The settings row holding the profile's student id (not a setting a student changes).
IDENTITY = "student_id"


class Profile:
    """A profile's settings, its lasting student id, and its study days."""

    def __init__(self, database: Database) -> None:
        self.database = database

    # ----------------------------------------------------------------- settings

    def settings(self) -> Settings:
        """The profile's settings, defaults filled in."""
        with self.database.errors():
            rows = self.database.connection.execute("SELECT key, value FROM settings").fetchall()
        values: dict[str, Any] = {}
        for key, text in rows:
            with contextlib.suppress(SettingError):
                values[key] = parse_setting(key, text)
        return Settings(**values, explicit=frozenset(values))

    def identity(self) -> str:
        """This profile's student id: a random UUID made once, written into its exports so a
        class report tells two students of the same name apart ("" if it cannot be stored)."""
        with self.database.errors():
            row = self.database.connection.execute(
                "SELECT value FROM settings WHERE key = ?", (IDENTITY,)
            ).fetchone()
        if row:
            return str(row[0])
        import uuid

        made = str(uuid.uuid4())
        try:
            with self.database.write() as db:
                db.execute("INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)",
                           (IDENTITY, made))  # fmt: skip
                row = db.execute("SELECT value FROM settings WHERE key = ?", (IDENTITY,)).fetchone()
        except StoreError:
            return ""
        return str(row[0]) if row else ""

    def get_setting(self, key: str) -> str:
        """The value of one setting, as text."""
        if key not in SETTINGS:
            raise SettingError(f"unknown setting '{key}' (settings: {', '.join(SETTINGS)})")
        return self.settings().formatted()[key]

    def set_setting(self, key: str, text: str) -> str:
        """Change one setting (validated); returns the value as stored."""
        from quizdeck.store import events  # the sync log: not needed to read settings

        value = checked_setting(key, text)
        stored = SETTINGS[key].format(value)
        with self.database.write() as db:
            db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, stored),
            )
            if key not in events.LOCAL_SETTINGS:
                events.add(db, events.SETTING, clock.now(), body={"key": key, "value": stored})
        return stored

    def unset_setting(self, key: str) -> None:
        """Forget the student's own value of one setting: the default (or a deck's) applies."""
        if key not in SETTINGS:
            raise SettingError(f"unknown setting '{key}' (settings: {', '.join(SETTINGS)})")
        with self.database.write() as db:
            db.execute("DELETE FROM settings WHERE key = ?", (key,))

    # ----------------------------------------------------------------- days

    def day_start(self, now: datetime) -> datetime:
        """When the study day containing ``now`` began (UTC)."""
        return self.boundary(self.study_date(now))

    def next_day_start(self, now: datetime) -> datetime:
        """When the study day after the one containing ``now`` begins (UTC)."""
        return self.boundary(self.study_date(now) + timedelta(days=1))

    def study_date(self, moment: datetime, hour: int | None = None) -> date:
        """The study day ``moment`` belongs to: its local date, minus one before the day starts."""
        return self.calendar(hour).date_of(moment)

    def boundary(self, day: date, hour: int | None = None) -> datetime:
        return self.calendar(hour).start(day)

    def calendar(self, hour: int | None = None) -> StudyDays:
        """The study days of this profile (``hour``: when they start, default its setting)."""
        return StudyDays(
            self.settings().day_starts_at_hour if hour is None else hour, self.database.tz
        )
