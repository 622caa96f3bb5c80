"""The user as the domain sees it: a role, a status, an open-task load, and the time zone of their calendar."""

from typing import NamedTuple

from taskexec.authorization import Role, UserStatus, is_executing
from taskexec.domain.time_zones import UTC_ZONE


class User(NamedTuple):
    id: str
    role: Role
    status: UserStatus
    email: str | None = None
    username: str | None = None
    open_tasks: int = 0
    last_assigned_at: str | None = None
    updated_at: str = ""
    time_zone: str = UTC_ZONE
    """The IANA zone whose calendar the user's requests are judged on (a row without one: UTC)."""

    @property
    def active(self) -> bool:
        return self.status is UserStatus.ACTIVE

    @property
    def can_execute(self) -> bool:
        return self.active and is_executing(self.role)

    @property
    def assignable(self) -> bool:
        """Only active users of an executing role may hold tasks."""
        return self.can_execute
