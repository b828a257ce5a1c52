"""How long a card's interval reads: the way Anki counts it, in the learner's days.

Studyapp stores exact times; Anki counts whole days, each starting at the collection's rollover
hour (4 am by default). A card reviewed at 20:00 and due on the day six days on is "6d" to Anki,
though only 5 days and 8 hours lie between the review and the start of that day: measured in
hours and rounded, the browser used to say 5d. So an interval of a day or more reads as the
number of the learner's days from the day of the last review to the day the card is due; a
shorter one (a learning step) as the time itself. For a card Studyapp scheduled (due exactly n
days after its review) both give n.
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

DEFAULT_ROLLOVER = 4
DAY = timedelta(days=1)


def learner_day(moment: datetime, rollover: int, tz: tzinfo | None) -> int:
    """The learner's day of ``moment`` (an ordinal: days start at ``rollover`` o'clock)."""
    local = moment.astimezone(tz) - timedelta(hours=rollover)
    return local.date().toordinal()


def interval_shown(
    due: datetime,
    last_review: datetime | None,
    *,
    rollover: int | None = None,
    tz: tzinfo | None = None,
) -> timedelta | None:
    """The interval to show (see the module docstring); None for a card never reviewed.
    ``tz`` None: this machine's zone."""
    if last_review is None:
        return None
    exact = due - last_review
    if exact < DAY:
        return exact
    hour = DEFAULT_ROLLOVER if rollover is None or not 0 <= rollover < 24 else rollover
    days = learner_day(due, hour, tz) - learner_day(last_review, hour, tz)
    return timedelta(days=max(1, days))
