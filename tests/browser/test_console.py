"""The console in headless Chromium against `make local`'s stack, as a USER, an ADMIN and a SUPER_ADMIN use it.

Each test signs in through the page (SRP against the emulated user pool, the proof verified as AWS verifies it)
and checks what the role sees and does not see, what it can do, and that what it may not do is refused by the
API and shown as the API's error. Screenshots go to .local/artifacts/ (console-*.png) for a person to look at;
axe-core checks every view for serious and critical accessibility violations.

Waits are bounded by a generous safety timeout that names what never showed; nothing asserts a duration.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver

from tests.browser.console_page import ConsolePage
from tests.e2e.local_stack import RunningStack, its_aws

pytestmark = pytest.mark.e2e

SEEDED = 12
"""Tasks an admin makes before the tests: more than one board page (the console shows 10 a page)."""
ROLLUP_TRIES = 40
ROLLUP_PAUSE_S = 0.5
"""Rolling up until the statistics consumer has folded the executions in: a bounded number of tries."""
EXECUTOR_SECTIONS = ["Tasks", "Monitoring", "Automations"]
FIRST_LOAD_BUDGET_BYTES = 60_000
"""What the first visit may transfer (page, scripts, styles, icon, config), gzipped as the API serves them."""


@pytest.fixture(scope="module")
def seeded(stack: RunningStack) -> list[str]:
    """Tasks made by the ADMIN (and assigned by the service), so every board has something on it."""
    items = [
        {"task": {"category": "general", "title": f"Seeded task {n:02d}", "priority": "LOW"}} for n in range(SEEDED)
    ]
    status, body, _ = stack.call("POST", "/ai/execute/batch", stack.id_token("ADMIN"), {"items": items})
    assert status == 200, body
    assert [result["status"] for result in body["results"]] == [201] * SEEDED, body
    return [result["body"]["task"]["id"] for result in body["results"]]


@pytest.fixture
def page(browser: WebDriver, stack: RunningStack, artifacts: Path) -> ConsolePage:
    return ConsolePage(browser, stack, artifacts)


def assert_accessible(page: ConsolePage, view: str) -> None:
    violations = page.accessibility_violations()
    assert violations == [], f"{view}: " + "\n".join(violations)


# --- signing in -------------------------------------------------------------------------------------------------


def test_the_page_s_srp_matches_the_reference_vector(page: ConsolePage) -> None:
    """srp.js signs exactly as pycognito's client does (tests/devkit/test_srp.py holds the Python side)."""
    from tests.devkit import test_srp as vector

    page.open()
    script = page.driver.execute_script("return document.querySelector('script[type=module]').src")
    signature = page.driver.execute_async_script(
        """
        const [url, claim, done] = arguments;
        import(url.replace(/app\\.js$/, 'srp.js')).then(async (srp) => {
          const a = BigInt('0x' + claim.a);
          const A = srp.modPow(2n, a, BigInt('0x' + claim.n));
          done(await srp.passwordClaimSignature({...claim, a, A}));
        }, (error) => done(String(error)));
        """,
        script,
        {
            "poolName": vector.VECTOR_POOL.split("_")[1],
            "userId": vector.VECTOR_USER,
            "password": vector.VECTOR_PASSWORD,
            "a": format(vector.VECTOR_SMALL_A, "x"),
            "n": format(vector.srp.N, "x"),
            "srpB": vector.vector_challenge().parameters()["SRP_B"],
            "salt": vector.VECTOR_SALT,
            "secretBlock": vector.VECTOR_BLOCK,
            "timestamp": vector.VECTOR_TIMESTAMP,
        },
    )
    assert signature == vector.VECTOR_SIGNATURE


def test_a_wrong_password_is_refused_and_nothing_is_kept_in_the_browser(page: ConsolePage) -> None:
    page.open()
    assert_accessible(page, "sign-in")
    page.screenshot("sign-in")
    page.sign_in("ADMIN", password="Not-The-Passw0rd!")
    assert page.alert() == "Incorrect email or password."
    assert page.find("//button[normalize-space(.)='Sign in']")
    page.screenshot("sign-in-refused")
    stored = page.driver.execute_script("return [localStorage.length, sessionStorage.length, document.cookie]")
    assert stored == [0, 0, ""]


# --- a USER: the board, a task with its comments, the health; nothing that changes anything -----------------------


def test_a_user_reads_the_board_and_a_task_and_is_offered_nothing_else(page: ConsolePage, seeded: list[str]) -> None:
    page.sign_in("USER")
    assert page.sections() == ["Tasks"]
    page.board_ready()
    assert not page.find("//label[normalize-space(.)='Request']")
    assert page.text_shown("Service: Healthy")
    _, me, _ = page.stack.call("GET", "/me", page.stack.id_token("USER"))
    assert me["timeZone"] != "UTC", "the demo USER's row has the zone Cognito's zoneinfo gave it"
    assert page.text_shown("Time zone:").text.startswith(f"Time zone: {me['timeZone']}")
    assert page.button("Change time zone").is_enabled(), "a person's own zone is theirs to change"
    titles = page.board_titles()
    assert len(titles) == 10, titles  # scope all (a USER holds and makes nothing), first page of 10
    assert_accessible(page, "USER board")
    page.screenshot("user-board")

    page.button("Next page").click()
    page.text_shown("Page 2")
    assert len(page.board_titles()) >= SEEDED - 10
    page.button("Previous page").click()
    page.text_shown("Page 1")

    # Keyboard only: Tab reaches a task's title, Enter opens it.
    page.driver.execute_script("window.scrollTo(0, 0); document.activeElement.blur()")
    link = page.tab_to("a task title", "el.tagName === 'A' && el.getAttribute('href').startsWith('#/tasks/')")
    title = link.text
    link.send_keys(Keys.ENTER)
    page.heading(title)
    page.heading("Comments")
    assert page.text_shown("AI guidance")
    assert not page.find("//label[normalize-space(.)='Status']"), "a USER is offered no status change"
    assert_accessible(page, "USER task")
    page.screenshot("user-task")


def test_a_person_changes_their_own_time_zone_and_it_stays_changed(page: ConsolePage) -> None:
    token = page.stack.id_token("ADMIN")
    _, before, _ = page.stack.call("GET", "/me", token)
    try:
        page.sign_in("ADMIN")
        page.board_ready()
        assert page.text_shown("Time zone:").text.startswith(f"Time zone: {before['timeZone']}")
        page.button("Change time zone").click()
        page.choose("Time zone", "Asia/Tokyo")
        assert_accessible(page, "time zone form")
        page.button("Save time zone").click()
        page.text_shown("Saved.")
        assert page.text_shown("Time zone:").text.startswith("Time zone: Asia/Tokyo")
        page.screenshot("zone-changed")
        assert page.stack.call("GET", "/me", token)[1]["timeZone"] == "Asia/Tokyo"

        page.button("Sign out").click()
        page.sign_in("ADMIN")
        assert page.text_shown("Time zone:").text.startswith("Time zone: Asia/Tokyo"), "read back from GET /me"
    finally:
        page.stack.call("PATCH", "/me", token, {"timeZone": before["timeZone"]})


def test_what_a_user_forces_is_refused_by_the_api_and_shown(page: ConsolePage) -> None:
    page.sign_in("USER")
    page.board_ready()
    page.driver.execute_script("window.location.hash = '#/monitoring'")  # the address typed in
    page.heading("Monitoring")
    refusal = page.alert()
    assert "403 INSUFFICIENT_PRIVILEGES" in refusal
    assert "Your role (USER) may not do this." in refusal
    assert "Ask a SUPER_ADMIN for a role that allows it." in refusal
    assert page.sections() == ["Tasks"], "the section is still not offered"
    page.screenshot("user-forced-monitoring")


# --- an ADMIN: the request box, the board, monitoring -------------------------------------------------------------


def test_an_admin_previews_then_executes_a_request_and_finds_it_on_the_board(
    page: ConsolePage, seeded: list[str]
) -> None:
    page.sign_in("ADMIN")
    assert page.sections() == EXECUTOR_SECTIONS
    page.board_ready()
    request = page.field("Request")
    assert not page.button("Execute").is_enabled(), "Execute comes after a preview"

    # By keyboard: type, Tab to Preview, Enter.
    request.send_keys("Create a high-priority task to fix the Shopify webhook by Friday")
    preview = page.tab_to("Preview", "el.tagName === 'BUTTON' && el.textContent === 'Preview'")
    preview.send_keys(Keys.ENTER)
    page.text_shown("Plan (dry run: nothing written yet)")
    assert page.text_shown("Fix the Shopify webhook")
    assert page.button("Execute").is_enabled()
    page.screenshot("admin-preview")

    page.button("Execute").click()
    created = page.text_shown("Created:")
    assert "Shopify webhook" in created.text
    page.heading("Assignment")
    page.heading("Guidance")
    strategy = page.find("//dt[normalize-space(.)='Strategy']/following-sibling::dd[1]")[-1].text
    assert strategy in {"explicit", "least_loaded", "role_affinity", "self_fallback"}
    page.choose("Show", "Created by me")
    page.wait(lambda: any("Shopify webhook" in t for t in page.board_titles()), "the new task on the board")
    assert_accessible(page, "ADMIN tasks")
    page.full_screenshot("admin-tasks")


def test_an_admin_s_refused_request_is_shown_as_the_api_s_error(page: ConsolePage) -> None:
    page.sign_in("ADMIN")
    page.field("Request").send_keys("Thanks for the great work on the launch!")
    page.button("Preview").click()
    refusal = page.alert()
    assert "422 NO_TASK_DETECTED" in refusal
    assert not page.button("Execute").is_enabled()
    page.screenshot("admin-refused-request")


@pytest.fixture
def stack_aws(stack: RunningStack, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The rollup runs in this process, now, rather than on the stack's 5-minute schedule."""
    with its_aws(stack, monkeypatch):
        yield


def rollup(at: datetime) -> dict[str, Any]:
    from devkit.events import LambdaContext
    from devkit.handlers import load_function

    event = {"time": at.strftime("%Y-%m-%dT%H:%M:%SZ")}
    handler = load_function("metrics_rollup").lambda_handler
    answer: dict[str, Any] = handler(event, LambdaContext("MetricsRollupFunction"))
    return answer


def test_an_admin_sees_charts_drawn_from_real_metrics(
    page: ConsolePage, stack: RunningStack, stack_aws: None, seeded: list[str]
) -> None:
    """The seeded executions (and any of the tests before) are folded by the statistics consumer, rolled up, and
    drawn: the success rate's line has a point, with the 80% and 50% thresholds."""
    token = stack.id_token("ADMIN")
    for _ in range(ROLLUP_TRIES):
        rollup(datetime.now(UTC))
        _, metrics, _ = stack.call("GET", "/ai/metrics?window=1h", token)
        if (metrics.get("latest") or {}).get("executions", 0) >= SEEDED:
            break
        time.sleep(ROLLUP_PAUSE_S)
    else:
        raise AssertionError(f"the rollup never counted the {SEEDED} seeded executions: {metrics.get('latest')}")

    page.sign_in("ADMIN")
    page.go("Monitoring")
    page.heading("Trend")
    chart = page.wait(lambda: next(iter(page.find("//figure[contains(@class,'chart')]")), None), "a chart")
    points = page.driver.find_elements("css selector", "figure.chart .line.rate circle")
    assert points, "the success rate is drawn"
    labels = [t.text for t in page.driver.find_elements("css selector", "figure.chart .threshold text")]
    assert {"80% warning", "50% critical", "5 s warning"} <= set(labels)
    assert "Success rate (%)" in chart.text
    assert_accessible(page, "ADMIN monitoring")
    page.full_screenshot("admin-monitoring")


def test_the_forecast_s_crossing_is_drawn(page: ConsolePage, stack: RunningStack, stack_aws: None) -> None:
    """An hour of executions that fail more and more (written as the statistics consumer writes them, for past
    minutes), rolled up at successive 5-minute instants: the success rate's trend crosses 80% within 6 hours,
    and the chart draws the crossing where the forecast puts it."""
    from taskexec.data import clients
    from taskexec.data.statistics_store import bucket_update
    from taskexec.monitoring.counters import Attempt

    step = timedelta(minutes=5)
    last = datetime.now(UTC).replace(microsecond=0)
    first = last - 12 * step
    for slot in range(13):
        at = first + slot * step - timedelta(minutes=2)
        for outcome, count in (("SUCCEEDED", 20), ("FAILED", slot // 2)):
            for _ in range(count):
                code = "INTERNAL_ERROR" if outcome == "FAILED" else None
                clients.dynamodb().update_item(**bucket_update(Attempt(outcome, "ADMIN", 300, code), at=at))
    for k in range(13):
        rollup(first + k * step)
    _, metrics, _ = stack.call("GET", "/ai/metrics?window=1h", stack.id_token("ADMIN"))
    crossing = metrics["forecast"]["successRate"]["crosses"]
    assert crossing is not None, metrics["forecast"]

    page.sign_in("ADMIN")
    page.go("Monitoring")
    marker = page.wait(
        lambda: next(iter(page.driver.find_elements("css selector", "figure.chart .projection text")), None),
        "the forecast's crossing",
    )
    assert marker.text.startswith(f"{crossing['status'].capitalize()} at ")
    caption = page.find("//figcaption[contains(., 'Success rate (%)')]")[0].text
    assert "The trend crosses 80% (warning)" in caption, caption
    page.full_screenshot("admin-forecast")


# --- a SUPER_ADMIN: users and integrations ------------------------------------------------------------------------


def test_a_super_admin_changes_a_user_registers_an_integration_and_is_refused_their_own_role(
    page: ConsolePage, stack: RunningStack
) -> None:
    page.sign_in("SUPER_ADMIN")
    assert page.sections() == [*EXECUTOR_SECTIONS, "Administration"]
    page.go("Administration")
    inactive = stack.user("ADMIN", "INACTIVE")
    page.field("User id").send_keys(inactive["userId"])
    page.choose("New role", "IT admin")
    page.button("Change user").click()
    page.text_shown("Changed.")
    assert page.text_shown(inactive["username"])

    page.field("Source").send_keys("console.demo")
    page.field("Name").send_keys("Console demo CRM")
    page.button("Save integration").click()
    page.text_shown("Saved.")

    own = page.field("User id")
    own.clear()
    own.send_keys(stack.user("SUPER_ADMIN")["userId"])
    page.choose("New role", "User")
    page.button("Change user").click()
    refusal = page.alert()
    assert "403 INSUFFICIENT_PRIVILEGES" in refusal, refusal
    assert_accessible(page, "SUPER_ADMIN administration")
    page.full_screenshot("super-admin-administration")


WEEKLY_REPORT = {
    "name": "Weekly marketing report",
    "trigger": {"schedule": "cron(0 9 ? * MON *)", "timeZone": "Europe/Berlin"},
    "actions": [{"task": {"category": "analytics", "title": "Weekly marketing report", "priority": "HIGH"}}],
}


def test_an_admin_sees_their_automations_and_a_super_admin_everyones(page: ConsolePage) -> None:
    token = page.stack.id_token("ADMIN")
    status, created, _ = page.stack.call("POST", "/automations", token, WEEKLY_REPORT)
    assert status == 201, created
    try:
        page.sign_in("ADMIN")
        page.go("Automations")
        assert page.text_shown("Weekly marketing report")
        assert page.text_shown("cron(0 9 ? * MON *) (Europe/Berlin)")
        assert_accessible(page, "ADMIN automations")
        page.screenshot("admin-automations")

        page.button("Sign out").click()
        page.sign_in("SUPER_ADMIN")
        page.go("Automations")
        assert page.text_shown("Weekly marketing report"), "a SUPER_ADMIN sees every automation"
        page.screenshot("super-admin-automations")
        page.choose("Show", "Mine")
        page.text_shown("No automation yet.")  # the SUPER_ADMIN owns none
    finally:
        page.stack.call("DELETE", f"/automations/{created['id']}", token)


def test_a_super_admin_s_board_and_sign_out(page: ConsolePage, seeded: list[str]) -> None:
    page.sign_in("SUPER_ADMIN")
    page.board_ready()
    assert page.field("Request")
    page.choose("Show", "All tasks")
    page.wait(lambda: len(page.board_titles()) == 10, "a full page of all tasks")
    page.full_screenshot("super-admin-tasks")
    page.button("Sign out").click()
    page.field("Email")
    assert not page.find("//table")
    stored = page.driver.execute_script("return [localStorage.length, sessionStorage.length, document.cookie]")
    assert stored == [0, 0, ""]


# --- tokens ---------------------------------------------------------------------------------------------------


def test_a_token_near_its_expiry_is_refreshed_before_it_is_used(page: ConsolePage, stack: RunningStack) -> None:
    """The page's clock is moved 59 minutes on (a laptop woken from sleep: timers late, the hour-long ID token
    about to expire); the next call refreshes the tokens first (REFRESH_TOKEN_AUTH) and succeeds."""
    page.driver.execute_cdp_cmd(
        "Page.addScriptToEvaluateOnNewDocument",
        {
            "source": "(() => { const real = Date.now.bind(Date); let shift = 0;"
            " window.__moveClock = (ms) => { shift += ms; }; Date.now = () => real() + shift; })();"
        },
    )
    page.sign_in("ADMIN")
    page.board_ready()
    refreshes = stack.log.read_text(errors="replace").count("cognito InitiateAuth REFRESH_TOKEN_AUTH")
    page.driver.execute_script("window.__moveClock(59 * 60 * 1000)")
    page.button("Refresh").click()
    page.board_ready()
    page.wait(
        lambda: stack.log.read_text(errors="replace").count("cognito InitiateAuth REFRESH_TOKEN_AUTH") > refreshes,
        "a refresh of the tokens",
    )
    assert not page.find("//*[@role='alert']")


# --- first load -------------------------------------------------------------------------------------------------


def test_the_first_load_is_light(page: ConsolePage, artifacts: Path, seeded: list[str]) -> None:
    """A first visit with an empty cache: what it transfers (bounded by a budget) and, recorded for
    docs/performance.md, how long it takes to the sign-in form and, after Sign in, to the board."""
    page.sign_in("USER")
    page.board_ready()
    figures = page.driver.execute_script(
        """
        const entries = [performance.getEntriesByType('navigation')[0], ...performance.getEntriesByType('resource')];
        const console = entries.filter((e) => new URL(e.name).pathname.startsWith('/console'));
        const mark = (name) => performance.getEntriesByName(name).at(-1).startTime;
        return {
          files: console.length,
          transferredBytes: console.reduce((n, e) => n + e.transferSize, 0),
          decodedBytes: console.reduce((n, e) => n + e.decodedBodySize, 0),
          signInReadyMs: Math.round(mark('console:sign-in-ready')),
          boardAfterSignInMs: Math.round(mark('console:board') - mark('console:signing-in')),
        };
        """
    )
    (artifacts / "console-first-load.json").write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    assert figures["files"] >= 10
    assert 0 < figures["transferredBytes"] <= FIRST_LOAD_BUDGET_BYTES, figures
