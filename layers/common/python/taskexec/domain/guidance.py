"""The AI guidance comment: concrete next steps for the category, and why this assignee and due date."""

from __future__ import annotations

from taskexec.domain.vocabulary import Category, Priority

NEXT_STEPS: dict[Category, tuple[str, ...]] = {
    Category.CAMPAIGN: (
        "Open the draft email campaign linked to this task and confirm the audience segment.",
        "Write the subject line and preview text; plan an A/B test of two subject lines.",
        "Send a test to the team, check links, personalisation and the unsubscribe footer.",
        "Schedule the send for the audience's best engagement window and watch opens/clicks for 24 h.",
    ),
    Category.WORKFLOW: (
        "Open the draft workflow linked to this task and define its trigger and entry conditions.",
        "Map each step (delays, branches, actions) and the exit criteria.",
        "Run it against a test contact and check every branch.",
        "Activate it for a small segment first and review the results before widening it.",
    ),
    Category.CONTENT: (
        "Confirm the audience, goal and channel of the piece.",
        "Draft the copy with a clear call to action; keep brand voice and legal wording.",
        "Get a review from a second person, then publish or hand over for publishing.",
    ),
    Category.ANALYTICS: (
        "Pin down the question, the metrics and the date range.",
        "Pull the data, check it for gaps and outliers, and segment where it explains the change.",
        "Summarise the findings with one chart per point and the recommended next action.",
    ),
    Category.INTEGRATION: (
        "Check the integration's status, credentials and recent error logs on both sides.",
        "Reproduce the failure with a single record; note request and response codes.",
        "Fix or re-authorise the connection, replay the failed records, and confirm the sync end to end.",
        "Add or check an alert so that the next failure is noticed early.",
    ),
    Category.GENERAL: (
        "Clarify what done looks like for this task.",
        "Break it into steps and note anything blocking it.",
        "Update the task status as you go so the team can see progress.",
    ),
}


def guidance(category: Category, title: str, priority: Priority, due_reason: str, assignment_reason: str) -> str:
    steps = "\n".join(f"{i}. {step}" for i, step in enumerate(NEXT_STEPS[category], start=1))
    return (
        f'Suggested next steps for "{title}" ({category.value}, {priority.value}):\n{steps}\n\n'
        f"Why this assignee: {assignment_reason}\n"
        f"Why this due date: {due_reason}"
    )
