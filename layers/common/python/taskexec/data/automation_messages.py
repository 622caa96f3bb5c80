"""What AutomationRunQueue carries: the message an automation's rule or schedule delivers, written and read here.

An event trigger's rule target turns the matching event into
`{"automationId": <id>, "trigger": "event", "event": <the whole EventBridge event>}` (an InputTransformer whose
template embeds EventBridge's `<aws.events.event.json>`); a schedule's target sends
`{"automationId": <id>, "trigger": "schedule", "scheduledTime": ..., "executionId": ..., "attempt": ...}`,
Scheduler filling its context attributes (`<aws.scheduler.scheduled-time>`, ...) when it fires. The automation
id is fixed in each target when the rule or schedule is made, so a message names its automation whatever it
carries. `parse` reads either shape back (the runs' consumer, taskexec/services/automation_runs.py).

No AWS client here: the consumer reads messages without loading the SDK for it.
"""

import json
from typing import Any

from taskexec.domain.automation_runs import RunRequest

EVENT = "event"
SCHEDULE = "schedule"
MAX_ID = 128


class MalformedRun(ValueError):
    """A message that is not a run request (nothing sends it but a rule or schedule of ours, or someone with
    access to the queue): the consumer drops it, to its dead-letter queue."""


def event_input_template(automation_id: str) -> str:
    """The rule target's InputTemplate: the automation id, and EventBridge's whole event as `event`."""
    return f'{{"automationId":{json.dumps(automation_id)},"trigger":"{EVENT}","event":<aws.events.event.json>}}'


def schedule_input(automation_id: str) -> str:
    """The schedule target's Input; Scheduler replaces the `<aws.scheduler.*>` context attributes."""
    return json.dumps(
        {
            "automationId": automation_id,
            "trigger": SCHEDULE,
            "scheduledTime": "<aws.scheduler.scheduled-time>",
            "executionId": "<aws.scheduler.execution-id>",
            "attempt": "<aws.scheduler.attempt-number>",
        },
        separators=(",", ":"),
    )


def parse(body: str) -> RunRequest:
    """The run a message asks for; MalformedRun when it is not one."""
    try:
        message: Any = json.loads(body)
    except (ValueError, RecursionError):
        raise MalformedRun("not JSON") from None
    if not isinstance(message, dict):
        raise MalformedRun("not a JSON object")
    automation_id = message.get("automationId")
    if not isinstance(automation_id, str) or not 0 < len(automation_id) <= MAX_ID:
        raise MalformedRun("no automationId")
    if message.get("trigger") == EVENT and isinstance(message.get("event"), dict):
        return RunRequest(automation_id, event=message["event"])
    scheduled = message.get("scheduledTime")
    if message.get("trigger") == SCHEDULE and isinstance(scheduled, str) and scheduled:
        return RunRequest(automation_id, scheduled_time=scheduled)
    raise MalformedRun("neither an event nor a scheduled time")
