"""The in-process world the tests and the benchmark run in: moto with every table of template.yaml.

Cheap to import (boto3 and moto load when a world is made), so `scripts.bench` can use it too.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

TEST_ENV = {
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_REGION": "us-east-1",
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SECURITY_TOKEN": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "POWERTOOLS_SERVICE_NAME": "taskexec",
    "POWERTOOLS_METRICS_NAMESPACE": "TaskExecution",
    "POWERTOOLS_TRACE_DISABLED": "true",
    "POWERTOOLS_LOG_LEVEL": "WARNING",
    "POWERTOOLS_DEV": "false",
    "EVENT_BUS_NAME": "taskexec-dev",
}
"""Set before taskexec is imported: Powertools reads its settings when a module makes its Logger and Metrics.
(The models read their table names and region when used: see `taskexec.data.models`.) EVENT_BUS_NAME is the
service's bus as the template names it for the default stage (tests/infrastructure holds the two equal): the
functions that talk to it always have it set, and tests/support/events.py creates the bus itself."""


def prepare_environment(env: dict[str, str] = TEST_ENV) -> None:
    """Fake credentials and Powertools settings; no endpoint override, so moto answers in process."""
    os.environ.update(env)
    os.environ.pop("AWS_ENDPOINT_URL", None)


@contextmanager
def moto_world() -> Iterator[Any]:
    """A fresh moto account with the template's tables (named by logical id, the models' default); yields a
    DynamoDB client."""
    import boto3
    from moto import mock_aws

    from devkit.template import create_tables, table_logical_ids

    with mock_aws():
        client = boto3.client("dynamodb", region_name="us-east-1")
        create_tables(client, {lid: lid for lid in table_logical_ids()})
        yield client
