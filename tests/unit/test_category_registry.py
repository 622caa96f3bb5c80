"""A drafting category is its registry entry: registered here for the test alone (the vocabulary's `content`
gets a draft of its own), it is planned, written, linked to its task, guided and answered with no other code
knowing about it. A real one adds its member to vocabulary.Category and its table to template.yaml."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

import pytest

from taskexec.authorization import Role, UserStatus
from taskexec.domain import categories
from taskexec.domain.categories import CategoryEntry, Drafts, DraftStamp
from taskexec.domain.planning import Plan
from taskexec.domain.users import User
from taskexec.domain.vocabulary import Category
from taskexec.schemas.execute import ExecuteRequest, ExecuteResponse
from taskexec.services import recording
from taskexec.services.execute import execute
from tests.support.memory_store import MemoryStore

REQUESTER = User("requester", Role.ADMIN, UserStatus.ACTIVE)
ASSIGNEE = User("assignee", Role.ADMIN, UserStatus.ACTIVE)


class DraftBrief(NamedTuple):
    """A content brief: who the piece is for, in the request's words."""

    id: str
    taskId: str
    name: str
    createdById: str
    createdAt: str
    audience: str
    status: str = "DRAFT"

    def body(self) -> dict[str, Any]:
        return self._asdict()


def brief(plan: Plan, stamp: DraftStamp) -> DraftBrief:
    return DraftBrief(**stamp._asdict(), name=plan.title, audience=plan.description)


def steps(plan: Plan) -> tuple[str, ...]:
    return ("Open the draft brief linked to this task and name the piece's one reader.",)


@pytest.fixture
def briefs(monkeypatch: pytest.MonkeyPatch) -> Iterator[Drafts]:
    drafts = Drafts(brief, table="ContentBriefsTable", link_field="briefId", response_field="brief")
    monkeypatch.setitem(categories.CATEGORIES, Category.CONTENT, CategoryEntry(steps, drafts))
    yield drafts
    recording.metrics.clear_metrics()


def test_a_registered_drafting_category_is_written_linked_and_returned(briefs: Drafts) -> None:
    store = MemoryStore([REQUESTER, ASSIGNEE])
    body = ExecuteRequest.model_validate(
        {"task": {"category": "content", "title": "Spring lookbook copy", "description": "Returning customers"}}
    )

    result = execute(REQUESTER, body, request_id="r-1", store=store)

    assert isinstance(result, ExecuteResponse)
    answer = result.to_body()
    [task] = store.items("TasksTable")
    [draft] = store.items("ContentBriefsTable")
    assert (draft["taskId"], draft["audience"], draft["createdById"]) == (
        task["id"],
        "Returning customers",
        "requester",
    )
    assert task["briefId"] == draft["id"]
    assert answer["brief"] == draft
    assert answer["task"]["briefId"] == draft["id"]
    assert "name the piece's one reader" in answer["comment"]["content"]
    assert {"campaign", "workflow", "segment"}.isdisjoint(answer)


def test_a_category_without_a_draft_links_none_and_answers_none() -> None:
    store = MemoryStore([REQUESTER, ASSIGNEE])
    body = ExecuteRequest.model_validate({"task": {"category": "content", "title": "Spring lookbook copy"}})

    result = execute(REQUESTER, body, request_id="r-1", store=store)
    recording.metrics.clear_metrics()

    assert isinstance(result, ExecuteResponse)
    answer = result.to_body()
    assert store.tables.keys() == {"TasksTable", "TaskCommentsTable"}
    assert {link: answer["task"][link] for link in categories.link_fields()} == dict.fromkeys(categories.link_fields())
    assert not {entry.drafts.response_field for entry in categories.CATEGORIES.values() if entry.drafts} & set(answer)
