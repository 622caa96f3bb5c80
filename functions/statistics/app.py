"""UserActivityTable's stream -> execution statistics: a batch of execution records becomes one ADD per bucket.

The event source mapping (template.yaml, StatisticsFunction) reports partial batch failures, bisects a failing
batch, retries boundedly and sends what it gives up on to StatisticsDeadLetterQueue.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.batch import process_partial_response
from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
from aws_lambda_powertools.utilities.typing import LambdaContext

from taskexec.observability import traced
from taskexec.services.statistics_fold import StatisticsFold, counted_attempt

logger = Logger()
processor = StatisticsFold()


@logger.inject_lambda_context
@traced
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> PartialItemFailureResponse:
    return process_partial_response(event=event, record_handler=counted_attempt, processor=processor, context=context)
