"""PUT /integrations/{source}: registering an external system's event source."""

from pydantic import Field

from taskexec.authorization import Role, UserStatus
from taskexec.schemas.common import Schema, Strict

ANSWER_BUS_ARN = r"^arn:aws[a-z-]*:events:[a-z0-9-]+:\d{12}:event-bus/[A-Za-z0-9._/-]{1,256}$"
"""An EventBridge bus, in any account and region."""


class IntegrationChange(Strict):
    name: str = Field(min_length=1, max_length=100, description="A human name for the external system")
    status: UserStatus
    answerBusArn: str | None = Field(
        default=None,
        max_length=400,
        pattern=ANSWER_BUS_ARN,
        description="An EventBridge bus (any account) that also receives this source's answers "
        "(TaskRequestSucceeded, TaskRequestRejected); its policy must let the service's account put events. "
        "Absent: answers stay on the service's bus only.",
    )


class Integration(Schema):
    """The INTEGRATION user row that stands for the source."""

    id: str = Field(description="integration:<source>, the createdById of the tasks it requests")
    source: str
    name: str
    role: Role = Field(description="Always INTEGRATION")
    status: UserStatus
    answerBusArn: str | None = Field(default=None, description="Where this source's answers also go, if anywhere")
    updatedAt: str
