"""Settings read from the environment.

Read at call time (not import time) so tests and the local stack can point the same code at other tables.
"""

import os
from typing import NamedTuple

from taskexec import __version__

TABLE_ENV = {
    "UsersTable": "USERS_TABLE",
    "TasksTable": "TASKS_TABLE",
    "TaskCommentsTable": "COMMENTS_TABLE",
    "EmailCampaignsTable": "CAMPAIGNS_TABLE",
    "WorkflowsTable": "WORKFLOWS_TABLE",
    "SegmentsTable": "SEGMENTS_TABLE",
    "UserActivityTable": "ACTIVITY_TABLE",
    "MonitoringTable": "MONITORING_TABLE",
    "IdempotencyTable": "IDEMPOTENCY_TABLE",
}
"""Template logical id -> environment variable holding that table's name."""


def table_name(logical_id: str) -> str:
    """The deployed name of a table; defaults to the logical id for unit tests."""
    return os.environ.get(TABLE_ENV[logical_id], logical_id)


def region() -> str:
    return os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"


class Settings(NamedTuple):
    stage: str
    version: str
    detector: str
    bedrock_model_id: str
    bedrock_timeout_ms: int
    max_body_bytes: int
    activity_ttl_days: int
    execute_retry_budget_s: float
    """No new try of a conflicted execution starts after this long (then 409 CONFLICT with Retry-After)."""


def settings() -> Settings:
    return Settings(
        stage=os.environ.get("STAGE", "dev"),
        version=os.environ.get("SERVICE_VERSION", __version__),
        detector=os.environ.get("DETECTOR", "rules").lower(),
        bedrock_model_id=os.environ.get("BEDROCK_MODEL_ID", ""),
        bedrock_timeout_ms=int(os.environ.get("BEDROCK_TIMEOUT_MS", "2500")),
        max_body_bytes=int(os.environ.get("MAX_BODY_BYTES", str(256 * 1024))),
        activity_ttl_days=int(os.environ.get("ACTIVITY_TTL_DAYS", "90")),
        execute_retry_budget_s=_seconds(os.environ.get("EXECUTE_RETRY_BUDGET_S"), 12.0),
    )


def _seconds(value: str | None, default: float) -> float:
    """A duration in seconds; unset, empty or unreadable is the default."""
    try:
        return float(value or default)
    except ValueError:
        return default
