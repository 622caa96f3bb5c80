"""Smart assignment: who gets the task, and why.

Candidates arrive least-loaded first (the assignable index's order), so the choice is the first suitable one;
integration work prefers an IT_ADMIN when one is active.
"""

from __future__ import annotations

from collections.abc import Iterable
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


def choose(candidates: Iterable[User], requester: User, category: Category) -> Assignment:
    """Least-loaded other user, with role affinity; the requester when nobody else is available."""
    preferred_role = AFFINITY.get(category)
    first_other: User | None = None
    for user in candidates:
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
