"""User rows: read on every request, looked up for assignment, changed by SUPER_ADMINs and sign-ups."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

from pynamodb.exceptions import PutError, UpdateError
from pynamodb.expressions.update import Action

from taskexec.authorization import Role, UserStatus, is_executing
from taskexec.data.models import EXECUTOR_POOL, UserModel
from taskexec.domain.tasks import StaleWrite
from taskexec.domain.users import User, load_key


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


def assignable_users(page_size: int = 50) -> Iterator[User]:
    """Active executing-role users, least loaded first (ties: least recently assigned, then id)."""
    for row in UserModel.assignable_index.query(EXECUTOR_POOL, page_size=page_size):
        yield to_user(row)


def pool_of(role: Role, status: UserStatus) -> str | None:
    return EXECUTOR_POOL if status is UserStatus.ACTIVE and is_executing(role) else None


def create_user_row(
    user_id: str,
    *,
    email: str | None,
    username: str | None,
    role: Role = Role.USER,
    status: UserStatus = UserStatus.ACTIVE,
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
        assignPool=pool_of(role, status),
        loadKey=load_key(0, None, user_id),
        createdAt=at,
        updatedAt=at,
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
    pool = pool_of(new_role, new_status)
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


# --- Integration rows (PUT /integrations/{source}; read by the task request consumer) ---------------------------


def integration_id(source: str) -> str:
    return f"integration:{source}"


def put_integration(source: str, name: str, status: UserStatus) -> User:
    """Create or update the INTEGRATION row of `source`. Never in the assignable pool (an integration holds no
    task), and never over a person's row: the condition keeps an existing row an integration."""
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
            ],
            condition=UserModel.id.does_not_exist() | (UserModel.role == Role.INTEGRATION.value),
        )
    except UpdateError as exc:
        if exc.cause_response_code == "ConditionalCheckFailedException":
            raise StaleWrite(row.id) from exc
        raise
    return to_user(row)
