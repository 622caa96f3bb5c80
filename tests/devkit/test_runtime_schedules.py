"""The local stack fires the schedules made at run time (devkit.runtime_schedules) as EventBridge Scheduler would:
each at its times, in its zone, delivering its target's Input to the queue with the context attributes filled in;
never while DISABLED, never after it is deleted. Driven poll by poll with a clock the test sets (no waiting), in
moto's Scheduler and SQS. Also: moto's EventBridge delivers nothing through a DISABLED rule (devkit.moto_events).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest
from moto import mock_aws

from devkit import messaging, runtime_schedules

REGION = "us-east-1"


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


class Local:
    def __init__(self) -> None:
        self.scheduler = boto3.client("scheduler", region_name=REGION)
        self.sqs = boto3.client("sqs", region_name=REGION)
        self.group = runtime_schedules.create_schedule_groups(self.scheduler, prefix="test-")["AutomationScheduleGroup"]
        self.queue_url = self.sqs.create_queue(QueueName="runs")["QueueUrl"]
        self.queue_arn = self.sqs.get_queue_attributes(QueueUrl=self.queue_url, AttributeNames=["QueueArn"])[
            "Attributes"
        ]["QueueArn"]
        self.clock = Clock(datetime.now(UTC))
        self.runner = runtime_schedules.RuntimeSchedules(self.scheduler, self.sqs, [self.group], clock=self.clock)

    def create(self, name: str, expression: str, zone: str = "UTC", state: str = "ENABLED") -> None:
        self.scheduler.create_schedule(
            Name=name,
            GroupName=self.group,
            ScheduleExpression=expression,
            ScheduleExpressionTimezone=zone,
            FlexibleTimeWindow={"Mode": "OFF"},
            State=state,
            Target={
                "Arn": self.queue_arn,
                "RoleArn": "arn:aws:iam::123456789012:role/schedules",
                "Input": json.dumps(
                    {"name": name, "at": "<aws.scheduler.scheduled-time>", "n": "<aws.scheduler.attempt-number>"}
                ),
            },
        )

    def delivered(self) -> list[dict[str, Any]]:
        found = []
        while True:
            messages = self.sqs.receive_message(QueueUrl=self.queue_url, MaxNumberOfMessages=10).get("Messages", [])
            if not messages:
                return found
            for message in messages:
                found.append(json.loads(message["Body"]))
                self.sqs.delete_message(QueueUrl=self.queue_url, ReceiptHandle=message["ReceiptHandle"])

    def advance(self, delta: timedelta) -> int:
        self.clock.now += delta
        return self.runner.poll()


@pytest.fixture
def local() -> Iterator[Local]:
    with mock_aws():
        yield Local()


def test_a_rate_schedule_fires_at_once_then_every_period_with_its_scheduled_time(local: Local) -> None:
    local.create("every-minute", "rate(1 minute)")
    assert local.runner.poll() == 1
    (first,) = local.delivered()
    assert first["name"] == "every-minute"
    assert first["n"] == "1"
    assert "<aws.scheduler." not in json.dumps(first)
    start = datetime.fromisoformat(first["at"])  # its creation, to the minute (no start date: at once)
    local.clock.now = start + timedelta(seconds=59)
    assert local.runner.poll() == 0
    assert local.advance(timedelta(seconds=1)) == 1
    (second,) = local.delivered()
    assert datetime.fromisoformat(second["at"]) == start + timedelta(minutes=1)


def test_a_cron_schedule_fires_at_its_next_wall_time_in_its_zone(local: Local) -> None:
    local.clock.now = datetime(2030, 1, 6, 12, 0, tzinfo=UTC)  # a Sunday
    local.create("weekly", "cron(0 9 ? * MON *)", zone="Europe/Berlin")
    assert local.runner.poll() == 0
    assert local.advance(timedelta(hours=19)) == 0  # Monday 07:00 UTC, 08:00 in Berlin
    assert local.advance(timedelta(hours=1)) == 1  # 09:00 in Berlin
    assert [m["at"] for m in local.delivered()] == ["2030-01-07T08:00:00Z"]
    assert local.advance(timedelta(days=6, hours=23)) == 0
    assert local.advance(timedelta(hours=1)) == 1


def test_a_disabled_schedule_does_not_fire_until_enabled_and_a_deleted_one_never(local: Local) -> None:
    local.create("paused", "rate(1 minute)", state="DISABLED")
    assert local.advance(timedelta(minutes=5)) == 0
    schedule = local.scheduler.get_schedule(Name="paused", GroupName=local.group)
    update = {key: schedule[key] for key in ("Name", "GroupName", "ScheduleExpression", "FlexibleTimeWindow", "Target")}
    local.scheduler.update_schedule(**update, State="ENABLED")
    assert local.advance(timedelta(seconds=1)) == 1
    local.scheduler.delete_schedule(Name="paused", GroupName=local.group)
    assert local.advance(timedelta(minutes=5)) == 0
    assert len(local.delivered()) == 1


def test_a_process_that_fell_behind_fires_once_and_resumes_from_now(local: Local) -> None:
    local.create("busy", "rate(1 minute)")
    local.runner.poll()
    start = datetime.fromisoformat(local.delivered()[0]["at"])
    local.clock.now = start + timedelta(minutes=10, seconds=5)  # ten runs late
    assert local.runner.poll() == 1
    assert [m["at"] for m in local.delivered()] == [runtime_schedules.scheduled_time(start + timedelta(minutes=1))]
    assert local.advance(timedelta(seconds=50)) == 0
    assert local.advance(timedelta(seconds=10)) == 1
    assert [m["at"] for m in local.delivered()] == [runtime_schedules.scheduled_time(start + timedelta(minutes=11))]


def test_a_disabled_rule_delivers_nothing_in_moto_as_in_eventbridge() -> None:
    with mock_aws():
        sqs, events = boto3.client("sqs", region_name=REGION), boto3.client("events", region_name=REGION)
        made = messaging.create(sqs, events, boto3.client("sns", region_name=REGION), prefix="")
        url = sqs.create_queue(QueueName="watch")["QueueUrl"]
        arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        pattern = json.dumps({"source": ["taskexec"], "detail-type": ["TaskCreated"]})
        events.put_rule(Name="watch", EventBusName=made.bus_name, EventPattern=pattern, State="DISABLED")
        events.put_targets(Rule="watch", EventBusName=made.bus_name, Targets=[{"Id": "q", "Arn": arn}])
        entry = {"Source": "taskexec", "DetailType": "TaskCreated", "Detail": "{}", "EventBusName": made.bus_name}
        events.put_events(Entries=[entry])
        assert sqs.receive_message(QueueUrl=url).get("Messages", []) == []
        events.enable_rule(Name="watch", EventBusName=made.bus_name)
        events.put_events(Entries=[entry])
        assert len(sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)["Messages"]) == 1
