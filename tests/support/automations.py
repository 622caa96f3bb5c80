"""The automations' side of AWS in moto, for in-process tests: the service's bus and queues (devkit.messaging, as
`make local` makes them), the schedule group and the schedule role (devkit.runtime_schedules), and the
automations function's environment resolved from template.yaml against them, so the rule names, the group and
the ARNs the code uses are the ones its IAM policy names.

`AutomationsWorld` reads back what AWS holds (rules on the bus, schedules in the group, runs delivered to
AutomationRunQueue) and puts domain events on the bus as the events publisher does.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import boto3
import pytest

from devkit import iam, messaging, runtime_schedules, template
from taskexec.data import automation_messages
from taskexec.domain.automation_runs import RunRequest

REGION = "us-east-1"
FUNCTION = "AutomationsFunction"
RUN_QUEUE = "AutomationRunQueue"
MAX_POLLS = 50
"""Safety bound on draining a queue: a test that needs more has hung."""


def function_environment(refs: dict[str, str]) -> dict[str, str]:
    """The automations function's own variables (not the Globals), resolved as CloudFormation would here."""
    props = template.resources("AWS::Serverless::Function")[FUNCTION]["Properties"]
    variables = (props.get("Environment") or {}).get("Variables") or {}
    return {name: str(template.resolve(value, refs)) for name, value in variables.items()}


@dataclass
class AutomationsWorld:
    made: messaging.Messaging
    group: str
    environment: dict[str, str]
    events: Any = field(default_factory=lambda: boto3.client("events", region_name=REGION))
    scheduler: Any = field(default_factory=lambda: boto3.client("scheduler", region_name=REGION))
    sqs: Any = field(default_factory=lambda: boto3.client("sqs", region_name=REGION))

    @property
    def bus(self) -> str:
        return self.made.bus_name

    @property
    def rule_prefix(self) -> str:
        return self.environment["AUTOMATION_RULE_PREFIX"]

    def rules(self) -> dict[str, dict[str, Any]]:
        """The automations' rules on the bus, by name: the rule and its targets."""
        listed = self.events.list_rules(EventBusName=self.bus, NamePrefix=self.rule_prefix)["Rules"]
        return {
            rule["Name"]: {
                **self.events.describe_rule(Name=rule["Name"], EventBusName=self.bus),
                "Targets": self.events.list_targets_by_rule(Rule=rule["Name"], EventBusName=self.bus)["Targets"],
            }
            for rule in listed
        }

    def schedules(self) -> dict[str, dict[str, Any]]:
        """The schedules in the service's group, by name, as GetSchedule answers."""
        listed = self.scheduler.list_schedules(GroupName=self.group)["Schedules"]
        return {s["Name"]: self.scheduler.get_schedule(Name=s["Name"], GroupName=self.group) for s in listed}

    def publish(self, detail_type: str, detail: dict[str, Any]) -> None:
        """A domain event on the bus, as the events publisher puts it (source taskexec)."""
        answer = self.events.put_events(
            Entries=[
                {
                    "Source": "taskexec",
                    "DetailType": detail_type,
                    "Detail": json.dumps(detail),
                    "EventBusName": self.bus,
                }
            ]
        )
        assert answer["FailedEntryCount"] == 0, answer

    def runs(self) -> list[RunRequest]:
        """Every run delivered to AutomationRunQueue since the last call, read as the consumer will read it."""
        url = self.made.queue_urls[RUN_QUEUE]
        found: list[RunRequest] = []
        for _ in range(MAX_POLLS):
            batch = self.sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, VisibilityTimeout=60)
            messages = batch.get("Messages", [])
            if not messages:
                return found
            found += [automation_messages.parse(m["Body"]) for m in messages]
            self.sqs.delete_message_batch(
                QueueUrl=url,
                Entries=[{"Id": str(n), "ReceiptHandle": m["ReceiptHandle"]} for n, m in enumerate(messages)],
            )
        raise AssertionError(f"{RUN_QUEUE} did not run dry")


def automations_world(monkeypatch: pytest.MonkeyPatch, made: messaging.Messaging | None = None) -> AutomationsWorld:
    """Inside a moto account with the template's tables: the bus and queues (`made`, when an events world made
    them already), the schedule group and role, and the automations functions' environment pointing at them."""
    if made is None:
        made = messaging.create(
            boto3.client("sqs", region_name=REGION),
            boto3.client("events", region_name=REGION),
            boto3.client("sns", region_name=REGION),
            prefix="",
            refs=iam.emulated_refs({logical_id: logical_id for logical_id in template.table_logical_ids()}),
        )
    groups = runtime_schedules.create_schedule_groups(boto3.client("scheduler", region_name=REGION), prefix="")
    refs = {**made.refs, **groups}
    environment = function_environment(refs)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return AutomationsWorld(made, environment["AUTOMATION_SCHEDULE_GROUP"], environment)


@pytest.fixture
def automations_aws(aws: Any, monkeypatch: pytest.MonkeyPatch) -> AutomationsWorld:
    return automations_world(monkeypatch)
