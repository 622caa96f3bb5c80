"""The bottom layer's two admission rules, shared by the HTTP guard and the TaskRequested consumer: identity and
privilege never come from what a caller sends, and only a registered, active caller acts."""

from __future__ import annotations

from typing import NamedTuple

import pytest

from taskexec import escalation, standing
from taskexec.errors import ErrorCode, ServiceError


def test_identity_names_are_found_at_any_depth_however_spelt() -> None:
    body = {"task": {"title": "x", "Created_By-Id": "u1"}, "meta": [{"ok": 1}, {"IS_ADMIN": True}]}
    assert escalation.found(body) == ["body.task.Created_By-Id", "body.meta[1].IS_ADMIN"]


def test_query_names_and_headers_are_looked_at_too() -> None:
    found = escalation.found(None, query={"role": "ADMIN", "scope": "all"}, headers={"X-User-Id": "u", "Accept": "*"})
    assert found == ["query.role", "header.X-User-Id"]


def test_a_route_may_allow_a_name_in_its_body_only() -> None:
    assert escalation.found({"role": "ADMIN"}, allowed=frozenset({"role"})) == []
    assert escalation.found(None, query={"role": "ADMIN"}, allowed=frozenset({"role"})) == ["query.role"]


def test_a_route_that_changes_the_callers_own_row_takes_its_own_fields_and_no_other() -> None:
    """PATCH /me: `timeZone`, and nothing else of the caller's row (status, email, ...) whatever its name."""
    only = frozenset({"timeZone"})
    assert escalation.found({"timeZone": "Pacific/Honolulu"}, only=only) == []
    assert escalation.found({"timeZone": "UTC", "status": "ACTIVE", "email": "x@example.com"}, only=only) == [
        "body.status",
        "body.email",
    ]
    # Named once, even a name the function allows on another route (PUT /users/{userId}/role's `role`).
    assert escalation.found({"role": "ADMIN"}, allowed=frozenset({"role"}), only=only) == ["body.role"]
    assert escalation.found({"timeZone": {"userId": "u1"}}, only=only) == ["body.timeZone.userId"]


def test_the_refusal_names_the_first_five_places_in_the_words_of_who_vouches() -> None:
    places = [f"body.role{n}" for n in range(7)]
    refused = escalation.refused(places, escalation.EVENT_SOURCE)
    assert refused.code is ErrorCode.PRIVILEGE_ESCALATION_ATTEMPT
    assert refused.message.endswith("they come only from the event's source.")
    assert refused.suggestion == "Remove " + ", ".join(places[:5]) + " from the detail."
    assert escalation.refused(places, escalation.SIGN_IN).message.endswith("they come only from your sign-in.")


class Row(NamedTuple):
    active: bool


def test_an_active_row_is_admitted_as_it_is() -> None:
    row = Row(active=True)
    assert standing.admitted(row, standing.ACCOUNT) is row


@pytest.mark.parametrize(
    ("row", "code", "message"),
    [
        (None, ErrorCode.USER_NOT_REGISTERED, "This event source is not a registered integration."),
        (Row(active=False), ErrorCode.USER_INACTIVE, "This integration is not active."),
    ],
)
def test_no_row_or_an_inactive_one_is_refused(row: Row | None, code: ErrorCode, message: str) -> None:
    with pytest.raises(ServiceError) as refused:
        standing.admitted(row, standing.INTEGRATION)
    assert (refused.value.code, refused.value.message) == (code, message)
