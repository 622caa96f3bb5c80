"""Automations as the domain sees them: a trigger, up to five execute bodies, an owner, and the rules about them.

An automation runs task executions when a domain event matches its trigger or when its schedule comes round. Here
are the plain parts: the values, the vocabulary a trigger may match on, the placeholders an action may use and how
they are filled from an event, and the limits (a run of one: domain/automation_runs.py). Matching and scheduling are
AWS's (an EventBridge rule, a Scheduler schedule: taskexec/data/automation_triggers.py); the request's shape is
taskexec/schemas/automations.py, which asks `issues` here for what depends on more than one field.

Pure and linear: placeholders are found with one regular expression of no nested repetition over texts the
schemas bound (4,000 characters a message), and every check is a pass over bounded lists.
"""

import re
from collections.abc import Iterator, Mapping
from enum import StrEnum
from typing import Any, NamedTuple

from taskexec.domain import events
from taskexec.domain.vocabulary import Category, Priority, TaskStatus

MAX_PER_OWNER = 25
MAX_PER_DEPLOYMENT = 250
"""Under EventBridge's 300 rules a bus, beside the service's own rules on it."""
MAX_ACTIONS = 5
MAX_LAST_RUNS = 10


class AutomationStatus(StrEnum):
    ACTIVE = "ACTIVE"
    PAUSED = "PAUSED"


class TriggerEvent(StrEnum):
    """The domain events a trigger may name (the service's own, source taskexec)."""

    TASK_CREATED = events.TASK_CREATED
    TASK_ASSIGNED = events.TASK_ASSIGNED
    TASK_STATUS_CHANGED = events.TASK_STATUS_CHANGED
    HEALTH_STATUS_CHANGED = events.HEALTH_STATUS_CHANGED


HEALTH_STATUSES = ("healthy", "warning", "critical")
"""A health snapshot's status labels (taskexec.monitoring.snapshot.StatusLabel, which this layer cannot import;
a unit test holds the two equal)."""

_TASK_MATCH = {
    "category": tuple(c.value for c in Category),
    "priority": tuple(p.value for p in Priority),
    "status": tuple(s.value for s in TaskStatus),
}
MATCH_FIELDS: dict[str, dict[str, tuple[str, ...]]] = {
    events.TASK_CREATED: _TASK_MATCH,
    events.TASK_ASSIGNED: _TASK_MATCH,
    events.TASK_STATUS_CHANGED: {**_TASK_MATCH, "oldStatus": _TASK_MATCH["status"]},
    events.HEALTH_STATUS_CHANGED: {"status": HEALTH_STATUSES, "oldStatus": HEALTH_STATUSES},
}
"""Event -> the fields of its detail a trigger may match, and the values each may take. `status` is the status
after the event (a task's, or the health snapshot's), `oldStatus` the one before a status change."""
MATCH_NAMES = ("category", "priority", "status", "oldStatus")

TASK_PLACEHOLDERS = {
    "task.id": "id",
    "task.title": "title",
    "task.category": "category",
    "task.assigneeId": "assigneeId",
    "task.createdById": "createdById",
}
EVENT_PLACEHOLDERS = {"event.oldStatus": "oldStatus", "event.newStatus": "newStatus"}
"""Placeholder -> the field of the event's detail it is filled from."""
PLACEHOLDERS: dict[str, dict[str, str]] = {
    events.TASK_CREATED: TASK_PLACEHOLDERS,
    events.TASK_ASSIGNED: TASK_PLACEHOLDERS,
    events.TASK_STATUS_CHANGED: {**TASK_PLACEHOLDERS, **EVENT_PLACEHOLDERS},
    events.HEALTH_STATUS_CHANGED: {},
}
"""Event -> the placeholders its automations' actions may use. A schedule has no event, so none."""

_PLACEHOLDER = re.compile(r"\{((?:task|event)\.[A-Za-z0-9_]{0,64})\}")


class EventTrigger(NamedTuple):
    event: str
    match: Mapping[str, tuple[str, ...]]
    """Detail field -> the values any of which matches; a field absent matches anything."""

    def body(self) -> dict[str, Any]:
        found: dict[str, Any] = {"event": self.event}
        if self.match:
            found["match"] = {name: list(values) for name, values in self.match.items()}
        return found


class ScheduleTrigger(NamedTuple):
    schedule: str
    """cron(...) or rate(...) in EventBridge Scheduler's syntax (taskexec.domain.schedules)."""
    timeZone: str

    def body(self) -> dict[str, Any]:
        return {"schedule": self.schedule, "timeZone": self.timeZone}


Trigger = EventTrigger | ScheduleTrigger


class Automation(NamedTuple):
    id: str
    ownerId: str
    name: str
    trigger: Trigger
    actions: tuple[dict[str, Any], ...]
    """Execute bodies (`{"message"}` or `{"task"}`), as the owner wrote them, placeholders unfilled."""
    status: AutomationStatus
    createdAt: str
    updatedAt: str
    pausedReason: str | None = None
    lastRuns: tuple[dict[str, Any], ...] = ()
    """Up to MAX_LAST_RUNS, newest first (`run_entry`), written by the runs."""
    version: int = 1
    """Bumped by every change of the automation (a PUT, a pause): a change is conditional on the version it read."""
    runsVersion: int = 0
    """Bumped by every run recorded in lastRuns, conditional on the one read: two runs recorded at once never
    drop each other's entry, and runs and changes never meet on one number."""

    @property
    def active(self) -> bool:
        return self.status is AutomationStatus.ACTIVE

    def body(self) -> dict[str, Any]:
        """The contract's automation object."""
        found: dict[str, Any] = {
            "id": self.id,
            "ownerId": self.ownerId,
            "name": self.name,
            "trigger": self.trigger.body(),
            "actions": [dict(action) for action in self.actions],
            "status": self.status.value,
        }
        if self.pausedReason:
            found["pausedReason"] = self.pausedReason
        found.update(createdAt=self.createdAt, updatedAt=self.updatedAt, lastRuns=list(self.lastRuns))
        return found


def trigger_of(value: Mapping[str, Any]) -> Trigger:
    """A trigger from its body (as validated by the schemas, or as stored)."""
    if "schedule" in value:
        return ScheduleTrigger(str(value["schedule"]), str(value["timeZone"]))
    match = value.get("match") or {}
    return EventTrigger(str(value["event"]), {name: tuple(match[name]) for name in MATCH_NAMES if match.get(name)})


# --- Placeholders ---------------------------------------------------------------------------------------------


def placeholders_of(text: str) -> list[str]:
    """The placeholders a text uses (`task.title` for `{task.title}`), in order. Braces around anything else
    are text, not placeholders."""
    return _PLACEHOLDER.findall(text)


def allowed_placeholders(trigger: Trigger) -> dict[str, str]:
    """Placeholder -> detail field, for this trigger's actions."""
    return PLACEHOLDERS.get(trigger.event, {}) if isinstance(trigger, EventTrigger) else {}


def texts(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """(path, text) of every string in an execute body: `task.title`, `message`, ..."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from texts(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from texts(item, f"{path}[{index}]")


def fill(value: Any, values: Mapping[str, str]) -> Any:
    """An execute body with every placeholder of `values` replaced in its strings (others left as they are)."""
    if isinstance(value, str):
        return _PLACEHOLDER.sub(lambda found: values.get(found.group(1), found.group(0)), value)
    if isinstance(value, Mapping):
        return {key: fill(item, values) for key, item in value.items()}
    if isinstance(value, list):
        return [fill(item, values) for item in value]
    return value


def placeholder_values(trigger: Trigger, detail: Mapping[str, Any]) -> dict[str, str]:
    """What each placeholder this trigger allows stands for, read from a triggering event's detail (a field the
    detail lacks or holds null is the empty string)."""
    found: dict[str, str] = {}
    for placeholder, field in allowed_placeholders(trigger).items():
        value = detail.get(field)
        found[placeholder] = "" if value is None else str(value)
    return found


# --- What depends on more than one field of a request --------------------------------------------------------


class Issue(NamedTuple):
    """One invalid field: where it is (the request's path, list positions as ints) and what is wrong."""

    loc: tuple[str | int, ...]
    message: str


def issues(body: Any) -> list[Issue]:
    """What the request's shape alone cannot say: match fields and values the trigger's event does not have,
    placeholders the trigger does not provide, actions that ask for a dry run. Reads the raw request, so it can
    name these beside whatever the shape refuses; parts that are not there or not readable are left to the
    shape's own errors."""
    if not isinstance(body, Mapping):
        return []
    found: list[Issue] = []
    trigger = body.get("trigger")
    allowed: dict[str, str] | None = None
    kind = SCHEDULE_KIND
    if isinstance(trigger, Mapping) and "schedule" in trigger and "event" not in trigger:
        allowed = {}
    elif (
        isinstance(trigger, Mapping)
        and isinstance(trigger.get("event"), str)
        and trigger["event"] in MATCH_FIELDS
        and "schedule" not in trigger
    ):
        event = str(trigger["event"])
        allowed, kind = PLACEHOLDERS[event], f"a {event} trigger"
        found += _match_issues(event, trigger.get("match"))
    actions = body.get("actions")
    if isinstance(actions, list):
        for index, action in enumerate(actions):
            if isinstance(action, Mapping) and "dryRun" in action and action["dryRun"] is not False:
                found.append(Issue(("actions", index, "dryRun"), "an action runs for real: leave dryRun out"))
            if allowed is not None:
                found += _placeholder_issues(index, action, allowed, kind)
    return found


SCHEDULE_KIND = "a schedule"


def _match_issues(event: str, match: Any) -> list[Issue]:
    if not isinstance(match, Mapping):
        return []
    fields = MATCH_FIELDS[event]
    found = []
    for name, values in match.items():
        if name not in MATCH_NAMES:
            continue  # the shape refuses unknown names
        loc = ("trigger", "match", name)
        if name not in fields:
            found.append(Issue(loc, f"{event} events have no {name} to match (they have: {', '.join(fields)})"))
        elif isinstance(values, list):
            wrong = [v for v in values if isinstance(v, str) and v not in fields[name]]
            if wrong:
                found.append(Issue(loc, f"{wrong[0]!r} is not a {name} of {event} (one of {', '.join(fields[name])})"))
    return found


def _placeholder_issues(index: int, action: Any, allowed: Mapping[str, str], kind: str) -> list[Issue]:
    found = []
    for path, text in texts(action):
        unknown = [name for name in placeholders_of(text) if name not in allowed]
        if unknown:
            if allowed:
                offer = f"it offers {', '.join('{' + p + '}' for p in allowed)}"
            else:
                offer = "it has no event to fill one" if kind == SCHEDULE_KIND else "it offers none"
            loc: tuple[str | int, ...] = ("actions", index, *path.split("."))
            found.append(Issue(loc, f"{{{unknown[0]}}} is not available for {kind}: {offer}"))
    return found
