"""`make local` end to end: the real handlers behind the local gateway, called over HTTP with tokens from the
emulated Cognito, as a new user of the project would call them."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from devkit import template
from tests.e2e import tokens
from tests.e2e.local_stack import RunningStack, running_stack

pytestmark = pytest.mark.e2e

UNAUTHORIZED = {"message": "Unauthorized"}


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningStack]:
    state_dir: Path = tmp_path_factory.mktemp("local-stack")
    with running_stack(state_dir) as running:
        yield running
    # Stopped within the bound, cleanly, and without leaving a stack.json that points at nothing.
    assert running.process.returncode == 0, running.log_tail()
    assert not (state_dir / "stack.json").exists()


def error_code(body: object) -> str | None:
    return body.get("error", {}).get("code") if isinstance(body, dict) else None


def test_stack_json_lists_what_the_contract_promises(stack: RunningStack) -> None:
    info = stack.info
    assert set(info) == {
        "apiUrl",
        "awsEndpoint",
        "region",
        "userPoolId",
        "userPoolClientId",
        "tables",
        "demoUsers",
        "eventBusName",
        "eventsTapQueueUrl",
        "integrationSource",
        "consoleUrl",
        "automationRunQueueUrl",
        "scheduleGroupNames",
    }
    assert info["apiUrl"].startswith("http://127.0.0.1:")
    assert info["consoleUrl"] == info["apiUrl"] + "/console"
    assert info["awsEndpoint"].startswith("http://127.0.0.1:")
    assert set(info["tables"]) == set(template.table_logical_ids())
    roles = {(u["role"], u["status"]) for u in info["demoUsers"]}
    assert {("SUPER_ADMIN", "ACTIVE"), ("ADMIN", "ACTIVE"), ("IT_ADMIN", "ACTIVE"), ("USER", "ACTIVE")} <= roles
    assert any(status == "INACTIVE" for _, status in roles)
    for user in info["demoUsers"]:
        assert set(user) == {"username", "password", "role", "status", "userId"}


def test_every_event_on_the_bus_reaches_the_events_tap(stack: RunningStack) -> None:
    from devkit import cognito

    info = stack.info
    detail = {"message": "Create a campaign for the spring sale by Friday", "correlationId": "e2e-tap"}
    events = cognito.local_client("events", info["awsEndpoint"], info["region"])
    answer = events.put_events(
        Entries=[
            {
                "EventBusName": info["eventBusName"],
                "Source": info["integrationSource"],
                "DetailType": "TaskRequested",
                "Detail": json.dumps(detail),
            }
        ]
    )
    assert answer["FailedEntryCount"] == 0
    sqs = cognito.local_client("sqs", info["awsEndpoint"], info["region"])
    seen: list[dict[str, object]] = []
    pause = threading.Event()
    for _ in range(50):  # safety bound; short polls (a long poll would hold moto's one request lock)
        messages = sqs.receive_message(QueueUrl=info["eventsTapQueueUrl"], MaxNumberOfMessages=10)
        seen += [json.loads(message["Body"]) for message in messages.get("Messages", [])]
        if any(event.get("detail") == detail for event in seen):
            break
        pause.wait(0.2)
    else:
        raise AssertionError(f"the tap never received the TaskRequested event; it saw {seen}")


def test_demo_users_sign_in_and_their_user_id_is_the_token_sub(stack: RunningStack) -> None:
    import jwt

    admin = stack.user("ADMIN")
    issued = stack.tokens("ADMIN")
    claims = jwt.decode(issued["IdToken"], options={"verify_signature": False})
    assert claims["sub"] == admin["userId"]
    assert claims["token_use"] == "id"


def test_unknown_route_and_openapi(stack: RunningStack) -> None:
    assert stack.call("GET", "/no/such/route")[:2] == (404, {"message": "Not Found"})
    status, document, _ = stack.call("GET", "/openapi.json")
    assert status == 200
    assert "/ai/execute" in document["paths"]


def test_requests_without_a_token_are_refused_by_the_gateway(stack: RunningStack) -> None:
    for method, path in [("GET", "/tasks"), ("POST", "/ai/execute"), ("GET", "/ai/health-check")]:
        assert stack.call(method, path)[:2] == (401, UNAUTHORIZED), (method, path)


def test_forged_and_crafted_tokens_are_refused(stack: RunningStack) -> None:
    """Signed with moto's own pool key, so only the one claim varied can be the reason for the 401."""
    genuine = stack.id_token("ADMIN")
    issuer = tokens.issuer_of(stack.info["userPoolId"], stack.info["region"])
    client = stack.info["userPoolClientId"]
    sub = stack.user("ADMIN")["userId"]

    def crafted(use: str = "id", **overrides: object) -> str:
        return tokens.sign(tokens.claims_for(issuer, client, sub, use, **overrides))

    # The crafting itself is right: an untouched crafted token is accepted.
    assert stack.call("GET", "/tasks", crafted())[0] == 200
    refused = {
        "signature tampered": tokens.tampered(genuine),
        "expired": crafted(exp=1_000_000_000, iat=999_990_000),
        "not valid yet": crafted(nbf=4_000_000_000),
        "issued in the future": crafted(iat=4_000_000_000, exp=4_000_003_600),
        "other issuer": crafted(iss=tokens.issuer_of("us-east-1_someoneelse")),
        "other audience": crafted(aud="another-app-client"),
        "access token for another client": crafted("access", client_id="another-app-client"),
        "alg none": tokens.unsigned(tokens.claims_for(issuer, client, sub)),
        "HS256 keyed with the public key": tokens.hs256_with_public_key(tokens.claims_for(issuer, client, sub)),
        "unknown key": tokens.sign(tokens.claims_for(issuer, client, sub), kid="another-key"),
    }
    for case, token in refused.items():
        assert stack.call("GET", "/tasks", token)[:2] == (401, UNAUTHORIZED), case


def test_access_tokens_are_accepted_too(stack: RunningStack) -> None:
    assert stack.call("GET", "/tasks", stack.tokens("ADMIN")["AccessToken"])[0] == 200


def test_user_role_may_read_but_not_execute(stack: RunningStack) -> None:
    token = stack.id_token("USER")
    status, body, _ = stack.call("POST", "/ai/execute", token, {"message": "Create a campaign for the launch"})
    assert (status, error_code(body)) == (403, "INSUFFICIENT_PRIVILEGES"), body
    assert stack.call("GET", "/tasks", token)[0] == 200


def test_inactive_user_is_refused(stack: RunningStack) -> None:
    token = stack.id_token("ADMIN", "INACTIVE")
    status, body, _ = stack.call("GET", "/tasks", token)
    assert (status, error_code(body)) == (403, "USER_INACTIVE"), body
    status, body, _ = stack.call("POST", "/ai/execute", token, {"message": "Create a campaign for the launch"})
    assert (status, error_code(body)) == (403, "USER_INACTIVE"), body


def test_me_shows_the_zone_cognito_holds_and_patch_me_changes_only_that(stack: RunningStack) -> None:
    """The demo USER carries `zoneinfo` Pacific/Honolulu in the emulated pool, the demo ADMIN none (UTC)."""
    token = stack.id_token("USER")
    status, me, _ = stack.call("GET", "/me", token)
    assert (status, me["role"], me["timeZone"]) == (200, "USER", "Pacific/Honolulu"), me
    assert me["id"] == stack.user("USER")["userId"]
    assert stack.call("GET", "/me", stack.id_token("ADMIN"))[1]["timeZone"] == "UTC"

    status, changed, _ = stack.call("PATCH", "/me", token, {"timeZone": "Europe/Lisbon"})
    assert (status, changed) == (200, {**me, "timeZone": "Europe/Lisbon"}), changed
    status, body, _ = stack.call("PATCH", "/me", token, {"timeZone": "Europe/Lisbon", "role": "ADMIN"})
    assert (status, error_code(body)) == (403, "PRIVILEGE_ESCALATION_ATTEMPT"), body
    status, body, _ = stack.call("PATCH", "/me", token, {"timeZone": "Mars/Olympus_Mons"})
    assert (status, error_code(body)) == (422, "VALIDATION_FAILED"), body
    status, back, _ = stack.call("PATCH", "/me", token, {"timeZone": "Pacific/Honolulu"})
    assert (status, back) == (200, me), back


def test_execute_then_read_the_task_its_comment_and_its_assignment_back(stack: RunningStack) -> None:
    token = stack.id_token("ADMIN")
    message = "Create an email campaign for the spring sale, high priority, by next week"
    status, executed, _ = stack.call("POST", "/ai/execute", token, {"message": message})
    assert status == 201, (executed, stack.log_tail())
    assert executed["status"] == "SUCCEEDED"
    task, comment, assignment = executed["task"], executed["comment"], executed["assignment"]
    assert task["createdById"] == stack.user("ADMIN")["userId"]
    assert task["assigneeId"] == assignment["assigneeId"]
    assert assignment["strategy"] in {"explicit", "least_loaded", "role_affinity", "self_fallback"}

    status, read, _ = stack.call("GET", f"/tasks/{task['id']}", token)
    assert status == 200, read
    fields = ("id", "title", "category", "priority", "status", "dueDate", "timeZone", "assigneeId")
    assert {k: read[k] for k in fields} == {k: task[k] for k in fields}
    assert task["timeZone"] == "UTC"  # the demo ADMIN's row has no zone: UTC

    status, comments, _ = stack.call("GET", f"/tasks/{task['id']}/comments", token)
    assert status == 200, comments
    assert comment["id"] in [c["id"] for c in comments["items"]]
    assert any(c.get("kind") == "AI_GUIDANCE" for c in comments["items"])

    status, listed, _ = stack.call("GET", "/tasks?scope=all&limit=100", token)
    assert status == 200, listed
    assert task["id"] in [t["id"] for t in listed["items"]]
    status, created, _ = stack.call("GET", "/tasks?scope=created", token)
    assert task["id"] in [t["id"] for t in created["items"]]

    # A USER sees the whole board (view-only): another's task too.
    assert stack.call("GET", f"/tasks/{task['id']}", stack.id_token("USER"))[0] == 200
    status, patched, _ = stack.call("PATCH", f"/tasks/{task['id']}", token, {"status": "IN_PROGRESS"})
    assert (status, patched.get("status")) == (200, "IN_PROGRESS"), patched
    assert stack.call("GET", "/tasks/does-not-exist", token)[0] == 404


def test_batch_execution(stack: RunningStack) -> None:
    token = stack.id_token("IT_ADMIN")
    items = [{"message": "Set up the Salesforce integration by Friday"}, {"message": ""}]
    status, body, _ = stack.call("POST", "/ai/execute/batch", token, {"items": items})
    assert status == 200, body
    assert body["results"][0]["status"] == 201
    assert body["results"][1]["status"] >= 400


def test_super_admin_changes_roles_and_nobody_else_can(stack: RunningStack) -> None:
    target = stack.user("IT_ADMIN")["userId"]
    status, body, _ = stack.call("PUT", f"/users/{target}/role", stack.id_token("ADMIN"), {"role": "ADMIN"})
    assert (status, error_code(body)) == (403, "INSUFFICIENT_PRIVILEGES"), body
    super_admin = stack.id_token("SUPER_ADMIN")
    status, body, _ = stack.call("PUT", f"/users/{target}/role", super_admin, {"role": "ADMIN"})
    assert status == 200, body
    status, body, _ = stack.call("PUT", f"/users/{target}/role", super_admin, {"role": "IT_ADMIN"})
    assert status == 200, body
    own = stack.user("SUPER_ADMIN")["userId"]
    assert stack.call("PUT", f"/users/{own}/role", super_admin, {"role": "USER"})[0] == 403


def test_health_and_metrics(stack: RunningStack) -> None:
    status, health, _ = stack.call("GET", "/ai/health-check", stack.id_token("ADMIN"))
    assert status in (200, 503), health
    assert health["database"]["status"] == "connected", health
    assert health["authentication"]["role"] == "ADMIN"
    status, limited, _ = stack.call("GET", "/ai/health-check", stack.id_token("USER"))
    assert status in (200, 503)
    assert set(limited) == {"overall", "authentication"}
    status, metrics, _ = stack.call("GET", "/ai/metrics?window=1h", stack.id_token("ADMIN"))
    assert status == 200, metrics
    status, body, _ = stack.call("GET", "/ai/metrics", stack.id_token("USER"))
    assert (status, error_code(body)) == (403, "INSUFFICIENT_PRIVILEGES")
