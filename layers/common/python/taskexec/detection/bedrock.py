"""The Bedrock detector: a model reads the request through the Converse API and answers with a tool call.

Forcing the `create_task` tool makes the model answer in a fixed JSON shape that is validated against the
contract's vocabularies. Bedrock is an optional extra, never a dependency of the request: any error, timeout
or unusable answer falls back to the rules detector, so a model outage cannot fail an execution.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from taskexec.detection.rules import RulesDetector
from taskexec.domain.detector import SUGGESTION, Detection, Detector
from taskexec.domain.due_dates import parse_due_value
from taskexec.domain.priorities import normalize_priority
from taskexec.domain.vocabulary import Category, Channel, WorkflowKind

logger = logging.getLogger(__name__)

TOOL_NAME = "create_task"
TASK_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "isTask": {"type": "boolean", "description": "false for greetings, thanks, chit-chat and questions"},
        "category": {"type": "string", "enum": [c.value for c in Category]},
        "title": {"type": "string", "description": "imperative task title, at most 80 characters"},
        "description": {"type": "string", "description": "the request restated as one sentence"},
        "priority": {
            "type": "string",
            "enum": ["LOW", "MEDIUM", "HIGH", "URGENT"],
            "description": "only when the request states a priority; omit otherwise",
        },
        "dueDate": {
            "type": "string",
            "description": "ISO date (YYYY-MM-DD), only when the request names a deadline; omit otherwise",
        },
        "assigneeEmail": {"type": "string", "description": "email of the person to assign, only if named"},
        "channel": {
            "type": "string",
            "enum": [c.value for c in Channel],
            "description": "campaigns only: where it is sent, only when the request says; omit otherwise (EMAIL)",
        },
        "kind": {
            "type": "string",
            "enum": [k.value for k in WorkflowKind],
            "description": "workflows only: what it is for, only when the request says; omit otherwise (GENERAL)",
        },
        "segmentRule": {
            "type": "string",
            "description": "segments only: who is in the segment, in the request's own words",
        },
    },
    "required": ["isTask"],
}
SYSTEM_PROMPT = (
    "You turn requests from marketing-automation admins into tasks. Always answer by calling the "
    f"{TOOL_NAME} tool. Categories: campaign (emails, newsletters, SMS, WhatsApp broadcasts, promos, A/B "
    "tests; give its channel EMAIL, SMS or WHATSAPP when the request names one), workflow (automations, drips, "
    "triggers, journeys; give its kind NURTURE, RETENTION or ONBOARDING when the request says what it is for), "
    "segment (a new audience segment to build; give its rule, who is in it), content (blog posts, copy, "
    "landing pages, translations), analytics (reports, dashboards, metrics, segmenting data for analysis, "
    "exports), integration (APIs, webhooks, syncs, CRMs "
    "and other tools), general (anything else). Polite questions asking for work are tasks; questions "
    "asking for information or explanations are not."
)


class BedrockDetector:
    """Detection by a Bedrock model, with the rules detector as the safety net."""

    name = "bedrock"

    def __init__(
        self, model_id: str, timeout_ms: int, client: Any | None = None, fallback: Detector | None = None
    ) -> None:
        self.model_id = model_id
        self.timeout_ms = timeout_ms
        self._client = client
        self._fallback = fallback or RulesDetector()

    @property
    def client(self) -> Any:
        """Created on first use so that importing this module (or a cold start on the rules path) costs nothing."""
        if self._client is None:
            import boto3
            from botocore.config import Config

            from taskexec import config

            seconds = self.timeout_ms / 1000
            self._client = boto3.client(
                "bedrock-runtime",
                region_name=config.region(),
                config=Config(connect_timeout=seconds, read_timeout=seconds, retries={"total_max_attempts": 1}),
            )
        return self._client

    def detect(self, message: str, today: date) -> Detection:
        if not self.model_id:
            return self._fallback.detect(message, today)
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            answer = self._ask(message, today)
            return _to_detection(answer, today)
        except (BotoCoreError, ClientError) as exc:
            logger.warning("bedrock detection failed, using rules", extra={"error": type(exc).__name__})
        except (ValueError, TypeError, KeyError) as exc:
            logger.warning("bedrock answer unusable, using rules", extra={"error": str(exc)[:200]})
        return self._fallback.detect(message, today)

    def _ask(self, message: str, today: date) -> dict[str, Any]:
        response = self.client.converse(
            modelId=self.model_id,
            system=[{"text": f"{SYSTEM_PROMPT} Today is {today.isoformat()} (UTC)."}],
            messages=[{"role": "user", "content": [{"text": message}]}],
            toolConfig={
                "tools": [
                    {
                        "toolSpec": {
                            "name": TOOL_NAME,
                            "description": "Record the task the request asks for.",
                            "inputSchema": {"json": TASK_SCHEMA},
                        }
                    }
                ],
                "toolChoice": {"tool": {"name": TOOL_NAME}},
            },
            inferenceConfig={"maxTokens": 512, "temperature": 0},
        )
        for block in response["output"]["message"]["content"]:
            tool_use = block.get("toolUse")
            if tool_use and tool_use.get("name") == TOOL_NAME and isinstance(tool_use.get("input"), dict):
                return dict(tool_use["input"])
        raise ValueError("no create_task tool call in the answer")


def _to_detection(answer: dict[str, Any], today: date) -> Detection:
    """Validate the model's tool input against the contract; anything off raises and triggers the fallback."""
    if not isinstance(answer.get("isTask"), bool):
        raise ValueError("isTask missing or not a boolean")
    if not answer["isTask"]:
        return Detection(is_task=False, suggestion=SUGGESTION, detector=BedrockDetector.name)
    title = _text(answer.get("title"))[:80].strip()
    if not title:
        raise ValueError("task without a title")
    priority, due = _text(answer.get("priority")), _text(answer.get("dueDate"))
    category = Category(answer.get("category") or Category.GENERAL.value)
    channel, kind = _text(answer.get("channel")), _text(answer.get("kind"))
    return Detection(
        is_task=True,
        category=category,
        channel=Channel(channel) if channel and category is Category.CAMPAIGN else None,
        kind=WorkflowKind(kind) if kind and category is Category.WORKFLOW else None,
        segment_rule=(_text(answer.get("segmentRule")) or None) if category is Category.SEGMENT else None,
        title=title,
        description=_text(answer.get("description")) or title,
        priority=normalize_priority(priority) if priority else None,
        due_date=parse_due_value(due, today) if due else None,
        assignee_hint=_text(answer.get("assigneeEmail")) or None,
        detector=BedrockDetector.name,
    )


def _text(value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise TypeError("expected a string")
    return value.strip()
