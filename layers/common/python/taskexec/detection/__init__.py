"""Task detection behind one interface, chosen by the DETECTOR setting.

Importing this package stays cheap: the Bedrock detector (and boto3 with it) is imported only when selected,
so the default rules path adds nothing to a Lambda's cold start.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from taskexec import config
from taskexec.domain.detector import Detection, Detector

__all__ = ["Detection", "Detector", "describe", "get_detector"]


@lru_cache(maxsize=4)
def _detector_for(kind: str, model_id: str, timeout_ms: int) -> Detector:
    if kind == "bedrock":
        from taskexec.detection.bedrock import BedrockDetector

        return BedrockDetector(model_id=model_id, timeout_ms=timeout_ms)
    from taskexec.detection.rules import RulesDetector

    return RulesDetector()


def get_detector() -> Detector:
    """The configured detector, one per process and settings (clients are reused across invocations)."""
    settings = config.settings()
    return _detector_for(settings.detector, settings.bedrock_model_id, settings.bedrock_timeout_ms)


def describe() -> dict[str, Any]:
    """The health check's view of detection: which detector answers and whether it runs locally."""
    settings = config.settings()
    bedrock = settings.detector == "bedrock"
    return {
        "detector": "bedrock" if bedrock else "rules",
        "provider": f"bedrock:{settings.bedrock_model_id}" if bedrock else "offline-rules",
        "localAiEnabled": not bedrock,
        "taskExecutionEnabled": True,
    }
