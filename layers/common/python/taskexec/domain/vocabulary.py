"""The closed vocabularies of the contract: categories, campaign channels, workflow kinds, priorities, statuses,
task sources."""

from __future__ import annotations

from enum import StrEnum


class Category(StrEnum):
    CAMPAIGN = "campaign"
    WORKFLOW = "workflow"
    SEGMENT = "segment"
    CONTENT = "content"
    ANALYTICS = "analytics"
    INTEGRATION = "integration"
    GENERAL = "general"


class Channel(StrEnum):
    """Where a campaign is sent; EMAIL when the request does not say."""

    EMAIL = "EMAIL"
    SMS = "SMS"
    WHATSAPP = "WHATSAPP"


class WorkflowKind(StrEnum):
    """What a workflow is for, which decides its first steps; GENERAL when the request does not say."""

    NURTURE = "NURTURE"
    RETENTION = "RETENTION"
    ONBOARDING = "ONBOARDING"
    GENERAL = "GENERAL"


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


class TaskSource(StrEnum):
    """Where a task came from: a person over HTTP, an integration's TaskRequested event, or an automation."""

    AI = "ai"
    INTEGRATION = "integration"
    AUTOMATION = "automation"


OPEN_STATUSES: frozenset[TaskStatus] = frozenset({TaskStatus.TODO, TaskStatus.IN_PROGRESS})
"""A task in one of these counts towards its assignee's load."""


class Strategy(StrEnum):
    EXPLICIT = "explicit"
    LEAST_LOADED = "least_loaded"
    ROLE_AFFINITY = "role_affinity"
    SELF_FALLBACK = "self_fallback"
