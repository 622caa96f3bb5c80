"""Automation bodies: POST and PUT /automations, the automation object and its list, and preview.

One validation pass names every invalid field: the shape (types, lengths, the trigger's kind, the schedule's
syntax and zone, each action as an execute body) and what depends on several fields at once (match fields of
the trigger's event, placeholders the trigger provides: `taskexec.domain.automations.issues`) are reported
together, each under its path (`trigger.schedule`, `trigger.match.status`, `actions[0].task.title`).
"""

from typing import Annotated, Any, Literal, Self, get_args

from pydantic import (
    ConfigDict,
    Discriminator,
    Field,
    ModelWrapValidatorHandler,
    Tag,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import ErrorDetails, InitErrorDetails, PydanticCustomError
from pydantic_core.core_schema import ErrorType

from taskexec.domain import automations, schedules
from taskexec.domain.automations import AutomationStatus, TriggerEvent
from taskexec.schemas.common import DocumentedAs, Error, Schema, Strict
from taskexec.schemas.execute import DryRunResponse, ExecuteRequest

MatchValue = Annotated[str, Field(min_length=1, max_length=32)]
MatchValues = Annotated[list[MatchValue], Field(min_length=1, max_length=10)]


class Match(Strict):
    """Fields of the event's detail; each list matches any of its values, a field left out matches anything."""

    category: MatchValues | None = Field(default=None, description="task events: the task's category")
    priority: MatchValues | None = Field(default=None, description="task events: the task's priority")
    status: MatchValues | None = Field(
        default=None,
        description="the status after the event: a task's (TODO, IN_PROGRESS, DONE, CANCELLED) or, for "
        "HealthStatusChanged, the health status (healthy, warning, critical)",
    )
    oldStatus: MatchValues | None = Field(
        default=None, description="TaskStatusChanged and HealthStatusChanged: the status before the change"
    )


class EventTrigger(Strict):
    """Runs when a domain event of this type matching `match` is published (an EventBridge rule)."""

    event: TriggerEvent
    match: Match | None = None


class ScheduleTrigger(Strict):
    """Runs on an EventBridge Scheduler schedule, in `timeZone`."""

    schedule: str = Field(
        min_length=1,
        max_length=schedules.MAX_EXPRESSION,
        description="cron(minutes hours day-of-month month day-of-week year) or rate(value unit), in "
        "EventBridge Scheduler's syntax: cron(0 9 ? * MON *), rate(15 minutes)",
    )
    timeZone: str | None = Field(
        default=None,
        min_length=1,
        max_length=schedules.MAX_ZONE,
        description="IANA time zone the schedule is read in; default the owner's. Always present in answers.",
    )

    @field_validator("schedule")
    @classmethod
    def _scheduler_syntax(cls, value: str) -> str:
        issue = schedules.issue(value)
        if issue:
            raise ValueError(issue)
        return value

    @field_validator("timeZone")
    @classmethod
    def _iana_zone(cls, value: str | None) -> str | None:
        issue = schedules.zone_issue(value) if value is not None else None
        if issue:
            raise ValueError(issue)
        return value


TRIGGER_TAGS = ("event-trigger", "schedule-trigger")


def _trigger_kind(value: Any) -> str | None:
    """Which trigger this is, by the field it carries; neither (or both) is refused with the union's error."""
    if isinstance(value, dict):
        kinds = [tag for tag, name in zip(TRIGGER_TAGS, ("event", "schedule"), strict=True) if name in value]
        return kinds[0] if len(kinds) == 1 else None
    if isinstance(value, EventTrigger | ScheduleTrigger):
        return TRIGGER_TAGS[0] if isinstance(value, EventTrigger) else TRIGGER_TAGS[1]
    return None


Trigger = Annotated[
    Annotated[EventTrigger, Tag(TRIGGER_TAGS[0])] | Annotated[ScheduleTrigger, Tag(TRIGGER_TAGS[1])],
    Discriminator(
        _trigger_kind,
        custom_error_type="exactly_one",
        custom_error_message="send exactly one of 'event' or 'schedule'",
    ),
]

_KNOWN_TYPES = frozenset(get_args(ErrorType))


def _named(error: ErrorDetails) -> InitErrorDetails:
    """A shape error under the caller's path: the trigger's union tag (`trigger.schedule-trigger.schedule`)
    taken out."""
    loc = error["loc"]
    if len(loc) > 1 and loc[0] == "trigger" and loc[1] in TRIGGER_TAGS:
        loc = (loc[0], *loc[2:])
    detail: InitErrorDetails = {
        "type": error["type"] if error["type"] in _KNOWN_TYPES else PydanticCustomError(error["type"], error["msg"]),
        "loc": loc,
        "input": error["input"],
    }
    if "ctx" in error:
        detail["ctx"] = error["ctx"]
    return detail


class AutomationRequest(Strict):
    """POST /automations and PUT /automations/{automationId}: the whole automation (a PUT replaces it)."""

    name: str = Field(min_length=1, max_length=100)
    trigger: Trigger
    actions: list[ExecuteRequest] = Field(
        min_length=1,
        max_length=automations.MAX_ACTIONS,
        description="Execute bodies, run in order on behalf of the owner. In an event-triggered automation their "
        "text may use {task.id}, {task.title}, {task.category}, {task.assigneeId}, {task.createdById} and, for "
        "TaskStatusChanged, {event.oldStatus} and {event.newStatus}; a schedule's may use none.",
    )
    status: AutomationStatus = AutomationStatus.ACTIVE

    @model_validator(mode="wrap")
    @classmethod
    def _every_field(cls, value: Any, handler: ModelWrapValidatorHandler[Self]) -> Self:
        """Shape errors and the domain's cross-field issues, in one answer."""
        errors: list[InitErrorDetails] = []
        model: Self | None = None
        try:
            model = handler(value)
        except ValidationError as exc:
            errors = [_named(error) for error in exc.errors()]
        taken = {tuple(error["loc"]) for error in errors}
        for issue in automations.issues(value):
            if issue.loc not in taken:
                errors.append(
                    {"type": PydanticCustomError("automation", issue.message), "loc": issue.loc, "input": value}
                )
        if errors or model is None:
            raise ValidationError.from_exception_data(cls.__name__, errors)
        return model


# --- Answers -------------------------------------------------------------------------------------------------


class RunError(Error):
    """An error body a run keeps (its first details, texts cut to 200 characters)."""

    action: int | None = Field(
        default=None, description="the action (0-based) it refused; absent when the whole run was refused"
    )


class LastRun(Schema):
    at: str
    eventId: str | None = Field(default=None, description="event triggers: the triggering event's eventId")
    scheduledTime: str | None = Field(default=None, description="schedules: the scheduled time of the run")
    depth: int = Field(
        description="the depth of the tasks it made: 1 for a run a person's or an integration's task (or a "
        "schedule) triggered, N+1 for one a depth-N task triggered; a run that would reach 4 is refused"
    )
    outcome: Literal["SUCCEEDED", "PARTIAL", "REFUSED", "FAILED"] = Field(
        description="SUCCEEDED: every action made its task; PARTIAL: some did; FAILED: none did; REFUSED: no action "
        "ran (the owner can no longer run it, a loop, the depth)"
    )
    taskIds: list[str] = Field(description="the tasks its actions made, in action order")
    errors: list[RunError] | None = None


class Automation(Schema):
    """An automation; `trigger.timeZone` is always present on a schedule."""

    model_config = ConfigDict(defer_build=True)

    id: str
    ownerId: str
    name: str
    trigger: EventTrigger | ScheduleTrigger
    actions: list[Annotated[dict[str, Any], DocumentedAs(ExecuteRequest)]]
    status: AutomationStatus
    pausedReason: str | None = Field(default=None, description="why it was paused when its owner could not run it")
    createdAt: str
    updatedAt: str
    lastRuns: list[LastRun] = Field(description="up to 10, newest first")


class AutomationPage(Schema):
    items: list[Automation]
    nextToken: str | None


class PreviewRequest(Strict):
    """`{"event": <a domain event's detail>}` for an event trigger, `{}` for a schedule."""

    event: dict[str, Any] | None = Field(
        default=None,
        description="The detail of an event the trigger would match (a TaskStatusChanged's task fields with "
        "oldStatus and newStatus, ...): the placeholders are filled from it",
    )


class Preview(Schema):
    plans: list[Annotated[dict[str, Any], DocumentedAs(DryRunResponse | Error)]] = Field(
        description="One per action, in order: the dry-run answer POST /ai/execute would give the owner, or the "
        "error body it would answer with"
    )
