"""The retry policy of an execution's transaction: when to try again, how long to wait, when to give up.

A transaction that meets another in flight on the same assignee's row is cancelled by DynamoDB; the loser
re-plans from fresh loads, counting that assignee as one task busier, and picks at random among the least loaded
few. Nothing else it writes is shared, so the only contention is for the assignees' rows, each held for one
transaction's duration (tens of ms on DynamoDB): a lost try is a wait for a row. The tries are bounded by count
and by time, then 409 CONFLICT with Retry-After. Throttling is 503 SERVICE_BUSY, never retried here (the caller
is told when to come back); a task id that is taken means this very execution was written before: CONFLICT.
"""

import random
import time
from collections.abc import Callable, Mapping

from taskexec import config
from taskexec.data.executions import AlreadyExecuted, ExecutionConflict, ExecutionThrottled, ExecutionWrite
from taskexec.errors import ErrorCode, ServiceError, busy
from taskexec.services.execute_store import ExecutionStore

MAX_TRIES = 40
"""Tries of one execution at most, each with fresh loads; then 409 CONFLICT."""

BACKOFF_BASE_S = 0.02
BACKOFF_CAP_S = 0.5
"""Full-jitter exponential back-off between tries (the mean wait is half the bound); the function's timeout is
the outer bound of a pathological run of losses (docs/capacity.md)."""

RNG = random.Random()


class AlreadyWritten(ServiceError):
    """409 CONFLICT: this very execution (the same seed) was written before, as `task_id`. An HTTP caller is told
    to read the task; the TaskRequested consumer answers with the request's stored answer instead."""

    def __init__(self, task_id: str) -> None:
        super().__init__(
            ErrorCode.CONFLICT,
            "This request was already executed.",
            suggestion=f"Read the task with GET /tasks/{task_id}.",
        )
        self.task_id = task_id


Prepare = Callable[[Mapping[str, int], random.Random | None], ExecutionWrite]
"""Makes the write of one try from fresh loads, given the assignees whose rows another execution held (with how
many times: each is about to hold more tasks) and, on a retry, the random pick that spreads concurrent retries
over the least loaded few rather than have them all pick one."""


def write_with_retries(store: ExecutionStore, prepare: Prepare, started: float) -> ExecutionWrite:
    """Prepare a write (assigning from fresh loads) and send it, until it is written or the policy gives up.

    No new try starts once `config.settings().execute_retry_budget_s` has passed since `started`: the function
    times out at 15 s, and a 409 with Retry-After is an answer where a timeout is not. The budget is read at
    call time, so a test harness running many "Lambdas" on two cores can give each the time it would have alone.
    """
    busier: dict[str, int] = {}
    number = 0
    while True:
        write = prepare(busier, RNG if number else None)
        try:
            store.write_execution(write)
            return write
        except ExecutionThrottled:
            raise busy() from None
        except AlreadyExecuted:
            raise AlreadyWritten(write.task.id) from None
        except ExecutionConflict as conflict:
            if conflict.assignee_busy:
                assignee = write.assignment.assignee.id
                busier[assignee] = busier.get(assignee, 0) + 1
            spent = time.perf_counter() - started > config.settings().execute_retry_budget_s
            if number == MAX_TRIES - 1 or spent:
                raise ServiceError(
                    ErrorCode.CONFLICT,
                    "Too many concurrent executions for the same assignees.",
                    suggestion="Retry in a moment.",
                    retry_after=1,
                ) from None
        time.sleep(RNG.uniform(0, min(BACKOFF_BASE_S * 2**number, BACKOFF_CAP_S)))
        number += 1
