"""Plain-Python domain logic: nothing here knows about Lambda events or DynamoDB."""
