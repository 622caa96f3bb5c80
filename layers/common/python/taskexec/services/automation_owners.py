"""Whether an automation's owner can still run it, and pausing the automations of an owner who cannot.

An automation runs on behalf of its owner, whose row is read when it runs: an owner who is no longer ACTIVE (or
has no row) or no longer of an executing role cannot run it. A run that meets such an owner is refused and
pauses its automation (services/automation_runs.py); a SUPER_ADMIN who takes the owner's standing away pauses
every automation of theirs at once (`pause_owned`, from PUT /users/{userId}/role), so nothing is left running
for them. A pause disables the rule or schedule first, then writes PAUSED with `pausedReason`, so a pause that
fails half-way leaves the automation silent, and doing it again completes it.
"""

from aws_lambda_powertools import Logger

from taskexec import standing
from taskexec.authorization import is_executing
from taskexec.data import automation_store, automation_triggers, user_store
from taskexec.domain.conflicts import StaleWrite
from taskexec.domain.users import User
from taskexec.errors import ErrorCode, ServiceError

logger = Logger(child=True)

OWNER = standing.Wording(
    unregistered="The automation's owner has no user record in the service.",
    register="A SUPER_ADMIN can delete the automation, or register its owner again.",
    inactive="The automation's owner is not active.",
)
PAUSE_ROUNDS = 3
"""Reads of an owner's automations when pausing them: a change written meanwhile (a PUT) is met as a stale
version and read again; what is still left then is paused by its next run."""


def runnable(owner: User | None) -> User:
    """The owner's row (as read now) when the owner could run the automation; else the refusal a run gets."""
    admitted = standing.admitted(owner, OWNER)
    if not is_executing(admitted.role):
        raise ServiceError(
            ErrorCode.INSUFFICIENT_PRIVILEGES,
            f"The automation's owner ({admitted.role.value}) may no longer execute tasks.",
            suggestion="A SUPER_ADMIN can give the owner an executing role again, or delete the automation.",
        )
    return admitted


def runnable_owner(owner_id: str) -> User:
    """`runnable` of the owner's row read now."""
    return runnable(user_store.get_user(owner_id))


def paused_reason(refusal: ServiceError) -> str:
    """What an automation paused for its owner says: why, and what to do about it."""
    return f"{refusal.message} {refusal.suggestion}" if refusal.suggestion else refusal.message


def pause_owned(owner: User) -> int:
    """Pause every ACTIVE automation of an owner who can no longer run them (none when the owner still can);
    how many were paused."""
    try:
        runnable(owner)
        return 0
    except ServiceError as refused:
        reason = paused_reason(refused)
    paused: set[str] = set()
    for _ in range(PAUSE_ROUNDS):
        active = [a for a in automation_store.owned(owner.id) if a.active and a.id not in paused]
        changed = False
        for automation in active:
            automation_triggers.disable(automation)
            try:
                automation_store.pause(automation, reason, user_store.now_iso())
                paused.add(automation.id)
            except StaleWrite:
                changed = True  # changed meanwhile (or paused already): read again
        if not changed:
            break
    if paused:
        logger.info("owner's automations paused", extra={"ownerId": owner.id, "paused": len(paused)})
    return len(paused)
