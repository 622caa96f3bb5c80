"""The default detector: offline, deterministic rules over the request text.

It runs on every message request (`/ai/execute` with a `message`, and each such batch item) and is imported on
the first one, so it must be fast and cheap to import (stdlib `re` and dateutil only, patterns compiled on first
use) and it must generalise beyond the examples. It reads a request the way a person does:

1. the frame: an email's greeting and sign-off set aside, typos in the deciding words read as meant;
2. the phrases: assignee, priority (negations included) and deadline, each date attached to what it modifies;
3. the mood of each clause (mood.py): is anything asked for, or is it thanks, news, a report or a question?
4. only then the nouns, in the sentences that ask (scoring.py): which category the object of the work names,
   with product names read as names (names.py), and its channel, kind or segment rule.

Whether anything is asked, and the category, are read a second time by a model learned from every labelled
request (learned.py); it overrules the rules only when it is sure and they disagree.
"""

import re
from datetime import date
from typing import NamedTuple

from taskexec.detection import learned, text
from taskexec.detection.ask_context import (
    ACTS_ON_IT,
    ACTS_ON_ONE,
    ASKS_FOR_HELP,
    BARE_ANALYSIS,
    LAUNCH_WORK,
    LAUNCHED,
    NAMED_SUBJECT,
    POINTS_BACK,
    PRONOUN_ONLY,
    PURPOSE_LEAD,
    REQUEST_INSIDE,
    SPEAKER_ONLY,
    for_the_occasion,
    goal,
    with_purpose,
)
from taskexec.detection.assignee import assignee_hint
from taskexec.detection.deadlines import only_cut, work_deadlines
from taskexec.detection.mood import DUE_STATED, Mood, clause_mood
from taskexec.detection.names import masked
from taskexec.detection.openings import REPORT_LABEL, RESOLVED
from taskexec.detection.referents import NAME, NAMED_PHRASE, REFERS_INSIDE, with_referent
from taskexec.detection.scoring import best_category, category_scores, labelled
from taskexec.detection.sentence_mood import asks_for_work, reasons_given, sentence_moods, settle
from taskexec.detection.spelling import as_written, corrected
from taskexec.detection.task_types import campaign_channel, segment_rule, workflow_kind
from taskexec.domain.detector import SUGGESTION, Detection
from taskexec.domain.due_dates import DueMatch, due_matches
from taskexec.domain.priorities import PriorityMatch, priority_matches
from taskexec.domain.vocabulary import Category, Priority

_PASSIVE = r"\b(?:was|were|has\s+been|have\s+been|got)\s+(?:\w+ly\s+)?[a-z]+ed\b"
_TOLD = frozenset({Mood.FYI, Mood.QUESTION, Mood.THANKS, Mood.CHAT, Mood.ANNOUNCED})
"""Clauses whose priority words qualify what they tell or ask about, not work."""
_ORDERS_WORK = r"\W*(?:(?:please|pls|kindly|can\s+you|could\s+you)\s+)?(?:assign|re-?assign|delegate|hand|give)\b"
"""An order to assign ("Please assign to <address>: <the work>"): the work it names after it is asked for."""
_TRIGGER = (
    r"\s*(?P<when>(?:if|when|whenever|once|as\s+soon\s+as|after)\s[^,;.:]{3,80}?|[^,;.:>\u2192]{3,40}?(?=\s*(?:-+>|=>|\u2192)))"
    r"\s*(?:[,;]|-+>|=>|\u2192)"
)
_TRIGGER_NAMED = r"\s*(?P<when>[^,;.:]{3,80}?)\s*[,;]"
"""The trigger a workflow's label introduces, before what it does: "when a lead scores above 80, ..."."""
_LABEL = r"\s*+(?P<label>(?:[\w'&/#-]+\s+){0,7}[\w'&/#-]+\s*+(?::|(?<=\s)[-\u2013\u2014|]\s|[\u2013\u2014|]))"
"""A message's opening label ("Workflow for order confirmations: ...", "Automation - trigger: ..."): it names the
work even when a trigger clause stands between it and the request (category scoring reads it)."""


class _Reading(NamedTuple):
    """The message read once: its phrases, its sentences and clauses, and the mood of each clause."""

    framed: str
    written: dict[str, str]
    assignee: str | None
    priorities: list[PriorityMatch]
    dues: list[DueMatch]
    blanked: str
    sentences: list[list[tuple[text.Span, Mood]]]


class RulesDetector:
    """Offline detection from the text's mood, shape and vocabulary; never raises on any input."""

    name = "rules"

    def detect(self, message: str, today: date) -> Detection:
        reading = _read(message, today)
        asking = [i for i, clauses in enumerate(reading.sentences) if any(m is Mood.ASK for _, m in clauses)]
        nominal = [i for i, c in enumerate(reading.sentences) if any(m is Mood.NOMINAL for _, m in c)]
        focus = asking or nominal or list(range(len(reading.sentences)))
        cores = [_core(reading, i) for i in focus]
        scored = " ".join(masked(core) for core in cores)
        label = re.match(_LABEL, reading.blanked)
        opening = label.group("label") if label and not " ".join(cores).startswith(label.group("label")) else ""
        named = masked(opening)
        scores = category_scores(scored, named)
        best = max(scores.values())
        dues = work_deadlines(reading.framed, reading.blanked, reading.sentences, reading.dues, asking)
        signal = bool(reading.priorities or dues or reading.assignee)
        moods = [m for clauses in reading.sentences for _, m in clauses]
        told = [
            span
            for clauses in reading.sentences
            for span, m in clauses
            if m in _TOLD or _reports_past(reading, span, m)
        ]
        if not learned.asks_for_work(
            message,
            asks_for_work(
                moods,
                named_work=best >= 3 and not _opens_with_question(reading),
                terse_signal=best > 0 and signal,
                urgent=any(
                    p.priority in (Priority.HIGH, Priority.URGENT) and not any(s <= p.start < e for s, e in told)
                    for p in reading.priorities
                ),  # "Ping me on Slack if something is critical": the urgency of whom to reach, not of any work
                resolved=re.search(RESOLVED, reading.framed, re.I) is not None,
                reported=_reported(reading),
            ),
        ):
            return Detection(is_task=False, suggestion=SUGGESTION, detector=self.name)
        if best <= 0:  # "Please to send it next week": the work is named only around the ask
            scores = category_scores(masked(text.tidy(reading.blanked)))
        category = learned.category(message, best_category(scores))
        core = (
            next(
                (c for c in cores if c and not re.search(ASKS_FOR_HELP, c, re.I) and not goal(c, cores)),
                cores[0],
            )
            if cores
            else ""
        )
        core = for_the_occasion(core, reading.blanked)
        if named and labelled(named) is category:
            core = _under_label(opening, core, reading.blanked)  # the label names the work: the title keeps it
        work = " ".join(cores)
        return Detection(
            is_task=True,
            category=category,
            channel=campaign_channel(work, reading.framed) if category is Category.CAMPAIGN else None,
            kind=workflow_kind(work, reading.framed) if category is Category.WORKFLOW else None,
            segment_rule=segment_rule(work) if category is Category.SEGMENT else None,
            title=as_written(text.title(core), reading.written),
            description=text.sentence(text.strip_wrappers(" ".join(text.frame(message).split()))),
            priority=reading.priorities[0].priority if reading.priorities else None,
            due_date=dues[0].due if dues else None,
            assignee_hint=reading.assignee,
            detector=self.name,
        )


def _read(message: str, today: date) -> _Reading:
    framed, written = corrected(text.frame(message))
    hint = assignee_hint(framed)
    priorities = priority_matches(framed)
    dues = due_matches(framed, today)
    spans = [(p.start, p.end) for p in priorities] + [(d.start, d.end) for d in dues]
    if hint:
        spans.append(hint[1])
        if "@" in hint[0]:  # the address of an @handle, given apart from it ("@ken pls build ... (ken.ito@...)")
            spans += [m.span() for m in re.finditer(re.escape(hint[0]), framed, re.I) if m.start() >= hint[1][1]]
    blanked = text.blank(framed, spans)
    clauses, moods = [], []
    questions: list[bool] = []  # whether each sentence so far asked a question and no work
    for sentence in text.sentences(framed):
        asked = framed[sentence[0] : sentence[1]].rstrip().endswith("?")
        spans = text.clauses(framed, sentence)
        if spans:
            clauses.append(spans)
            steps = len(re.findall(r"\s(?:-+>|=>|\u2192)\s", framed[sentence[0] : sentence[1]])) > 1
            said = [blanked[start:end].lower() for start, end in spans]
            moods.append(reasons_given(said, sentence_moods(said, asked, steps), bool(questions) and questions[-1]))
            questions.append(asked and Mood.ASK not in moods[-1])
    sentences = [list(zip(s, m, strict=True)) for s, m in zip(clauses, settle(moods), strict=True)]
    if hint and sentences:
        _assigned_work(framed, hint[1][1], sentences[0])
    return _Reading(framed, written, hint[0] if hint else None, priorities, dues, blanked, sentences)


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


def _opens_with_question(reading: _Reading) -> bool:
    """Whether the message ends with a question mark or its opening sentence does ("is it possible to send WhatsApp
    messages to Germany? asking for information only"): a question names work without asking for it."""
    opening = next((s for s in reading.sentences if any(m is not Mood.NOTHING for _, m in s)), None)
    end = opening[-1][0][1] if opening else 0
    return reading.framed.rstrip().endswith("?") or reading.framed[end : end + 3].lstrip().startswith("?")


def _reports_past(reading: _Reading, span: text.Span, mood: Mood) -> bool:
    """A statement of what was done to something ("MKT-402 was assigned to ... with priority High"): a priority in it
    is the thing's, reported, not the urgency of any work."""
    return mood is Mood.STATEMENT and re.search(_PASSIVE, reading.framed[span[0] : span[1]], re.I) is not None


def _reported(reading: _Reading) -> bool:
    """Whether the message opens with a report's label ("Q4 recap", "Weekly Marketing Digest") before news: a
    statement of some length or an announcement ("Post-mortem summary: the provider rejected all messages ...")."""
    said = [(span, m) for clauses in reading.sentences for span, m in clauses if m is not Mood.NOTHING]
    label = re.fullmatch(REPORT_LABEL, reading.blanked[said[0][0][0] : said[0][0][1]].strip(), re.I) if said else None
    if label is None:
        return False
    if re.search(r"\bof\s+the\s+(?:day|week|month)$", label.group(0), re.I):
        return True  # a recurring feature: "Customer feedback of the week: '...'"
    figures = sum(re.search(r"\d", reading.blanked[s:e]) is not None for (s, e), _ in said[1:])
    return figures > 1 or any(
        m is Mood.FYI or (m is Mood.STATEMENT and len(reading.blanked[s:e].split()) >= 3) for (s, e), m in said[1:]
    )


def _assigned_work(framed: str, cut: int, opening: list[tuple[text.Span, Mood]]) -> None:
    """A message that opens with an order to assign ("Please assign to <address>: a dashboard tracking ...") asks for
    the work it names next, however that is worded: the first clause after the cut assignee phrase asks."""
    if not re.match(_ORDERS_WORK, framed[opening[0][0][0] : cut], re.I):
        return
    said = next((i for i, ((start, end), _) in enumerate(opening) if start >= cut and framed[start:end].strip()), None)
    if said is not None and opening[said][1] in (Mood.STATEMENT, Mood.NOMINAL):
        opening[said] = (opening[said][0], Mood.ASK)


def _core(reading: _Reading, index: int) -> str:
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
        pointed = bare or re.match(ACTS_ON_ONE, core, re.I) is not None  # "Why no win-back flow? Build one?"
        why = re.match(r"(?:why|how)\b", _said(reading, at), re.I) is not None  # "Why did X drop? Dig into it"
        named = (Mood.STATEMENT, Mood.NOMINAL, Mood.QUESTION) if pointed or why else (Mood.STATEMENT, Mood.NOMINAL)
        if re.search(ASKS_FOR_HELP, _said(reading, at), re.I):
            named = (
                *named,
                Mood.ASK,
            )  # "Sales keeps asking for a one-pager comparing us with X. Could someone write it?"
        if refers_inside:  # "... hours at the Harbor Dental clinics. Can we set up an SMS announcing them?"
            return with_referent(core, _said(reading, at))
        if any(m in named for _, m in before):
            context = _said(reading, at)
            parts = [p for p in re.split(r"\s(?:and|so|but)\s", context) if len(p.split()) >= 4]
            names = [p for p in parts if re.search(NAME, p)]
            nearest = (names or parts or [context])[-1]  # what a pronoun points to was named last, a name most of all
            core = f"{text.strip_wrappers(nearest)} - {core}"
    return core


def _story_naming(reading: _Reading, before: list[tuple[text.Span, Mood]], work: str) -> str:
    """The statement right before the work that names the thing the work acts on by its common noun only ("our
    Braze to Snowflake export keeps timing out, someone please look at the connector"), or "" when there is none."""
    if not before or before[-1][1] is not Mood.STATEMENT or re.search(NAME, f" {work[:1].lower()}{work[1:]}"):
        return ""
    said = reading.blanked[before[-1][0][0] : before[-1][0][1]]
    if not re.search(r"\bthe\s+[a-z][\w-]*", work):
        return ""
    return said if re.search(NAMED_PHRASE, said) else ""


def _named_tool(reading: _Reading, before: list[tuple[text.Span, Mood]], work: str) -> str:
    """The tool a story right before the work opens with ("Iterable keeps rejecting our updates; sort out the rate
    limiting"), when the work acts on "the <thing>" and names none itself; "" otherwise."""
    if not before or before[-1][1] is not Mood.STATEMENT or re.search(NAME, f" {work[:1].lower()}{work[1:]}"):
        return ""
    tool = re.match(NAMED_SUBJECT, reading.blanked[before[-1][0][0] : before[-1][0][1]])
    return tool.group("name") if tool and re.search(r"\bthe\s+[a-z][\w-]*", work) else ""


def _launched(reading: _Reading, before: list[tuple[text.Span, Mood]], core: str) -> str:
    """What a launch, an announcement or a teaser in the work is of: the thing the statement right before says
    launches, opens or goes live ("Our autumn menu goes live on Monday. Could you draft the launch post?")."""
    if not before or before[-1][1] is not Mood.STATEMENT or not re.search(LAUNCH_WORK, core, re.I):
        return ""
    said = reading.blanked[before[0][0][0] : before[-1][0][1]]
    found = re.search(LAUNCHED, said, re.I)
    if not found or found.group("np").lower() in core.lower():
        return ""
    return re.sub(r"^\w+", lambda m: m.group(0).lower(), found.group("np"))


def _list_label(reading: _Reading, at: int, index: int) -> int:
    """The label a list of short items hangs from ("Mailchimp -> Klaviyo migration:\n- contacts\n- tags\n...
    by end of month"): what the items and the request after them belong to, else `at`."""
    for j in range(index - 1, max(-1, index - 8), -1):
        said = _said(reading, j)
        if said.endswith(":") and len(said.split()) >= 2:
            return j
        if len(said.split()) >= 6:
            return at
    return at


def _said(reading: _Reading, index: int) -> str:
    clauses = reading.sentences[index]
    return text.tidy(reading.blanked[clauses[0][0][0] : clauses[-1][0][1]])


def _blank(reading: _Reading, span: text.Span) -> bool:
    """Whether a clause held only a phrase that was cut out (a priority, a deadline, an assignee)."""
    return only_cut(reading.blanked, span)
