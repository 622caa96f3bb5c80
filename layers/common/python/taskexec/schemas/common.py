"""Bodies shared by every route: the base classes, errors, API Gateway's own answers, and the identifiers in paths.

Classes are named after the contract's terms (Task, Comment, Error, ...): the OpenAPI document names its
components after them, and client generators name their types after the components.
"""

from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict

if TYPE_CHECKING:
    from pydantic import GetJsonSchemaHandler
    from pydantic.json_schema import JsonSchemaValue
    from pydantic_core import CoreSchema


class Schema(BaseModel):
    """Base of every body model. Validators are built on first use, not at import: each Lambda imports all
    the schemas but a route needs only its own, and cold-start time is paid on every new container."""

    model_config = ConfigDict(defer_build=True)


class Strict(Schema):
    """Request bodies refuse unknown fields, so a typo is a 422 rather than silently ignored."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, defer_build=True)


class DocumentedAs:
    """`Annotated[T, DocumentedAs(Shape)]`: the OpenAPI document shows `Shape` where the code holds a `T`.

    For values the service validates or builds elsewhere: a batch item is validated on its own by the batch
    service (so one bad item fails alone, not the batch), a batch result's body is already shaped when the
    result is made, and the health report's role is the value of the caller's `Role`. Clients still get the
    real type; validation and serialisation stay those of `T`.
    The shape's schema is built only when a document is generated, never on the request path.
    """

    __slots__ = ("shape",)

    def __init__(self, shape: Any) -> None:
        self.shape = shape

    def __get_pydantic_json_schema__(self, _: "CoreSchema", handler: "GetJsonSchemaHandler") -> "JsonSchemaValue":
        from types import GenericAlias

        from pydantic import TypeAdapter

        # Given the shape itself, the handler would inline it (a copy of the enum or model where a reference
        # to the document's component belongs); the items of a list of it are references.
        listed: Any = GenericAlias(list, (self.shape,))
        return handler(TypeAdapter(listed).core_schema)["items"]


ID_PATTERN = r"^[A-Za-z0-9_-]{1,128}$"
"""What an id in a path may look like: task ids are hex, user ids Cognito subs (UUIDs). Only characters a
client never percent-encodes in a path (API Gateway hands path parameters over as sent); anything else cannot
name a row, so it is refused (422) before a read."""

PAGE_POSITION_PATTERN = r"^[A-Za-z0-9_-]{1,2048}$"
"""A page token is unpadded URL-safe base64 (taskexec.data.pages); one of that shape that does not continue
the same query is 400 INVALID_REQUEST."""


class FieldDetail(Schema):
    field: str
    issue: str


class ErrorInfo(Schema):
    code: str
    message: str
    suggestion: str | None = None
    details: list[FieldDetail] | None = None
    requestId: str


class Error(Schema):
    """Every error the service itself answers: `{"error": {...}}`."""

    error: ErrorInfo


class GatewayUnauthorized(Schema):
    """API Gateway's JWT authorizer refused the token (its own shape, not the service's)."""

    message: Literal["Unauthorized"]


class GatewayThrottled(Schema):
    """API Gateway's stage throttling refused the request (its own shape)."""

    message: Literal["Too Many Requests"]


class GatewayBadRequest(Schema):
    """API Gateway refused a request it could not parse (a Content-Length that is no number): its own shape,
    answered before any function runs."""

    message: Literal["Bad Request"]


class GatewayNotFound(Schema):
    """No route matches the method and path: API Gateway answers before any function runs (its own shape)."""

    message: Literal["Not Found"]


# The names the service modules import (kept so they need not change with the contract's naming).
ErrorResponse = Error
