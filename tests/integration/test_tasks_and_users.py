"""Task reads, status changes, role changes and sign-up registration."""

from __future__ import annotations

from typing import Any

import pytest

from devkit.handlers import load_function
from taskexec.authorization import Role, UserStatus
from taskexec.data.models import ActivityModel, UserModel


def execute(api, requester, **task: Any) -> dict[str, Any]:
    body = {"task": {"category": "general", "title": "Order office chairs", **task}}
    reply = api("POST", "/ai/execute", requester, body=body)
    assert reply.status == 201, reply.body
    return reply.body


def test_get_task_and_its_comments(api, make_user):
    admin = make_user(Role.ADMIN)
    done = execute(api, admin)
    task = api("GET", f"/tasks/{done['task']['id']}", admin)
    assert task.status == 200
    assert task.body == done["task"]
    comments = api("GET", f"/tasks/{done['task']['id']}/comments", admin)
    assert comments.body["nextToken"] is None
    assert [c["id"] for c in comments.body["items"]] == [done["comment"]["id"]]


def test_missing_task_is_404(api, make_user):
    admin = make_user(Role.ADMIN)
    assert api("GET", "/tasks/nope", admin).code == "NOT_FOUND"
    assert api("GET", "/tasks/nope/comments", admin).code == "NOT_FOUND"
    assert api("PATCH", "/tasks/nope", admin, body={"status": "DONE"}).code == "NOT_FOUND"


def test_list_scopes_sorted_by_due_and_paginated(api, make_user):
    admin = make_user(Role.ADMIN)
    other = make_user(Role.ADMIN)
    for priority in ("LOW", "URGENT", "MEDIUM", "HIGH", "URGENT"):
        execute(api, admin, priority=priority)
    created = api("GET", "/tasks", admin, query="scope=created&limit=2")
    assert created.status == 200
    assert len(created.body["items"]) == 2
    seen = list(created.body["items"])
    token = created.body["nextToken"]
    while token:
        page = api("GET", "/tasks", admin, query=f"scope=created&limit=2&nextToken={token}")
        seen += page.body["items"]
        token = page.body["nextToken"]
    assert len(seen) == 5
    assert [t["dueDate"] for t in seen] == sorted(t["dueDate"] for t in seen)
    assigned = api("GET", "/tasks", other, query="scope=assigned")
    assert len(assigned.body["items"]) == 5
    assert api("GET", "/tasks", admin).body["items"] == []  # default scope: assigned to me
    everything = api("GET", "/tasks", admin, query="scope=all&limit=100")
    assert len(everything.body["items"]) == 5


def test_status_filter_and_bad_queries(api, make_user):
    admin = make_user(Role.ADMIN)
    task = execute(api, admin)["task"]
    api("PATCH", f"/tasks/{task['id']}", admin, body={"status": "IN_PROGRESS"})
    execute(api, admin)
    in_progress = api("GET", "/tasks", admin, query="scope=created&status=IN_PROGRESS")
    assert [t["id"] for t in in_progress.body["items"]] == [task["id"]]
    for query in ("limit=0", "limit=101", "scope=everyone", "status=LATE", "limit=ten"):
        assert api("GET", "/tasks", admin, query=query).code == "VALIDATION_FAILED", query
    assert api("GET", "/tasks", admin, query="nextToken=garbage").code == "INVALID_REQUEST"


def test_forged_page_token_cannot_read_another_partition(api, make_user):
    from taskexec.data import pages

    admin, victim = make_user(Role.ADMIN), make_user(Role.ADMIN)
    forged = pages.encode({"id": "x", "createdById": victim.id, "dueKey": "0"})
    assert api("GET", "/tasks", admin, query=f"scope=created&nextToken={forged}").code == "INVALID_REQUEST"


def test_user_role_sees_every_task_and_changes_none(api, make_user):
    admin = make_user(Role.ADMIN)
    user = make_user(Role.USER)
    task = execute(api, admin)["task"]
    assert api("GET", f"/tasks/{task['id']}", user).body["id"] == task["id"]
    assert api("GET", f"/tasks/{task['id']}/comments", user).body["items"]
    assert task["id"] in [t["id"] for t in api("GET", "/tasks", user, query="scope=all").body["items"]]
    assert api("GET", "/tasks", user, query="scope=assigned").status == 200
    assert api("PATCH", f"/tasks/{task['id']}", user, body={"status": "DONE"}).code == "INSUFFICIENT_PRIVILEGES"


def test_closing_releases_load_and_reopening_takes_it_back(api, make_user):
    admin = make_user(Role.ADMIN)
    worker = make_user(Role.ADMIN)
    task = execute(api, admin)["task"]
    assert UserModel.get(worker.id).openTasks == 1
    assert api("PATCH", f"/tasks/{task['id']}", admin, body={"status": "IN_PROGRESS"}).body["status"] == "IN_PROGRESS"
    assert UserModel.get(worker.id).openTasks == 1
    done = api("PATCH", f"/tasks/{task['id']}", admin, body={"status": "DONE"})
    assert done.status == 200
    assert UserModel.get(worker.id).openTasks == 0
    again = api("PATCH", f"/tasks/{task['id']}", admin, body={"status": "DONE"})
    assert again.status == 200
    assert UserModel.get(worker.id).openTasks == 0
    api("PATCH", f"/tasks/{task['id']}", admin, body={"status": "TODO"})
    assert UserModel.get(worker.id).openTasks == 1
    assert api("PATCH", f"/tasks/{task['id']}", admin, body={"status": "LATE"}).code == "VALIDATION_FAILED"


def test_super_admin_changes_roles_but_never_their_own(api, make_user):
    boss = make_user(Role.SUPER_ADMIN)
    user = make_user(Role.USER)
    promoted = api("PUT", f"/users/{user.id}/role", boss, body={"role": "ADMIN"})
    assert promoted.status == 200
    assert promoted.body["role"] == "ADMIN"
    assert api("POST", "/ai/execute", user, body={"task": {"category": "general", "title": "t"}}).status == 201
    assert api("PUT", f"/users/{boss.id}/role", boss, body={"role": "USER"}).code == "INSUFFICIENT_PRIVILEGES"
    deactivated = api("PUT", f"/users/{user.id}/role", boss, body={"status": "INACTIVE"})
    assert deactivated.body["status"] == "INACTIVE"
    assert api("GET", "/tasks", user).code == "USER_INACTIVE"
    assert UserModel.get(user.id).assignPool is None
    assert api("PUT", "/users/nobody/role", boss, body={"role": "ADMIN"}).code == "NOT_FOUND"
    assert api("PUT", f"/users/{user.id}/role", boss, body={}).code == "VALIDATION_FAILED"
    assert api("PUT", f"/users/{user.id}/role", boss, body={"role": "GOD"}).code == "VALIDATION_FAILED"
    # INTEGRATION rows are made by PUT /integrations/{source} only.
    assert api("PUT", f"/users/{user.id}/role", boss, body={"role": "INTEGRATION"}).code == "VALIDATION_FAILED"


@pytest.mark.parametrize("role", [Role.ADMIN, Role.IT_ADMIN, Role.USER])
def test_only_super_admin_changes_roles(api, make_user, role):
    target = make_user(Role.USER)
    reply = api("PUT", f"/users/{target.id}/role", make_user(role), body={"role": "ADMIN"})
    assert reply.code == "INSUFFICIENT_PRIVILEGES"


def test_every_request_is_audited(api, make_user):
    admin = make_user(Role.ADMIN)
    api("GET", "/tasks", admin)
    api("GET", "/tasks/missing", admin)
    outcomes = sorted((r.route, r.outcome) for r in ActivityModel.query(admin.id))
    assert outcomes == [("GET /tasks", "SUCCEEDED"), ("GET /tasks/{taskId}", "INVALID")]


def test_post_confirmation_registers_a_user_once(aws):
    handler = load_function("post_confirmation").lambda_handler
    event = {
        "version": "1",
        "region": "us-east-1",
        "userPoolId": "us-east-1_x",
        "userName": "newbie",
        "triggerSource": "PostConfirmation_ConfirmSignUp",
        "callerContext": {"clientId": "c"},
        "request": {"userAttributes": {"sub": "sub-123", "email": "New@Example.com"}},
        "response": {},
    }
    from devkit.events import LambdaContext

    assert handler(event, LambdaContext("post_confirmation")) == event
    row = UserModel.get("sub-123")
    assert (row.role, row.status, row.email, row.openTasks) == ("USER", "ACTIVE", "new@example.com", 0)
    UserModel("sub-123").update(actions=[UserModel.role.set("ADMIN")])
    handler(event, LambdaContext("post_confirmation"))
    assert UserModel.get("sub-123").role == "ADMIN"
    assert UserStatus(row.status) is UserStatus.ACTIVE


def test_super_admin_registers_an_integration_and_changes_its_status(api, make_user):
    boss = make_user(Role.SUPER_ADMIN)
    made = api("PUT", "/integrations/crm.example", boss, body={"name": "The CRM", "status": "ACTIVE"})
    assert made.status == 200
    assert {k: made.body[k] for k in ("id", "source", "name", "role", "status")} == {
        "id": "integration:crm.example",
        "source": "crm.example",
        "name": "The CRM",
        "role": "INTEGRATION",
        "status": "ACTIVE",
    }
    row = UserModel.get("integration:crm.example")
    assert (row.role, row.status, row.assignPool) == ("INTEGRATION", "ACTIVE", None)
    paused = api("PUT", "/integrations/crm.example", boss, body={"name": "The CRM", "status": "INACTIVE"})
    assert paused.body["status"] == "INACTIVE"
    assert UserModel.get("integration:crm.example").createdAt == row.createdAt


@pytest.mark.parametrize("source", ["taskexec", "ab", "UPPER", "a" * 65, "under_score"])
def test_an_integration_source_must_be_lower_case_and_not_the_service_s_own(api, make_user, source):
    boss = make_user(Role.SUPER_ADMIN)
    reply = api("PUT", f"/integrations/{source}", boss, body={"name": "x", "status": "ACTIVE"})
    assert (reply.status, reply.code) == (422, "VALIDATION_FAILED")


def test_an_integration_never_takes_over_a_person_s_row(api, make_user):
    boss = make_user(Role.SUPER_ADMIN)
    from taskexec.data import user_store

    user_store.create_user_row("integration:taken.example", email=None, username="p", role=Role.ADMIN)
    reply = api("PUT", "/integrations/taken.example", boss, body={"name": "x", "status": "ACTIVE"})
    assert (reply.status, reply.code) == (409, "CONFLICT")
    assert UserModel.get("integration:taken.example").role == "ADMIN"
