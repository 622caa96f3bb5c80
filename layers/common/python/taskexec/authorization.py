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
    INTEGRATION = "INTEGRATION"
    """An external system (row `integration:<source>`): executes through TaskRequested events only, no HTTP."""


class UserStatus(StrEnum):
    ACTIVE = "ACTIVE"
    INACTIVE = "INACTIVE"


class Action(StrEnum):
    EXECUTE = "execute"
    READ_TASKS = "read_tasks"
    UPDATE_TASKS = "update_tasks"
    READ_HEALTH = "read_health"
    READ_METRICS = "read_metrics"
    MANAGE_USERS = "manage_users"
    MANAGE_INTEGRATIONS = "manage_integrations"
    MANAGE_AUTOMATIONS = "manage_automations"
    """Create automations, read them, preview them, and change or delete one's own."""
    MANAGE_ANY_AUTOMATION = "manage_any_automation"
    """Change or delete another owner's automation (checked by the automations service, beside ownership)."""


EXECUTING_ROLES: frozenset[Role] = frozenset({Role.SUPER_ADMIN, Role.ADMIN, Role.IT_ADMIN})
PEOPLE: frozenset[Role] = EXECUTING_ROLES | {Role.USER}
"""Roles held by people signing in through Cognito. INTEGRATION is not one: it has no HTTP action at all, so
even a token whose `sub` matched an integration row could do nothing with the API."""

_MATRIX: dict[Action, frozenset[Role]] = {
    Action.EXECUTE: EXECUTING_ROLES,
    Action.UPDATE_TASKS: EXECUTING_ROLES,
    Action.READ_METRICS: EXECUTING_ROLES,
    # Every person sees the whole board, `scope=all` included (a USER is view-only: reads, changes nothing).
    Action.READ_TASKS: PEOPLE,
    Action.READ_HEALTH: PEOPLE,
    Action.MANAGE_USERS: frozenset({Role.SUPER_ADMIN}),
    Action.MANAGE_INTEGRATIONS: frozenset({Role.SUPER_ADMIN}),
    Action.MANAGE_AUTOMATIONS: EXECUTING_ROLES,
    Action.MANAGE_ANY_AUTOMATION: frozenset({Role.SUPER_ADMIN}),
}
"""INTEGRATION appears nowhere here: it executes through TaskRequested events (services/task_requests.py), never
through an HTTP route."""


def can(role: Role | str, action: Action) -> bool:
    try:
        return Role(role) in _MATRIX[action]
    except ValueError:
        return False


def is_executing(role: Role | str) -> bool:
    return can(role, Action.EXECUTE)
