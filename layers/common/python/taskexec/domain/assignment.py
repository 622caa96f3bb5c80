"""Smart assignment: who gets the task, and why.

Candidates arrive in no particular order (the pool's index cannot be kept sorted by a load that is an atomic
ADD), so they are ranked here: fewest open tasks, then least recently assigned, then id; integration work
prefers an IT_ADMIN when one is active. `pending` counts assignments known to be in flight (a retry after its
transaction met another one on the same assignee's row): that row is about to hold one task more, so ranking
it so keeps concurrent executions from all piling onto the one that looked least loaded.

Loads are read before the write, and many executions read at once: each one's choice carries a `ceiling`, the
load its assignee may hold when the write lands for the choice to still be fair (the least load it chose among,
plus NEAR_LEAST). The write is conditional on it, so however stale the reads, no assignee is given a task while
holding more than NEAR_LEAST + 1 above the least loaded it was chosen over; a write refused so re-plans from
fresh loads.
"""

import random
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from taskexec.authorization import Role
from taskexec.domain.users import User
from taskexec.domain.vocabulary import Category, Strategy

AFFINITY: dict[Category, Role] = {Category.INTEGRATION: Role.IT_ADMIN}


class Assignment(NamedTuple):
    assignee: User
    strategy: Strategy
    reason: str
    ceiling: int | None = None
    """The most open tasks the assignee may hold when the write lands; None when load does not decide (an
    explicit assignee, the requester as the fallback)."""


def _load(user: User) -> str:
    return f"{user.open_tasks} open task{'s' if user.open_tasks != 1 else ''}"


def explicit(assignee: User) -> Assignment:
    return Assignment(assignee, Strategy.EXPLICIT, f"Assigned as requested to {_name(assignee)} ({_load(assignee)}).")


def ranked(candidates: Iterable[User], pending: Mapping[str, int] | None = None) -> list[User]:
    """Least loaded first (counting `pending` assignments), then least recently assigned, then id."""
    pending = pending or {}
    return sorted(candidates, key=lambda u: (u.open_tasks + pending.get(u.id, 0), u.last_assigned_at or "", u.id))


def choose(
    candidates: Iterable[User],
    requester: User,
    category: Category,
    pending: Mapping[str, int] | None = None,
    rng: random.Random | None = None,
) -> Assignment:
    """Least-loaded other user, with role affinity; the requester when nobody else is available.

    Without `rng` (a first try) the choice is the contract's: fewest open tasks, then least recently assigned,
    then id. A retry after a conflict passes `rng`: it then picks at random among the least-loaded few (at most
    one task above the least loaded, counting `pending`), so the executions that collided on one assignee spread
    over the others instead of colliding again on the next one in the same order.
    """
    preferred_role = AFFINITY.get(category)
    others = [user for user in ranked(candidates, pending) if user.id != requester.id and user.assignable]
    preferred = [user for user in others if preferred_role is None or user.role is preferred_role]
    if preferred:
        user = _pick(preferred, pending, rng)
        if preferred_role is not None:
            return Assignment(
                user,
                Strategy.ROLE_AFFINITY,
                f"{category.value.capitalize()} work goes to an {preferred_role.value}; "
                f"{_name(user)} has the fewest open tasks among them ({_load(user)}).",
                _ceiling(preferred, pending),
            )
        return Assignment(
            user,
            Strategy.LEAST_LOADED,
            f"{_name(user)} has the fewest open tasks of the available admins ({_load(user)}).",
            _ceiling(preferred, pending),
        )
    if others:
        user = _pick(others, pending, rng)
        return Assignment(
            user,
            Strategy.LEAST_LOADED,
            f"No {preferred_role.value if preferred_role else 'matching'} admin is available; "
            f"{_name(user)} has the fewest open tasks ({_load(user)}).",
            _ceiling(others, pending),
        )
    return Assignment(
        requester, Strategy.SELF_FALLBACK, "No other active admin is available, so the task stays with you."
    )


NEAR_LEAST = 1
"""How many tasks above the least loaded a retry may still pick (see `choose`)."""


def _ceiling(ranked_users: list[User], pending: Mapping[str, int] | None) -> int:
    """The least load chosen among (counting `pending`) plus NEAR_LEAST: any pick of `_pick` is at most that."""
    least = ranked_users[0]
    return least.open_tasks + (pending or {}).get(least.id, 0) + NEAR_LEAST


def _pick(ranked_users: list[User], pending: Mapping[str, int] | None, rng: random.Random | None) -> User:
    if rng is None:
        return ranked_users[0]
    pending = pending or {}
    ceiling = _ceiling(ranked_users, pending)
    near = [u for u in ranked_users if u.open_tasks + pending.get(u.id, 0) <= ceiling]
    return rng.choice(near)


def _name(user: User) -> str:
    return user.email or user.username or user.id
