"""Smart assignment: who gets the task, and why.

Candidates arrive in no particular order (the pool's index cannot be kept sorted by a load that is an atomic
ADD), so they are ranked here: fewest open tasks, then least recently assigned, then id; integration work
prefers an IT_ADMIN when one is active. `pending` counts assignments known to be in flight (a retry after its
transaction met another one on the same assignee's row): that row is about to hold one task more, so ranking
it so keeps concurrent executions from all piling onto the one that looked least loaded.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from taskexec.authorization import Role
from taskexec.domain.users import User
from taskexec.domain.vocabulary import Category, Strategy

AFFINITY: dict[Category, Role] = {Category.INTEGRATION: Role.IT_ADMIN}


@dataclass(frozen=True)
class Assignment:
    assignee: User
    strategy: Strategy
    reason: str


def _load(user: User) -> str:
    return f"{user.open_tasks} open task{'s' if user.open_tasks != 1 else ''}"


def explicit(assignee: User) -> Assignment:
    return Assignment(assignee, Strategy.EXPLICIT, f"Assigned as requested to {_name(assignee)} ({_load(assignee)}).")


def ranked(candidates: Iterable[User], pending: Mapping[str, int] | None = None) -> list[User]:
    """Least loaded first (counting `pending` assignments), then least recently assigned, then id."""
    pending = pending or {}
    return sorted(candidates, key=lambda u: (u.open_tasks + pending.get(u.id, 0), u.last_assigned_at or "", u.id))


def choose(
    candidates: Iterable[User], requester: User, category: Category, pending: Mapping[str, int] | None = None
) -> Assignment:
    """Least-loaded other user, with role affinity; the requester when nobody else is available."""
    preferred_role = AFFINITY.get(category)
    first_other: User | None = None
    for user in ranked(candidates, pending):
        if user.id == requester.id or not user.assignable:
            continue
        if preferred_role is None or user.role is preferred_role:
            if preferred_role is not None:
                return Assignment(
                    user,
                    Strategy.ROLE_AFFINITY,
                    f"{category.value.capitalize()} work goes to an {preferred_role.value}; "
                    f"{_name(user)} has the fewest open tasks among them ({_load(user)}).",
                )
            return Assignment(
                user,
                Strategy.LEAST_LOADED,
                f"{_name(user)} has the fewest open tasks of the available admins ({_load(user)}).",
            )
        first_other = first_other or user
    if first_other is not None:
        return Assignment(
            first_other,
            Strategy.LEAST_LOADED,
            f"No {preferred_role.value if preferred_role else 'matching'} admin is available; "
            f"{_name(first_other)} has the fewest open tasks ({_load(first_other)}).",
        )
    return Assignment(
        requester, Strategy.SELF_FALLBACK, "No other active admin is available, so the task stays with you."
    )


def _name(user: User) -> str:
    return user.email or user.username or user.id
