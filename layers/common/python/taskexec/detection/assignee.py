"""The assignee hint of a request: the address or @handle in an assignment clause ("assign it to dana@...").

A bare address elsewhere ("send the deck to x@y.com") is a recipient, not an assignee. Patterns are text that
`re` compiles on first use.
"""

import re

EMAIL = r"[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,63}"
"""An address as RFC 5321 bounds it (local part <= 64, labels <= 63): no hint outgrows a key lookup."""
HANDLE = r"(?<=@)\w[\w.-]{0,253}(?![\w.-])"
"""An @handle of at most 254 characters; a longer one is no hint at all."""
OVERLONG = r"[\w.%+-]{65,}+@[\w.-]++|(?<=@)[\w.-]{255,}+"
"""An address or @handle longer than any user's, after an explicit "assign it to": still the caller's hint, so
the service can refuse it by name (422 INVALID_ASSIGNEE) rather than assign the task to someone else. Possessive
and met only after "assign ... to", so it stays linear."""
_PATTERNS = (
    rf"(?:,?(?<!\s)\s*+\band\s+)?(?:please\s+)?\b(?:re)?assign(?:ed)?\s+(?:it\s+|this\s+|that\s+|the\s+task\s+|them\s+)?"
    rf"to\s*+:?\s*+@?(?P<who>{EMAIL}|{HANDLE}|{OVERLONG})",
    rf"\b(?:assignee|owner)\s*[:=]?\s*@?(?P<who>{EMAIL})",
    rf"(?:,?(?<!\s)\s*+\band\s+)?\b(?:give|hand|delegate)\s+(?:it|this|that)\s+(?:over\s+)?to\s+@?(?P<who>{EMAIL})",
    rf"\b(?:have|ask|get|let)\s+@?(?P<who>{EMAIL})\s+(?:to\s+)?",
    rf"\bfor\s+@?(?P<who>{EMAIL})",
    rf"^\W*+(?P<who>{EMAIL})\s*+[,:\-]",
)
"""Assignment clauses, the most explicit first."""


def assignee_hint(text: str) -> tuple[str, tuple[int, int]] | None:
    """The hinted assignee and the span of its clause (so the title leaves it out), or None."""
    for pattern in _PATTERNS:
        m = re.search(pattern, text, re.I)
        if m:
            return m.group("who").rstrip("."), m.span()
    return None
