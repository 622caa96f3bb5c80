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
    READ_OWN_USER = "read_own_user"
    """GET /me: the caller's own row."""
    CHANGE_OWN_PREFERENCES = "change_own_preferences"
    """PATCH /me: the caller's own time zone, and nothing else of their row."""
    VIEW_CONSOLE = "view_console"
    """The console's page and its files: public, they hold no data (the page signs in with the user pool)."""


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
    Action.READ_OWN_USER: PEOPLE,
    Action.CHANGE_OWN_PREFERENCES: PEOPLE,
    Action.MANAGE_USERS: frozenset({Role.SUPER_ADMIN}),
    Action.MANAGE_INTEGRATIONS: frozenset({Role.SUPER_ADMIN}),
    Action.MANAGE_AUTOMATIONS: EXECUTING_ROLES,
    Action.MANAGE_ANY_AUTOMATION: frozenset({Role.SUPER_ADMIN}),
}
"""INTEGRATION appears nowhere here: it executes through TaskRequested events (services/task_requests.py), never
through an HTTP route."""

PUBLIC_ACTIONS: frozenset[Action] = frozenset({Action.VIEW_CONSOLE})
"""Actions that need no sign-in, served only by `taskexec.api.public` on routes that template.yaml opts out of the
JWT authorizer. No role holds them (`can` is False): a route that signs its caller in and declares one is refused
for everyone (`taskexec.api.resolver`), so declaring a public action can never open a data route."""


def can(role: Role | str, action: Action) -> bool:
    try:
        return Role(role) in _MATRIX.get(action, frozenset())
    except ValueError:
        return False


def is_executing(role: Role | str) -> bool:
    return can(role, Action.EXECUTE)
