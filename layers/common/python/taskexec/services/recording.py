"""Recording attempts: the audit row and the CloudWatch metrics (EMF).

Recording is best effort by contract: a failure here is logged and swallowed, never failing the request. The
statistics buckets are not written here: the statistics consumer (functions/statistics) folds them from the
audit rows marked `counts` on UserActivityTable's stream, so no request writes an item every request shares.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit

from taskexec.data import activity
from taskexec.monitoring.counters import Attempt

logger = Logger(child=True)
metrics = Metrics()
"""The process-wide Metrics instance; handlers flush it with `@flush_metrics_safely` (below)."""

OUTCOME_METRIC = {
    "SUCCEEDED": "ExecutionsSucceeded",
    "FAILED": "ExecutionsFailed",
    "DENIED": "ExecutionsDenied",
    "INVALID": "ExecutionsInvalid",
}


def emit(attempt: Attempt) -> None:
    """Low-cardinality metrics only: the service dimension, a metric per outcome, the execution time."""
    try:
        metrics.add_metric(name="ExecutionAttempts", unit=MetricUnit.Count, value=1)
        metrics.add_metric(name=OUTCOME_METRIC[attempt.outcome], unit=MetricUnit.Count, value=1)
        if attempt.outcome in ("SUCCEEDED", "FAILED"):
            metrics.add_metric(name="ExecutionTimeMs", unit=MetricUnit.Milliseconds, value=attempt.duration_ms)
    except Exception:  # a metrics sink problem must never fail the request
        logger.exception("could not emit execution metrics")


def record_attempt(record: activity.ActivityRecord, counted: bool) -> None:
    """Write the audit row (marked `counts` for counted execute attempts, which the statistics consumer folds
    into the buckets: it carries outcome, role, errorCode and durationMs); then emit metrics."""
    record.counts = counted
    try:
        activity.save(record)
    except Exception:
        logger.exception("could not write the audit row", extra={"action": record.action})
    if counted:
        emit(record.attempt())


Handler = TypeVar("Handler", bound=Callable[..., Any])


def flush_metrics_safely(handler: Handler) -> Handler:
    """Like `metrics.log_metrics`, but a failing flush is logged instead of failing a request whose work
    is already committed (the metrics sink must never fail the caller)."""

    @functools.wraps(handler)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return handler(*args, **kwargs)
        finally:
            try:
                metrics.flush_metrics()
            except Exception:
                logger.exception("could not flush metrics")

    return cast(Handler, wrapper)
