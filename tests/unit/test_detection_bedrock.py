"""The Bedrock detector against a real bedrock-runtime client whose wire is stubbed.

Recorded answers (tests/unit/fixtures/bedrock/*.json: the Converse response body the stub returns, the message
and day it answers, and what the detection must be) check that the model's quoted phrases are read by our own
rules: dates on the caller's day, negated priorities as LOW, a date describing the audience as no deadline.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.exceptions import ReadTimeoutError
from botocore.stub import ANY, Stubber

from taskexec.detection.bedrock import SYSTEM_PROMPT, TASK_SCHEMA, TOOL_NAME, BedrockDetector
from taskexec.domain.vocabulary import Category, Channel, Priority, WorkflowKind

TODAY = date(2026, 6, 24)  # a Wednesday
MODEL = "anthropic.claude-3-haiku-20240307-v1:0"
MESSAGE = "Create a high-priority task to fix the Shopify webhook by Friday"
RECORDED = sorted((Path(__file__).parent / "fixtures" / "bedrock").glob("*.json"))


@pytest.fixture
def client() -> Any:
    return boto3.client(
        "bedrock-runtime", region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing"
    )


@pytest.fixture
def stubber(client: Any) -> Iterator[Stubber]:
    with Stubber(client) as stub:
        yield stub


def converse_answer(tool_input: dict[str, Any]) -> dict[str, Any]:
    return {
        "output": {
            "message": {
                "role": "assistant",
                "content": [
                    {"toolUse": {"toolUseId": "tooluse_1", "name": TOOL_NAME, "input": tool_input}},
                ],
            }
        },
        "stopReason": "tool_use",
        "usage": {"inputTokens": 300, "outputTokens": 60, "totalTokens": 360},
        "metrics": {"latencyMs": 420},
    }


def detector(client: Any) -> BedrockDetector:
    return BedrockDetector(model_id=MODEL, timeout_ms=2500, client=client)


def test_a_tool_answer_becomes_a_validated_detection(client: Any, stubber: Stubber) -> None:
    stubber.add_response(
        "converse",
        converse_answer(
            {
                "isTask": True,
                "category": "integration",
                "title": "Fix the Shopify webhook",
                "description": "Fix the Shopify webhook.",
                "priorityPhrase": "high-priority",
                "duePhrase": "by Friday",
                "assigneeEmail": "dana@example.com",
            }
        ),
    )

    found = detector(client).detect(MESSAGE, TODAY)

    assert found.detector == "bedrock"
    assert found.is_task
    assert found.category is Category.INTEGRATION
    assert found.title == "Fix the Shopify webhook"
    assert found.priority is Priority.HIGH
    assert found.due_date == date(2026, 6, 26)
    assert found.assignee_hint == "dana@example.com"
    stubber.assert_no_pending_responses()


@pytest.mark.parametrize("path", RECORDED, ids=[p.stem for p in RECORDED])
def test_recorded_answers_are_read_with_our_rules(client: Any, stubber: Stubber, path: Path) -> None:
    recorded = json.loads(path.read_text(encoding="utf-8"))
    stubber.add_response("converse", recorded["response"], _request(recorded["message"]))

    found = detector(client).detect(recorded["message"], date.fromisoformat(recorded["today"]))

    assert found.detector == "bedrock"
    for field, value in recorded["expected"].items():
        said = getattr(found, field)
        said = said.isoformat() if isinstance(said, date) else getattr(said, "value", said)
        assert said == value, field
    stubber.assert_no_pending_responses()


def test_dates_and_priorities_are_ours_not_the_models(client: Any, stubber: Stubber) -> None:
    """The same quoted words give the same day whichever today the request is made on."""
    answer = {"isTask": True, "category": "content", "title": "Refresh the FAQ", "duePhrase": "by Friday"}
    for today, friday in ((date(2026, 6, 24), date(2026, 6, 26)), (date(2026, 6, 26), date(2026, 7, 3))):
        stubber.add_response("converse", converse_answer({**answer, "priorityPhrase": "no rush"}))
        found = detector(client).detect("Refresh the FAQ by Friday, no rush", today)
        assert (found.due_date, found.priority) == (friday, Priority.LOW)


def test_the_prompt_and_schema_state_the_rules_the_rules_detector_applies() -> None:
    prompt = SYSTEM_PROMPT.lower()
    for not_a_task in ("thanks", "praise", "report of what happened", "fyi", "asking for information"):
        assert not_a_task in prompt
    for not_a_task in ("choosing between options", "invitation", "meeting moved", "away note", "finished by itself"):
        assert not_a_task in prompt  # the classes the rules detector's fifth round reads as news
    assert "please assign to" in prompt
    assert "a need" in prompt
    assert "question asking for work" in prompt
    assert "campaign monitor" in prompt  # names are names
    assert "list of people" in prompt
    assert "housekeeping" in prompt  # the fifth round's category rules
    assert "copy pieces" in prompt
    assert "loyalty" in TASK_SCHEMA["properties"]["kind"]["description"]
    properties = TASK_SCHEMA["properties"]
    assert "dueDate" not in properties  # the model quotes, our code reads
    assert "priority" not in properties
    assert "never compute a date" in properties["duePhrase"]["description"].lower()
    assert "not urgent" in properties["priorityPhrase"]["description"]
    assert "today" not in prompt  # the same prompt on every day: dates are resolved by our code
    assignee = properties["assigneeEmail"]["description"]
    assert "assign it to" in assignee
    assert "'cc ...'" in assignee  # an assignee, not a recipient or a copy
    for zone_claim in ("utc", "gmt", "time zone", "timezone"):  # ... on the requester's calendar, not a named zone
        assert zone_claim not in prompt
        assert zone_claim not in str(TASK_SCHEMA).lower()


def _request(message: str) -> dict[str, Any]:
    return {
        "modelId": MODEL,
        "system": [{"text": SYSTEM_PROMPT}],
        "messages": [{"role": "user", "content": [{"text": message}]}],
        "toolConfig": {
            "tools": [{"toolSpec": {"name": TOOL_NAME, "description": ANY, "inputSchema": {"json": TASK_SCHEMA}}}],
            "toolChoice": {"tool": {"name": TOOL_NAME}},
        },
        "inferenceConfig": ANY,
    }


def test_the_tool_schema_offers_every_category_channel_and_kind() -> None:
    properties = TASK_SCHEMA["properties"]
    assert set(properties["category"]["enum"]) == {c.value for c in Category}
    assert "segment" in properties["category"]["enum"]
    assert set(properties["channel"]["enum"]) == {"EMAIL", "SMS", "WHATSAPP"}
    assert set(properties["kind"]["enum"]) == {"NURTURE", "RETENTION", "ONBOARDING", "GENERAL"}
    assert properties["segmentRule"]["type"] == "string"


@pytest.mark.parametrize(
    ("tool_input", "channel", "kind", "rule"),
    [
        ({"category": "campaign", "channel": "WHATSAPP"}, Channel.WHATSAPP, None, None),
        ({"category": "campaign"}, None, None, None),  # unsaid: the service applies EMAIL
        ({"category": "workflow", "kind": "ONBOARDING"}, None, WorkflowKind.ONBOARDING, None),
        ({"category": "segment", "segmentRule": "VIPs in Lagos"}, None, None, "VIPs in Lagos"),
        ({"category": "content", "channel": "SMS", "kind": "NURTURE"}, None, None, None),  # not for content
    ],
)
def test_channel_kind_and_rule_are_kept_only_for_their_category(
    client: Any,
    stubber: Stubber,
    tool_input: dict[str, Any],
    channel: Channel | None,
    kind: WorkflowKind | None,
    rule: str | None,
) -> None:
    stubber.add_response("converse", converse_answer({"isTask": True, "title": "Do the thing", **tool_input}))

    found = detector(client).detect(MESSAGE, TODAY)

    assert found.detector == "bedrock"
    assert (found.channel, found.kind, found.segment_rule) == (channel, kind, rule)


def test_the_request_forces_the_create_task_tool(client: Any, stubber: Stubber) -> None:
    stubber.add_response("converse", converse_answer({"isTask": False}), _request("Hello, how are you today?"))

    found = detector(client).detect("Hello, how are you today?", TODAY)

    assert not found.is_task
    assert found.suggestion
    assert found.detector == "bedrock"


@pytest.mark.parametrize(
    "tool_input",
    [
        {"isTask": True, "category": "marketing", "title": "Fix it"},  # not one of the categories
        {"isTask": True, "category": "integration", "title": "Fix it", "priorityPhrase": "purple"},
        {"isTask": True, "category": "integration", "title": ""},
        {"isTask": "yes"},
        {"isTask": True, "category": "integration", "title": "Fix it", "duePhrase": "someday soon"},
        {"isTask": True, "category": "campaign", "title": "Fix it", "channel": "FAX"},  # not a channel
        {"isTask": True, "category": "workflow", "title": "Fix it", "kind": "UPSELL"},  # not a kind
    ],
)
def test_an_unusable_answer_falls_back_to_rules(client: Any, stubber: Stubber, tool_input: dict[str, Any]) -> None:
    stubber.add_response("converse", converse_answer(tool_input))

    found = detector(client).detect(MESSAGE, TODAY)

    assert found.detector == "rules"
    assert found.category is Category.INTEGRATION
    assert found.priority is Priority.HIGH
    assert found.due_date == date(2026, 6, 26)


def test_an_answer_without_a_tool_call_falls_back(client: Any, stubber: Stubber) -> None:
    answer = converse_answer({})
    answer["output"]["message"]["content"] = [{"text": "Sure! Here is your task."}]
    answer["stopReason"] = "end_turn"
    stubber.add_response("converse", answer)

    assert detector(client).detect(MESSAGE, TODAY).detector == "rules"


@pytest.mark.parametrize("code", ["ThrottlingException", "AccessDeniedException", "ModelTimeoutException"])
def test_a_bedrock_error_falls_back_to_rules(client: Any, stubber: Stubber, code: str) -> None:
    stubber.add_client_error("converse", service_error_code=code, http_status_code=429)

    found = detector(client).detect(MESSAGE, TODAY)

    assert found.detector == "rules"
    assert found.is_task


def test_a_read_timeout_falls_back_to_rules(client: Any) -> None:
    def time_out(request: Any, **_: Any) -> None:
        raise ReadTimeoutError(endpoint_url=request.url)

    client.meta.events.register("before-send.bedrock-runtime.Converse", time_out)

    found = detector(client).detect(MESSAGE, TODAY)

    assert found.detector == "rules"
    assert found.title == "Fix the Shopify webhook"


def test_the_client_is_built_lazily_with_short_timeouts_and_no_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_REGION", "eu-west-1")
    bedrock = BedrockDetector(model_id=MODEL, timeout_ms=1500)
    assert bedrock._client is None

    built = bedrock.client.meta.config

    assert built.connect_timeout == 1.5
    assert built.read_timeout == 1.5
    assert built.retries["total_max_attempts"] == 1
    assert bedrock.client.meta.region_name == "eu-west-1"


def test_without_a_model_id_the_rules_answer() -> None:
    found = BedrockDetector(model_id="", timeout_ms=1000).detect(MESSAGE, TODAY)
    assert found.detector == "rules"


def test_selecting_rules_does_not_import_boto3(monkeypatch: pytest.MonkeyPatch) -> None:
    import subprocess

    code = (
        "import sys, datetime; from taskexec.detection import get_detector, describe; "
        "d = get_detector(); d.detect('Fix the webhook tomorrow', datetime.date(2026, 6, 24)); "
        "assert describe()['provider'] == 'offline-rules', describe(); "
        "assert 'boto3' not in sys.modules and 'botocore' not in sys.modules, 'boto imported'"
    )
    monkeypatch.setenv("DETECTOR", "rules")
    monkeypatch.setenv("PYTHONPATH", "layers/common/python:.")
    repo_root = Path(__file__).resolve().parents[2]
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=repo_root)
    assert result.returncode == 0, result.stderr


def test_get_detector_and_describe_follow_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    from taskexec.detection import describe, get_detector

    monkeypatch.setenv("DETECTOR", "bedrock")
    monkeypatch.setenv("BEDROCK_MODEL_ID", MODEL)

    assert isinstance(get_detector(), BedrockDetector)
    assert get_detector() is get_detector()
    assert describe() == {
        "detector": "bedrock",
        "provider": f"bedrock:{MODEL}",
        "localAiEnabled": False,
        "taskExecutionEnabled": True,
    }
