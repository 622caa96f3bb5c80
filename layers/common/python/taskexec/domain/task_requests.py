"""An integration's TaskRequested: what makes two deliveries the same request, and the one answer it gets.

Plain rules. The key of a request is (source, correlationId) when the sender gives a correlationId, so its
own resend (a new event id) is the same request; else the event's id, which EventBridge keeps over its own
redeliveries. The answer is stored once under that key and published on every delivery; an answer must fit
EventBridge's 256 KB, so a rejection's long details are cut to the first ones that fit, and the error says so.
"""

import json
from typing import Any, NamedTuple

from taskexec.domain.events import TASK_REQUEST_REJECTED, TASK_REQUEST_SUCCEEDED

PUT_EVENTS_ENTRY_MAX = 262_144
"""EventBridge's limit on a PutEvents entry (Source, DetailType and Detail in UTF-8 bytes)."""
ANSWER_BODY_MAX = PUT_EVENTS_ENTRY_MAX - 2_048
"""Room for what a delivery adds to the stored answer (correlationId <= 128, requestEventId, requestSource
<= 256, the detail type and source) and for JSON's own quotes and commas."""
DETAIL_TEXT_MAX = 200
"""A detail's field or issue is cut to this many characters once an answer has to be cut at all."""


def request_key(source: str, correlation_id: str | None, event_id: str) -> str:
    """The request's identity: `<source>#c#<correlationId>`, else `<source>#e#<event id>`."""
    return f"{source}#c#{correlation_id}" if correlation_id is not None else f"{source}#e#{event_id}"


class RequestAnswer(NamedTuple):
    """The answer a request got, as stored once under its key: the detail type and what it adds to the
    delivery's own fields (`taskId`, or `status` and `error`)."""

    key: str
    detail_type: str
    body: dict[str, Any]

    def detail(self, correlation_id: str | None, event_id: str | None, source: str | None) -> dict[str, Any]:
        """The answer's detail for one delivery of the request."""
        return {"correlationId": correlation_id, "requestEventId": event_id, "requestSource": source, **self.body}


def size(value: Any) -> int:
    """Bytes of `value` as compact JSON in UTF-8, as it goes on the bus."""
    return len(json.dumps(value, separators=(",", ":")).encode("utf-8", "surrogatepass"))


def _clip(text: str) -> str:
    return text if len(text) <= DETAIL_TEXT_MAX else text[: DETAIL_TEXT_MAX - 3] + "..."


def succeeded(key: str, task_id: str) -> RequestAnswer:
    return RequestAnswer(key, TASK_REQUEST_SUCCEEDED, {"taskId": task_id})


def rejected(key: str, status: int, error_body: dict[str, Any], limit: int = ANSWER_BODY_MAX) -> RequestAnswer:
    """The rejection `status` / `error_body` (the contract's `{"error": {...}}`), cut to fit `limit` bytes: the
    details cut to DETAIL_TEXT_MAX characters each and kept from the first while they fit, `truncated: true`."""
    body: dict[str, Any] = {"status": status, **error_body}
    if size(body) <= limit:
        return RequestAnswer(key, TASK_REQUEST_REJECTED, body)
    error = dict(body["error"])
    details = [{"field": _clip(str(d["field"])), "issue": _clip(str(d["issue"]))} for d in error.get("details", [])]
    error.update(details=[], truncated=True)
    room = limit - size({"status": status, "error": error})
    kept = []
    for detail in details:
        room -= size(detail) + 1  # and its comma
        if room < 0:
            break
        kept.append(detail)
    error["details"] = kept
    return RequestAnswer(key, TASK_REQUEST_REJECTED, {"status": status, "error": error})
