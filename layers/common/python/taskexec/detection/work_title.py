"""The work a request asks for, as its title: the asking clause with its wrapper peeled off, the label it hangs
from, and what it points back (or ahead) to when it names its thing only by a pronoun."""

import re

from taskexec.detection import text
from taskexec.detection.ask_context import (
    ACTS_ON_IT,
    ACTS_ON_ONE,
    ASKS_FOR_HELP,
    BARE_ANALYSIS,
    DATA_ONLY,
    LAUNCH_WORK,
    LAUNCHED,
    NAMED_SUBJECT,
    POINTS_AHEAD,
    POINTS_BACK,
    PRONOUN_ONLY,
    PURPOSE_LEAD,
    REQUEST_INSIDE,
    SPEAKER_ONLY,
    SUBJECT_POINTS,
    for_the_occasion,
    goal,
    with_purpose,
)
from taskexec.detection.deadlines import only_cut
from taskexec.detection.mood import DUE_STATED, Mood, clause_mood
from taskexec.detection.names import masked
from taskexec.detection.openings import TOLD_NEED
from taskexec.detection.reading import Reading
from taskexec.detection.referents import NAME, NAMED_PHRASE, REFERS_INSIDE, with_referent
from taskexec.detection.scoring import category_scores

_TRIGGER = (
    r"\s*(?P<when>(?:if|when|whenever|once|as\s+soon\s+as|after)\s[^,;.:]{3,80}?|[^,;.:>\u2192]{3,40}?(?=\s*(?:-+>|=>|\u2192)))"
    r"\s*(?:[,;]|-+>|=>|\u2192)"
)
_TRIGGER_NAMED = r"\s*(?P<when>[^,;.:]{3,80}?)\s*[,;]"
"""The trigger a workflow's label introduces, before what it does: "when a lead scores above 80, ..."."""


def chosen(reading: Reading, cores: list[str], label: str) -> str:
    """The work the title names, from the cores of the sentences that ask: the first that asks for more than help
    and states more than a goal, with the occasion an invitation is for, and under the message's opening `label`
    when that label names the work's category ("" when it does not): the title keeps it."""
    core = next(
        (c for c in cores if c and not re.search(ASKS_FOR_HELP, c, re.I) and not goal(c, cores)),
        cores[0] if cores else "",
    )
    core = for_the_occasion(core, reading.blanked)
    return _under_label(label, core, reading.blanked) if label else core


def _under_label(label: str, core: str, said: str) -> str:
    """The work under its label, with the trigger the label introduces ("workflow: if a Stripe payment fails, wait 1
    day, then ...", "Automation - trigger: pricing-page form submitted; action: ..."): the first title of these that
    fits, else the work alone ("Campaign request from the Oakridge Dental front desk: a reminder SMS campaign for
    patients overdue for ..." names the work without its label)."""
    rest = said[said.find(label) + len(label) :]
    named = re.search(r"trigger\s*:$", label, re.I) is not None
    when = re.match(_TRIGGER_NAMED if named else _TRIGGER, rest, re.I)
    trigger = when.group("when") if when and when.group("when") not in core else ""
    said_as = label.strip()
    titles = [f"{said_as} {trigger}{',;'[named]} {core}"] if trigger else []
    return next((t for t in (*titles, f"{said_as} {core}") if len(t) <= text.MAX_TITLE), core)


def core(reading: Reading, index: int) -> str:
    """The work a sentence asks for, from its first asking clause (or its nominal one), wrapper peeled off.

    Nominal clauses right before it belong to it ("Newsletter for July - draft needs to be in by Wednesday"), and
    so does a statement it refers back to or leans on ("The Stripe webhook keeps failing - fix it", "... is
    broken again, can someone take a look?"); thanks, news and lead-ins do not.
    """
    clauses = reading.sentences[index]
    wanted = next((w for w in (Mood.ASK, Mood.NOMINAL) if any(m is w for _, m in clauses)), None)
    first = next((i for i, (_, m) in enumerate(clauses) if m is wanted or wanted is None), 0)
    asked = reading.blanked[clauses[first][0][0] : clauses[first][0][1]]
    work = text.strip_wrappers(text.tidy(asked))
    refers = len(work.split()) <= 3 or re.search(POINTS_BACK, work, re.I) is not None
    before = clauses[:first] or (reading.sentences[index - 1] if index else [])
    story = "" if refers else _story_naming(reading, before, work)
    asking = first
    kinds = (Mood.NOMINAL, Mood.STATEMENT, Mood.FYI) if refers else (Mood.NOMINAL,)
    at = first
    while at and (clauses[at - 1][1] in kinds or _blank(reading, clauses[at - 1][0])):
        at -= 1  # a clause left blank by a cut phrase ("... newsletter (p1), can you ...") is stepped over
        first = at if clauses[at][1] in kinds else first
    start, end = clauses[first][0][0], clauses[-1][0][1]
    if not refers and len(text.tidy(reading.blanked[start:end])) > text.MAX_TITLE:
        start = clauses[asking][0][0]  # a long lead-in ("Ahead of next month's launch in Berlin, ...") gives way
    inside = re.search(REQUEST_INSIDE, reading.blanked[start : clauses[first][0][1]], re.I)
    purpose = None
    if inside and inside.start():
        lead = reading.blanked[start : start + inside.start()].lower()
        joined = re.search(r"\b(?:and|so|but)\s*$", lead) is not None
        compound = re.fullmatch(r"\s*(?:[\w'&.-]+\s+){1,3}and\s*", lead) is not None  # "zendesk and our platform need"
        if not compound and (
            clause_mood(lead) in (Mood.NOMINAL, Mood.NOTHING)
            or (joined and clause_mood(lead) in (Mood.STATEMENT, Mood.FYI))
        ):
            said = reading.blanked[start : start + inside.start()]
            story = story or (said if joined and re.search(REFERS_INSIDE, reading.blanked[start:end]) else "")
            purpose = re.fullmatch(PURPOSE_LEAD, said, re.I)
            start += inside.start()
    core = text.strip_wrappers(text.tidy(reading.blanked[start:end]))
    label = clauses[0][0] if first and clauses[0][1] is Mood.NOMINAL else None
    if label and re.search(DUE_STATED, asked.lower()) and len(core) < text.MAX_TITLE - 40:
        core = (
            f"{text.tidy(reading.blanked[label[0] : label[1]])}: {core}"  # "Press release for X: ... the draft is due"
        )
    if purpose and purpose.group("what").lower() not in core.lower():
        core = with_purpose(core, purpose.group("what"))
    if story:  # "We're reopening the Denver store and I'd like an email announcing it"
        return with_referent(core, story)
    tool = "" if refers else _named_tool(reading, before, work)
    if tool and len(core) + len(tool) + 5 <= text.MAX_TITLE:
        core = f"{core} for {tool}"
    launched = _launched(reading, before, core) if not tool else ""
    if launched and len(core) + len(launched) + 5 <= text.MAX_TITLE:
        core = f"{core} for {launched}"  # "The spring collection drops on ... build the launch email campaign"
    bare = re.fullmatch(BARE_ANALYSIS, core, re.I) is not None
    points = bool(
        re.fullmatch(PRONOUN_ONLY, core, re.I)
        or re.match(ACTS_ON_IT, core, re.I)
        or len(core.split()) <= 3
        or bare
        or re.match(ACTS_ON_ONE, core, re.I)
        or re.fullmatch(DATA_ONLY, core, re.I)
        or re.match(SUBJECT_POINTS, core, re.I)
    )
    refers_inside = not points and bool(re.search(REFERS_INSIDE, core)) and not re.search(NAME, f" {core}")
    if index and (points or refers_inside):
        at = index - 1
        while (
            at
            and index - at < 3
            and (re.match(SPEAKER_ONLY, _said(reading, at)) or len(_said(reading, at).split()) < 4)
        ):
            at -= 1  # "I had a quick look but it's beyond me. Can someone dig into it?": "it" was named before
        at = _list_label(reading, at, index)
        before = reading.sentences[at]
        # what may name the thing: a statement, a label, a heads-up or a question ("Why did X drop? Dig into it"),
        # and an ask for help ("Sales keeps asking for a one-pager comparing us with X. Could someone write it?")
        named = {Mood.STATEMENT, Mood.NOMINAL, Mood.QUESTION, Mood.FYI}
        if re.search(ASKS_FOR_HELP, _said(reading, at), re.I):
            named.add(Mood.ASK)
        if refers_inside:  # "... hours at the Harbor Dental clinics. Can we set up an SMS announcing them?"
            return with_referent(core, _said(reading, at))
        if any(m in named for _, m in before):
            context = _said(reading, at)
            parts = [p for p in re.split(r"\s(?:and|so|but)\s", context) if len(p.split()) >= 4]
            names = [p for p in parts if re.search(NAME, p)]
            naming_work = [p for p in parts if max(category_scores(masked(p)).values()) > 0]
            # what a pronoun points to was named last: a part with a name most of all, else one naming work
            nearest = (names or naming_work or parts or [context])[-1]
            nearest = text.strip_wrappers(re.sub(rf"^what\s+{TOLD_NEED}\s*", "", nearest, flags=re.I))
            core = f"{nearest} - {core}"
    elif re.match(POINTS_AHEAD, core, re.I) and not any(
        m is not Mood.NOTHING for c in reading.sentences[:index] for _, m in c
    ):
        ahead = _named_ahead(reading, index)
        core = f"{core}: {ahead}" if ahead else core
    return core


def _named_ahead(reading: Reading, index: int) -> str:
    """What a request that opens the message points ahead to ("Fwd: can you sort this? the courier insurance
    certificate expired", "can we get this out to members? ---- Forwarded message ---- ... holiday hours ..."): the
    longest clause of the first sentence after it that states or names something."""
    for clauses in reading.sentences[index + 1 :]:
        told = [reading.blanked[s:e] for (s, e), m in clauses if m in (Mood.STATEMENT, Mood.NOMINAL, Mood.FYI)]
        told = [t for t in told if len(t.split()) >= 3]
        if told:
            return text.tidy(max(told, key=len)).lstrip("^> ")
    return ""


def _story_naming(reading: Reading, before: list[tuple[text.Span, Mood]], work: str) -> str:
    """The statement right before the work that names the thing the work acts on by its common noun only ("our
    Braze to Snowflake export keeps timing out, someone please look at the connector"), or "" when there is none."""
    if not before or before[-1][1] is not Mood.STATEMENT or re.search(NAME, f" {work[:1].lower()}{work[1:]}"):
        return ""
    said = reading.blanked[before[-1][0][0] : before[-1][0][1]]
    if not re.search(r"\bthe\s+[a-z][\w-]*", work):
        return ""
    return said if re.search(NAMED_PHRASE, said) else ""


def _named_tool(reading: Reading, before: list[tuple[text.Span, Mood]], work: str) -> str:
    """The tool a story right before the work opens with ("Iterable keeps rejecting our updates; sort out the rate
    limiting"), when the work acts on "the <thing>" and names none itself; "" otherwise."""
    if not before or before[-1][1] is not Mood.STATEMENT or re.search(NAME, f" {work[:1].lower()}{work[1:]}"):
        return ""
    tool = re.match(NAMED_SUBJECT, reading.blanked[before[-1][0][0] : before[-1][0][1]])
    return tool.group("name") if tool and re.search(r"\bthe\s+[a-z][\w-]*", work) else ""


def _launched(reading: Reading, before: list[tuple[text.Span, Mood]], core: str) -> str:
    """What a launch, an announcement or a teaser in the work is of: the thing the statement right before says
    launches, opens or goes live ("Our autumn menu goes live on Monday. Could you draft the launch post?")."""
    if not before or before[-1][1] is not Mood.STATEMENT or not re.search(LAUNCH_WORK, core, re.I):
        return ""
    said = reading.blanked[before[0][0][0] : before[-1][0][1]]
    found = re.search(LAUNCHED, said, re.I)
    if not found or found.group("np").lower() in core.lower():
        return ""
    return re.sub(r"^\w+", lambda m: m.group(0).lower(), found.group("np"))


def _list_label(reading: Reading, at: int, index: int) -> int:
    """The label a list of short items hangs from ("Mailchimp -> Klaviyo migration:\n- contacts\n- tags\n...
    by end of month"): what the items and the request after them belong to, else `at`."""
    for j in range(index - 1, max(-1, index - 8), -1):
        said = _said(reading, j)
        if said.endswith(":") and len(said.split()) >= 2:
            return j
        if len(said.split()) >= 6:
            return at
    return at


def _said(reading: Reading, index: int) -> str:
    clauses = reading.sentences[index]
    return text.tidy(reading.blanked[clauses[0][0][0] : clauses[-1][0][1]])


def _blank(reading: Reading, span: text.Span) -> bool:
    """Whether a clause held only a phrase that was cut out (a priority, a deadline, an assignee)."""
    return only_cut(reading.blanked, span)
