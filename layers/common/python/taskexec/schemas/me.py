"""GET /me and PATCH /me bodies: the caller's own user row, and the one preference they may change."""

from pydantic import Field, field_validator

from taskexec.authorization import Role, UserStatus
from taskexec.domain import time_zones
from taskexec.schemas.common import Schema, Strict

ZONE_DESCRIPTION = (
    "IANA time zone name (Europe/Berlin, America/New_York, UTC): 'today', relative dates, the default due dates, "
    "weekends and 'in the past' are judged on its calendar"
)


class Me(Schema):
    """The caller's own user row."""

    id: str
    email: str | None
    role: Role
    status: UserStatus
    timeZone: str = Field(description=ZONE_DESCRIPTION, examples=["Pacific/Honolulu"])


class MeChange(Strict):
    """The caller's own preferences. Any other field (role, status, ...) is 403 PRIVILEGE_ESCALATION_ATTEMPT."""

    timeZone: str = Field(
        min_length=1,
        max_length=time_zones.ZONE_MAX,
        pattern=time_zones.ZONE_PATTERN,
        description=f"{ZONE_DESCRIPTION}. A name the IANA database does not hold is 422 VALIDATION_FAILED.",
        examples=["Pacific/Honolulu"],
    )

    @field_validator("timeZone")
    @classmethod
    def _known(cls, value: str) -> str:
        if not time_zones.is_zone(value):
            raise ValueError(time_zones.NOT_A_ZONE)
        return value
