"""The answers of an execution: the plan of a dry run, or what was written (201)."""

from taskexec.data.executions import ExecutionWrite
from taskexec.domain import categories
from taskexec.domain.assignment import Assignment
from taskexec.domain.planning import Plan
from taskexec.schemas.execute import DryRunResponse, ExecuteResponse


def dry_run(plan: Plan, chosen: Assignment) -> DryRunResponse:
    return DryRunResponse.model_validate(
        {
            "plan": {
                "category": plan.category,
                "title": plan.title,
                "description": plan.description,
                "priority": plan.priority,
                "dueDate": plan.due_date.isoformat(),
                "timeZone": plan.time_zone,
                "assigneeId": chosen.assignee.id,
                "strategy": chosen.strategy,
                "channel": plan.channel,
                "kind": plan.kind,
            }
        }
    )


def executed(execution_id: str, write: ExecutionWrite, duration_ms: int) -> ExecuteResponse:
    """The task, its comment and assignment, and the draft under the field its category names."""
    drafts = categories.drafts_of(write.task.category)
    drafted = {drafts.response_field: write.draft.body()} if drafts and write.draft else {}
    chosen = write.assignment
    return ExecuteResponse.model_validate(
        {
            "executionId": execution_id,
            "task": write.task.body(),
            "comment": write.comment.body(),
            "assignment": {"assigneeId": chosen.assignee.id, "strategy": chosen.strategy, "reason": chosen.reason},
            **drafted,
            "durationMs": duration_ms,
        }
    )
