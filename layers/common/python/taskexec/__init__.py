"""Shared code of the task execution service (deployed as the `common` Lambda layer)."""

__version__ = "0.1.0"
