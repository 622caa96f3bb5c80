"""What each issue of a snapshot says, and the recommendation that comes with it.

Every issue names the likely cause and the next thing to look at: whoever reads the health check at 3 a.m.
should know where to start. When a figure is an issue is `taskexec.monitoring.status`'s decision, except for
refusals (below), which are news only when they are many.
"""

from __future__ import annotations

from taskexec.errors import ErrorCode
from taskexec.monitoring.counters import OUTCOMES
from taskexec.monitoring.snapshot import ErrorPattern, RoleStatistics

NOTABLE_REFUSALS = 5
"""DENIED or INVALID attempts become an issue from this many, and only when they are at least a fifth of all
attempts: a handful of typos in a busy hour is noise, not news."""

FAILURE_ADVICE = {
    "DATABASE_UNAVAILABLE": "check DynamoDB throttling and errors (ThrottledRequests, SystemErrors) and the "
    "tables' capacity and alarms",
    "SERVICE_BUSY": "the service was throttled: check DynamoDB ThrottledRequests and the execute function's "
    "concurrency and throttles; callers should honour Retry-After",
    "INTERNAL_ERROR": "find the failed requests (errorCode INTERNAL_ERROR) in the execute function's logs and "
    "fix the exception logged there",
}
INVALID_ADVICE = {
    "NO_TASK_DETECTED": "messages that ask for no task: show callers the suggestion in the 422 body, or have "
    "clients send structured tasks",
    "VALIDATION_FAILED": "a client sends bodies that do not match the schema: compare it with the OpenAPI "
    "document (the 422 details name the fields)",
    "DUE_DATE_IN_PAST": "callers ask for due dates in the past: check the client's clock and date handling",
    "INVALID_ASSIGNEE": "callers name assignees that are not active executing users: check the user list",
}


def _mostly(patterns: list[ErrorPattern], statuses: range) -> ErrorPattern | None:
    return next((p for p in patterns if p.status is not None and p.status in statuses), None)


def failure_issue(
    totals: dict[str, int], executions: int, rate: float, span: str, patterns: list[ErrorPattern]
) -> tuple[str, str]:
    failed = totals.get("n_FAILED", 0)
    top = _mostly(patterns, range(500, 600))
    cause = f", mostly {top.code} ({top.count})" if top else ""
    issue = f"Success rate {rate:.0f}% over {span}: {failed} of {executions} executions failed{cause}."
    if top is None:
        advice = "look up the failed requests (status 5xx) in the execute function's logs"
    else:
        advice = FAILURE_ADVICE.get(
            top.code, f"look up the requests that failed with {top.code} in the execute function's logs"
        )
    return issue, f"{top.code if top else 'Failures'} -> {advice}."


def refusal_issues(
    totals: dict[str, int], roles: list[RoleStatistics], patterns: list[ErrorPattern], span: str
) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    attempts = sum(totals.get(f"n_{o}", 0) for o in OUTCOMES)
    escalations = totals.get(f"e_{ErrorCode.PRIVILEGE_ESCALATION_ATTEMPT.value}", 0)
    if escalations:
        found.append(
            (
                f"{escalations} privilege escalation attempt(s) over {span}: request bodies carried identity or "
                "role fields.",
                "Review the UserActivity audit rows with errorCode PRIVILEGE_ESCALATION_ATTEMPT: someone is trying "
                "to act as another user or with another role.",
            )
        )
    denied = totals.get("n_DENIED", 0)
    if denied >= NOTABLE_REFUSALS and denied * 5 >= attempts:
        by_role = max(roles, key=lambda r: r.attempts["DENIED"], default=None)
        who = f", mostly by role {by_role.role} ({by_role.attempts['DENIED']})" if by_role else ""
        found.append(
            (
                f"{denied} of {attempts} attempts over {span} were DENIED{who}: users without an executing role are "
                "trying to execute.",
                "If they should execute tasks, a SUPER_ADMIN grants a role with PUT /users/{userId}/role; otherwise "
                "tell them. The UserActivity audit trail names the users.",
            )
        )
    invalid = totals.get("n_INVALID", 0)
    if invalid >= NOTABLE_REFUSALS and invalid * 5 >= attempts:
        top = _mostly(patterns, range(400, 500))
        cause = f", mostly {top.code} ({top.count})" if top and top.status not in (401, 403) else ""
        advice = INVALID_ADVICE.get(top.code, "") if top else ""
        found.append(
            (
                f"{invalid} of {attempts} attempts over {span} were INVALID{cause}: callers send requests the "
                "service cannot act on.",
                f"{top.code} -> {advice}."
                if top and advice
                else "Look at the 4xx error codes in errorPatterns and "
                "the execute function's logs to see which clients send them.",
            )
        )
    return found


def no_executions(span: str) -> tuple[str, str]:
    return (
        f"No executions in {span}: the status is healthy by definition.",
        "If executions were expected, check that clients reach POST /ai/execute (the API's 4xx/5xx metrics) "
        "and the DENIED and INVALID counts.",
    )


SLOW = (
    "Check the detector's latency (DETECTOR=bedrock waits up to BEDROCK_TIMEOUT_MS before falling back to "
    "rules) and DynamoDB latency (SuccessfulRequestLatency); the execute function's traces and "
    "'request handled' logs (durationMs) show which requests are slow."
)


def slow_average(avg: float, span: str) -> tuple[str, str]:
    return f"Average execution time {avg / 1000:.1f} s over {span}, at or above the 5 s limit.", SLOW


def slow_tail(avg: float, p95: float, span: str) -> tuple[str, str]:
    return (
        f"p95 execution time {p95 / 1000:.1f} s over {span} while the average is {avg / 1000:.1f} s: a slow tail.",
        SLOW.replace("Check", "For the slow tail, check cold starts (provisioned concurrency helps), ", 1),
    )
