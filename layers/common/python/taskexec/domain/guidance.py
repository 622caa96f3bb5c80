"""The AI guidance comment: the category's next steps (for a campaign, its channel's; for a workflow, what its
draft starts with), and why this assignee and this due date."""

from taskexec.domain import categories
from taskexec.domain.planning import Plan


def guidance(plan: Plan, assignment_reason: str) -> str:
    entry = categories.entry(plan.category)
    steps = "\n".join(f"{i}. {step}" for i, step in enumerate(entry.steps(plan), start=1))
    label = ", ".join(
        part
        for part in (plan.category.value, plan.channel and plan.channel.value, plan.kind and plan.kind.value)
        if part
    )
    outline = f"\n\n{entry.outline(plan)}" if entry.outline else ""
    return (
        f'Suggested next steps for "{plan.title}" ({label}, {plan.priority.value}):\n{steps}{outline}\n\n'
        f"Why this assignee: {assignment_reason}\n"
        f"Why this due date: {plan.due_reason}"
    )
