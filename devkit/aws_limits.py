"""AWS's documented request limits that moto 5.2.5 does not enforce, checked where every AWS call passes
(devkit.botocalls), so a request AWS would refuse is refused in every test and in the local stack.

What moto already refuses is left to it: more than 10 PutEvents entries, DynamoDB items over 400 KB (moto cuts
at about 405,000 bytes, a little under AWS's 409,600), more than 100 TransactWriteItems actions. Added here:

- SNS Publish: a subject must be non-empty printable ASCII (no line breaks or other control characters,
  starting with a letter, digit or punctuation) of at most 100 characters (moto checks only the length, and
  raises a bare ValueError for it); the message with its attributes at most 256 KB (262,144 bytes; moto counts
  characters);
- EventBridge PutEvents: the entries of one call at most 256 KB together, each sized the way AWS documents it
  ("Calculating PutEvents event entry size": Time 14 bytes, Source, DetailType, Detail and each Resources entry
  in UTF-8 bytes);
- SQS SendMessage: body and message attributes at most 256 KiB (262,144 bytes). AWS raised SQS's own limit to
  1 MiB in 2025 and moto follows it; the service's messages come from EventBridge, which still stops at 256 KB,
  so this emulator holds the queue to the limit its messages are designed to;
- DynamoDB TransactWriteItems: the items of one transaction at most 4 MB together.

Each refusal is the error the service sends (InvalidParameter, ValidationException, ...), raised to the caller.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from devkit.botocalls import Call, Send

SNS_SUBJECT_MAX = 100
SNS_MESSAGE_MAX_BYTES = 262_144
PUT_EVENTS_MAX_BYTES = 262_144
SQS_MESSAGE_MAX_BYTES = 262_144
TRANSACTION_MAX_BYTES = 4 * 1024 * 1024
PUT_EVENTS_TIME_BYTES = 14

_SUBJECT = re.compile(r"[!-~][ -~]*")
"""Printable ASCII (space to tilde) that starts with a letter, a digit or punctuation: no control characters,
no line breaks, nothing outside ASCII."""


def utf8(text: Any) -> int:
    return len(str(text).encode("utf-8", "surrogatepass"))


def subject_refusal(subject: Any) -> str | None:
    """Why SNS refuses `subject` (None when it takes it)."""
    if not isinstance(subject, str) or not subject:
        return "Invalid parameter: Subject"
    if len(subject) > SNS_SUBJECT_MAX or not _SUBJECT.fullmatch(subject):
        return "Invalid parameter: Subject"
    return None


def _attributes_bytes(attributes: Any) -> int:
    """Message attributes as SNS and SQS count them toward the message size: name, type and value."""
    size = 0
    for name, value in (attributes or {}).items():
        size += utf8(name) + utf8(value.get("DataType", ""))
        if value.get("StringValue") is not None:
            size += utf8(value["StringValue"])
        if value.get("BinaryValue") is not None:
            size += len(value["BinaryValue"])
    return size


def put_events_entry_size(entry: dict[str, Any]) -> int:
    """EventBridge's size of one PutEvents entry, as its documentation computes it."""
    size = PUT_EVENTS_TIME_BYTES if entry.get("Time") is not None else 0
    size += utf8(entry.get("Source", "")) + utf8(entry.get("DetailType", ""))
    if entry.get("Detail") is not None:
        size += utf8(entry["Detail"])
    size += sum(utf8(resource) for resource in entry.get("Resources") or [] if resource is not None)
    return size


def attribute_size(value: dict[str, Any]) -> int:
    """A DynamoDB attribute value's size by DynamoDB's rules (strings and binaries by length, numbers about one
    byte per two digits plus one, collections 3 bytes plus 1 per element)."""
    ((kind, inner),) = value.items()
    if kind == "S":
        return utf8(inner)
    if kind == "B":
        return len(inner)
    if kind == "N":
        digits = len(str(Decimal(str(inner)).normalize()).lstrip("-").replace(".", ""))
        return (digits + 1) // 2 + 1
    if kind in ("BOOL", "NULL"):
        return 1
    if kind in ("SS", "NS", "BS"):
        element = {"SS": "S", "NS": "N", "BS": "B"}[kind]
        return sum(attribute_size({element: item}) for item in inner)
    if kind == "L":
        return 3 + sum(1 + attribute_size(item) for item in inner)
    if kind == "M":
        return 3 + sum(1 + utf8(name) + attribute_size(item) for name, item in inner.items())
    raise ValueError(f"not a DynamoDB attribute value: {kind}")


def item_size(item: dict[str, Any]) -> int:
    return sum(utf8(name) + attribute_size(value) for name, value in item.items())


def _transaction_bytes(params: dict[str, Any]) -> int:
    """The items a transaction carries: whole items for puts, keys and expression values for the others."""
    size = 0
    for entry in params.get("TransactItems") or []:
        for request in entry.values():
            size += item_size(request.get("Item") or request.get("Key") or {})
            size += sum(attribute_size(v) for v in (request.get("ExpressionAttributeValues") or {}).values())
    return size


def refusal(call: Call) -> tuple[str, str] | None:
    """(error code, message) AWS would answer `call` with for breaking a limit moto does not check; None when
    the call is within them."""
    params, operation = call.params, call.operation
    if call.service == "sns" and operation == "Publish":
        if "Subject" in params:
            reason = subject_refusal(params["Subject"])
            if reason:
                return "InvalidParameter", reason
        if utf8(params.get("Message", "")) + _attributes_bytes(params.get("MessageAttributes")) > SNS_MESSAGE_MAX_BYTES:
            return "InvalidParameter", "Invalid parameter: Message too long"
    if call.service == "events" and operation == "PutEvents":
        total = sum(put_events_entry_size(entry) for entry in params.get("Entries") or [])
        if total > PUT_EVENTS_MAX_BYTES:
            return "ValidationException", "Total size of the entries in the request is over the limit."
    if call.service == "sqs" and operation in ("SendMessage", "SendMessageBatch"):
        messages = [params] if operation == "SendMessage" else list(params.get("Entries") or [])
        for message in messages:
            size = utf8(message.get("MessageBody", "")) + _attributes_bytes(message.get("MessageAttributes"))
            if size > SQS_MESSAGE_MAX_BYTES:
                return (
                    "InvalidParameterValue",
                    f"One or more parameters are invalid. Reason: Message must be shorter than {SQS_MESSAGE_MAX_BYTES}"
                    " bytes.",
                )
    if (
        call.service == "dynamodb"
        and operation == "TransactWriteItems"
        and _transaction_bytes(params) > (TRANSACTION_MAX_BYTES)
    ):
        return "ValidationException", "Transaction request cannot be larger than 4 MB"
    return None


def intercept(call: Call, send: Send) -> Any:
    """The interceptor (devkit.botocalls): refuse what AWS would, else let the call through."""
    refused = refusal(call)
    if refused is not None:
        raise call.refusal(*refused)
    return send()
