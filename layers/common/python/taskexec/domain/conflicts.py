"""What a store raises when another writer got to a row first, for any kind of row (users, tasks)."""


class StaleWrite(Exception):
    """A conditional write found the row changed since it was read (or lost a race to another writer)."""
