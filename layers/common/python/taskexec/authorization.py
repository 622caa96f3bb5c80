"""Who may do what: the contract's role matrix, in one place.

The role comes from the user's row (read on every request), never from token groups.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    SUPER_ADMIN = "SUPER_ADMIN"
    ADMIN = "ADMIN"
    IT_ADMIN = "IT_ADMIN"
    USER = "USER"


class UserStatus(StrEnum):
    ACTIVE = "ACTIVE"
    INACTIVE = "INACTIVE"


class Action(StrEnum):
    EXECUTE = "execute"
    READ_TASKS = "read_tasks"
    UPDATE_TASKS = "update_tasks"
    READ_HEALTH = "read_health"
    READ_METRICS = "read_metrics"
    READ_ALL_TASKS = "read_all_tasks"
    MANAGE_USERS = "manage_users"


EXECUTING_ROLES: frozenset[Role] = frozenset({Role.SUPER_ADMIN, Role.ADMIN, Role.IT_ADMIN})

_MATRIX: dict[Action, frozenset[Role]] = {
    Action.EXECUTE: EXECUTING_ROLES,
    Action.UPDATE_TASKS: EXECUTING_ROLES,
    Action.READ_METRICS: EXECUTING_ROLES,
    # Executing roles see every task; a USER sees only tasks they created or hold.
    Action.READ_ALL_TASKS: EXECUTING_ROLES,
    Action.READ_TASKS: frozenset(Role),
    Action.READ_HEALTH: frozenset(Role),
    Action.MANAGE_USERS: frozenset({Role.SUPER_ADMIN}),
}


def can(role: Role | str, action: Action) -> bool:
    try:
        return Role(role) in _MATRIX[action]
    except ValueError:
        return False


def is_executing(role: Role | str) -> bool:
    return can(role, Action.EXECUTE)
