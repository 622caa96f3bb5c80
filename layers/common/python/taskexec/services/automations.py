"""Automations: create, read, list, replace, delete and preview, each on behalf of the automation's owner.

Who may: the routes' action (MANAGE_AUTOMATIONS, the executing roles) decides who uses automations at all, and
every executing role reads and previews any of them; changing or deleting one is for its owner or a SUPER_ADMIN
(MANAGE_ANY_AUTOMATION), else 403 INSUFFICIENT_PRIVILEGES.

A change writes two places, DynamoDB (the row, the limit counters) and AWS (the rule or schedule), ordered so
that nothing is left half-made and a retry converges:
- create: the row with both counters first (one transaction: a limit refuses before AWS is touched), then the
  rule or schedule; when AWS fails, whatever it made is removed and the row deleted again;
- replace: the row, conditional on the version read, then AWS; when AWS fails, the previous row is written
  back and AWS made to match it;
- delete: AWS first, so that once DELETE answers nothing new starts, then the row; when the row cannot go, AWS
  is made to match it again.
If a compensation fails as well, the row stays and its rule or schedule may not match it: every AWS call is an
upsert or a removal that tolerates absence, so sending the same PUT or DELETE again converges (the error's
suggestion says so).
"""

import random
import time
import uuid
from typing import Any

from aws_lambda_powertools import Logger

from taskexec.authorization import Action, can
from taskexec.data import automation_store, automation_triggers, user_store
from taskexec.data.automation_store import Contended, LimitReached
from taskexec.domain.automations import (
    MAX_PER_DEPLOYMENT,
    MAX_PER_OWNER,
    Automation,
    EventTrigger,
    Trigger,
    fill,
    placeholder_values,
    trigger_of,
)
from taskexec.domain.conflicts import StaleWrite
from taskexec.domain.users import User
from taskexec.errors import ErrorCode, FieldIssue, ServiceError
from taskexec.schemas.automations import AutomationRequest, ScheduleTrigger
from taskexec.schemas.execute import execute_body
from taskexec.services import automation_owners

logger = Logger(child=True)

MAX_TRIES = 5
"""Creates and deletes of one owner meet on their counter; DynamoDB cancels one of two overlapping
transactions, which is tried again after a short, jittered pause."""
_CONVERGE = "Send the same request again: it completes what this one could not."


def owner_time_zone(owner: User) -> str:
    """The zone a schedule without one of its own is read in: its owner's, from the owner's user row (the zone
    GET /me answers and PATCH /me sets; UTC for a row without one). Fixed when the automation is written: a later
    change of the owner's zone moves no schedule."""
    return owner.time_zone


def _not_found() -> ServiceError:
    return ServiceError(
        ErrorCode.NOT_FOUND, "No such automation.", suggestion="GET /automations?owner=all lists every automation."
    )


def _trigger(body: AutomationRequest, owner: User) -> Trigger:
    if isinstance(body.trigger, ScheduleTrigger):
        zone = body.trigger.timeZone or owner_time_zone(owner)
        return trigger_of({"schedule": body.trigger.schedule, "timeZone": zone})
    match = body.trigger.match.model_dump(exclude_none=True) if body.trigger.match else {}
    return trigger_of({"event": body.trigger.event.value, "match": match})


def _actions(body: AutomationRequest) -> tuple[dict[str, Any], ...]:
    """The execute bodies as written (priorities normalised), without what they leave at its default."""
    return tuple(action.model_dump(mode="json", exclude_none=True, exclude_defaults=True) for action in body.actions)


# --- Reading --------------------------------------------------------------------------------------------------


def get(user: User, automation_id: str) -> Automation:
    automation = automation_store.get(automation_id) if 0 < len(automation_id) <= 128 else None
    if automation is None:
        raise _not_found()
    return automation


def list_automations(user: User, owner: str, limit: int, token: str | None) -> automation_store.Page:
    """`owner=me`: the caller's; `owner=all`: everyone's. Newest first."""
    if owner == "all":
        return automation_store.list_all(limit, token)
    return automation_store.list_owned(user.id, limit, token)


def _changeable(user: User, automation_id: str) -> Automation:
    automation = get(user, automation_id)
    if automation.ownerId != user.id and not can(user.role, Action.MANAGE_ANY_AUTOMATION):
        raise ServiceError(
            ErrorCode.INSUFFICIENT_PRIVILEGES,
            "Only its owner or a SUPER_ADMIN may change or delete this automation.",
            suggestion="Ask its owner, or a SUPER_ADMIN.",
        )
    return automation


# --- Changing -------------------------------------------------------------------------------------------------


def create(owner: User, body: AutomationRequest) -> Automation:
    at = user_store.now_iso()
    automation = Automation(
        id=automation_store.new_id(),
        ownerId=owner.id,
        name=body.name,
        trigger=_trigger(body, owner),
        actions=_actions(body),
        status=body.status,
        createdAt=at,
        updatedAt=at,
    )
    for attempt in range(MAX_TRIES):
        try:
            automation_store.create(automation)
            break
        except LimitReached as reached:
            raise _limit(reached.which) from None
        except StaleWrite:
            automation = automation._replace(id=automation_store.new_id())  # 80 random bits met: draw again
        except Contended:
            _pause(attempt)
    else:
        raise _contended()
    try:
        automation_triggers.apply(automation)
    except Exception:
        _undo_create(automation)
        raise
    logger.info("automation created", extra={"automationId": automation.id, "ownerId": owner.id})
    return automation


def _undo_create(automation: Automation) -> None:
    try:
        automation_triggers.remove(automation)
        _delete_row(automation)
    except Exception:
        logger.exception("automation left without its rule or schedule", extra={"automationId": automation.id})


def replace(user: User, automation_id: str, body: AutomationRequest) -> Automation:
    current = _changeable(user, automation_id)
    owner = user_store.get_user(current.ownerId) or user
    changed = current._replace(
        name=body.name,
        trigger=_trigger(body, owner),
        actions=_actions(body),
        status=body.status,
        pausedReason=None,
        updatedAt=user_store.now_iso(),
        version=current.version + 1,
    )
    try:
        automation_store.replace(changed, expected_version=current.version)
    except StaleWrite:
        raise _changed_meanwhile() from None
    try:
        automation_triggers.apply(changed, current)
    except Exception:
        _undo_replace(current, changed)
        raise
    logger.info("automation replaced", extra={"automationId": changed.id, "by": user.id})
    return changed


def _undo_replace(current: Automation, changed: Automation) -> None:
    restored = current._replace(version=changed.version + 1)
    try:
        automation_store.replace(restored, expected_version=changed.version)
        automation_triggers.apply(restored, changed)
    except Exception:
        logger.exception("automation's rule or schedule may not match its row", extra={"automationId": current.id})


def delete(user: User, automation_id: str) -> None:
    current = _changeable(user, automation_id)
    try:
        automation_triggers.remove(current)  # first: once DELETE answers, nothing new starts
    except Exception:
        _match_row_again(current.id)
        raise
    try:
        _delete_row(current)
    except StaleWrite:
        _match_row_again(current.id)
        if automation_store.get(current.id) is None:
            raise _not_found() from None
        raise _changed_meanwhile() from None
    except Exception:
        _match_row_again(current.id)
        raise
    logger.info("automation deleted", extra={"automationId": current.id, "by": user.id})


def _delete_row(automation: Automation) -> None:
    for attempt in range(MAX_TRIES):
        try:
            automation_store.delete(automation)
            return
        except Contended:
            _pause(attempt)
    raise _contended()


def _match_row_again(automation_id: str) -> None:
    """The row stays: put its rule or schedule back as it says (someone changed it meanwhile, or the delete
    failed), so it is whole again."""
    try:
        fresh = automation_store.get(automation_id)
        if fresh is not None:
            automation_triggers.apply(fresh)
    except Exception:
        logger.exception("automation's rule or schedule may not match its row", extra={"automationId": automation_id})


def _pause(attempt: int) -> None:
    time.sleep(random.uniform(0, 0.05 * 2**attempt))


def _limit(which: str) -> ServiceError:
    if which == "owner":
        message = f"You own {MAX_PER_OWNER} automations, the most one person may."
        issue = f"at most {MAX_PER_OWNER} per owner"
    else:
        message = f"The service holds {MAX_PER_DEPLOYMENT} automations, the most it may."
        issue = f"at most {MAX_PER_DEPLOYMENT} per deployment"
    return ServiceError(
        ErrorCode.LIMIT_EXCEEDED,
        message,
        details=[FieldIssue("automations", issue)],
        suggestion="Delete automations that are no longer needed, then create this one.",
    )


def _contended() -> ServiceError:
    return ServiceError(
        ErrorCode.CONFLICT,
        "Other automation changes were being written at the same moment.",
        suggestion="Retry in a second.",
        retry_after=1,
    )


def _changed_meanwhile() -> ServiceError:
    return ServiceError(
        ErrorCode.CONFLICT,
        "The automation changed while this request was handled.",
        suggestion="Read it again (GET /automations/{automationId}) and retry.",
    )


# --- Preview --------------------------------------------------------------------------------------------------


def preview(user: User, automation_id: str, event: dict[str, Any] | None, request_id: str) -> list[dict[str, Any]]:
    """The dry run of each action as its owner would run it now, placeholders filled from `event` (the detail
    of an event the trigger matches); nothing is written."""
    automation = get(user, automation_id)
    trigger = automation.trigger
    if isinstance(trigger, EventTrigger) and event is None:
        raise _event_issue(f"is required: the detail of a {trigger.event} event, to fill the placeholders from")
    if not isinstance(trigger, EventTrigger) and event is not None:
        raise _event_issue("a schedule has no event: send {}")
    values = placeholder_values(trigger, event or {})
    try:
        owner = automation_owners.runnable_owner(automation.ownerId)
    except ServiceError as refused:
        return [refused.body(request_id) for _ in automation.actions]
    return [_dry_run(owner, fill(action, values), request_id) for action in automation.actions]


def _event_issue(issue: str) -> ServiceError:
    return ServiceError(
        ErrorCode.VALIDATION_FAILED,
        "The preview's event does not fit the automation's trigger.",
        details=[FieldIssue("event", issue)],
    )


def _dry_run(owner: User, action: dict[str, Any], request_id: str) -> dict[str, Any]:
    # Imported here: only a preview plans, and planning (dates, detection, assignment) is a fifth of what the
    # automations function would otherwise load at every cold start for its other five routes.
    from taskexec.services.execute import execute

    try:
        body = execute_body(
            {**action, "dryRun": True}, "The action, filled from the event, is not a valid execute body."
        )
        result = execute(owner, body, request_id=request_id, execution_id=uuid.uuid4().hex)
    except ServiceError as err:
        if err.status >= 500:
            raise
        return err.body(request_id)
    return result.model_dump(mode="json", exclude_none=True)
