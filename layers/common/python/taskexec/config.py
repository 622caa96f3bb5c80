"""Settings read from the environment: the one module of the package that reads it.

Read at call time (not import time) so tests and the local stack can point the same code at other tables.
`settings()` is called on every request, so it stays a handful of dictionary reads into a NamedTuple.
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
    "AutomationsTable": "AUTOMATIONS_TABLE",
}
"""Template logical id -> environment variable holding that table's name."""

REQUIRED_ENV = (*TABLE_ENV.values(), "POWERTOOLS_SERVICE_NAME", "POWERTOOLS_METRICS_NAMESPACE")
"""What every deployed function needs set; the health check reports the ones missing."""


def table_name(logical_id: str) -> str:
    """The deployed name of a table; defaults to the logical id for unit tests."""
    return os.environ.get(TABLE_ENV[logical_id], logical_id)


def region() -> str:
    return os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"


def missing_environment() -> list[str]:
    """The REQUIRED_ENV variables that are unset or blank: names only, never values."""
    return [name for name in REQUIRED_ENV if not os.environ.get(name, "").strip()]


class Settings(NamedTuple):
    stage: str
    version: str
    detector: str
    bedrock_model_id: str
    bedrock_timeout_ms: int
    max_body_bytes: int
    rollup_window: str
    """ROLLUP_WINDOW_MINUTES as set ("" when unset): the rollup bounds it and warns when it is not a number."""
    event_bus_name: str
    notification_topic_arn: str | None
    """None when unset: only the functions that notify assignees have a topic."""
    sdk_tracing: bool
    """POWERTOOLS_TRACE_DISABLED=false (template parameter SdkTracing): load the X-Ray SDK."""
    activity_ttl_days: int
    execute_retry_budget_s: float
    """No new try of a conflicted execution starts after this long (then 409 CONFLICT with Retry-After)."""
    answer_delivery_role_arn: str | None
    """What EventBridge delivers an integration's answers to its own bus as (UsersFunction only)."""


def settings() -> Settings:
    return Settings(
        stage=os.environ.get("STAGE", "dev"),
        version=os.environ.get("SERVICE_VERSION", __version__),
        detector=os.environ.get("DETECTOR", "rules").lower(),
        bedrock_model_id=os.environ.get("BEDROCK_MODEL_ID", ""),
        bedrock_timeout_ms=int(os.environ.get("BEDROCK_TIMEOUT_MS", "2500")),
        max_body_bytes=int(os.environ.get("MAX_BODY_BYTES", str(256 * 1024))),
        rollup_window=os.environ.get("ROLLUP_WINDOW_MINUTES", ""),
        event_bus_name=os.environ.get("EVENT_BUS_NAME", "default"),
        notification_topic_arn=os.environ.get("NOTIFICATION_TOPIC_ARN"),
        sdk_tracing=os.environ.get("POWERTOOLS_TRACE_DISABLED", "true").strip().lower() not in {"1", "true", "yes"},
        activity_ttl_days=int(os.environ.get("ACTIVITY_TTL_DAYS", "90")),
        execute_retry_budget_s=_seconds(os.environ.get("EXECUTE_RETRY_BUDGET_S"), 12.0),
        answer_delivery_role_arn=os.environ.get("ANSWER_DELIVERY_ROLE_ARN"),
    )


class ConsoleSettings(NamedTuple):
    """What the console's page needs to sign a person in: the user pool's region, id and app client id (no secret:
    every Cognito web app ships these to its browsers), and the endpoint of the pool's API (Cognito's own in AWS,
    the local gateway's stand-in under `make local`)."""

    region: str
    user_pool_id: str
    user_pool_client_id: str
    cognito_endpoint: str


def console() -> ConsoleSettings:
    """The console function's settings (template.yaml sets them on that function only)."""
    area = region()
    return ConsoleSettings(
        region=area,
        user_pool_id=os.environ.get("CONSOLE_USER_POOL_ID", ""),
        user_pool_client_id=os.environ.get("CONSOLE_USER_POOL_CLIENT_ID", ""),
        cognito_endpoint=os.environ.get("CONSOLE_COGNITO_ENDPOINT") or f"https://cognito-idp.{area}.amazonaws.com/",
    )


def _seconds(value: str | None, default: float) -> float:
    """A duration in seconds; unset, empty or unreadable is the default."""
    try:
        return float(value or default)
    except ValueError:
        return default


class AutomationSettings(NamedTuple):
    """Where an automation's rule and schedule live and deliver to: set for the automations function only
    (template.yaml), read when an automation's trigger is made, changed or removed."""

    rule_prefix: str
    """Every automation's rule on the service's bus is named `<prefix><automation id>`; the function's IAM
    allows rules under this prefix only."""
    schedule_group: str
    """The service's own Scheduler schedule group."""
    schedule_role_arn: str
    """The one role Scheduler assumes to deliver a schedule's message (the function may pass only it)."""
    run_queue_arn: str
    """AutomationRunQueue: where rules and schedules deliver runs."""


def automation_settings() -> AutomationSettings:
    return AutomationSettings(
        rule_prefix=os.environ.get("AUTOMATION_RULE_PREFIX", "automation-"),
        schedule_group=os.environ.get("AUTOMATION_SCHEDULE_GROUP", "default"),
        schedule_role_arn=os.environ.get("AUTOMATION_SCHEDULE_ROLE_ARN", ""),
        run_queue_arn=os.environ.get("AUTOMATION_RUN_QUEUE_ARN", ""),
    )
