"""The Bedrock detector: a model reads the request through the Converse API and answers with a tool call.

Forcing the `create_task` tool makes the model answer in a fixed JSON shape that is validated against the
contract's vocabularies. The model is told the same rules the rules detector applies (what is not a task, names
are names, lists of people are segments, which words make which channel and kind), and it never computes a date
or a priority level: it quotes the request's own deadline and priority words, and our code reads them
(domain/due_dates.py and domain/priorities.py), so "by Friday" lands on the same calendar day, "not urgent" is
LOW, and a date describing the audience is no deadline, whichever detector answers.

Bedrock is an optional extra, never a dependency of the request: any error, timeout or unusable answer falls
back to the rules detector, so a model outage cannot fail an execution.
"""

import logging
from datetime import date
from typing import Any

from taskexec.detection.rules import RulesDetector
from taskexec.detection.text import MAX_TITLE
from taskexec.domain.detector import SUGGESTION, Detection, Detector
from taskexec.domain.due_dates import due_matches, parse_due_value
from taskexec.domain.priorities import normalize_priority, priority_matches
from taskexec.domain.vocabulary import Category, Channel, Priority, WorkflowKind

logger = logging.getLogger(__name__)

TOOL_NAME = "create_task"
NOT_TASKS = (
    "thanks or praise",
    "a report of what happened or was done",
    "an announcement or FYI",
    "a statement of how things are",
    "a question asking for information or an explanation",
    "a greeting or chit-chat",
    "a proposal to meet or talk, or a choice of day for it",
    "an auto-reply or out-of-office note saying whom to contact",
    "an opinion that something is not needed, hedged or with a reason (we probably don't need to ..., no need for ...)",
    "a report that a problem was fixed or resolved, whatever priority it names",
    "a question choosing between options (which one do we use, A or B?)",
    "an event announced with an invitation (everyone's welcome, join us, no RSVP needed) or a colleague welcomed",
    "a meeting moved or rescheduled (moving a send is work)",
    "a sick or away note saying when to reach someone, or running late to a meeting",
    "a question asking to be reminded of a fact (remind me, which plan are we on?)",
    "a system's notification, or a run that finished by itself with its figures",
    "meeting notes with no action items",
    "a report or digest under its label with its figures (Q4 recap: ..., Weekly digest, Post-mortem summary: ...)",
    "well-wishes, a joke, or asking to ignore a message sent by mistake",
    "a decision to leave things as they are, or a false alarm",
    "thinking aloud, hindsight (we should have ...) or a consequence (we'd have to ...)",
    "a note to be informed of (please note ..., kindly be informed that ...)",
)
"""What is not a task, in the contract's words: the rules detector's mood reading refuses the same."""
ASKS = (
    'a request ("Fix the webhook", "please ...")',
    'a need ("we need a list of customers who ...")',
    'a question asking for work ("Can you pull ...?", "Any chance someone could ...?")',
    'an order to assign that names the work ("Please assign to <address>: <the work>")',
    'a need said as a cleft ("What I need now is ...")',
    'a suggestion or a request after a hedge ("might be worth setting up ...", "lmk if this is dumb but can we ...")',
    'a verb of asking or someone\'s wish that it is done ("I request you to ...", "<someone> wants the ...")',
)
NAME_RULE = (
    "A category word inside a product or company name (Segment the CDP, Campaign Monitor, ActiveCampaign, Google "
    "Analytics, Workflow Builder) does not make that category: judge the work done with the tool."
)
DATE_RULE = (
    "Never compute a date: quote the words that say when the work is due, as written. A date that describes the "
    "audience or the data ('customers who bought in the last 30 days', 'signups since January 1', 'about the sale "
    "on Saturday') is not a deadline."
)
PRIORITY_RULE = (
    "Quote the words that set the priority, as written ('high priority', 'asap', 'p1', 'important', 'critical'); "
    "a negated urgency ('not urgent', 'no rush', 'whenever', 'doesn't need to be high priority') is quoted too; "
    "words inside a quoted title ('a post titled \"7 urgent fixes\"') and 'for anything urgent, contact ...' set none."
)
ASSIGNEE_RULE = (
    "the email (or the @handle, without its @) of the person the request names to do the work ('assign it to ...', "
    "'owner: ...', 'put ... on ...', 'I'd like ... to ...', 'could ... pull ...?', the one it opens by addressing); "
    "when a name or @handle has its address beside it ('@aisha (aisha@...)', 'Ana (ana@...) should take this one'), "
    "the address; never one the work is sent, copied, reported to or reviewed by ('email the kit to ...', 'cc ...', "
    "'forward ... to ...', 'let ... know', 'have it reviewed by ...') nor a team records go to ('assign new leads "
    "to sales@...'). Omit when nobody is named."
)
TASK_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "isTask": {
            "type": "boolean",
            "description": f"true for {'; '.join(ASKS)}. false for {'; '.join(NOT_TASKS)}, even when it names work.",
        },
        "category": {
            "type": "string",
            "enum": [c.value for c in Category],
            "description": f"what the work is. A list of people to reach is a segment. {NAME_RULE}",
        },
        "title": {
            "type": "string",
            "description": f"imperative task title naming the work and its object, at most {MAX_TITLE} characters",
        },
        "description": {"type": "string", "description": "the request restated as one sentence"},
        "priorityPhrase": {
            "type": "string",
            "description": f"{PRIORITY_RULE} Omit when the request sets no priority.",
        },
        "duePhrase": {
            "type": "string",
            "description": f"{DATE_RULE} Examples: 'by Friday', 'end of month', 'in 3 days', 'March 15'. Omit when "
            "the request names no deadline.",
        },
        "assigneeEmail": {"type": "string", "description": ASSIGNEE_RULE},
        "channel": {
            "type": "string",
            "enum": [c.value for c in Channel],
            "description": "campaigns only: SMS when it texts ('text all VIPs ...'), WHATSAPP or EMAIL when the "
            "request names one; omit otherwise (EMAIL)",
        },
        "kind": {
            "type": "string",
            "enum": [k.value for k in WorkflowKind],
            "description": "workflows only: ONBOARDING for onboarding or a welcome series, RETENTION for win-back, "
            "re-engagement, churn, loyalty or rewards, NURTURE for nurture or a drip; omit otherwise (GENERAL, as "
            "for an internal digest or alert to a team)",
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
    f"{TOOL_NAME} tool. Read the mood of each sentence before its nouns: a task is {', '.join(ASKS)}. Not a task: "
    f"{', '.join(NOT_TASKS)}; a message that only does these is no task even when it names work. "
    "Categories: campaign (emails, newsletters, SMS, WhatsApp broadcasts, promos, A/B tests), workflow "
    "(automations, drips, triggers, journeys, welcome series), segment (a new audience segment or a list of people "
    "to reach; give its rule, who is in it), content (blog posts, copy, landing pages, translations), analytics "
    "(reports, dashboards, metrics, segmenting data for analysis, exports), integration (APIs, webhooks, syncs, "
    "CRMs and other tools), general (anything else). Judge it by the work's verb and object, not by nouns in a "
    "story before the ask: housekeeping (deleting or archiving many things, renaming, documenting a process, a "
    "data deletion request) is general whatever it acts on; an export, feed, sync or pipeline to get running again "
    "is integration; copy pieces for a campaign (subject lines, preheaders, an intro paragraph, CTA text) are "
    "content; a list of people built or split into groups (by a value into tiers) is a segment; an analysis that is "
    "needed or reported on is analytics; options or a deck take the category of what they hold (venue options are "
    "general, case study slides content); a page in another language and short copy (hooks, taglines) are content; "
    "a tool set up, or data sent from one tool into another, is integration; venues, badges and other event or "
    "office logistics are general; a cancelled booking or order is no retention. Two tools connected is "
    "integration whatever they carry; cards, merchandise, supplies and their shipping are general, as is SSO for a "
    "workspace; stories, show notes and help docs are content; ranking things by a measure or checking whether "
    "something worked is analytics; a workflow that only alerts the team or hands leads out is GENERAL. "
    f"{NAME_RULE} {DATE_RULE} {PRIORITY_RULE}"
)
"""The same for every request: the model never needs today's date or a time zone, since our code turns phrases
into dates on the `today` it is handed (the requester's calendar date)."""


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
            answer = self._ask(message)
            return _to_detection(answer, today)
        except (BotoCoreError, ClientError) as exc:
            logger.warning("bedrock detection failed, using rules", extra={"error": type(exc).__name__})
        except (ValueError, TypeError, KeyError) as exc:
            logger.warning("bedrock answer unusable, using rules", extra={"error": str(exc)[:200]})
        return self._fallback.detect(message, today)

    def _ask(self, message: str) -> dict[str, Any]:
        response = self.client.converse(
            modelId=self.model_id,
            system=[{"text": SYSTEM_PROMPT}],
            messages=[{"role": "user", "content": [{"text": message}]}],
            toolConfig={
                "tools": [
                    {
                        "toolSpec": {
                            "name": TOOL_NAME,
                            "description": "Record the task the request asks for, or that it asks for none.",
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
    title = _text(answer.get("title"))[:MAX_TITLE].strip()
    if not title:
        raise ValueError("task without a title")
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
        priority=_priority(_text(answer.get("priorityPhrase"))),
        due_date=_due(_text(answer.get("duePhrase")), today),
        assignee_hint=_text(answer.get("assigneeEmail")) or None,
        detector=BedrockDetector.name,
    )


def _priority(phrase: str) -> Priority | None:
    """The level our priority rules read in the quoted words ("not urgent" is LOW); a bare level is accepted."""
    if not phrase:
        return None
    found = priority_matches(phrase)
    return found[0].priority if found else normalize_priority(phrase)


def _due(phrase: str, today: date) -> date | None:
    """The date our deadline rules read in the quoted words, on the caller's `today`: the same day the rules
    detector would give. Words we cannot read as a deadline make the answer unusable (ValueError)."""
    if not phrase:
        return None
    found = due_matches(phrase, today)
    return found[0].due if found else parse_due_value(phrase, today)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise TypeError("expected a string")
    return value.strip()
