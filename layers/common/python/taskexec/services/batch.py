"""POST /ai/execute/batch: every item is validated, executed and recorded on its own, in input order."""

from __future__ import annotations

import time
import uuid
from typing import Any

from aws_lambda_powertools import Logger

from taskexec.data import activity
from taskexec.data.dynamodb_errors import is_database_fault, to_service_error
from taskexec.domain.users import User
from taskexec.errors import ServiceError, internal_error
from taskexec.monitoring.counters import outcome_of
from taskexec.schemas.batch import BatchResult
from taskexec.schemas.execute import ExecuteResponse, execute_body
from taskexec.services import recording as recorder
from taskexec.services.execute import derived_ids, execute

logger = Logger(child=True)


def run_item(user: User, item: dict[str, Any], request_id: str, seed: str | None = None) -> BatchResult:
    execution_id = derived_ids(seed)[0] if seed else uuid.uuid4().hex
    started = time.perf_counter()
    dry_run = False
    try:
        body = execute_body(item, "The item does not match the schema.")
        dry_run = body.dryRun
        result = execute(user, body, request_id=request_id, execution_id=execution_id, seed=seed)
        status = 200 if dry_run else 201
        if dry_run:
            _record(user, request_id, execution_id, "DRY_RUN", None, 0, counted=False)
        body_out = result.to_body() if isinstance(result, ExecuteResponse) else result.model_dump(mode="json")
        return BatchResult(status=status, body=body_out)
    except ServiceError as exc:
        err = exc
    except Exception as exc:
        if is_database_fault(exc):
            err = to_service_error(exc)  # a caller's refused value is this item's 4xx, not a failure
            logger.warning("batch item database fault", extra={"fault": type(exc).__name__, "code": err.code.value})
        else:
            logger.exception("batch item failed")
            err = internal_error()
    duration_ms = int((time.perf_counter() - started) * 1000)
    _record(user, request_id, execution_id, outcome_of(err.status), err.code.value, duration_ms, counted=not dry_run)
    return BatchResult(status=err.status, body=err.body(request_id))


def _record(
    user: User, request_id: str, execution_id: str, outcome: str, code: str | None, duration_ms: int, counted: bool
) -> None:
    record = activity.ActivityRecord(
        user_id=user.id,
        action="execute",
        outcome=outcome,
        route="POST /ai/execute/batch",
        role=user.role.value,
        error_code=code,
        request_id=request_id,
        execution_id=execution_id,
        duration_ms=duration_ms,
    )
    recorder.record_attempt(record, counted=counted)


def run_batch(user: User, items: list[dict[str, Any]], request_id: str, seed: str | None = None) -> list[BatchResult]:
    """`seed` (a scoped idempotency key) gives every item deterministic ids, as for a single execution."""
    return [run_item(user, item, request_id, f"{seed}#{index}" if seed else None) for index, item in enumerate(items)]
