"""Idempotency-Key and the batch route."""

from __future__ import annotations

from taskexec.authorization import Role
from taskexec.data.models import TaskModel


def test_same_key_same_body_returns_first_response_and_writes_nothing_new(api, make_user):
    admin = make_user(Role.ADMIN)
    body = {"task": {"category": "general", "title": "Order office chairs"}}
    first = api("POST", "/ai/execute", admin, body=body, headers={"Idempotency-Key": "k-1"})
    again = api("POST", "/ai/execute", admin, body=body, headers={"Idempotency-Key": "k-1"})
    assert first.status == again.status == 201
    assert again.body == first.body
    assert len(list(TaskModel.scan())) == 1


def test_same_key_other_body_is_a_conflict(api, make_user):
    admin = make_user(Role.ADMIN)
    api(
        "POST",
        "/ai/execute",
        admin,
        body={"message": "Create a task to call Lagos tomorrow"},
        headers={"Idempotency-Key": "k-2"},
    )
    other = api(
        "POST",
        "/ai/execute",
        admin,
        body={"message": "Create a task to call Nairobi tomorrow"},
        headers={"Idempotency-Key": "k-2"},
    )
    assert (other.status, other.code) == (409, "IDEMPOTENCY_CONFLICT")
    assert len(list(TaskModel.scan())) == 1


def test_keys_are_per_caller(api, make_user):
    one, two = make_user(Role.ADMIN), make_user(Role.ADMIN)
    body = {"task": {"category": "general", "title": "Order office chairs"}}
    api("POST", "/ai/execute", one, body=body, headers={"Idempotency-Key": "shared"})
    api("POST", "/ai/execute", two, body=body, headers={"Idempotency-Key": "shared"})
    assert len(list(TaskModel.scan())) == 2


def test_failed_request_is_not_stored_under_its_key(api, make_user):
    """The retry uses the SAME key with a corrected body: had the 422 been stored under it, the retry would be
    replayed as 422 or refused as 409 IDEMPOTENCY_CONFLICT (another payload under a used key)."""
    admin = make_user(Role.ADMIN)
    bad = {"task": {"category": "general", "title": "t", "dueDate": "2020-01-01"}}
    assert api("POST", "/ai/execute", admin, body=bad, headers={"Idempotency-Key": "k-3"}).status == 422
    good = {"task": {"category": "general", "title": "t"}}
    assert api("POST", "/ai/execute", admin, body=good, headers={"Idempotency-Key": "k-3"}).status == 201
    assert len(list(TaskModel.scan())) == 1


def test_invalid_idempotency_key(api, make_user):
    reply = api(
        "POST",
        "/ai/execute",
        make_user(Role.ADMIN),
        body={"message": "Create a task"},
        headers={"Idempotency-Key": "x" * 200},
    )
    assert (reply.status, reply.code) == (400, "INVALID_REQUEST")


def test_batch_items_succeed_or_fail_on_their_own_in_order(api, make_user):
    admin = make_user(Role.ADMIN)
    items = [
        {"task": {"category": "content", "title": "Write the spring blog post"}},
        {"message": "Hello, how are you today?"},
        {"task": {"category": "general", "title": "t", "priority": "whenever"}},
        {"task": {"category": "general", "title": "Plan offsite"}, "dryRun": True},
    ]
    reply = api("POST", "/ai/execute/batch", admin, body={"items": items})
    assert reply.status == 200
    statuses = [r["status"] for r in reply.body["results"]]
    assert statuses == [201, 422, 422, 200]
    assert reply.body["results"][1]["body"]["error"]["code"] == "NO_TASK_DETECTED"
    assert reply.body["results"][2]["body"]["error"]["code"] == "VALIDATION_FAILED"
    assert len(list(TaskModel.scan())) == 1


def test_batch_size_limits(api, make_user):
    admin = make_user(Role.ADMIN)
    assert api("POST", "/ai/execute/batch", admin, body={"items": []}).code == "VALIDATION_FAILED"
    many = {"items": [{"message": "Create a task"}] * 26}
    assert api("POST", "/ai/execute/batch", admin, body=many).code == "VALIDATION_FAILED"


def test_batch_refused_for_user_role(api, make_user):
    reply = api("POST", "/ai/execute/batch", make_user(Role.USER), body={"items": [{"message": "x"}]})
    assert reply.code == "INSUFFICIENT_PRIVILEGES"


def test_retry_after_a_lost_response_creates_no_second_task(api, make_user, monkeypatch):
    """The transaction commits, then the answer is lost (a timeout): Powertools forgets the key because the
    call raised, but the retry derives the same task id and is refused instead of duplicating the task."""
    from botocore.exceptions import ReadTimeoutError

    from taskexec.data import executions

    admin = make_user(Role.ADMIN)
    body = {"task": {"category": "general", "title": "Order office chairs"}}
    real = executions.write_execution

    def commit_then_lose_answer(write):
        real(write)
        raise ReadTimeoutError(endpoint_url="https://dynamodb")

    monkeypatch.setattr(executions, "write_execution", commit_then_lose_answer)
    lost = api("POST", "/ai/execute", admin, body=body, headers={"Idempotency-Key": "lost-1"})
    assert lost.status == 503
    monkeypatch.setattr(executions, "write_execution", real)
    retry = api("POST", "/ai/execute", admin, body=body, headers={"Idempotency-Key": "lost-1"})
    assert (retry.status, retry.code) == (409, "CONFLICT")
    tasks = list(TaskModel.scan())
    assert len(tasks) == 1
    assert tasks[0].id in retry.body["error"]["suggestion"]
