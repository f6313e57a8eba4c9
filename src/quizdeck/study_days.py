"""The study calendar: a study day starts at a set local hour, not at midnight."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo

from quizdeck.clock import utc


@dataclass(frozen=True)
class StudyDays:
    """Study days that begin at ``hour`` local time in ``tz`` (None: the system's zone)."""

    hour: int
    tz: tzinfo | None = None

    def date_of(self, moment: datetime) -> date:
        """The study day ``moment`` belongs to: its local date, minus one before the day starts."""
        local = utc(moment).astimezone(self.tz)
        return local.date() if local.hour >= self.hour else local.date() - timedelta(days=1)

    def start(self, day: date) -> datetime:
        """When study day ``day`` begins (UTC)."""
        naive = datetime.combine(day, time(self.hour))
        local = naive.replace(tzinfo=self.tz) if self.tz else naive.astimezone()
        return local.astimezone(timezone.utc)
