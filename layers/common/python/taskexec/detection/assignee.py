"""The assignee hint of a request: the address or @handle in an assignment clause ("assign it to dana@...").

Admins name the one who should do the work in many ways: "assign it to ...", "owner: ...", "put ... on ...",
"I'd like ... to ...", "could ... pull ...?", "... owns this", or the address that opens the request as the one
it speaks to ("dana@... can you ...?", "@jonas - ...", after a story too: "... - @sam pls build ..."), an
@handle read as the address the message gives for it elsewhere ("@jules can u ...? jules.m@..."). An address the
work is sent, copied or reported to is no assignee ("email the kit to ...", "cc ...", "forward ... to ...", "let
... know", "ask ... for ..."): a wrong hint is worse than none, since the service refuses a hint that names nobody
assignable (422) while no hint is assigned by load. Patterns are text that `re` compiles on first use.
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
_MENTION = rf"(?!(?:here|channel|everyone|all|team|room)(?![\w.-])){HANDLE}"
"""An @handle that names a person: a chat's broadcast mentions ("@here can someone ...") name nobody."""
_WHO = rf"@?(?P<who>{EMAIL}|{_MENTION})"
"""The one named: an address, or an @handle (its "@" written)."""
_ROUTED = (
    r"(?:leads|tickets|contacts|deals|accounts|conversations|chats|inquiries|enquiries|requests|customers|users|"
    r"subscribers|members|prospects|cases|submissions|sign-?ups|opportunities)\b"
)
"""Records in bulk that a workflow, a rule or an admin hands to a team ("assign new leads to sales@...",
"assign the inbound demo requests to ..."): where they go names no doer of this task, which is one piece of
work ("assign this ticket to ...", "assign the nurture sequence to ...")."""
_NOT_TOLD = r"(?!\s+(?:know|posted|informed|updated|aware|in\s+the\s+loop)\b)"
"""After "have ..." or "let ...": being told is no assignment ("let dana@... know when it's live")."""
_TAKES = (
    r"(?:owns|will\s+own|should\s+own|is\s+on|takes|will\s+take|should\s+take|can\s+take|(?:will|should)\s+handle|"
    r"to\s+(?:own|take|handle|drive|lead)|is\s+(?:taking|handling|owning|driving|leading|writing|building|drafting|doing|"
    r"designing|making|creating|working\s+on)|has\s+got|['\u2019]s\s+got|"
    r"(?:should|will|can|could|would|to|is\s+going\s+to)\s+do)"
)
"""What the one who does the work is said to do with it: "ben@... owns this", "Ana should take this one", "I think
ben@... should do it"."""
_OPINION = r"(?:(?:i\s+think|i\s+guess|i\s+reckon|probably|maybe|perhaps)\s+)?"
"""An opinion before the one named ("I think ben@... should do it"): it goes with the clause the title leaves out."""
_BEST_PLACED = r"(?:is|would\s+be|['\u2019]s)\s+(?:the\s+)?(?:best|right|ideal|obvious)\s+(?:person|one|fit|choice)\b"
"""The one said to suit the work best: "ben@... is the best person for this", "ben@... would be the right one"."""
_YOURS = (
    r"(?:(?:(?:this|that|it)(?:\s+one)?(?:['\u2019]s|\s+is)\s+)?(?:all\s+)?(?:yours|for\s+you|on\s+you)|you['\u2019]?re\s+up|"
    r"(?:it['\u2019]?s\s+)?over\s+to\s+you)\b"
)
"""Handing the work to the one addressed: "@omar (omar@...) this one's yours", "... - all yours", "you're up"."""
_BESIDE = rf"(?P<sep>\s*+[(<]\s*+|\s++[-\u2013\u2014]\s++|:\s*+|\s++)(?P<address>{EMAIL})(?P<close>\s*+[)>])?"
"""An address written beside the name or @handle it belongs to: "@aisha (aisha.n@...)", "@kenji - kenji@...",
"Ana (ana@...)"."""
_ROLE = r"(?:(?:our|the|my|your)\s++(?:(?!(?:and|or|but|by|for|with)\b)[\w'-]++\s++){1,3}?)?"
"""A role before the address it names: "assign to our finance lead yara@...", "hand it to the ops manager ..."."""
_NAMED = r"@[\w][\w.-]{0,63}|[A-Z][\w'-]{0,30}(?:\s[A-Z][\w'-]{0,30})?"
"""What an address may stand beside: an @handle, or a capitalised name of one or two words."""
_GREETING = r"(?:hi|hey|hello|yo|hiya|heya|morning|ok|okay)"
"""A word that may stand before the one a request speaks to: "yo @ravi can you ...", "hey @li could u ..."."""
_ASKING = r"(?:can|could|would|will|please|pls|plz)\b"
"""What follows the one a request speaks to: "@sam pls build ...", "ceci@... can you pull that?"."""
_NOT_ORDERED = (
    r"(?:and|or|is|was|has|had|will|would|just|already|fyi|thanks|thank|thx|ty|said|says|mentioned|asked|wants|"
    r"needs|reported|says|the|a|an|[a-z]+ed)\b|['\u2019]"
)
"""After an @handle that opens a message, what makes it news about them or a greeting ("@sam and I ...", "@sam said
...", "@sam thanks ..."), not a request spoken to them ("@sam refresh the pricing page")."""
_TURN = r"(?:(?<=[.!?;:)\u2013\u2014])|(?<=\s-)|(?<=[^\x00-\x7f]))\s++"
"""Where a message turns to someone after a story or a first request: after a sentence, a dash or an emoji ("ugh,
another 40 cancellations! @sam pls build ...", "... during the Q&A - ceci@... can you pull that?")."""
_PATTERNS = (
    rf"(?:,?(?<!\s)\s*+\band\s+)?(?:please\s+)?\b(?:re)?assign(?:ed|ing)?\s+(?:it\s+|(?:this|that)(?:\s+one)?\s+|the\s+task\s+|them\s+)?"
    rf"to\b\s*+:?\s*+{_ROLE}@?(?P<who>{EMAIL}|{HANDLE}|{OVERLONG})",
    rf"\b(?:assignee|owner|dri|point\s+person)\s*+(?:(?:-+>|=>|[:=\-\u2013\u2014\u2192])\s*+|(?:is|will\s+be|would\s+be|should\s+be)\s++)?{_WHO}",
    rf"\b(?:(?:responsible|lead)\s*+[:=\-\u2013\u2014]|(?:owned|handled|led|actioned)\s+by)\s*+{_WHO}",
    rf"\bassign(?:ed)?\s*+[:=\-\u2013\u2014]\s*+{_WHO}",
    rf"(?:,?(?<!\s)\s*+\band\s+)?\b(?:(?:give|giving|hand|handing|pass|passing|route|routing|delegate|delegating)\s+"
    rf"(?:it|(?:this|that)(?:\s+one)?)\s+(?:over\s+|off\s+)?|delegat(?:e|ing)\s+|hand(?:ing)?\s+(?:it\s+)?(?:over|off)\s+)"
    rf"to\s+{_ROLE}{_WHO}",
    rf"{_WHO}\s*+[,:\-\u2013\u2014]?\s*+{_YOURS}",
    rf"\b(?:this|that|it)(?:\s+one)?(?:['\u2019]s|\s+is)\s+for\s+{_WHO}",
    rf"{_YOURS}\s*+[,:\-\u2013\u2014]?\s*+\(?\s*+{_WHO}(?:\s*+\))?",
    rf"{_WHO}\s+(?:to|will|can|could|should|pls|please)\s+pick\s+(?:this|it|that)(?:\s+one)?\s+up\b",
    rf"\b(?:it|(?:this|that)(?:\s+one)?)\s+goes\s+to\s+{_WHO}",
    rf"\b(?:have|let)\s+{_WHO}{_NOT_TOLD}\s+(?:to\s+)?",
    rf"\b(?:ask|get|tell|ping|remind|nudge|tag|tagging)\s+{_WHO}\s+to\s+(?!(?:the|a|an|our|my|your|this|that)\b)",
    rf"\b(?:need|want|(?:i|we)(?:'?d|\s+would)\s+like)\s+(?P<cut>{_WHO})\s+to\s+",
    rf"\bassign(?P<cut>\s++{_WHO}\s++to)\s++(?:the|this|that|it|our)\b",
    rf"\bassign(?:ed)?\s++(?:to\s++)?[\w-]{{1,30}}:\s*+{_WHO}",
    rf"\b(?:please\s+)?assign\s++{_WHO}(?![\w-]|\.\w|\s++{_ROUTED})(?:\s++(?:to|on|for)(?=\s++[a-z]))?"
    rf"(?!\s*+(?:\S+\s+){{0,6}}?(?:to|with)\s+\S+@)",
    rf"\bassign\s++(?:(?!{_ROUTED}|to\b)[\w'-]++\s++){{1,7}}?(?P<cut>to\s++{_WHO})",
    rf"\bput(?:ting)?\s+{_WHO}\s+on\s+",
    rf"\b(?:on|onto|to)\s+{_WHO}['\u2019]s\s+(?:plate|desk|list|queue|radar|to-?do)",
    rf"\b(?:could|can|would|will)\s+{_WHO}\s+(?:please\s+)?(?:be\s+able\s+to\s+)?",
    rf"(?:\s*+[-,;\u2013\u2014]\s*+)?{_OPINION}{_WHO}\s+{_BEST_PLACED}(?:\s+for\s+(?:this|it|that|the\s+job)(?:\s+one)?)?",
    rf"(?:\s*+[-,;\u2013\u2014]\s*+)?{_OPINION}{_WHO}\s+{_TAKES}(?:\s+(?:this|it|that)(?:\s+one)?\b|(?=\s*+(?:[,;.!]|$)))",
    rf"\b{_TAKES}\s+(?:this|it|that)(?:\s+one)?\s*+[:\-\u2013\u2014]\s*+{_WHO}",
    rf"\bfor\s+@?(?P<who>{EMAIL})",
    rf"^\W*+(?:to|attn|attention)\b\s*+:?\s*+{_WHO}\s*+[:,\-\u2013\u2014]",
    rf"^\W*+(?:{_GREETING}\s++)?{_WHO}(?:\s*+[,:\-\u2013\u2014]|(?=\s+{_ASKING}))",
    rf"^[^\w@]*+(?:{_GREETING}\s++)?@(?P<who>{_MENTION})(?=\s++(?!{_NOT_ORDERED})[a-z]{{2,}}+\s)",
    rf"{_TURN}(?:{_GREETING}\s++)?{_WHO}(?=\s+{_ASKING})",
    rf"\s*+[,\-\u2013\u2014]\s*+@(?P<who>{_MENTION})(?:\s++(?:please|pls|plz|thanks|thx|ty))?\s*+[?.!]*\s*+$",
    rf"(?:^|[.!?]\s)(?:(?!\b(?:to|cc|from|with)\b)[^.?!@])*?(?P<cut>,\s*+(?P<who>{EMAIL}))\s*+\?",
    rf"(?:^|\s)(?:/|--|\u00b7|\|)\s*+(?P<who>{EMAIL})\s*+(?:/|--|\u00b7|\|)",
    rf"{_WHO}\s*+,?\s*+(?:please|pls|can\s+you|could\s+you)\s+(?:take|own|handle|grab)\s+(?:this|it|that)(?:\s+one)?\b",
)
"""Assignment clauses, the most explicit first; then the one the request speaks to: an address or @handle first
("dana@... can you ...?") or after a turn, an @handle last ("..., @jonas?"; an address there is more often where
the work goes: "send the deck to the agency - partners@..."), and last anyone asked to take it ("..., dana@...
please take it")."""


def assignee_hint(text: str) -> tuple[str, tuple[int, int]] | None:
    """The hinted assignee and the span of its clause (so the title leaves it out), or None. In "assign the nurture
    sequence to ..." only "to ..." is cut: the work stays. A name or @handle with its address beside it is read as
    the address, which the service can look up; an address is read in lower case, as it is stored, however it
    is written ("assign to LEO@Example.com")."""
    read = _addresses_for_names(text)
    for pattern in _PATTERNS:
        m = re.search(pattern, read, re.I)
        if m:
            start, end = m.span("cut") if "cut" in m.groupdict() else m.span()
            closed = re.match(r"\s*+[)>]", text[end:])
            if closed and read[end : end + closed.end()].isspace():
                end += closed.end()  # the parenthesis around an address read in its name's place
            who = m.group("who").rstrip(".")
            return (who.lower() if "@" in who else _address_of(who, read) or who), (start, end)
    return None


def _first_name(said: str) -> str:
    """The first part of a handle or of an address's local part: "hugo" of "@hugo" and of "hugo.l@..."."""
    return re.split(r"[._+-]", said.lower().partition("@")[0], maxsplit=1)[0]


def greeted(message: str, text: str) -> tuple[str, tuple[int, int]] | None:
    """The address of the one a message greets by name ("Hi Marco, ... could you handle ... (marco.r@...)?"), in
    `text` (the message framed, its greeting set aside): the one whose local part starts with that name, unless the
    work goes to it ("send it to marco@..."). Asked after every assignment clause failed."""
    greeting = re.match(r"\W*+(?i:hi|hey|hello|dear|morning|hiya)\s++(?P<name>[A-Z][a-z]{1,30})\b", message)
    if greeting is None:
        return None
    for m in re.finditer(EMAIL, text):
        before = text[max(0, m.start() - 30) : m.start()].lower()
        if _first_name(m.group(0)) == greeting.group("name").lower() and not re.search(
            r"\b(?:to|cc|from|with|at|via|contact|email|reply)\W*+$", before
        ):
            return m.group(0).lower(), m.span()
    return None


def _address_of(handle: str, text: str) -> str | None:
    """The address a message gives elsewhere for the @handle it names ("@sam pls build ... (sam.okafor@...)", "@jules
    can u ...? jules@..."): the one whose local part starts with the handle's first name, in lower case."""
    name = _first_name(handle)
    return next((m.group(0).lower() for m in re.finditer(EMAIL, text) if _first_name(m.group(0)) == name), None)


def _addresses_for_names(text: str) -> str:
    """The text with each name or @handle that has its address beside it ("@aisha (aisha.n@example.com)", "Ana
    (ana@example.com)", "Ana Ruiz <ana@example.com>", "@kenji - kenji@example.com") blanked to spaces, so that the
    address stands where the name stood and every offset stays. A capitalised name is taken only before an address
    in parentheses or angle brackets: after a dash or a colon it is more often a label ("Task: ...")."""
    if "@" not in text:
        return text
    out, pos = [], 0
    for m in re.finditer(_BESIDE, text):
        if m.start() < pos:
            continue
        opened = m.group("sep").strip()[:1] in ("(", "<")
        named = _name_before(text, m.start(), handle_only=not opened)
        if named is None or (opened and not m.group("close")):
            continue
        if not m.group("sep").strip() and _first_name(text[named + 1 : m.start()]) != _first_name(m.group("address")):
            continue  # "@hugo hugo.l@...": only an address that is the handle's, beside it without a mark
        out += [text[pos:named], " " * (m.start("address") - named), m.group("address")]
        pos = m.end("address")
        if m.group("close"):
            out.append(" " * (m.end() - pos))
            pos = m.end()
    out.append(text[pos:])
    return "".join(out)


def _name_before(text: str, at: int, *, handle_only: bool) -> int | None:
    """Where the @handle or name that ends at `at` starts, or None."""
    m = re.search(rf"(?:{_NAMED})$", text[max(0, at - 64) : at]) if not handle_only else None
    handle = re.search(r"@[\w][\w.-]{0,63}$", text[max(0, at - 65) : at])
    found = handle or m
    if found is None:
        return None
    start = max(0, at - (65 if handle else 64)) + found.start()
    return start
