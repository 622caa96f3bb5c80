"""POST /ai/execute against moto: what is written, who gets it, and every refusal."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from taskexec.authorization import Role, UserStatus
from taskexec.data import user_store
from taskexec.data.models import ActivityModel, CampaignModel, CommentModel, TaskModel, UserModel, WorkflowModel


def today() -> date:
    return datetime.now(UTC).date()


def structured(**task: Any) -> dict[str, Any]:
    return {"task": {"category": "general", "title": "Order office chairs", **task}}


def test_message_execution_writes_task_comment_and_campaign(api, aws, make_user):
    requester = make_user(Role.ADMIN)
    other = make_user(Role.ADMIN)
    reply = api(
        "POST",
        "/ai/execute",
        requester,
        body={"message": "Create a task to review the Q3 newsletter campaign, high priority"},
    )
    assert reply.status == 201, reply.body
    body = reply.body
    assert body["status"] == "SUCCEEDED"
    task = body["task"]
    assert task["category"] == "campaign"
    assert task["priority"] == "HIGH"
    assert task["status"] == "TODO"
    assert task["createdById"] == requester.id
    assert task["assigneeId"] == other.id
    assignment = body["assignment"]
    assert set(assignment) == {"assigneeId", "strategy", "reason"}
    assert (assignment["assigneeId"], assignment["strategy"]) == (other.id, "least_loaded")
    # The reason says why this admin: the fewest open tasks, and how many that is (none yet).
    assert "fewest open tasks" in assignment["reason"]
    assert "(0 open tasks)" in assignment["reason"]
    assert body["comment"]["kind"] == "AI_GUIDANCE"
    assert body["comment"]["createdById"] == requester.id
    assert "Why this assignee" in body["comment"]["content"]
    assert isinstance(body["durationMs"], int)
    stored = TaskModel.get(task["id"])
    assert stored.source == "ai"
    assert CampaignModel.get(body["campaign"]["id"]).taskId == task["id"]
    stored_item = aws.get_item(TableName="TasksTable", Key={"id": {"S": task["id"]}})["Item"]
    assert stored_item["campaignId"]["S"] == body["campaign"]["id"]
    assert [c.kind for c in CommentModel.query(task["id"])] == ["AI_GUIDANCE"]
    assert UserModel.get(other.id).openTasks == 1
    assert UserModel.get(requester.id).openTasks == 0
    records = list(ActivityModel.query(requester.id))
    assert [(r.outcome, r.executionId) for r in records] == [("SUCCEEDED", body["executionId"])]


def test_workflow_task_gets_a_draft_workflow(api, make_user):
    admin = make_user(Role.ADMIN)
    reply = api("POST", "/ai/execute", admin, body=structured(category="workflow", title="Lead scoring workflow"))
    assert reply.status == 201
    assert WorkflowModel.get(reply.body["workflow"]["id"]).status == "DRAFT"
    assert "campaign" not in reply.body


def test_least_loaded_then_least_recently_assigned(api, make_user):
    requester = make_user(Role.SUPER_ADMIN)
    a = make_user(Role.ADMIN)
    b = make_user(Role.IT_ADMIN)
    first = api("POST", "/ai/execute", requester, body=structured()).body["assignment"]["assigneeId"]
    second = api("POST", "/ai/execute", requester, body=structured()).body["assignment"]["assigneeId"]
    third = api("POST", "/ai/execute", requester, body=structured()).body["assignment"]["assigneeId"]
    assert {first, second} == {a.id, b.id}
    assert third == first  # both hold one task; the one assigned longest ago comes first


def test_a_choice_made_on_stale_loads_is_refused_at_write_and_made_again(api, make_user, monkeypatch):
    """Loads are read before the write; when they are stale by more than the choice allows (here another
    execution gave the chosen admin five tasks in between), the write is refused and the task goes to the
    admin who is least loaded now. The chosen admin's load is not touched by the refused try."""
    requester = make_user(Role.SUPER_ADMIN)
    crowded, free = make_user(Role.ADMIN), make_user(Role.ADMIN)
    reads = {"n": 0}
    fresh = user_store.assignable_users

    def first_read_stale(*args: Any, **kwargs: Any) -> list[Any]:
        reads["n"] += 1
        users = fresh(*args, **kwargs)
        if reads["n"] == 1:
            UserModel(crowded.id).update(actions=[UserModel.openTasks.add(5)])
            users = [u._replace(open_tasks=0 if u.id == crowded.id else 1) for u in users]
        return users

    monkeypatch.setattr(user_store, "assignable_users", first_read_stale)
    reply = api("POST", "/ai/execute", requester, body=structured())
    assert reply.status == 201, reply.body
    assert reply.body["assignment"]["assigneeId"] == free.id
    assert reads["n"] >= 2
    assert UserModel.get(crowded.id).openTasks == 5
    assert UserModel.get(free.id).openTasks == 1


def test_integration_prefers_it_admin(api, make_user):
    requester = make_user(Role.ADMIN)
    make_user(Role.ADMIN)
    it_admin = make_user(Role.IT_ADMIN)
    reply = api("POST", "/ai/execute", requester, body=structured(category="integration", title="Fix webhook"))
    assert reply.body["assignment"]["assigneeId"] == it_admin.id
    assert reply.body["assignment"]["strategy"] == "role_affinity"


def test_self_fallback_when_nobody_else(api, make_user):
    requester = make_user(Role.ADMIN)
    make_user(Role.USER)
    make_user(Role.ADMIN, UserStatus.INACTIVE)
    reply = api("POST", "/ai/execute", requester, body=structured())
    assert reply.body["assignment"]["strategy"] == "self_fallback"
    assert reply.body["task"]["assigneeId"] == requester.id


def test_explicit_assignee_by_email_and_invalid_assignees(api, make_user):
    requester = make_user(Role.ADMIN)
    dana = make_user(Role.ADMIN, email="dana@example.com")
    plain = make_user(Role.USER, email="user@example.com")
    reply = api(
        "POST",
        "/ai/execute",
        requester,
        body={"message": "Draft the welcome email copy and assign it to dana@example.com"},
    )
    assert reply.status == 201, reply.body
    assert reply.body["assignment"]["assigneeId"] == dana.id
    assert reply.body["assignment"]["strategy"] == "explicit"
    refused = api("POST", "/ai/execute", requester, body=structured(assigneeId=plain.id))
    assert (refused.status, refused.code) == (422, "INVALID_ASSIGNEE")
    unknown = api("POST", "/ai/execute", requester, body=structured(assigneeId="nobody"))
    assert unknown.code == "INVALID_ASSIGNEE"


def test_default_due_dates_follow_priority_and_skip_weekends(api, make_user):
    admin = make_user(Role.ADMIN)
    for priority, days in (("URGENT", 1), ("high", 3), ("p2", 7), ("minor", 14)):
        reply = api("POST", "/ai/execute", admin, body=structured(priority=priority))
        due = date.fromisoformat(reply.body["task"]["dueDate"])
        expected = today() + timedelta(days=days)
        while expected.weekday() >= 5:
            expected += timedelta(days=1)
        assert due == expected, priority


def test_explicit_due_date_wins_and_past_is_refused(api, make_user):
    admin = make_user(Role.ADMIN)
    future = (today() + timedelta(days=40)).isoformat()
    reply = api("POST", "/ai/execute", admin, body=structured(priority="LOW", dueDate=future))
    assert reply.body["task"]["dueDate"] == future
    past = api("POST", "/ai/execute", admin, body=structured(dueDate="2020-01-01"))
    assert (past.status, past.code) == (422, "DUE_DATE_IN_PAST")


def test_unknown_priority_is_a_field_level_422(api, make_user):
    admin = make_user(Role.ADMIN)
    reply = api("POST", "/ai/execute", admin, body=structured(priority="whenever"))
    assert (reply.status, reply.code) == (422, "VALIDATION_FAILED")
    assert any(d["field"] == "task.priority" for d in reply.body["error"]["details"])


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"message": ""},
        {"message": "x" * 4001},
        {"message": "hi", "task": {"category": "general", "title": "t"}},
        {"task": {"category": "space", "title": "t"}},
        {"message": "ok", "extra": 1},
    ],
)
def test_bad_bodies_are_422(api, make_user, body):
    reply = api("POST", "/ai/execute", make_user(Role.ADMIN), body=body)
    assert (reply.status, reply.code) == (422, "VALIDATION_FAILED")
    assert reply.body["error"]["details"]


def test_no_task_detected(api, make_user):
    reply = api("POST", "/ai/execute", make_user(Role.ADMIN), body={"message": "Thanks, that worked great!"})
    assert (reply.status, reply.code) == (422, "NO_TASK_DETECTED")
    assert reply.body["error"]["suggestion"]


def test_dry_run_writes_nothing(api, make_user):
    admin = make_user(Role.ADMIN)
    reply = api("POST", "/ai/execute", admin, body={**structured(category="campaign"), "dryRun": True})
    assert reply.status == 200
    assert reply.body["status"] == "DRY_RUN"
    assert set(reply.body["plan"]) == {
        "category",
        "title",
        "description",
        "priority",
        "dueDate",
        "timeZone",  # whose calendar the due date is on: the requester's
        "assigneeId",
        "strategy",
        "channel",  # a campaign's plan says where it goes (EMAIL when unsaid)
    }
    assert reply.body["plan"]["channel"] == "EMAIL"
    assert list(TaskModel.scan()) == []
    assert list(CampaignModel.scan()) == []
    assert UserModel.get(admin.id).openTasks == 0


def test_invalid_json_and_oversized_body(api, make_user):
    admin = make_user(Role.ADMIN)
    bad = api("POST", "/ai/execute", admin, body='{"message": ')
    assert (bad.status, bad.code) == (400, "INVALID_JSON")
    deep = api("POST", "/ai/execute", admin, body="[" * 5000 + "]" * 5000)
    assert deep.status == 400
    huge = api("POST", "/ai/execute", admin, body={"message": "x" * 300_000})
    assert (huge.status, huge.code) == (413, "PAYLOAD_TOO_LARGE")


def test_user_role_cannot_execute_and_is_recorded(api, make_user):
    user = make_user(Role.USER)
    reply = api("POST", "/ai/execute", user, body={"message": "Create a task to call Lagos"})
    assert (reply.status, reply.code) == (403, "INSUFFICIENT_PRIVILEGES")
    assert [r.outcome for r in ActivityModel.query(user.id)] == ["DENIED"]


def test_unregistered_inactive_and_unauthenticated(api, make_user):
    ghost = make_user(Role.ADMIN, register=False)
    assert api("POST", "/ai/execute", ghost, body=structured()).code == "USER_NOT_REGISTERED"
    inactive = make_user(Role.ADMIN, UserStatus.INACTIVE)
    assert api("POST", "/ai/execute", inactive, body=structured()).code == "USER_INACTIVE"
    anonymous = api("POST", "/ai/execute", None, body=structured())
    assert (anonymous.status, anonymous.code) == (401, "UNAUTHENTICATED")
    odd = api("POST", "/ai/execute", None, body=structured(), claims={"sub": "../../etc"})
    assert odd.status == 401


def test_token_groups_grant_nothing_the_row_does_not(api, make_user):
    user = make_user(Role.USER)
    claims = {**user.claims(), "cognito:groups": ["SUPER_ADMIN", "ADMIN"]}
    reply = api("POST", "/ai/execute", None, body=structured(), claims=claims)
    assert reply.code == "INSUFFICIENT_PRIVILEGES"


@pytest.mark.parametrize(
    ("where", "kwargs"),
    [
        ("body", {"body": {"message": "Create a task", "userId": "someone"}}),
        ("nested", {"body": {"task": {"category": "general", "title": "t", "createdById": "x"}}}),
        ("isAdmin", {"body": {"message": "Create a task", "isAdmin": True}}),
        ("query", {"body": {"message": "Create a task"}, "query": "role=SUPER_ADMIN"}),
        ("header", {"body": {"message": "Create a task"}, "headers": {"X-User-Id": "other"}}),
    ],
)
def test_escalation_attempts_are_refused_and_audited(api, make_user, where, kwargs):
    admin = make_user(Role.ADMIN)
    reply = api("POST", "/ai/execute", admin, **kwargs)
    assert (reply.status, reply.code) == (403, "PRIVILEGE_ESCALATION_ATTEMPT"), where
    rows = list(ActivityModel.query(admin.id))
    assert [r.errorCode for r in rows] == ["PRIVILEGE_ESCALATION_ATTEMPT"]
    assert rows[0].detail
    assert rows[0].detail["escalation"]
    assert list(TaskModel.scan()) == []


def test_errors_have_the_contract_shape(api, make_user):
    reply = api("POST", "/ai/execute", make_user(Role.USER), body=structured())
    error = reply.body["error"]
    assert set(error) <= {"code", "message", "suggestion", "details", "requestId"}
    assert error["requestId"]


def test_duration_ms_covers_the_write_and_the_record_says_up_to_it(api, make_user, monkeypatch, capsys):
    """A fake clock: planning takes 1 s, the transaction 2 s. The answer and the EMF metric carry all 3 s;
    the record the transaction writes can only carry the time up to the write (docs/architecture.md)."""
    from taskexec.data import executions
    from taskexec.services import execute as service

    clock = {"now": 1000.0}
    monkeypatch.setattr(service.time, "perf_counter", lambda: clock["now"])
    original_plan, original_write = service.plan, executions.write_execution

    def slow_plan(*args):
        clock["now"] += 1.0
        return original_plan(*args)

    def slow_write(write):
        clock["now"] += 2.0
        return original_write(write)

    monkeypatch.setattr(service, "plan", slow_plan)
    monkeypatch.setattr(executions, "write_execution", slow_write)
    admin = make_user(Role.ADMIN)
    capsys.readouterr()
    reply = api("POST", "/ai/execute", admin, body=structured())
    assert reply.status == 201, reply.body
    assert reply.body["durationMs"] == 3000
    [stored] = list(ActivityModel.query(admin.id))
    assert stored.durationMs == 1000
    emitted = [line for line in capsys.readouterr().out.splitlines() if '"ExecutionTimeMs"' in line]
    assert emitted
    assert all('"ExecutionTimeMs":[3000' in line.replace(" ", "") for line in emitted), emitted
