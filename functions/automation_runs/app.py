"""AutomationRunQueue -> automation runs on behalf of their owners, each once, announced with AutomationRan.

SQS partial batch failures: a message whose run raised (the service's own failure, the bus refusing AutomationRan,
or a message that is no run request at all) is left on the queue to be received again, and after the queue's
maxReceiveCount moves to its dead-letter queue (alarmed). Every other message is done (services/automation_runs.py).
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from taskexec.observability import traced
from taskexec.services.automation_runs import handle
from taskexec.services.recording import flush_metrics_safely

logger = Logger()
processor = BatchProcessor(event_type=EventType.SQS)


def handle_record(record: SQSRecord) -> str:
    return handle(record.body, record.message_id)


@logger.inject_lambda_context
@traced
@flush_metrics_safely
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return dict(
        process_partial_response(event=event, record_handler=handle_record, processor=processor, context=context)
    )
