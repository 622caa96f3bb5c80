"""The escalation rule: identity and privilege come only from who vouches for the caller, never from what the
caller sends.

Which names try to say who the caller is or what they may do, where they are looked for (every key of a body
at any depth, query parameter names, header names) and the refusal, in one place for every way in: the HTTP
guard (vouched for by the sign-in) and the TaskRequested consumer (vouched for by the event's source).
"""

import re
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

from taskexec.errors import ErrorCode, ServiceError

FIELDS = frozenset(
    {
        "userid",
        "createdbyid",
        "role",
        "roles",
        "group",
        "groups",
        "cognitogroups",
        "isadmin",
        "admin",
        "issuperadmin",
        "superadmin",
        "permissions",
        "privileges",
        "claims",
        "sub",
        "owner",
        "ownerid",
        "identity",
        "scopes",
        "actas",
        "impersonate",
    }
)
"""Names (folded: lower case, no '-', '_' or ':') that try to say who the caller is or what they may do."""

HEADERS = frozenset(f"x{name}" for name in FIELDS) | {"xamznoidcidentity", "xforwardeduser"}


class Voucher(NamedTuple):
    """Who vouches for the caller's identity, and what the caller sent, as the refusal words them."""

    source: str
    sent: str


SIGN_IN = Voucher("your sign-in", "the request")
EVENT_SOURCE = Voucher("the event's source", "the detail")


def fold(name: str) -> str:
    return re.sub(r"[-_:\s.]", "", name).lower()


def _keys(value: Any, path: str = "") -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            here = f"{path}.{key}" if path else str(key)
            yield here
            yield from _keys(item, here)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _keys(item, f"{path}[{index}]")


def found(
    body: Any,
    query: Iterable[str] = (),
    headers: Iterable[str] = (),
    allowed: frozenset[str] = frozenset(),
    allowed_query: frozenset[str] = frozenset(),
    only: frozenset[str] | None = None,
) -> list[str]:
    """Where a request tries to supply identity or privilege: `body.<path>` of its keys (but the `allowed`
    ones), `query.<name>` of its query parameters (but the `allowed_query` ones: a filter such as GET
    /automations' `owner=me|all` chooses what to read, it claims nothing), `header.<name>` of its headers.

    `only` is for a route that changes the caller's own row (PATCH /me): its body may hold those fields and no
    other, so every other top-level field (`status`, `role`, `email`, ...) tries to change what the caller may
    not, whatever its name, and is refused rather than ignored or answered as a mere schema error.
    """
    outside = [f"body.{key}" for key in body if key not in only] if only is not None and isinstance(body, dict) else []
    named = [f"body.{path}" for path in _keys(body) if fold(re.split(r"[.\[]", path)[-1]) in FIELDS - allowed]
    refused_already = set(outside)
    places = outside + [place for place in named if place not in refused_already]
    places += [f"query.{name}" for name in query if fold(name) in FIELDS - allowed_query]
    places += [f"header.{name}" for name in headers if fold(name) in HEADERS]
    return places


def refused(places: list[str], voucher: Voucher) -> ServiceError:
    """403 PRIVILEGE_ESCALATION_ATTEMPT, naming the first few places to remove."""
    return ServiceError(
        ErrorCode.PRIVILEGE_ESCALATION_ATTEMPT,
        f"The request tries to set identity or privileges; they come only from {voucher.source}.",
        suggestion="Remove " + ", ".join(places[:5]) + f" from {voucher.sent}.",
    )
