"""Smart assignment ranks the pool in code (the index cannot follow an ADDed load): fewest open tasks, least
recently assigned, id; a retry after a conflict spreads over the least-loaded few, counting the busy assignee;
a choice by load says the most its assignee may hold when the write lands."""

from __future__ import annotations

import random

from taskexec.authorization import Role, UserStatus
from taskexec.domain.assignment import choose, explicit
from taskexec.domain.users import User
from taskexec.domain.vocabulary import Category, Strategy


def admin(user_id: str, load: int, last: str | None = None, role: Role = Role.ADMIN) -> User:
    return User(user_id, role, UserStatus.ACTIVE, open_tasks=load, last_assigned_at=last)


REQUESTER = admin("me", 0)


def test_a_first_try_follows_the_contract_order_whatever_the_read_order() -> None:
    pool = [admin("c", 2), admin("b", 1, "2026-01-02"), admin("a", 1, "2026-01-01"), admin("d", 1, "2026-01-01")]
    for order in (pool, pool[::-1]):
        chosen = choose(order, REQUESTER, Category.GENERAL)
        assert (chosen.assignee.id, chosen.strategy) == ("a", Strategy.LEAST_LOADED)


def test_the_requester_and_inactive_users_are_never_picked() -> None:
    inactive = User("x", Role.ADMIN, UserStatus.INACTIVE, open_tasks=0)
    chosen = choose([admin("me", 0), inactive, admin("y", 5)], REQUESTER, Category.GENERAL)
    assert chosen.assignee.id == "y"
    assert choose([admin("me", 0)], REQUESTER, Category.GENERAL).strategy is Strategy.SELF_FALLBACK


def test_a_busy_assignee_counts_one_task_more() -> None:
    pool = [admin("a", 1), admin("b", 1, "2026-01-01")]
    assert choose(pool, REQUESTER, Category.GENERAL).assignee.id == "a"
    assert choose(pool, REQUESTER, Category.GENERAL, pending={"a": 1}).assignee.id == "b"


def test_a_retry_spreads_over_the_least_loaded_few_only() -> None:
    pool = [admin("a", 3), admin("b", 3), admin("c", 4), admin("far", 6)]
    rng = random.Random(7)
    picked = {choose(pool, REQUESTER, Category.GENERAL, rng=rng).assignee.id for _ in range(200)}
    assert picked == {"a", "b", "c"}


def test_integration_work_prefers_an_it_admin_on_retries_too() -> None:
    pool = [admin("a", 0), admin("it", 5, role=Role.IT_ADMIN)]
    for rng in (None, random.Random(1)):
        chosen = choose(pool, REQUESTER, Category.INTEGRATION, rng=rng)
        assert (chosen.assignee.id, chosen.strategy) == ("it", Strategy.ROLE_AFFINITY)


def test_a_choice_by_load_carries_the_most_its_assignee_may_hold_when_written() -> None:
    pool = [admin("a", 3), admin("b", 4), admin("c", 9)]
    assert choose(pool, REQUESTER, Category.GENERAL).ceiling == 4
    assert choose(pool, REQUESTER, Category.GENERAL, pending={"a": 2}).ceiling == 5  # b at 4 is now the least
    it_pool = [admin("a", 0), admin("it", 5, role=Role.IT_ADMIN)]
    assert choose(it_pool, REQUESTER, Category.INTEGRATION).ceiling == 6  # among the IT_ADMINs it chose from


def test_a_choice_load_does_not_decide_has_no_ceiling() -> None:
    assert choose([admin("me", 0)], REQUESTER, Category.GENERAL).ceiling is None
    assert explicit(admin("x", 40)).ceiling is None
