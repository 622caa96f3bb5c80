"""POST /ai/execute and POST /ai/execute/batch."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from taskexec.api import idempotency
from taskexec.api import request as req
from taskexec.api.openapi import ERROR_RESPONSES, IdempotencyKey, body_of, replayable
from taskexec.api.resolver import create_resolver, handle, requires
from taskexec.authorization import Action
from taskexec.observability import traced
from taskexec.schemas.batch import BatchRequest, BatchResponse
from taskexec.schemas.execute import DryRunResponse, ExecuteRequest, ExecuteResponse
from taskexec.services.batch import run_batch
from taskexec.services.execute import execute
from taskexec.services.recording import flush_metrics_safely

logger = Logger()
app = create_resolver()


@app.post(
    "/ai/execute",
    summary="Detect and execute one task",
    responses={
        201: replayable(body_of(ExecuteResponse, "Executed")),
        200: replayable(body_of(DryRunResponse, "Dry run: the plan")),
        **ERROR_RESPONSES,
    },
    tags=["execute"],
)
@requires(Action.EXECUTE)
def execute_one(body: ExecuteRequest, idempotency_key: IdempotencyKey = None) -> Response[str]:
    state = req.current()
    state.execution.update(dryRun=body.dryRun)

    def work(seed: str | None) -> tuple[int, dict[str, Any]]:
        result = execute(req.current_user(), body, request_id=state.request_id, seed=seed)
        if isinstance(result, ExecuteResponse):
            state.recorded = True  # the transaction wrote the execution record
            state.execution.update(executionId=result.executionId, category=result.task.category)
            return 201, result.to_body()
        return 200, result.model_dump(mode="json", exclude_none=True)

    return idempotency.respond_once(app, "execute", body.model_dump(mode="json"), work, idempotency_key)


@app.post(
    "/ai/execute/batch",
    summary="Execute 1..25 requests, each on its own",
    responses={200: replayable(body_of(BatchResponse, "One result per item, in input order")), **ERROR_RESPONSES},
    tags=["execute"],
)
@requires(Action.EXECUTE)
def execute_batch(body: BatchRequest, idempotency_key: IdempotencyKey = None) -> Response[str]:
    state = req.current()

    def work(seed: str | None) -> tuple[int, dict[str, Any]]:
        results = run_batch(req.current_user(), body.items, state.request_id, seed)
        state.recorded = True  # each item recorded itself
        return 200, BatchResponse(results=results).model_dump(mode="json")

    return idempotency.respond_once(app, "batch", body.model_dump(mode="json"), work, idempotency_key)


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
@traced
@flush_metrics_safely
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return handle(app, event, context, counts_executions=True)
