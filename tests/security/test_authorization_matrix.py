"""Who may do what, route by route and caller by caller, exactly as the contract's matrix says; what a USER (the
view-only role: the whole board, no changes) and an INTEGRATION (no HTTP at all) can reach; and identity or
privilege smuggled in through bodies, query strings and headers."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from taskexec.authorization import Role, UserStatus
from taskexec.data import pages
from taskexec.data.models import ActivityModel, TaskModel
from taskexec.domain.users import User
from taskexec.schemas.automations import AutomationRequest
from taskexec.services import automations
from tests.security.shape import assert_contract_error, assert_error_body
from tests.support.automations import AutomationsWorld
from tests.support.fixtures import Caller, Reply
from tests.support.routes import routes

Api = Callable[..., Reply]
MakeUser = Callable[..., Caller]

EXECUTORS = frozenset({Role.SUPER_ADMIN, Role.ADMIN, Role.IT_ADMIN})
EVERYONE = frozenset(Role) - {Role.INTEGRATION}
"""Every role a person signs in with; an INTEGRATION row answers through events only, never over HTTP."""
TASK = {"task": {"category": "general", "title": "Order office chairs"}}
AUTOMATION = {"name": "Weekly chairs", "trigger": {"schedule": "rate(7 days)"}, "actions": [TASK]}


@dataclass(frozen=True)
class World:
    """A task made by an admin (and held by another), and a way to make fresh targets for each call."""

    owner: Caller
    holder: Caller
    task_id: str
    make_user: MakeUser
    api: Api
    request: pytest.FixtureRequest

    def automations_aws(self) -> AutomationsWorld:
        """The automations' bus, queue and schedule group, made when a case first needs them (most do not)."""
        world: AutomationsWorld = self.request.getfixturevalue("automations_aws")
        return world

    def automation_route(self, method: str, path: str, body: dict[str, Any] | None, query: str = "") -> Request:
        self.automations_aws()
        return method, path, body, query

    def fresh_task(self) -> str:
        reply = self.api("POST", "/ai/execute", self.owner, body=TASK)
        assert reply.status == 201, reply.body
        return str(reply.body["task"]["id"])

    def fresh_automation(self, owner: Caller | None = None) -> str:
        """An automation of `owner` (the world's owner by default), made directly through the service, so any
        caller, one who may not create it over HTTP included, can own one."""
        owner = owner or self.owner
        self.automations_aws()
        made = automations.create(
            User(owner.id, owner.role, owner.status), AutomationRequest.model_validate(AUTOMATION)
        )
        return made.id


Request = tuple[str, str, dict[str, Any] | None, str]
"""(method, path, body, query)"""


@dataclass(frozen=True)
class RouteCase:
    name: str
    request: Callable[[World, Caller], Request]
    allowed: frozenset[Role]
    ok: int
    user_answer: tuple[int, str] = (403, "INSUFFICIENT_PRIVILEGES")
    """What an active caller whose role is not in `allowed` gets."""
    public: bool = False
    """Served without sign-in (the console's page and files): every caller, signed in or not, gets `ok`."""

    @property
    def route(self) -> tuple[str, str]:
        """The template route this case calls: the name's method and path (a variant adds words after them)."""
        method, path = self.name.split(" ")[:2]
        return method, path


ROUTES = [
    RouteCase("POST /ai/execute", lambda w, c: ("POST", "/ai/execute", TASK, ""), EXECUTORS, 201),
    RouteCase(
        "POST /ai/execute/batch", lambda w, c: ("POST", "/ai/execute/batch", {"items": [TASK]}, ""), EXECUTORS, 200
    ),
    RouteCase("GET /tasks", lambda w, c: ("GET", "/tasks", None, "scope=assigned"), EVERYONE, 200),
    RouteCase("GET /tasks scope=created", lambda w, c: ("GET", "/tasks", None, "scope=created"), EVERYONE, 200),
    RouteCase("GET /tasks scope=all", lambda w, c: ("GET", "/tasks", None, "scope=all"), EVERYONE, 200),
    # A USER neither made nor holds the owner's task, and reads it all the same (the board is everyone's).
    RouteCase("GET /tasks/{taskId}", lambda w, c: ("GET", f"/tasks/{w.task_id}", None, ""), EVERYONE, 200),
    RouteCase(
        "GET /tasks/{taskId}/comments", lambda w, c: ("GET", f"/tasks/{w.task_id}/comments", None, ""), EVERYONE, 200
    ),
    RouteCase(
        "PATCH /tasks/{taskId}",
        lambda w, c: ("PATCH", f"/tasks/{w.fresh_task()}", {"status": "IN_PROGRESS"}, ""),
        EXECUTORS,
        200,
    ),
    RouteCase(
        "PUT /users/{userId}/role",
        lambda w, c: ("PUT", f"/users/{w.make_user(Role.USER).id}/role", {"role": "ADMIN"}, ""),
        frozenset({Role.SUPER_ADMIN}),
        200,
    ),
    RouteCase(
        "PUT /integrations/{source}",
        lambda w, c: ("PUT", "/integrations/crm.example", {"name": "CRM", "status": "ACTIVE"}, ""),
        frozenset({Role.SUPER_ADMIN}),
        200,
    ),
    RouteCase("POST /automations", lambda w, c: w.automation_route("POST", "/automations", AUTOMATION), EXECUTORS, 201),
    RouteCase("GET /automations", lambda w, c: w.automation_route("GET", "/automations", None), EXECUTORS, 200),
    RouteCase(
        "GET /automations owner=all",
        lambda w, c: w.automation_route("GET", "/automations", None, "owner=all"),
        EXECUTORS,
        200,
    ),
    # Any executing role reads and previews any automation; only its owner or a SUPER_ADMIN changes or deletes it.
    RouteCase(
        "GET /automations/{automationId}",
        lambda w, c: ("GET", f"/automations/{w.fresh_automation()}", None, ""),
        EXECUTORS,
        200,
    ),
    RouteCase(
        "PUT /automations/{automationId} own",
        lambda w, c: ("PUT", f"/automations/{w.fresh_automation(c)}", AUTOMATION, ""),
        EXECUTORS,
        200,
    ),
    RouteCase(
        "PUT /automations/{automationId} another's",
        lambda w, c: ("PUT", f"/automations/{w.fresh_automation()}", AUTOMATION, ""),
        frozenset({Role.SUPER_ADMIN}),
        200,
    ),
    RouteCase(
        "DELETE /automations/{automationId} own",
        lambda w, c: ("DELETE", f"/automations/{w.fresh_automation(c)}", None, ""),
        EXECUTORS,
        204,
    ),
    RouteCase(
        "DELETE /automations/{automationId} another's",
        lambda w, c: ("DELETE", f"/automations/{w.fresh_automation()}", None, ""),
        frozenset({Role.SUPER_ADMIN}),
        204,
    ),
    RouteCase(
        "POST /automations/{automationId}/preview",
        lambda w, c: ("POST", f"/automations/{w.fresh_automation()}/preview", {}, ""),
        EXECUTORS,
        200,
    ),
    RouteCase("GET /ai/health-check", lambda w, c: ("GET", "/ai/health-check", None, ""), EVERYONE, 200),
    # Everyone reads their own row and sets their own zone; an INTEGRATION has no row to read over HTTP.
    RouteCase("GET /me", lambda w, c: ("GET", "/me", None, ""), EVERYONE, 200),
    RouteCase("PATCH /me", lambda w, c: ("PATCH", "/me", {"timeZone": "Pacific/Honolulu"}, ""), EVERYONE, 200),
    RouteCase("GET /ai/metrics", lambda w, c: ("GET", "/ai/metrics", None, "window=1h"), EXECUTORS, 200),
    RouteCase("GET /console", lambda w, c: ("GET", "/console", None, ""), EVERYONE, 200, public=True),
    RouteCase(
        "GET /console/{proxy+} config.json",
        lambda w, c: ("GET", "/console/config.json", None, ""),
        EVERYONE,
        200,
        public=True,
    ),
]

CALLERS: list[tuple[str, Role, UserStatus, bool]] = [
    *((role.value, role, UserStatus.ACTIVE, True) for role in Role),
    *((f"inactive {role.value}", role, UserStatus.INACTIVE, True) for role in Role),
    ("unregistered token", Role.ADMIN, UserStatus.ACTIVE, False),
]
"""(name, role, status, has a user row). The unregistered caller's token says ADMIN: tokens grant nothing."""


def expected(route: RouteCase, role: Role, status: UserStatus, registered: bool) -> tuple[int, str | None]:
    if route.public:
        return route.ok, None
    if not registered:
        return 403, "USER_NOT_REGISTERED"
    if status is not UserStatus.ACTIVE:
        return 403, "USER_INACTIVE"
    if role in route.allowed:
        return route.ok, None
    return route.user_answer


@pytest.fixture
def world(api: Api, make_user: MakeUser, request: pytest.FixtureRequest) -> World:
    owner, holder = make_user(Role.ADMIN), make_user(Role.ADMIN)
    reply = api("POST", "/ai/execute", owner, body=TASK)
    assert reply.body["task"]["assigneeId"] == holder.id
    return World(owner, holder, reply.body["task"]["id"], make_user, api, request)


TEMPLATE_ROUTES = sorted(routes())
"""The routes to check are template.yaml's, not a list kept here: a route added there without a case fails below."""


def test_every_template_route_has_a_case_and_every_case_a_route() -> None:
    covered = {case.route for case in ROUTES}
    assert [f"{m} {p}" for m, p in TEMPLATE_ROUTES if (m, p) not in covered] == [], "add a RouteCase for each"
    assert sorted(covered - set(TEMPLATE_ROUTES)) == [], "a case names a route template.yaml does not have"


@pytest.mark.parametrize("route", [c for c in ROUTES if c.route in routes()], ids=lambda r: r.name)
def test_every_caller_gets_exactly_what_the_matrix_says(api: Api, make_user: MakeUser, world: World, route: RouteCase):
    wrong = []
    for name, role, status, registered in CALLERS:
        caller = make_user(role, status, register=registered)
        method, path, body, query = route.request(world, caller)
        reply = api(method, path, caller, body=body, query=query)
        want = expected(route, role, status, registered)
        got = (reply.status, reply.code)
        if got != want:
            wrong.append(f"{name}: got {got}, want {want}")
        if reply.status >= 400:
            assert_error_body(reply.status, reply.body)
    assert not wrong, "\n".join(wrong)


def test_without_a_token_only_the_console_s_page_and_files_answer(api: Api, world: World):
    """No claims at all (what the template's public routes get): the page and its files are served, every
    other route is refused before it reads or changes anything, and the page's answers carry no data."""
    answers = {}
    for route in ROUTES:
        method, path, body, query = route.request(world, world.owner)
        reply = api(method, path, None, body=body, query=query)
        answers[route.name] = (reply.status, reply.code)
        if route.public:
            assert world.task_id not in json.dumps(reply.body), route.name
    assert answers == {route.name: (route.ok, None) if route.public else (401, "UNAUTHENTICATED") for route in ROUTES}


def test_health_check_shows_non_admins_only_overall_and_authentication(api: Api, make_user: MakeUser):
    reply = api("GET", "/ai/health-check", make_user(Role.USER))
    assert reply.status == 200
    assert set(reply.body) == {"overall", "authentication"}
    admin = api("GET", "/ai/health-check", make_user(Role.IT_ADMIN))
    assert {"overall", "authentication", "database", "monitoring"} <= set(admin.body)


def test_super_admin_never_changes_their_own_role_or_status(api: Api, make_user: MakeUser):
    boss = make_user(Role.SUPER_ADMIN)
    for body in ({"role": "USER"}, {"status": "INACTIVE"}, {"role": "SUPER_ADMIN"}):
        assert_contract_error(api("PUT", f"/users/{boss.id}/role", boss, body=body), 403, "INSUFFICIENT_PRIVILEGES")


def test_token_groups_grant_nothing_the_row_does_not(api: Api, make_user: MakeUser):
    user = make_user(Role.USER)
    claims = {**user.claims(), "cognito:groups": ["SUPER_ADMIN", "ADMIN"], "custom:role": "SUPER_ADMIN"}
    for method, path, body in (("POST", "/ai/execute", TASK), ("PUT", f"/users/{user.id}/role", {"role": "ADMIN"})):
        reply = api(method, path, user, body=body, claims=claims)
        assert_contract_error(reply, 403, "INSUFFICIENT_PRIVILEGES")


def test_a_role_change_takes_effect_on_the_very_next_request(api: Api, make_user: MakeUser):
    boss, admin = make_user(Role.SUPER_ADMIN), make_user(Role.ADMIN)
    assert api("POST", "/ai/execute", admin, body=TASK).status == 201
    assert api("PUT", f"/users/{admin.id}/role", boss, body={"role": "USER"}).status == 200
    assert_contract_error(api("POST", "/ai/execute", admin, body=TASK), 403, "INSUFFICIENT_PRIVILEGES")
    assert api("PUT", f"/users/{admin.id}/role", boss, body={"status": "INACTIVE"}).status == 200
    assert_contract_error(api("GET", "/tasks", admin), 403, "USER_INACTIVE")


# --- What a USER can reach ------------------------------------------------------------------------------------


def without_request_id(reply: Reply) -> tuple[int, Any]:
    error = dict(reply.body["error"])
    error.pop("requestId")
    return reply.status, error


def test_a_user_reads_every_task_and_comment_including_scope_all(api: Api, make_user: MakeUser, world: World):
    """A USER never made nor holds anything (they can neither execute nor be assigned) and sees the whole board."""
    user = make_user(Role.USER)
    task = api("GET", f"/tasks/{world.task_id}", user)
    assert (task.status, task.body["id"]) == (200, world.task_id)
    comments = api("GET", f"/tasks/{world.task_id}/comments", user)
    assert comments.status == 200
    assert comments.body["items"]
    listed = api("GET", "/tasks", user, query="scope=all&status=TODO&limit=100").body["items"]
    assert world.task_id in [t["id"] for t in listed]
    for scope in ("assigned", "created"):
        assert api("GET", "/tasks", user, query=f"scope={scope}&limit=100").body["items"] == []


def test_a_user_changes_nothing(api: Api, make_user: MakeUser, world: World):
    user, target = make_user(Role.USER), make_user(Role.USER)
    attempts = [
        ("PATCH", f"/tasks/{world.task_id}", {"status": "DONE"}),
        ("POST", "/ai/execute", TASK),
        ("POST", "/ai/execute/batch", {"items": [TASK]}),
        ("PUT", f"/users/{target.id}/role", {"role": "ADMIN"}),
        ("PUT", "/integrations/crm.example", {"name": "CRM", "status": "ACTIVE"}),
        world.automation_route("POST", "/automations", AUTOMATION)[:3],
        ("PUT", f"/automations/{world.fresh_automation()}", AUTOMATION),
        ("DELETE", f"/automations/{world.fresh_automation()}", None),
        ("POST", f"/automations/{world.fresh_automation()}/preview", {}),
    ]
    for method, path, body in attempts:
        assert_contract_error(api(method, path, user, body=body), 403, "INSUFFICIENT_PRIVILEGES")
    assert TaskModel.get(world.task_id).status == "TODO"


def test_a_missing_task_is_404_for_a_user(api: Api, make_user: MakeUser, world: World):
    user = make_user(Role.USER)
    for suffix in ("", "/comments"):
        assert_contract_error(api("GET", f"/tasks/{'0' * len(world.task_id)}{suffix}", user), 404, "NOT_FOUND")


def test_an_integration_row_opens_no_route(api: Api, make_user: MakeUser, world: World):
    """Even a token whose `sub` had an INTEGRATION row (none has: integrations have no Cognito user) gets
    nothing over HTTP; its requests arrive as events."""
    integration = make_user(Role.INTEGRATION)
    for route in (case for case in ROUTES if not case.public):
        method, path, body, query = route.request(world, integration)
        reply = api(method, path, integration, body=body, query=query)
        assert_contract_error(reply, 403, "INSUFFICIENT_PRIVILEGES")


def test_forged_page_tokens_cannot_reach_another_partition(api: Api, make_user: MakeUser, world: World):
    user = make_user(Role.USER)
    task = TaskModel.get(world.task_id)
    forged = {
        "scope=assigned": {"id": task.id, "assigneeId": world.holder.id, "dueKey": task.dueKey},
        "scope=created": {"id": task.id, "createdById": world.owner.id, "dueKey": task.dueKey},
        "scope=assigned ": {"id": task.id, "listPartition": "TASK", "dueKey": task.dueKey},
        "scope=created ": {"id": task.id, "createdById": user.id, "assigneeId": user.id, "dueKey": task.dueKey},
    }
    for query, position in forged.items():
        token = pages.encode(position)
        reply = api("GET", "/tasks", user, query=f"{query.strip()}&nextToken={token}")
        assert_contract_error(reply, 400, "INVALID_REQUEST")


def test_a_comment_token_of_another_task_is_refused(api: Api, world: World):
    own = world.fresh_task()
    other = pages.encode({"taskId": world.task_id, "commentKey": "0"})
    reply = api("GET", f"/tasks/{own}/comments", world.owner, query=f"nextToken={other}")
    assert_contract_error(reply, 400, "INVALID_REQUEST")


# --- Escalation attempts ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Smuggle:
    """A request that tries to say who the caller is; `field` is what the audit row must name."""

    name: str
    method: str
    path: str
    field: str
    body: dict[str, Any] | None = None
    query: str = ""
    headers: dict[str, str] | None = None


VICTIM = "{victim}"
SUPER = "SUPER_ADMIN"
ESCALATIONS = [
    Smuggle("top-level userId", "POST", "/ai/execute", "userId", {**TASK, "userId": VICTIM}),
    Smuggle("top-level role", "POST", "/ai/execute", "role", {"message": "Create a task to call Lagos", "role": SUPER}),
    Smuggle(
        "task createdById", "POST", "/ai/execute", "createdById", {"task": {**TASK["task"], "createdById": VICTIM}}
    ),
    Smuggle(
        "isAdmin deep in task",
        "POST",
        "/ai/execute",
        "isAdmin",
        {"task": {**TASK["task"], "meta": {"x": [{"isAdmin": True}]}}},
    ),
    Smuggle("Cognito_Groups", "POST", "/ai/execute", "Cognito_Groups", {**TASK, "Cognito_Groups": ["ADMIN"]}),
    Smuggle(
        "batch item user_id", "POST", "/ai/execute/batch", "user_id", {"items": [TASK, {**TASK, "user_id": VICTIM}]}
    ),
    Smuggle(
        "batch item nested roles",
        "POST",
        "/ai/execute/batch",
        "roles",
        {"items": [{"task": {**TASK["task"], "roles": ["ADMIN"]}}]},
    ),
    Smuggle("PATCH ownerId", "PATCH", "/tasks/{task}", "ownerId", {"status": "DONE", "ownerId": VICTIM}),
    Smuggle("PUT role with userId", "PUT", "/users/{victim}/role", "userId", {"role": "ADMIN", "userId": VICTIM}),
    Smuggle("PATCH /me role", "PATCH", "/me", "role", {"role": SUPER}),
    Smuggle("PATCH /me status beside a zone", "PATCH", "/me", "status", {"timeZone": "UTC", "status": "ACTIVE"}),
    Smuggle("PATCH /me query userId", "PATCH", "/me", "userId", {"timeZone": "UTC"}, query=f"userId={VICTIM}"),
    Smuggle("query role", "GET", "/tasks", "role", query=f"scope=assigned&role={SUPER}"),
    Smuggle("query isAdmin", "GET", "/tasks/{task}", "isAdmin", query="isAdmin=true"),
    Smuggle("query user_id on execute", "POST", "/ai/execute", "user_id", TASK, query=f"user_id={VICTIM}"),
    Smuggle("header x-user-id", "POST", "/ai/execute", "x-user-id", TASK, headers={"X-User-Id": VICTIM}),
    Smuggle("header x-role", "GET", "/tasks", "x-role", headers={"X-Role": SUPER}),
    Smuggle("header oidc identity", "GET", "/tasks", "x-amzn-oidc-identity", headers={"X-Amzn-Oidc-Identity": VICTIM}),
    Smuggle(
        "header forwarded user", "POST", "/ai/execute", "x-forwarded-user", TASK, headers={"X-Forwarded-User": VICTIM}
    ),
    Smuggle(
        "header x-cognito-groups",
        "PATCH",
        "/tasks/{task}",
        "x-cognito-groups",
        {"status": "DONE"},
        headers={"X-Cognito-Groups": "[ADMIN]"},
    ),
]


def fill(value: Any, names: dict[str, str]) -> Any:
    if isinstance(value, str):
        return value.format(**names) if "{" in value else value
    if isinstance(value, dict):
        return {k: fill(v, names) for k, v in value.items()}
    if isinstance(value, list):
        return [fill(v, names) for v in value]
    return value


@pytest.mark.parametrize("role", [Role.ADMIN, Role.USER])
@pytest.mark.parametrize("attempt", ESCALATIONS, ids=lambda e: e.name)
def test_escalation_attempts_are_refused_and_audited(
    api: Api, make_user: MakeUser, world: World, role: Role, attempt: Smuggle
):
    caller = make_user(role)
    victim = make_user(Role.SUPER_ADMIN)
    names = {"victim": victim.id, "task": world.task_id}
    tasks_before = TaskModel.count()
    reply = api(
        attempt.method,
        fill(attempt.path, names),
        caller,
        body=fill(attempt.body, names),
        query=fill(attempt.query, names),
        headers=fill(attempt.headers, names),
    )
    assert_contract_error(reply, 403, "PRIVILEGE_ESCALATION_ATTEMPT")
    assert TaskModel.count() == tasks_before
    assert TaskModel.get(world.task_id).status == "TODO"
    route = f"{attempt.method} {attempt.path}".replace("{victim}", "{userId}").replace("{task}", "{taskId}")
    (row,) = list(ActivityModel.query(caller.id))
    assert (row.outcome, row.errorCode, row.route) == ("DENIED", "PRIVILEGE_ESCALATION_ATTEMPT", route)
    detail = row.detail.as_dict() if row.detail is not None else {}
    named = [str(where) for where in detail.get("escalation", [])]
    assert any(where.lower().endswith(attempt.field.lower()) for where in named), named
