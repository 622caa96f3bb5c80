"""The closed vocabularies of the contract: categories, priorities, task statuses."""

from __future__ import annotations

from enum import StrEnum


class Category(StrEnum):
    CAMPAIGN = "campaign"
    WORKFLOW = "workflow"
    CONTENT = "content"
    ANALYTICS = "analytics"
    INTEGRATION = "integration"
    GENERAL = "general"


class Priority(StrEnum):
    LOW = "LOW"
    MEDIUM = "MEDIUM"
    HIGH = "HIGH"
    URGENT = "URGENT"


class TaskStatus(StrEnum):
    TODO = "TODO"
    IN_PROGRESS = "IN_PROGRESS"
    DONE = "DONE"
    CANCELLED = "CANCELLED"


OPEN_STATUSES: frozenset[TaskStatus] = frozenset({TaskStatus.TODO, TaskStatus.IN_PROGRESS})
"""A task in one of these counts towards its assignee's load."""


class Strategy(StrEnum):
    EXPLICIT = "explicit"
    LEAST_LOADED = "least_loaded"
    ROLE_AFFINITY = "role_affinity"
    SELF_FALLBACK = "self_fallback"
