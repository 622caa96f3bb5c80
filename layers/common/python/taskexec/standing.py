"""The standing rule: a caller acts only with a row of its own in the service, and only while that row is active.

No row is 403 USER_NOT_REGISTERED, an inactive row 403 USER_INACTIVE. One rule for both kinds of caller, a
person signing in through the HTTP API and an integration sending TaskRequested events, each told in its own
words. The row is read by the caller of this rule (it is the authoritative one, read on every request).
"""

from typing import NamedTuple, Protocol, TypeVar

from taskexec.errors import ErrorCode, ServiceError


class Standing(Protocol):
    @property
    def active(self) -> bool: ...


Row = TypeVar("Row", bound=Standing)


class Wording(NamedTuple):
    unregistered: str
    register: str
    """How to get registered (the suggestion of USER_NOT_REGISTERED)."""
    inactive: str


ACCOUNT = Wording(
    unregistered="This account has no user record in the service.",
    register="Finish signing up, or ask an administrator to register the account.",
    inactive="This account is not active.",
)
INTEGRATION = Wording(
    unregistered="This event source is not a registered integration.",
    register="Ask a SUPER_ADMIN to register it with PUT /integrations/{source}.",
    inactive="This integration is not active.",
)
REACTIVATE = "Ask a SUPER_ADMIN to reactivate it."


def admitted(row: Row | None, wording: Wording) -> Row:
    """The caller's row when it is there and active; else the refusal, in `wording`."""
    if row is None:
        raise ServiceError(ErrorCode.USER_NOT_REGISTERED, wording.unregistered, suggestion=wording.register)
    if not row.active:
        raise ServiceError(ErrorCode.USER_INACTIVE, wording.inactive, suggestion=REACTIVATE)
    return row
