"""The closed vocabularies of the contract: categories, priorities, task statuses."""

from __future__ import annotations

from enum import Enum


class Category(str, Enum):
    CAMPAIGN = "campaign"
    WORKFLOW = "workflow"
    CONTENT = "content"
    ANALYTICS = "analytics"
    INTEGRATION = "integration"
    GENERAL = "general"


class Priority(str, Enum):
    LOW = "LOW"
    MEDIUM = "MEDIUM"
    HIGH = "HIGH"
    URGENT = "URGENT"


class TaskStatus(str, Enum):
    TODO = "TODO"
    IN_PROGRESS = "IN_PROGRESS"
    DONE = "DONE"
    CANCELLED = "CANCELLED"


OPEN_STATUSES: frozenset[TaskStatus] = frozenset({TaskStatus.TODO, TaskStatus.IN_PROGRESS})
"""A task in one of these counts towards its assignee's load."""


class Strategy(str, Enum):
    EXPLICIT = "explicit"
    LEAST_LOADED = "least_loaded"
    ROLE_AFFINITY = "role_affinity"
    SELF_FALLBACK = "self_fallback"
