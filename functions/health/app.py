"""GET /ai/health-check and GET /ai/metrics."""

from __future__ import annotations

from typing import Annotated, Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Query
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from taskexec.api import request as req
from taskexec.api.openapi import ERROR_RESPONSES, body_of, unavailable_or
from taskexec.api.resolver import create_resolver, handle, requires
from taskexec.api.responses import json_response
from taskexec.authorization import Action
from taskexec.observability import traced
from taskexec.schemas.health import HealthReport, MetricsReport
from taskexec.services import health_report, metrics

logger = Logger()
app = create_resolver()


@app.get(
    "/ai/health-check",
    summary="Service health; non-admins get overall and authentication only",
    responses={
        200: body_of(HealthReport, "Healthy or warning"),
        **ERROR_RESPONSES,
        503: unavailable_or(HealthReport, "Critical (the report), or SERVICE_BUSY / DATABASE_UNAVAILABLE (an error)"),
    },
    tags=["health"],
)
@requires(Action.READ_HEALTH)
def health_check() -> Response[str]:
    status, body = health_report.respond(req.current_user())
    return json_response(body, status)


@app.get(
    "/ai/metrics",
    summary="Latest rollup, trend, error patterns and role statistics over a window",
    responses={200: body_of(MetricsReport, "Metrics over the window"), **ERROR_RESPONSES},
    tags=["health"],
)
@requires(Action.READ_METRICS)  # checked before validation: a USER learns nothing of the parameters
def get_metrics(
    window: Annotated[metrics.Window, Query(description="1h, 24h or 7d")] = "1h",
) -> Response[str]:
    return json_response(metrics.report(window))


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
@traced
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return handle(app, event, context)
