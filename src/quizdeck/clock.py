"""Time: aware UTC datetimes, their text form in the store, what "now" is, and study days.

``QUIZ_NOW`` (an ISO 8601 date-time, e.g. ``2026-12-01T09:00`` or with an
offset) makes every command run as of that moment: for demos, for teachers
checking a schedule, and for tests that span days without sleeping. A time
without an offset is local time.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo

NOW_VARIABLE = "QUIZ_NOW"
#: The years ``QUIZ_NOW`` may name: a schedule's arithmetic (days ahead, study days, a
#: forecast) must stay inside what a datetime can hold, and no real clock is outside them.
NOW_YEARS = (1970, 2999)


class ClockError(ValueError):
    """``QUIZ_NOW`` is set to something that is not a date-time."""


def utc(moment: datetime) -> datetime:
    """``moment`` as an aware datetime in ``timezone.utc``; naive datetimes are refused."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"naive datetime {moment.isoformat()}: times must be timezone-aware")
    return moment.astimezone(timezone.utc)


def iso(moment: datetime | None) -> str | None:
    """``moment`` as fixed-width ISO 8601 UTC text (sorts as it compares), or None."""
    return None if moment is None else utc(moment).isoformat(timespec="microseconds")


def parse_time(text: str | None) -> datetime | None:
    """The inverse of :func:`iso`: an aware UTC datetime, or None."""
    return None if text is None else utc(datetime.fromisoformat(text))


def now() -> datetime:
    """The current time in UTC, or the moment ``QUIZ_NOW`` names."""
    pinned = os.environ.get(NOW_VARIABLE, "").strip()
    if not pinned:
        return datetime.now(timezone.utc)
    try:
        moment = datetime.fromisoformat(pinned.replace("Z", "+00:00"))
    except ValueError:
        raise ClockError(
            f"{NOW_VARIABLE}={pinned[:40]!r} is not a date-time (write e.g. 2026-12-01T09:00)"
        ) from None
    if not NOW_YEARS[0] < moment.year < NOW_YEARS[1]:
        raise ClockError(
            f"{NOW_VARIABLE}={pinned[:40]!r} must be between the years "
            f"{NOW_YEARS[0] + 1} and {NOW_YEARS[1] - 1}"
        )
    if moment.tzinfo is None or moment.utcoffset() is None:
        moment = moment.astimezone()
    return moment.astimezone(timezone.utc)


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

    def days_after(self, moment: datetime, due: datetime) -> datetime:
        """When the study day begins that is as many days after ``moment``'s as ``due`` is
        after ``moment`` (rounded, at least one): a review's due day, as Anki counts it."""
        interval = max(1, round((due - moment) / timedelta(days=1)))
        return self.start(self.date_of(moment) + timedelta(days=interval))
