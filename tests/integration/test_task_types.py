"""The task types of POST /ai/execute against moto: segments, campaign channels and workflow kinds, each with
the draft it calls for written in the execution's transaction."""

from __future__ import annotations

from typing import Any

from taskexec.authorization import Role
from taskexec.data.models import CampaignModel, SegmentModel, WorkflowModel


def execute(api: Any, caller: Any, body: dict[str, Any]) -> dict[str, Any]:
    reply = api("POST", "/ai/execute", caller, body=body)
    assert reply.status == 201, reply.body
    body_out: dict[str, Any] = reply.body
    return body_out


def test_a_segment_request_writes_a_draft_segment_with_the_rule_in_the_request_s_words(api, aws, make_user):
    admin = make_user(Role.ADMIN)
    make_user(Role.ADMIN)
    body = execute(
        api, admin, {"message": "Create a segment of customers in Accra who bought twice this month, high priority"}
    )

    segment = body["segment"]
    assert body["task"]["category"] == "segment"
    assert (segment["status"], segment["taskId"]) == ("DRAFT", body["task"]["id"])
    assert segment["rule"] == "Customers in Accra who bought twice this month"
    assert segment["name"] == body["task"]["title"]
    stored = SegmentModel.get(segment["id"])
    assert (stored.rule, stored.status, stored.createdById) == (segment["rule"], "DRAFT", admin.id)
    stored_task = aws.get_item(TableName="TasksTable", Key={"id": {"S": body["task"]["id"]}})["Item"]
    assert stored_task["segmentId"]["S"] == segment["id"]
    assert body["task"]["segmentId"] == segment["id"]
    assert "campaign" not in body
    assert "workflow" not in body
    assert "draft segment" in body["comment"]["content"]


def test_a_structured_segment_takes_its_rule_from_the_description(api, make_user):
    admin = make_user(Role.ADMIN)
    task = {"category": "segment", "title": "Lapsed donors", "description": "Donors with no gift since 2024"}
    body = execute(api, admin, {"task": task})
    assert body["segment"]["rule"] == "Donors with no gift since 2024"


def test_a_campaign_carries_its_channel_and_the_guidance_follows_it(api, make_user):
    admin = make_user(Role.ADMIN)
    sms = execute(api, admin, {"message": "Send an SMS blast about the weekend pop-up store, p1"})
    whatsapp = execute(api, admin, {"message": "Prepare a WhatsApp broadcast for the Kano branch opening"})
    email = execute(api, admin, {"message": "Launch a campaign for the autumn sale"})

    assert [b["campaign"]["channel"] for b in (sms, whatsapp, email)] == ["SMS", "WHATSAPP", "EMAIL"]
    assert CampaignModel.get(sms["campaign"]["id"]).channel == "SMS"
    assert "160 characters" in sms["comment"]["content"]
    assert "STOP" in sms["comment"]["content"]
    assert "template" in whatsapp["comment"]["content"]
    assert "approv" in whatsapp["comment"]["content"]
    assert "DKIM" in email["comment"]["content"]
    assert "160 characters" not in email["comment"]["content"]


def test_a_workflow_gets_the_steps_of_its_kind(api, make_user):
    admin = make_user(Role.ADMIN)
    onboarding = execute(api, admin, {"message": "Set up an onboarding workflow for new clinic staff"})
    general = execute(api, admin, {"task": {"category": "workflow", "title": "Route refunds to finance"}})

    workflow = onboarding["workflow"]
    assert workflow["kind"] == "ONBOARDING"
    assert [step["delayDays"] for step in workflow["steps"]] == [0, 2, 7]
    assert "welcome" in workflow["steps"][0]["action"].lower()
    assert "check in" in workflow["steps"][2]["action"].lower()
    stored = WorkflowModel.get(workflow["id"])
    assert stored.kind == "ONBOARDING"
    assert [int(step.delayDays) for step in stored.steps] == [0, 2, 7]
    assert "day 2" in onboarding["comment"]["content"]
    assert general["workflow"]["kind"] == "GENERAL"


def test_the_dry_run_plan_carries_channel_or_kind_where_they_apply(api, make_user):
    admin = make_user(Role.ADMIN)
    plans = [
        api("POST", "/ai/execute", admin, body={"message": message, "dryRun": True}).body["plan"]
        for message in (
            "Create a WhatsApp campaign for the Eid collection",
            "Build a win-back workflow for lapsed members",
            "Build a segment of VIP buyers",
        )
    ]
    assert plans[0]["channel"] == "WHATSAPP"
    assert "kind" not in plans[0]
    assert plans[1]["kind"] == "RETENTION"
    assert "channel" not in plans[1]
    assert plans[2]["category"] == "segment"
    assert "channel" not in plans[2]
    assert "kind" not in plans[2]
    assert list(SegmentModel.scan()) == []
