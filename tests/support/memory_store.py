"""An ExecutionStore in memory (taskexec.services.execute_store), for the unit tier: no moto, no devkit.

It holds the users it is given and keeps what each accepted write puts in each table, by logical id, as the
DynamoDB store does (the draft in the table its category names). `failures` are raised by the writes in turn,
one per try, so a test can make the first tries conflict, every try conflict, or DynamoDB throttle. A task id (or
an integration request's answer) written twice is AlreadyExecuted, a write whose assignee holds more than the
assignment's ceiling is an ExecutionConflict, and an accepted write adds one to the assignee's load, as the
transaction does.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import repeat
from typing import Any

from taskexec.data.executions import AlreadyExecuted, ExecutionConflict, ExecutionWrite
from taskexec.domain import categories
from taskexec.domain.users import User


def always_conflicting() -> Iterator[Exception]:
    """Every try meets another execution on the assignee's row."""
    return (ExecutionConflict(assignee_busy=True) for _ in repeat(None))


class MemoryStore:
    def __init__(self, users: Iterable[User], failures: Iterable[Exception] = ()) -> None:
        self.users = {user.id: user for user in users}
        self.failures = iter(failures)
        self.tries = 0
        self.tables: dict[str, dict[str, dict[str, Any]]] = {}
        """Logical table id -> item id -> the item's fields."""

    def get_user(self, user_id: str) -> User | None:
        return self.users.get(user_id)

    def find_by_email(self, email: str) -> User | None:
        return next((user for user in self.users.values() if user.email == email.strip().lower()), None)

    def assignable_users(self) -> list[User]:
        return [user for user in self.users.values() if user.assignable]

    def write_execution(self, write: ExecutionWrite) -> None:
        self.tries += 1
        failure = next(self.failures, None)
        if failure is not None:
            raise failure
        answered = write.answer is not None and write.answer.key in self.tables.get("IdempotencyTable", {})
        if write.task.id in self.tables.get("TasksTable", {}) or answered:
            raise AlreadyExecuted  # as DynamoDB's: the task's put is the first reason read, before the load's
        assignee = self.users[write.assignment.assignee.id]
        if write.assignment.ceiling is not None and assignee.open_tasks > write.assignment.ceiling:
            raise ExecutionConflict
        self._put("TasksTable", write.task.id, write.task.body())
        self._put("TaskCommentsTable", write.comment.id, write.comment.body())
        drafts = categories.drafts_of(write.task.category)
        if drafts is not None and write.draft is not None:
            self._put(drafts.table, write.draft.id, write.draft.body())
        if write.answer is not None:
            answer = write.answer
            self._put("IdempotencyTable", answer.key, {"detailType": answer.detail_type, **answer.body})
        self.users[assignee.id] = assignee._replace(open_tasks=assignee.open_tasks + 1)

    def _put(self, table: str, key: str, fields: dict[str, Any]) -> None:
        self.tables.setdefault(table, {})[key] = fields

    def items(self, table: str) -> list[dict[str, Any]]:
        return list(self.tables.get(table, {}).values())
