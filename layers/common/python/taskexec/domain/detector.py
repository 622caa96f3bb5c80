"""The one interface every task detector sits behind."""

from datetime import date
from typing import NamedTuple, Protocol

from taskexec.domain.vocabulary import Category, Channel, Priority, WorkflowKind

SUGGESTION = (
    'Try: "Create a task to <do something> by <date>", for example '
    '"Create a task to review the spring newsletter campaign by Friday, high priority".'
)
"""What a refusal (422 NO_TASK_DETECTED) suggests, whichever detector refused."""


class Detection(NamedTuple):
    """What a detector found in a message.

    `priority` is None when the text has no priority words (the caller applies MEDIUM);
    `due_date` is None when the text names no date (the caller applies the priority default);
    `channel` and `kind` are None when the text does not say (the caller applies EMAIL and GENERAL, and only
    to a campaign or a workflow); `segment_rule` is who a segment holds, in the request's words.
    """

    is_task: bool
    category: Category = Category.GENERAL
    title: str = ""
    description: str = ""
    priority: Priority | None = None
    due_date: date | None = None
    assignee_hint: str | None = None
    channel: Channel | None = None
    kind: WorkflowKind | None = None
    segment_rule: str | None = None
    suggestion: str | None = None
    detector: str = "rules"


class Detector(Protocol):
    name: str

    def detect(self, message: str, today: date) -> Detection: ...
