"""pydantic models for every request and response body; the OpenAPI document is generated from them."""
