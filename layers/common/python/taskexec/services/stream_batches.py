"""Powertools' batch processing for DynamoDB stream records, in Lambda's stream order.

Lambda resumes a stream from the first record a batch reports failed (the lowest sequence number reported) and
hands over every record after it again. A record after a failed one that was handled anyway would be handled
again on the retry: a notification sent twice, attempts folded into the statistics twice. So once a record
fails, the later records of the batch are reported failed without being handled, and each is handled, once, by
the retry that reaches it. Powertools' SqsFifoPartialProcessor does this for FIFO queues; its streams processor
does not, so this is its BatchProcessor with the same short circuit.
"""

from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType
from aws_lambda_powertools.utilities.batch.base import FailureResponse, SuccessResponse


class EarlierRecordFailed(Exception):
    """An earlier record of this batch failed: this one is handled when Lambda retries from that one."""


class InStreamOrder(BatchProcessor):
    """BatchProcessor for DynamoDB streams that stops handling records at the batch's first failure."""

    not_reached = (EarlierRecordFailed, EarlierRecordFailed("an earlier record of the batch failed"), None)

    def __init__(self, raise_on_entire_batch_failure: bool = True) -> None:
        super().__init__(
            event_type=EventType.DynamoDBStreams, raise_on_entire_batch_failure=raise_on_entire_batch_failure
        )

    def _process_record(self, record: dict[str, Any]) -> SuccessResponse | FailureResponse:
        if self.fail_messages:
            return self.failure_handler(
                record=self._to_batch_type(record, event_type=self.event_type, model=self.model),
                exception=self.not_reached,
            )
        return super()._process_record(record)
