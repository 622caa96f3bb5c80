"""PATCH /tasks/{taskId} and PUT /users/{userId}/role bodies."""

from typing import Literal, Self

from pydantic import model_validator

from taskexec.authorization import Role, UserStatus
from taskexec.domain.vocabulary import TaskStatus
from taskexec.schemas.common import Schema, Strict


class TaskStatusChange(Strict):
    status: TaskStatus


PersonRole = Literal[Role.SUPER_ADMIN, Role.ADMIN, Role.IT_ADMIN, Role.USER]
"""A role this route may give: INTEGRATION rows are made by PUT /integrations/{source} only."""


class UserChange(Strict):
    role: PersonRole | None = None
    status: UserStatus | None = None

    @model_validator(mode="after")
    def _something(self) -> Self:
        if self.role is None and self.status is None:
            raise ValueError("send 'role', 'status' or both")
        return self


class User(Schema):
    """A user row as a SUPER_ADMIN sees it after a change."""

    id: str
    email: str | None
    role: Role
    status: UserStatus
    openTasks: int
    updatedAt: str


UserOut = User
"""The name functions/users imports."""
