"""The AWS side of an automation: AWS matches and schedules, this module only describes what to match and when.

An event trigger is an EventBridge rule on the service's bus, named `<stack>-automation-<id>` (the prefix the
function's IAM allows), whose event pattern is built from the trigger; a schedule is an EventBridge Scheduler
schedule `automation-<id>` in the service's schedule group, in the automation's time zone, the flexible window
off. Both target AutomationRunQueue with the automation id and what triggered the run
(taskexec/data/automation_messages.py). A PAUSED automation keeps its rule or schedule, DISABLED.

Every call here is an upsert or a removal that tolerates absence, so making AWS match an automation again (a
retry, a compensation) converges: `apply` puts the automation's rule or schedule (and removes the other kind
when its trigger changed kind), `remove` takes it away. AWS's answers become the contract's errors here: a
schedule Scheduler still refuses is the caller's 422 on `trigger.schedule` (or `trigger.timeZone`), a quota is
LIMIT_EXCEEDED, throttling and outages SERVICE_BUSY, anything else (our own request) INTERNAL_ERROR, logged.

The only module that manages EventBridge rules or Scheduler schedules; its clients are made on first use: in
the automations function, and to pause (`disable`) in the runs' consumer and the users function.
"""

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from aws_lambda_powertools import Logger
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from taskexec import config
from taskexec.data import automation_messages, clients
from taskexec.domain import events
from taskexec.domain.automations import Automation, AutomationStatus, EventTrigger, ScheduleTrigger
from taskexec.errors import ErrorCode, FieldIssue, ServiceError, busy, internal_error

logger = Logger(child=True)

TARGET_ID = "AutomationRunQueue"
SCHEDULE_PREFIX = "automation-"
MAX_NAME = 64
"""EventBridge's limit on a rule's name and Scheduler's on a schedule's."""
RETRY_POLICY = {"MaximumEventAgeInSeconds": 86400, "MaximumRetryAttempts": 185}
"""Scheduler's defaults, written out: a run that cannot be delivered is retried for a day, then dropped
(Scheduler's InvocationDroppedCount metric)."""
BUSY_CODES = frozenset(
    {
        "ThrottlingException",
        "Throttling",
        "TooManyRequestsException",
        "ConcurrentModificationException",
        "InternalException",
        "InternalServerException",
        "ServiceUnavailable",
        "ServiceUnavailableException",
    }
)
QUOTA_CODES = frozenset({"LimitExceededException", "ServiceQuotaExceededException"})


_CLIENT_CONFIG = Config(connect_timeout=2, read_timeout=3, retries={"max_attempts": 2, "mode": "standard"})
"""Two tries of at most 5 s each per call: a create's rule (two calls) and its undo fit the function's 25 s."""


def _clients() -> tuple[Any, Any]:
    return clients.client("events", _CLIENT_CONFIG), clients.client("scheduler", _CLIENT_CONFIG)


def rule_name(automation_id: str) -> str:
    return config.automation_settings().rule_prefix + automation_id


def schedule_name(automation_id: str) -> str:
    return SCHEDULE_PREFIX + automation_id


def event_pattern(trigger: EventTrigger) -> dict[str, Any]:
    """The rule's pattern: the service's own events of the trigger's type, with the matched detail fields (each
    list matches any of its values; a field absent from the trigger is absent from the pattern)."""
    pattern: dict[str, Any] = {"source": [events.SOURCE], "detail-type": [trigger.event]}
    if trigger.match:
        pattern["detail"] = {name: list(values) for name, values in trigger.match.items()}
    return pattern


def state_of(automation: Automation) -> str:
    return "ENABLED" if automation.active else "DISABLED"


def apply(automation: Automation, previous: Automation | None = None) -> None:
    """Make AWS match `automation`: its rule or schedule put (enabled or disabled with its status), and, when
    `previous` had the other kind of trigger, that one removed."""
    if isinstance(automation.trigger, EventTrigger):
        _put_rule(automation, automation.trigger)
    else:
        _put_schedule(automation, automation.trigger)
    if previous is not None and type(previous.trigger) is not type(automation.trigger):
        remove(previous)


def disable(automation: Automation) -> None:
    """Stop the automation's rule or schedule from matching or firing, its definition kept (the runs' and the
    user admin's pause, which may neither make nor delete rules): DisableRule, or the schedule written again
    DISABLED. One already gone is fine."""
    rules, scheduler = _clients()
    if isinstance(automation.trigger, EventTrigger):
        with _aws("rule"), _absent_is_fine():
            rules.disable_rule(Name=rule_name(automation.id), EventBusName=config.settings().event_bus_name)
    else:
        request = _schedule_request(automation._replace(status=AutomationStatus.PAUSED), automation.trigger)
        with _aws("schedule"), _absent_is_fine():
            scheduler.update_schedule(**request)


@contextmanager
def _absent_is_fine() -> Iterator[None]:
    try:
        yield
    except ClientError as exc:
        if _code(exc) != "ResourceNotFoundException":
            raise


def remove(automation: Automation) -> None:
    """Take the automation's rule or schedule away; one already gone is fine."""
    if isinstance(automation.trigger, EventTrigger):
        _delete_rule(automation.id)
    else:
        _delete_schedule(automation.id)


# --- EventBridge rules ----------------------------------------------------------------------------------------


def _put_rule(automation: Automation, trigger: EventTrigger) -> None:
    rules, _ = _clients()
    name, bus = rule_name(automation.id), config.settings().event_bus_name
    if len(name) > MAX_NAME:
        logger.error("rule name over 64 characters: the stack's name is too long", extra={"rule": name})
        raise internal_error()
    with _aws("rule"):
        rules.put_rule(
            Name=name,
            EventBusName=bus,
            EventPattern=json.dumps(event_pattern(trigger), separators=(",", ":")),
            State=state_of(automation),
            Description=f"taskexec automation {automation.id}",
        )
        answer = rules.put_targets(
            Rule=name,
            EventBusName=bus,
            Targets=[
                {
                    "Id": TARGET_ID,
                    "Arn": config.automation_settings().run_queue_arn,
                    "InputTransformer": {
                        "InputPathsMap": {},
                        "InputTemplate": automation_messages.event_input_template(automation.id),
                    },
                }
            ],
        )
    if answer.get("FailedEntryCount"):
        logger.warning("rule target not put", extra={"automationId": automation.id, "entries": answer["FailedEntries"]})
        raise busy()


def _delete_rule(automation_id: str) -> None:
    rules, _ = _clients()
    name, bus = rule_name(automation_id), config.settings().event_bus_name
    with _aws("rule"):
        try:
            rules.remove_targets(Rule=name, EventBusName=bus, Ids=[TARGET_ID])
        except ClientError as exc:
            if _code(exc) != "ResourceNotFoundException":
                raise
            return  # no rule: nothing to delete
        rules.delete_rule(Name=name, EventBusName=bus)


# --- Scheduler schedules --------------------------------------------------------------------------------------


def _put_schedule(automation: Automation, trigger: ScheduleTrigger) -> None:
    _, scheduler = _clients()
    request = _schedule_request(automation, trigger)
    with _aws("schedule"):
        try:
            scheduler.create_schedule(**request)
        except ClientError as exc:
            if _code(exc) != "ConflictException":
                raise
            scheduler.update_schedule(**request)  # it exists: replace it whole


def _schedule_request(automation: Automation, trigger: ScheduleTrigger) -> dict[str, Any]:
    """The whole schedule (Scheduler's UpdateSchedule replaces every field, so a change sends all of them)."""
    settings = config.automation_settings()
    return {
        "Name": schedule_name(automation.id),
        "GroupName": settings.schedule_group,
        "ScheduleExpression": trigger.schedule,
        "ScheduleExpressionTimezone": trigger.timeZone,
        "FlexibleTimeWindow": {"Mode": "OFF"},
        "State": state_of(automation),
        "Description": f"taskexec automation {automation.id}",
        "ActionAfterCompletion": "NONE",
        "Target": {
            "Arn": settings.run_queue_arn,
            "RoleArn": settings.schedule_role_arn,
            "Input": automation_messages.schedule_input(automation.id),
            "RetryPolicy": RETRY_POLICY,
        },
    }


def _delete_schedule(automation_id: str) -> None:
    _, scheduler = _clients()
    with _aws("schedule"):
        try:
            scheduler.delete_schedule(
                Name=schedule_name(automation_id), GroupName=config.automation_settings().schedule_group
            )
        except ClientError as exc:
            if _code(exc) != "ResourceNotFoundException":
                raise


# --- AWS's answers as the contract's errors -------------------------------------------------------------------


def _code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code") or "")


@contextmanager
def _aws(kind: str) -> Iterator[None]:
    try:
        yield
    except ClientError as exc:
        code = _code(exc)
        fault = {"kind": kind, "awsCode": code}
        if code in QUOTA_CODES:
            logger.warning("AWS quota reached", extra=fault)
            raise ServiceError(
                ErrorCode.LIMIT_EXCEEDED,
                f"The account's {'rules on the bus' if kind == 'rule' else 'schedules'} are at AWS's quota.",
                suggestion="Delete automations that are no longer needed, or ask for a higher AWS quota.",
            ) from None
        if code in BUSY_CODES:
            logger.warning("AWS busy", extra=fault)
            raise busy() from None
        if code == "ValidationException" and kind == "schedule":
            message = str(exc.response.get("Error", {}).get("Message") or "")[:1000].lower()
            field = "trigger.timeZone" if "timezone" in message else "trigger.schedule"
            logger.info("Scheduler refused a schedule", extra=fault)
            raise ServiceError(
                ErrorCode.VALIDATION_FAILED,
                "EventBridge Scheduler refused the schedule.",
                details=[FieldIssue(field, "is not accepted by EventBridge Scheduler")],
                suggestion="Check the expression against Scheduler's cron and rate syntax, and the time zone name.",
            ) from None
        logger.error("AWS refused our request", extra=fault, exc_info=exc)
        raise internal_error() from None
    except BotoCoreError as exc:
        logger.warning("AWS unreachable", extra={"kind": kind, "fault": type(exc).__name__})
        raise busy() from None
