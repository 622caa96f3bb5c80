"""`make local` end to end for the task types: a segment, an SMS campaign and an onboarding workflow executed
over HTTP, each with its draft written in the local tables made from template.yaml."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from tests.e2e.local_stack import RunningStack, running_stack

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningStack]:
    with running_stack(tmp_path_factory.mktemp("local-stack")) as running:
        yield running


def draft_row(stack: RunningStack, logical_id: str, draft_id: str) -> dict[str, Any]:
    dynamodb = boto3.client(
        "dynamodb",
        endpoint_url=stack.info["awsEndpoint"],
        region_name=stack.info["region"],
        aws_access_key_id="local",
        aws_secret_access_key="local",
    )
    item: dict[str, Any] = dynamodb.get_item(TableName=stack.info["tables"][logical_id], Key={"id": {"S": draft_id}})
    return item["Item"]


def test_each_task_type_writes_its_draft_in_the_local_tables(stack: RunningStack) -> None:
    token = stack.id_token("ADMIN")
    requests = {
        "segment": "Build a segment of members in Lagos who bought twice this month",
        "campaign": "Send an SMS blast about the Lagos store reopening by Friday",
        "workflow": "Set up an onboarding workflow for new marketplace sellers",
    }
    bodies = {}
    for category, message in requests.items():
        status, body, _ = stack.call("POST", "/ai/execute", token, body={"message": message})
        assert status == 201, (category, body)
        assert body["task"]["category"] == category
        bodies[category] = body

    segment = draft_row(stack, "SegmentsTable", bodies["segment"]["segment"]["id"])
    assert segment["rule"]["S"] == "Members in Lagos who bought twice this month"
    assert segment["status"]["S"] == "DRAFT"
    assert draft_row(stack, "EmailCampaignsTable", bodies["campaign"]["campaign"]["id"])["channel"]["S"] == "SMS"
    workflow = draft_row(stack, "WorkflowsTable", bodies["workflow"]["workflow"]["id"])
    assert workflow["kind"]["S"] == "ONBOARDING"
    assert [step["M"]["delayDays"]["N"] for step in workflow["steps"]["L"]] == ["0", "2", "7"]
