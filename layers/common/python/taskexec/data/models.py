"""pynamodb models: one per table of template.yaml (the tests build the tables from the template itself).

Each model names its table by the template's logical id; its deployed name and region are read from
`taskexec.config` whenever pynamodb reads them, never at import, so the environment at call time decides where
a model points.
"""

from __future__ import annotations

import zlib

from pynamodb.attributes import (
    BooleanAttribute,
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    UnicodeAttribute,
)
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from taskexec import config

EXECUTOR_POOL = "EXECUTOR"
POOL_SHARDS = 2
"""The executor pool's partitions in assignable-index (`EXECUTOR#<n>`): no partition key every executor shares."""
TASK_PARTITION = "TASK"
TASK_SHARDS = 8
"""all-index's partitions (`TASK#<n>`): scope=all merges K queries instead of reading one hot partition."""


def shard_of(key: str, shards: int) -> int:
    """A stable shard for an id (crc32, the same in every process, unlike `hash`)."""
    return zlib.crc32(key.encode()) % shards


def pool_partition(user_id: str) -> str:
    return f"{EXECUTOR_POOL}#{shard_of(user_id, POOL_SHARDS)}"


def pool_partitions() -> list[str]:
    return [f"{EXECUTOR_POOL}#{n}" for n in range(POOL_SHARDS)]


def task_partition(task_id: str) -> str:
    return f"{TASK_PARTITION}#{shard_of(task_id, TASK_SHARDS)}"


def task_partitions() -> list[str]:
    return [f"{TASK_PARTITION}#{n}" for n in range(TASK_SHARDS)]


class _ConfiguredTable(type):
    """The metaclass of the models' `Meta`: `table_name` and `region` are looked up in `taskexec.config` on
    every read. pynamodb reads `Meta.table_name` on each request and makes a new connection when it differs from
    its cached connection's (`Model._get_connection`); the region is read when that connection is made."""

    logical_id: str

    @property
    def table_name(cls) -> str:
        return config.table_name(cls.logical_id)

    @property
    def region(cls) -> str:
        return config.region()


class _Meta(metaclass=_ConfiguredTable):
    # Short timeouts and few retries: a Lambda should answer 503 quickly rather than hang on a sick table.
    connect_timeout_seconds = 2
    read_timeout_seconds = 4
    max_retry_attempts = 2


class EmailIndex(GlobalSecondaryIndex["UserModel"]):
    class Meta:
        index_name = "email-index"
        projection = AllProjection()

    email = UnicodeAttribute(hash_key=True)


class AssignableIndex(GlobalSecondaryIndex["UserModel"]):
    class Meta:
        index_name = "assignable-index"
        projection = AllProjection()

    assignPool = UnicodeAttribute(hash_key=True)
    id = UnicodeAttribute(range_key=True)


class UserModel(Model):
    class Meta(_Meta):
        logical_id = "UsersTable"

    id = UnicodeAttribute(hash_key=True)
    email = UnicodeAttribute(null=True)
    username = UnicodeAttribute(null=True)
    role = UnicodeAttribute()
    status = UnicodeAttribute()
    openTasks = NumberAttribute(default=0)
    lastAssignedAt = UnicodeAttribute(null=True)
    assignPool = UnicodeAttribute(null=True)
    answerBusArn = UnicodeAttribute(null=True)
    """INTEGRATION rows only: the bus its answers are also delivered to (PUT /integrations/{source})."""
    createdAt = UnicodeAttribute()
    updatedAt = UnicodeAttribute()
    timeZone = UnicodeAttribute(null=True)
    """IANA name (taskexec.domain.time_zones); rows from before zones have none and read as UTC."""

    email_index = EmailIndex()
    assignable_index = AssignableIndex()


class _TaskDueIndexMeta:
    projection = AllProjection()


class AssigneeIndex(GlobalSecondaryIndex["TaskModel"]):
    class Meta(_TaskDueIndexMeta):
        index_name = "assignee-index"

    assigneeId = UnicodeAttribute(hash_key=True)
    dueKey = UnicodeAttribute(range_key=True)


class CreatorIndex(GlobalSecondaryIndex["TaskModel"]):
    class Meta(_TaskDueIndexMeta):
        index_name = "creator-index"

    createdById = UnicodeAttribute(hash_key=True)
    dueKey = UnicodeAttribute(range_key=True)


class AllTasksIndex(GlobalSecondaryIndex["TaskModel"]):
    class Meta(_TaskDueIndexMeta):
        index_name = "all-index"

    listPartition = UnicodeAttribute(hash_key=True)
    dueKey = UnicodeAttribute(range_key=True)


class TaskModel(Model):
    class Meta(_Meta):
        logical_id = "TasksTable"

    id = UnicodeAttribute(hash_key=True)
    title = UnicodeAttribute()
    description = UnicodeAttribute(default="")
    category = UnicodeAttribute()
    priority = UnicodeAttribute()
    status = UnicodeAttribute()
    dueDate = UnicodeAttribute()
    dueKey = UnicodeAttribute()
    assigneeId = UnicodeAttribute()
    createdById = UnicodeAttribute()
    createdAt = UnicodeAttribute()
    updatedAt = UnicodeAttribute()
    source = UnicodeAttribute(default="ai")
    timeZone = UnicodeAttribute(default="UTC")
    """Whose calendar dueDate is on; rows from before zones have none and read as UTC."""
    listPartition = UnicodeAttribute()
    executionId = UnicodeAttribute(null=True)
    automationId = UnicodeAttribute(null=True)
    automationDepth = NumberAttribute(null=True)
    """Written only on an automation's tasks; a row without them is depth 0, made by no automation."""
    # The link to the task's draft (campaignId, workflowId, ...) is named by its category, not declared here:
    # taskexec.data.executions writes it and taskexec.data.task_rows reads it, so a new drafting category needs
    # no change to this model.

    assignee_index = AssigneeIndex()
    creator_index = CreatorIndex()
    all_index = AllTasksIndex()


class CommentModel(Model):
    class Meta(_Meta):
        logical_id = "TaskCommentsTable"

    taskId = UnicodeAttribute(hash_key=True)
    commentKey = UnicodeAttribute(range_key=True)
    id = UnicodeAttribute()
    content = UnicodeAttribute()
    createdById = UnicodeAttribute()
    kind = UnicodeAttribute()
    createdAt = UnicodeAttribute()


class CampaignModel(Model):
    """Draft campaigns of every channel. The table keeps its first name (EmailCampaignsTable): renaming the
    logical id would make CloudFormation replace the table. Rows written before channels existed have no
    `channel` and read as EMAIL, which is what they were."""

    class Meta(_Meta):
        logical_id = "EmailCampaignsTable"

    id = UnicodeAttribute(hash_key=True)
    taskId = UnicodeAttribute()
    name = UnicodeAttribute()
    subject = UnicodeAttribute(default="")
    status = UnicodeAttribute(default="DRAFT")
    channel = UnicodeAttribute(default="EMAIL")
    createdById = UnicodeAttribute()
    createdAt = UnicodeAttribute()


class WorkflowStepAttribute(MapAttribute[str, object]):
    delayDays = NumberAttribute()
    action = UnicodeAttribute()


class WorkflowModel(Model):
    """Draft workflows; rows written before kinds existed have no `kind` or `steps` and read as GENERAL with
    no steps."""

    class Meta(_Meta):
        logical_id = "WorkflowsTable"

    id = UnicodeAttribute(hash_key=True)
    taskId = UnicodeAttribute()
    name = UnicodeAttribute()
    trigger = UnicodeAttribute(default="manual")
    status = UnicodeAttribute(default="DRAFT")
    kind = UnicodeAttribute(default="GENERAL")
    steps = ListAttribute[WorkflowStepAttribute](of=WorkflowStepAttribute, null=True)
    createdById = UnicodeAttribute()
    createdAt = UnicodeAttribute()


class SegmentModel(Model):
    """Draft segments made for segment tasks: a name and a plain-language rule, until someone writes filters."""

    class Meta(_Meta):
        logical_id = "SegmentsTable"

    id = UnicodeAttribute(hash_key=True)
    taskId = UnicodeAttribute()
    name = UnicodeAttribute()
    rule = UnicodeAttribute()
    status = UnicodeAttribute(default="DRAFT")
    createdById = UnicodeAttribute()
    createdAt = UnicodeAttribute()


class ActivityModel(Model):
    """The audit trail; an execute attempt's row is also its execution record."""

    class Meta(_Meta):
        logical_id = "UserActivityTable"

    userId = UnicodeAttribute(hash_key=True)
    activityKey = UnicodeAttribute(range_key=True)
    id = UnicodeAttribute()
    action = UnicodeAttribute()
    route = UnicodeAttribute(null=True)
    role = UnicodeAttribute(null=True)
    outcome = UnicodeAttribute()
    errorCode = UnicodeAttribute(null=True)
    requestId = UnicodeAttribute(null=True)
    at = UnicodeAttribute()
    executionId = UnicodeAttribute(null=True)
    category = UnicodeAttribute(null=True)
    durationMs = NumberAttribute(null=True)
    counts = BooleanAttribute(null=True)
    """True on an execute attempt the statistics count (the statistics consumer reads it off the stream)."""
    detail = MapAttribute[str, object](null=True)
    expiresAt = NumberAttribute(null=True)


class MonitoringModel(Model):
    """Stats buckets (pk=BUCKET#<hour>) and health snapshots (pk=SNAPSHOT); attributes vary by kind."""

    class Meta(_Meta):
        logical_id = "MonitoringTable"

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    expiresAt = NumberAttribute(null=True)


class AutomationOwnerIndex(GlobalSecondaryIndex["AutomationModel"]):
    class Meta:
        index_name = "owner-index"
        projection = AllProjection()

    ownerId = UnicodeAttribute(hash_key=True)
    createdKey = UnicodeAttribute(range_key=True)


class AllAutomationsIndex(GlobalSecondaryIndex["AutomationModel"]):
    class Meta:
        index_name = "all-index"
        projection = AllProjection()

    listPartition = UnicodeAttribute(hash_key=True)
    createdKey = UnicodeAttribute(range_key=True)


AUTOMATION_PARTITION = "AUTOMATION"
"""all-index's one partition: at most 250 automations a deployment, so no sharding."""


class AutomationModel(Model):
    """Automations, and the two counters their limits are kept by (`COUNT#ALL`, `COUNT#OWNER#<owner>`: only `id`
    and `tally`, so they are in neither index). The trigger, the actions and the last runs are JSON texts: stored
    and returned exactly as the domain values' bodies, never queried inside."""

    class Meta(_Meta):
        logical_id = "AutomationsTable"

    id = UnicodeAttribute(hash_key=True)
    ownerId = UnicodeAttribute(null=True)
    name = UnicodeAttribute(null=True)
    trigger = UnicodeAttribute(null=True)
    actions = UnicodeAttribute(null=True)
    status = UnicodeAttribute(null=True)
    pausedReason = UnicodeAttribute(null=True)
    lastRuns = UnicodeAttribute(null=True)
    createdAt = UnicodeAttribute(null=True)
    updatedAt = UnicodeAttribute(null=True)
    createdKey = UnicodeAttribute(null=True)
    """`<createdAt>#<id>`: both indexes' sort key, newest first when read backwards."""
    listPartition = UnicodeAttribute(null=True)
    version = NumberAttribute(null=True)
    runsVersion = NumberAttribute(null=True)
    """Bumped by each run recorded in lastRuns (none yet: absent)."""
    tally = NumberAttribute(null=True)
    """A counter item's count of automations."""

    owner_index = AutomationOwnerIndex()
    all_index = AllAutomationsIndex()


ALL_MODELS: dict[str, type[Model]] = {
    "UsersTable": UserModel,
    "TasksTable": TaskModel,
    "TaskCommentsTable": CommentModel,
    "EmailCampaignsTable": CampaignModel,
    "WorkflowsTable": WorkflowModel,
    "SegmentsTable": SegmentModel,
    "UserActivityTable": ActivityModel,
    "MonitoringTable": MonitoringModel,
    "AutomationsTable": AutomationModel,
}
"""Template logical id -> model, for the health check's table and index checks."""
