"""User rows: read on every request, looked up for assignment, changed by SUPER_ADMINs, sign-ups and their
owners (their time zone)."""

from __future__ import annotations

from datetime import UTC, datetime

from pynamodb.exceptions import PutError, UpdateError
from pynamodb.expressions.update import Action

from taskexec.authorization import Role, UserStatus, is_executing
from taskexec.data.models import UserModel, pool_partition, pool_partitions
from taskexec.domain.conflicts import StaleWrite
from taskexec.domain.time_zones import UTC_ZONE
from taskexec.domain.users import User


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def to_user(row: UserModel) -> User:
    try:
        role = Role(row.role)
    except ValueError:
        role = Role.USER  # an unknown role on a row grants nothing
    try:
        status = UserStatus(row.status)
    except ValueError:
        status = UserStatus.INACTIVE
    return User(
        id=row.id,
        role=role,
        status=status,
        email=row.email,
        username=row.username,
        open_tasks=int(row.openTasks or 0),
        last_assigned_at=row.lastAssignedAt,
        updated_at=row.updatedAt,
        time_zone=row.timeZone or UTC_ZONE,
    )


def get_user(user_id: str) -> User | None:
    """Strongly consistent: a role or status change takes effect on the very next request."""
    try:
        return to_user(UserModel.get(user_id, consistent_read=True))
    except UserModel.DoesNotExist:
        return None


def find_by_email(email: str) -> User | None:
    for row in UserModel.email_index.query(email.strip().lower(), limit=1):
        return to_user(row)
    return None


POOL_READ_LIMIT = 100
"""Executors read per pool partition: one Query page each, so an assignment reads at most
POOL_SHARDS x POOL_READ_LIMIT items however large the pool grows (beyond that, the least loaded of those)."""


def assignable_users(per_partition: int = POOL_READ_LIMIT) -> list[User]:
    """Active executing-role users, read from every pool partition (unordered: the caller picks by load).

    The load is an atomic ADD on the user's row that no index sort key can follow exactly, so the index only
    finds the pool; the order (fewest open tasks, least recently assigned, id) is the domain's, in code.
    """
    users: list[User] = []
    for partition in pool_partitions():
        rows = UserModel.assignable_index.query(partition, limit=per_partition, page_size=per_partition)
        users.extend(to_user(row) for row in rows)
    return users


def pool_of(user_id: str, role: Role, status: UserStatus) -> str | None:
    return pool_partition(user_id) if status is UserStatus.ACTIVE and is_executing(role) else None


def create_user_row(
    user_id: str,
    *,
    email: str | None,
    username: str | None,
    role: Role = Role.USER,
    status: UserStatus = UserStatus.ACTIVE,
    time_zone: str = UTC_ZONE,
) -> bool:
    """Create the row once; an existing row (a repeated trigger) is left as it is. True when created."""
    at = now_iso()
    row = UserModel(
        user_id,
        email=email.strip().lower() if email else None,
        username=username,
        role=role.value,
        status=status.value,
        openTasks=0,
        lastAssignedAt=None,
        assignPool=pool_of(user_id, role, status),
        createdAt=at,
        updatedAt=at,
        timeZone=time_zone,
    )
    try:
        row.save(condition=UserModel.id.does_not_exist())
    except PutError as exc:
        if exc.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise
    return True


def change_role_status(user: User, role: Role | None, status: UserStatus | None) -> User:
    """Set role and/or status, keeping the assignable index in step.

    Conditional on the role and status as read, so two concurrent changes cannot leave `assignPool` out of
    step with them; the loser gets a conflict and can retry.
    """
    new_role = role or user.role
    new_status = status or user.status
    pool = pool_of(user.id, new_role, new_status)
    row = UserModel(user.id)
    actions: list[Action] = [
        UserModel.role.set(new_role.value),
        UserModel.status.set(new_status.value),
        UserModel.updatedAt.set(now_iso()),
        UserModel.assignPool.set(pool) if pool else UserModel.assignPool.remove(),
    ]
    try:
        row.update(
            actions=actions, condition=(UserModel.role == user.role.value) & (UserModel.status == user.status.value)
        )
    except UpdateError as exc:
        if exc.cause_response_code == "ConditionalCheckFailedException":
            raise StaleWrite(user.id) from exc
        raise
    return to_user(row)


def change_time_zone(user: User, zone: str) -> User:
    """Set the user's own time zone (a name taskexec.domain.time_zones accepted). Conditional on the row still
    existing, so a row deleted meanwhile is not made again with nothing but a zone."""
    row = UserModel(user.id)
    try:
        row.update(
            actions=[UserModel.timeZone.set(zone), UserModel.updatedAt.set(now_iso())],
            condition=UserModel.id.exists(),
        )
    except UpdateError as exc:
        if exc.cause_response_code == "ConditionalCheckFailedException":
            raise StaleWrite(user.id) from exc
        raise
    return to_user(row)


# --- Integration rows (PUT /integrations/{source}; read by the task request consumer) ---------------------------


def integration_id(source: str) -> str:
    return f"integration:{source}"


def put_integration(source: str, name: str, status: UserStatus, answer_bus_arn: str | None = None) -> User:
    """Create or update the INTEGRATION row of `source` (with the bus its answers also go to, or none). Never in
    the assignable pool (an integration holds no task), and never over a person's row: the condition keeps an
    existing row an integration."""
    at = now_iso()
    row = UserModel(integration_id(source))
    try:
        row.update(
            actions=[
                UserModel.role.set(Role.INTEGRATION.value),
                UserModel.status.set(status.value),
                UserModel.username.set(name),
                UserModel.openTasks.set(UserModel.openTasks | 0),
                UserModel.createdAt.set(UserModel.createdAt | at),
                UserModel.updatedAt.set(at),
                UserModel.assignPool.remove(),
                UserModel.answerBusArn.set(answer_bus_arn) if answer_bus_arn else UserModel.answerBusArn.remove(),
            ],
            condition=UserModel.id.does_not_exist() | (UserModel.role == Role.INTEGRATION.value),
        )
    except UpdateError as exc:
        if exc.cause_response_code == "ConditionalCheckFailedException":
            raise StaleWrite(row.id) from exc
        raise
    return to_user(row)
