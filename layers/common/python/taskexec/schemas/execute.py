"""POST /ai/execute bodies (the batch route's own are in schemas.batch)."""

import re
from typing import TYPE_CHECKING, Annotated, Any, Literal, Self, get_args

from pydantic import (
    ConfigDict,
    Discriminator,
    Field,
    ModelWrapValidatorHandler,
    RootModel,
    Tag,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import ErrorDetails, InitErrorDetails, PydanticCustomError
from pydantic_core.core_schema import ErrorType

from taskexec.domain import priorities
from taskexec.domain.vocabulary import Category, Channel, Priority, Strategy, WorkflowKind
from taskexec.errors import ErrorCode, ServiceError, field_issues
from taskexec.schemas.common import Schema, Strict
from taskexec.schemas.tasks import Comment, Task

if TYPE_CHECKING:
    from pydantic import GetJsonSchemaHandler
    from pydantic.json_schema import JsonSchemaValue
    from pydantic_core import CoreSchema

ASSIGNEE_ID_MAX = 128
"""User ids (Cognito subs, integration:<source>) are far shorter; the bound keeps a key lookup valid."""
EMAIL_MAX = 254
"""The longest email address SMTP can carry (RFC 5321 path limit)."""


PRIORITY_WORDING = (
    "LOW, MEDIUM, HIGH or URGENT in any case, or an alias: critical, asap, p0 (URGENT); p1, important (HIGH); "
    "normal, p2 (MEDIUM); p3, minor (LOW); also with the word priority ('high priority', 'P1-priority') and a "
    "few more (blocker, trivial, ...). Anything else is 422. Answers always carry LOW, MEDIUM, HIGH or URGENT."
)


def _either_case(pattern: str) -> str:
    """`pattern` (words and groups, no escapes of letters) with each letter matching both cases: JSON Schema
    patterns have no case-insensitive flag."""
    return "".join(f"[{c.upper()}{c.lower()}]" if c.isascii() and c.isalpha() else c for c in pattern)


def priority_pattern() -> str:
    """Every spelling `normalize_priority` accepts, as a JSON Schema pattern: one priority word, in any case,
    between separators and the word priority. Built from the domain's own words when a document is made."""
    separator = r"[\s_-]"
    noun = _either_case(priorities.PRIORITY_NOUN)
    word = "|".join(_either_case(re.escape(w)) for w in sorted(priorities.PRIORITY_WORDS, key=len, reverse=True))
    return rf"^{separator}*(?:{noun}{separator}+)*(?:{word}|[0-4])(?:{separator}+{noun})*{separator}*$"


class AcceptsPriorityAliases:
    """In the document, a request's priority is the enum or any spelling the service maps onto it, so a client
    may send either; the validator below does the mapping. Answers carry the enum alone."""

    __slots__ = ()

    def __get_pydantic_json_schema__(self, schema: "CoreSchema", handler: "GetJsonSchemaHandler") -> "JsonSchemaValue":
        return {"anyOf": [handler(schema), {"type": "string", "pattern": priority_pattern()}]}


class TaskInput(Strict):
    category: Category
    title: str = Field(min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=4000)
    priority: Annotated[Priority, AcceptsPriorityAliases()] | None = Field(default=None, description=PRIORITY_WORDING)
    dueDate: str | None = Field(default=None, max_length=64, description="ISO 8601 date or a phrase like 'by Friday'")
    assigneeId: str | None = Field(default=None, min_length=1, max_length=ASSIGNEE_ID_MAX)

    @field_validator("priority", mode="before")
    @classmethod
    def _normalise_priority(cls, value: Any) -> Any:
        if value is None or isinstance(value, Priority):
            return value
        if not isinstance(value, str):
            raise ValueError("priority must be a string")
        return priorities.normalize_priority(value)


MESSAGE_PATTERN = r"\S"
"""Surrounding whitespace is stripped, so a message must hold at least one other character."""


class MessageExecuteRequest(Strict):
    """The service detects the task from natural language."""

    message: str = Field(min_length=1, max_length=4000, pattern=MESSAGE_PATTERN)
    dryRun: bool = False

    @property
    def task(self) -> None:
        return None


class TaskExecuteRequest(Strict):
    """A structured task, executed as given."""

    task: TaskInput
    dryRun: bool = False

    @property
    def message(self) -> None:
        return None


def _variant(value: Any) -> str | None:
    """Which body this is, by the field it carries; None (neither) is refused with the union's own error."""
    if isinstance(value, dict):
        return "message" if "message" in value else "task" if "task" in value else None
    if isinstance(value, MessageExecuteRequest | TaskExecuteRequest):
        return "message" if isinstance(value, MessageExecuteRequest) else "task"
    return None


def _without_tag(error: ErrorDetails) -> InitErrorDetails:
    loc = error["loc"]
    detail: InitErrorDetails = {
        "type": error["type"] if error["type"] in _KNOWN_TYPES else PydanticCustomError(error["type"], error["msg"]),
        "loc": loc[1:] if loc and loc[0] in ("message", "task") else loc,
        "input": error["input"],
    }
    if "ctx" in error:
        detail["ctx"] = error["ctx"]
    return detail


_KNOWN_TYPES = frozenset(get_args(ErrorType))
"""pydantic's own error types; any other (a custom one) is rebuilt as a PydanticCustomError."""


# The root is declared as a field, not as `RootModel[...]`: a parametrised RootModel is a class of its own whose
# validator pydantic builds at import, never used and despite `defer_build` (the docstring is the schema's text).
class ExecuteRequest(RootModel):
    """Exactly one of `message` or `task` (a JSON schema `oneOf`: each variant refuses the other's field)."""

    model_config = ConfigDict(defer_build=True)

    root: Annotated[
        Annotated[MessageExecuteRequest, Tag("message")] | Annotated[TaskExecuteRequest, Tag("task")],
        Discriminator(
            _variant,
            custom_error_type="exactly_one",
            custom_error_message="send exactly one of 'message' or 'task'",
        ),
    ]

    @model_validator(mode="wrap")
    @classmethod
    def _untagged(cls, value: Any, handler: ModelWrapValidatorHandler[Self]) -> Self:
        """Errors name the caller's fields (`task.priority`), not pydantic's union tag (`task.task.priority`)."""
        try:
            return handler(value)
        except ValidationError as exc:
            raise ValidationError.from_exception_data(exc.title, [_without_tag(e) for e in exc.errors()]) from None

    @property
    def message(self) -> str | None:
        return self.root.message

    @property
    def task(self) -> TaskInput | None:
        return self.root.task

    @property
    def dryRun(self) -> bool:
        return self.root.dryRun


def execute_body(value: Any, message: str, suggestion: str | None = None) -> ExecuteRequest:
    """`value` read as an execute body where it arrives as data rather than as an HTTP body (a batch item, a
    TaskRequested detail, an automation's action): 422 VALIDATION_FAILED naming each invalid field, without the
    HTTP body's location, with `message` and `suggestion` saying where the body came from."""
    try:
        return ExecuteRequest.model_validate(value)
    except ValidationError as exc:
        details = field_issues(exc.errors(), located=False)
        raise ServiceError(ErrorCode.VALIDATION_FAILED, message, details=details, suggestion=suggestion) from None


class Assignment(Schema):
    assigneeId: str
    strategy: Strategy
    reason: str


class Campaign(Schema):
    id: str
    taskId: str
    name: str
    channel: Channel = Field(description="where the campaign is sent; EMAIL when the request did not say")
    subject: str
    status: str
    createdAt: str


class WorkflowStep(Schema):
    delayDays: int = Field(description="days after a contact enters the workflow")
    action: str


class Workflow(Schema):
    id: str
    taskId: str
    name: str
    kind: WorkflowKind = Field(description="what the workflow is for; GENERAL when the request did not say")
    trigger: str
    steps: list[WorkflowStep] = Field(description="the first steps that suit the kind, to edit before activating")
    status: str
    createdAt: str


class Segment(Schema):
    id: str
    taskId: str
    name: str
    rule: str = Field(description="who the segment holds, in plain language, taken from the request")
    status: str
    createdAt: str


class ExecuteResponse(Schema):
    # Beside the task, the draft its category made, under the field the category registry names
    # (taskexec.domain.categories): those declared here are typed, a category added later is carried as it is.
    model_config = ConfigDict(extra="allow", defer_build=True)

    executionId: str
    status: Literal["SUCCEEDED"] = "SUCCEEDED"
    task: Task
    comment: Comment
    assignment: Assignment
    campaign: Campaign | None = None
    workflow: Workflow | None = None
    segment: Segment | None = None
    durationMs: int

    def to_body(self) -> dict[str, Any]:
        """The 201 body: a draft's field appears only when one was made (nothing else here is ever null)."""
        return {name: value for name, value in self.model_dump(mode="json").items() if value is not None}


class Plan(Schema):
    category: Category
    title: str
    description: str
    priority: Priority
    dueDate: str = Field(description="ISO 8601 calendar date (YYYY-MM-DD) in `timeZone`")
    timeZone: str = Field(description="IANA time zone whose calendar the dates were judged on: the requester's")
    assigneeId: str
    strategy: Strategy
    channel: Channel | None = Field(default=None, description="campaigns only")
    kind: WorkflowKind | None = Field(default=None, description="workflows only")


class DryRunResponse(Schema):
    status: Literal["DRY_RUN"] = "DRY_RUN"
    plan: Plan
