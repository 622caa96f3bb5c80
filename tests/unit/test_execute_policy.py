"""The retry policy of an execution, against an in-memory store: conflicts re-plan and retry, bounded by count and
by the retry budget, then 409 CONFLICT with Retry-After; throttling is 503 SERVICE_BUSY; a task id already written
is CONFLICT. The moto and strict-rule tiers check the same policy against DynamoDB's own answers."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

import pytest

from taskexec.authorization import Role, UserStatus
from taskexec.data.executions import AlreadyExecuted, ExecutionConflict, ExecutionThrottled
from taskexec.domain.users import User
from taskexec.errors import ErrorCode, ServiceError
from taskexec.schemas.execute import ExecuteRequest, ExecuteResponse
from taskexec.services import execute_retries, recording
from taskexec.services.execute import execute
from taskexec.services.execute_retries import MAX_TRIES
from tests.support.memory_store import MemoryStore, always_conflicting

REQUESTER = User("requester", Role.ADMIN, UserStatus.ACTIVE)
LEAST = User("least", Role.ADMIN, UserStatus.ACTIVE, open_tasks=0)
BUSIER = User("busier", Role.ADMIN, UserStatus.ACTIVE, open_tasks=2)
BODY = ExecuteRequest.model_validate({"task": {"category": "general", "title": "Order office chairs"}})


class Clock:
    """perf_counter and sleep for the policy: no test waits, and a sleep moves the time on by `step`."""

    def __init__(self, step: float = 0.0) -> None:
        self.now = 1000.0
        self.step = step
        self.sleeps = 0

    def perf_counter(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps += 1
        self.now += self.step


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[Clock]:
    clock = Clock()
    monkeypatch.setattr(execute_retries.time, "perf_counter", clock.perf_counter)
    monkeypatch.setattr(execute_retries.time, "sleep", clock.sleep)
    monkeypatch.delenv("EXECUTE_RETRY_BUDGET_S", raising=False)
    yield clock
    recording.metrics.clear_metrics()


def run(store: MemoryStore, **kwargs: Any) -> ExecuteResponse:
    result = execute(REQUESTER, BODY, request_id="r-1", store=store, **kwargs)
    assert isinstance(result, ExecuteResponse)
    return result


def refusal(store: MemoryStore, **kwargs: Any) -> ServiceError:
    with pytest.raises(ServiceError) as refused:
        run(store, **kwargs)
    return refused.value


def test_conflicts_re_plan_and_the_write_that_follows_them_succeeds(clock: Clock) -> None:
    store = MemoryStore([REQUESTER, LEAST, BUSIER], failures=[ExecutionConflict(), ExecutionConflict()])

    result = run(store)

    assert (store.tries, clock.sleeps) == (3, 2)
    assert [task["id"] for task in store.items("TasksTable")] == [result.task.id]
    assert sum(user.open_tasks for user in store.users.values()) == 0 + 2 + 1  # one more, once


def test_a_retry_counts_the_assignee_whose_row_was_held_as_busier(
    clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`least` (0 tasks) loses its row to another execution: counted as 1, `busier` (2) is now among the least
    loaded few, and a retry may pick it (this random pick takes the last of them)."""

    class Last(random.Random):
        def choice(self, seq: Any) -> Any:
            return seq[-1]

    monkeypatch.setattr(execute_retries, "RNG", Last())
    store = MemoryStore([REQUESTER, LEAST, BUSIER], failures=[ExecutionConflict(assignee_busy=True)])

    assert run(store).task.assigneeId == "busier"


def test_a_conflict_on_every_try_is_a_409_with_retry_after_after_the_last_try(clock: Clock) -> None:
    store = MemoryStore([REQUESTER, LEAST], failures=always_conflicting())

    err = refusal(store)

    assert (err.status, err.code, err.retry_after) == (409, ErrorCode.CONFLICT, 1)
    assert store.tries == MAX_TRIES
    assert store.items("TasksTable") == []


def test_no_try_starts_once_the_retry_budget_is_spent(clock: Clock) -> None:
    """Each back-off takes 5 s here: after the tries at 0, 5 and 10 s, the one at 15 s is past the 12 s budget."""
    clock.step = 5.0
    store = MemoryStore([REQUESTER, LEAST], failures=always_conflicting())

    err = refusal(store)

    assert (err.code, err.retry_after) == (ErrorCode.CONFLICT, 1)
    assert store.tries == 4


def test_the_budget_is_read_from_the_settings_at_call_time(clock: Clock, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EXECUTE_RETRY_BUDGET_S", "0")
    clock.step = 0.001
    store = MemoryStore([REQUESTER, LEAST], failures=always_conflicting())

    assert refusal(store).code == ErrorCode.CONFLICT
    assert store.tries == 2  # the first try's conflict is at 0 s (not past 0), the second's after a back-off


def test_throttling_is_service_busy_and_not_retried(clock: Clock) -> None:
    store = MemoryStore([REQUESTER, LEAST], failures=[ExecutionThrottled()])

    err = refusal(store)

    assert (err.status, err.code) == (503, ErrorCode.SERVICE_BUSY)
    assert err.retry_after
    assert store.tries == 1


def test_a_task_id_already_written_is_a_conflict_naming_the_task(clock: Clock) -> None:
    """The same seed (a scoped Idempotency-Key) derives the same task id: the second execution is refused."""
    store = MemoryStore([REQUESTER, LEAST])
    first = run(store, seed="caller#execute#key-1")

    err = refusal(store, seed="caller#execute#key-1")

    assert (err.status, err.code, err.retry_after) == (409, ErrorCode.CONFLICT, None)
    assert first.task.id in (err.suggestion or "")
    assert len(store.items("TasksTable")) == 1


def test_already_executed_from_the_store_is_not_retried(clock: Clock) -> None:
    store = MemoryStore([REQUESTER, LEAST], failures=[AlreadyExecuted()])

    assert refusal(store).code == ErrorCode.CONFLICT
    assert store.tries == 1


def test_a_dry_run_plans_without_writing(clock: Clock) -> None:
    store = MemoryStore([REQUESTER, LEAST])
    body = ExecuteRequest.model_validate({**BODY.root.model_dump(), "dryRun": True})

    result = execute(REQUESTER, body, request_id="r-1", store=store)

    assert result.model_dump(mode="json")["plan"]["assigneeId"] == "least"
    assert store.tries == 0
