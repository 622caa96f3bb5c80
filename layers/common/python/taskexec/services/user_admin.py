"""Role and status changes (SUPER_ADMIN only, never on oneself; one that leaves a user unable to execute pauses
their automations), a user's own time zone, and sign-up registration."""

from __future__ import annotations

from taskexec.authorization import Role, UserStatus
from taskexec.data import user_store
from taskexec.domain import time_zones
from taskexec.domain.conflicts import StaleWrite
from taskexec.domain.users import User
from taskexec.errors import ErrorCode, ServiceError


def change_user(actor: User, user_id: str, role: Role | None, status: UserStatus | None) -> User:
    if user_id == actor.id:
        raise ServiceError(
            ErrorCode.INSUFFICIENT_PRIVILEGES,
            "You cannot change your own role or status.",
            suggestion="Ask another SUPER_ADMIN.",
        )
    target = user_store.get_user(user_id) if 0 < len(user_id) <= 128 else None
    if target is None:
        raise ServiceError(ErrorCode.NOT_FOUND, "No such user.")
    if (role or target.role) == target.role and (status or target.status) == target.status:
        changed = target
    else:
        try:
            changed = user_store.change_role_status(target, role, status)
        except StaleWrite:
            raise ServiceError(
                ErrorCode.CONFLICT,
                "The user changed while this request was handled.",
                suggestion="Read the user again and retry.",
            ) from None
    if not changed.can_execute:
        _pause_automations(changed)
    return changed


def _pause_automations(user: User) -> None:
    """A user who can no longer execute (INACTIVE, or a role that may not) runs no automation: theirs are paused
    now, so nothing is left running for them. Done on every such change, the same one sent again included, so a
    change whose pausing failed half-way completes when it is sent again."""
    from taskexec.services import automation_owners  # only here: most changes pause nothing

    automation_owners.pause_owned(user)


def change_time_zone(actor: User, zone: str) -> User:
    """PATCH /me: the caller's own zone (validated by the body's schema). The same zone again writes nothing."""
    if zone == actor.time_zone:
        return actor
    try:
        return user_store.change_time_zone(actor, zone)
    except StaleWrite:
        raise ServiceError(
            ErrorCode.CONFLICT,
            "Your user row changed while this request was handled.",
            suggestion="Read it again with GET /me and retry.",
        ) from None


def register(user_id: str, email: str | None, username: str | None, zoneinfo: object = None) -> bool:
    """A new sign-up becomes an ACTIVE USER on the calendar of Cognito's `zoneinfo` when that names a zone (an
    attribute the user set, free text to Cognito), else UTC; a repeated trigger changes nothing."""
    return user_store.create_user_row(
        user_id,
        email=email,
        username=username,
        role=Role.USER,
        status=UserStatus.ACTIVE,
        time_zone=time_zones.zone_or_utc(zoneinfo),
    )
