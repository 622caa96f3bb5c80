"""The user as the domain sees it: a role, a status, and an open-task load."""

from typing import NamedTuple

from taskexec.authorization import Role, UserStatus, is_executing


class User(NamedTuple):
    id: str
    role: Role
    status: UserStatus
    email: str | None = None
    username: str | None = None
    open_tasks: int = 0
    last_assigned_at: str | None = None
    updated_at: str = ""

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
