"""Time zones: whose calendar a request's dates are on.

"Today", every relative date, the defaults by priority, weekends and "in the past" are judged on the calendar of
the requester's zone: a person's user row (`timeZone`: Cognito's `zoneinfo` at sign-up, changed with PATCH /me),
an integration's TaskRequested detail, an automation's schedule. A zone is an IANA name; UTC when none is given.
A due date is a calendar date in that zone, and the task carries the zone's name.

Which names are zones: those of the IANA database as the `tzdata` package ships it (its `zones` list, the data
the Lambda runtime may lack, pinned in the layer), and nothing else. `zoneinfo.ZoneInfo` alone would take more:
any file under the system's zoneinfo directory (`localtime`, `posixrules`, `right/UTC`), a name in another case
on a case-insensitive file system. So a name is bounded in length, then in shape, then looked up in the list:
linear in what the caller sends, whatever it is.

Cost: UTC, the zone of most requests, needs no zone data and no `zoneinfo` (imported here only for another zone;
pydantic imports it in the functions that load pydantic anyway). The list of names and a zone's data are read on
the first use of a zone other than UTC, never at a cold start.
"""

import re
from datetime import UTC, date, datetime, tzinfo
from functools import cache

UTC_ZONE = "UTC"
ZONE_MAX = 64
"""Longer than any IANA name (the longest, America/Argentina/ComodRivadavia, has 32 characters)."""
ZONE_PATTERN = r"^[A-Za-z][A-Za-z0-9_+-]*(?:/[A-Za-z0-9_+-]+)*$"
"""The shape of every IANA name: '/'-separated parts of letters, digits, '_', '+' and '-' (Etc/GMT+5,
America/Port-au-Prince). No '.', so no part of a path can climb out of the zone data."""
NOT_ZONES = frozenset({"Factory"})
"""In tzdata's list, but a placeholder for "no zone configured" (its abbreviation is -00), not a place's time."""
NOT_A_ZONE = "is not an IANA time zone name (e.g. Europe/Berlin, America/New_York, Pacific/Honolulu, UTC)"


@cache
def zone_names() -> frozenset[str]:
    """Every IANA zone name tzdata knows (read once per process, on first use)."""
    from importlib.resources import files

    listed = files("tzdata").joinpath("zones").read_text(encoding="utf-8").split()
    return frozenset(listed) - NOT_ZONES


def is_zone(name: object) -> bool:
    if name == UTC_ZONE:
        return True
    return (
        isinstance(name, str)
        and len(name) <= ZONE_MAX
        and re.fullmatch(ZONE_PATTERN, name) is not None
        and name in zone_names()
    )


def zone_or_utc(name: object) -> str:
    """The zone `name` names, else UTC: for values nobody is there to be told about (a sign-up's `zoneinfo`)."""
    return name if isinstance(name, str) and is_zone(name) else UTC_ZONE


def required(name: object, field: str = "timeZone") -> str:
    """`name` when it names a zone, else 422 VALIDATION_FAILED naming `field`."""
    if isinstance(name, str) and is_zone(name):
        return name
    # Imported here: the functions that only read tasks and users (the events publisher) never refuse a zone.
    from taskexec.errors import ErrorCode, FieldIssue, ServiceError

    raise ServiceError(
        ErrorCode.VALIDATION_FAILED,
        "The time zone is not a known IANA time zone.",
        details=[FieldIssue(field, NOT_A_ZONE)],
        suggestion="Use an IANA name such as Europe/Berlin or America/New_York (PATCH /me sets your own).",
    )


def tz(name: str) -> tzinfo:
    """The tzinfo of a zone `is_zone` accepted."""
    if name == UTC_ZONE:
        return UTC
    from zoneinfo import ZoneInfo  # only a zone other than UTC needs zoneinfo and its data

    return ZoneInfo(name)


def today_in(zone: str, now: datetime) -> date:
    """The date on `zone`'s calendar at the instant `now` (an aware datetime)."""
    return now.astimezone(tz(zone)).date()
