"""Scheduled every 5 minutes (EventBridge Scheduler): roll the execution stats up into a health snapshot."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.typing import LambdaContext

from taskexec.observability import traced
from taskexec.services import rollup_job
from taskexec.services.recording import flush_metrics_safely, metrics

logger = Logger()


@logger.inject_lambda_context
@traced
@flush_metrics_safely
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    snapshot = rollup_job.run()
    rollup_job.emit(snapshot, metrics)
    rollup_job.log_summary(snapshot)
    return {"status": snapshot.status, "healthStatus": snapshot.healthStatus, "computedAt": snapshot.computedAt}
