"""Opt-in X-Ray subsegments.

Powertools Tracer imports the X-Ray SDK and patches botocore, which costs about 100 ms of every cold start
(half again the import floor of boto3 + pynamodb + pydantic + Powertools). Lambda's active tracing records
every invocation without it, so the SDK is loaded only when a stack turns detailed tracing on
(template parameter SdkTracing -> POWERTOOLS_TRACE_DISABLED=false).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

from taskexec import config

Handler = TypeVar("Handler", bound=Callable[..., Any])


def traced(handler: Handler) -> Handler:
    """`Tracer().capture_lambda_handler` when SDK tracing is on; the handler untouched otherwise."""
    if not config.settings().sdk_tracing:
        return handler
    from aws_lambda_powertools import Tracer

    return cast(Handler, Tracer().capture_lambda_handler(handler))
