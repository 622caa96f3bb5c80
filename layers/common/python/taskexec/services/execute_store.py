"""What an execution needs from storage, and no more: the requester's possible assignees, and one write.

`taskexec.data.executions.DynamoExecutionStore` is the store of the deployed service; the unit tests hand
`execute` an in-memory one (tests/support/memory_store.py), which is how the retry policy is tested without an
emulator.
"""

from typing import Protocol

from taskexec.data.executions import ExecutionWrite
from taskexec.domain.users import User


class ExecutionStore(Protocol):
    def get_user(self, user_id: str) -> User | None:
        """The user row of an explicit assignee named by id."""
        ...

    def find_by_email(self, email: str) -> User | None:
        """The user row of an explicit assignee named by email."""
        ...

    def assignable_users(self) -> list[User]:
        """The executor pool: every active user of an executing role, in no particular order."""
        ...

    def write_execution(self, write: ExecutionWrite) -> None:
        """All of it or nothing. Raises ExecutionConflict (another execution held the assignee's row, or the
        assignee stopped being an executor), AlreadyExecuted (the task id is taken) or ExecutionThrottled."""
        ...
