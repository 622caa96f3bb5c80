"""PUT /integrations/{source}: registering an external system's event source."""

from pydantic import Field

from taskexec.authorization import Role, UserStatus
from taskexec.schemas.common import Schema, Strict


class IntegrationChange(Strict):
    name: str = Field(min_length=1, max_length=100, description="A human name for the external system")
    status: UserStatus


class Integration(Schema):
    """The INTEGRATION user row that stands for the source."""

    id: str = Field(description="integration:<source>, the createdById of the tasks it requests")
    source: str
    name: str
    role: Role = Field(description="Always INTEGRATION")
    status: UserStatus
    updatedAt: str
