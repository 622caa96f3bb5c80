"""Automation runs: the consumer of AutomationRunQueue (phase 2 of issue 23; not wired to the queue yet).

Each message is one delivery of a run request (taskexec/data/automation_messages.py: `parse` reads it into a
`RunRequest`): an automation's rule matched an event, or its schedule came round. What a run will do, as the
contract's "Automations" section asks, and what phase 2 fills in here:

1. Read the automation (strongly consistent). Gone (deleted) or PAUSED: the message is done, nothing runs.
2. Exactly once per `RunRequest.run_key` ((automation, eventId) or (automation, scheduled time)), however often
   the queue delivers it, through the exactly-once request path of issue 21.
3. Loops: a run triggered by an event of one of this automation's own tasks is refused; a run whose triggering
   task is at depth 3 is refused (a task by a person or an integration is depth 0, a run triggered by a depth-N
   task makes depth N+1 tasks), and the refusal recorded.
4. The owner's row read now (`standing`, an executing role): otherwise the run is refused and recorded, and the
   automation PAUSED with `pausedReason`.
5. Each action in order, placeholders filled from the event's detail (`domain.automations.fill` with
   `placeholder_values`), executed like POST /ai/execute on behalf of the owner (`createdById` the owner), in
   the automation's zone for a schedule (issue 22's zone parameter), with `source: automation` and
   `automationId` on the tasks and audit records, the trigger's `eventId` on the audit records.
6. `lastRuns` (at most 10, newest first, without bumping the automation's version) and an `AutomationRan`
   event (automation id, owner, the run as in lastRuns, eventId, occurredAt).

Until then nothing consumes the queue: its messages wait there (retention 4 days), and the tests read them to
show that AWS matched and scheduled what each automation asked for.
"""

from taskexec.data import automation_messages
from taskexec.domain.automations import RunRequest


def request_of(message_body: str) -> RunRequest:
    """The run a queue message asks for; `automation_messages.MalformedRun` when it is not one."""
    return automation_messages.parse(message_body)


def handle(message_body: str, message_id: str) -> None:
    """Run one delivered request exactly once (phase 2)."""
    request_of(message_body)
    raise NotImplementedError("automation runs are phase 2 of issue 23: see this module's docstring")
