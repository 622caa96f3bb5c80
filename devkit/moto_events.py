"""Keeps moto's EventBridge faithful where the automations rely on it: a DISABLED rule delivers nothing.

moto 5.2.5's PutEvents hands every event to every rule of the bus, and a rule sends it to its targets when its
pattern matches, whatever the rule's state (only the AWS service notifications it emits itself check it). In
EventBridge a DISABLED rule matches nothing; a PAUSED automation is exactly such a rule, so locally it must stay
silent too. (Other differences of moto's matcher are listed in docs/automations.md.)
"""

from __future__ import annotations

from typing import Any


def install() -> None:
    """Make moto's rules deliver only while ENABLED (idempotent; affects this process's moto only)."""
    from moto.events.models import Rule

    if getattr(Rule, "_delivers_only_when_enabled", False):
        return
    send = Rule.send_to_targets

    def send_when_enabled(self: Any, event: Any, transform_input: bool = True) -> None:
        if self.state != "ENABLED":
            return
        send(self, event, transform_input)

    Rule.send_to_targets = send_when_enabled  # type: ignore[method-assign,assignment]
    Rule._delivers_only_when_enabled = True  # type: ignore[attr-defined]
