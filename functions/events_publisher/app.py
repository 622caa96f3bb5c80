"""TasksTable and MonitoringTable streams -> domain events on the bus and assignee notifications.

Partial batch failures in stream order: a record that could not be published is reported with every record
after it (none of them handled), and Lambda retries from it, so no record's notification is sent twice for
another's sake.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.batch import process_partial_response
from aws_lambda_powertools.utilities.typing import LambdaContext

from taskexec.observability import traced
from taskexec.services.events_publisher import publish_record
from taskexec.services.stream_batches import InStreamOrder

logger = Logger()
processor = InStreamOrder()


@logger.inject_lambda_context
@traced
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return dict(
        process_partial_response(event=event, record_handler=publish_record, processor=processor, context=context)
    )
