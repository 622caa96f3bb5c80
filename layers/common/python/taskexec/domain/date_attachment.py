"""What a date phrase in a request is attached to: the deadline of the work, or something the request describes.

"Build a segment of customers who bought in the last 30 days by Friday" holds two date phrases: the first
describes the customers, the second is when the segment is due. A date after a look-back preposition ("orders
since March 3"), inside a clause about someone or something else ("customers who bought before June 1", "the
email we sent on Monday", "members that the pool reopens on Monday") or in an aside in parentheses describes;
one introduced by "by", "due" or "until" is always a deadline. Everything here reads a bounded window of words
around each date, found once per message, so the cost stays linear in the text.
"""

import re
from bisect import bisect_left, bisect_right
from typing import NamedTuple, Self

from taskexec.domain.wording import PEOPLE, PERFECT_NEGATIONS, is_past_form

# Relative clauses ("customers who bought twice in 90 days"), look-backs ("in the past 30 days"), what people
# lack ("accounts with no logins in 30 days") and a trigger's condition ("tag contacts when they open 3 emails in
# a week", "if a lead visits twice within 2 days") talk about the subject, not the deadline; a condition on the
# one asked ("if you can, in 3 days") does not. "that" right before the amount is a pronoun ("a campaign for that
# in 3 days"), not a clause about something.
_LOOKBACK = (
    r"\b(?:who|whom|whose|which|that(?!\s+(?:in|within)\b)|haven'?t|hasn'?t|didn'?t|never|last|past|previous|every|each|per|after|"
    r"no(?!\s+(?:later|rush|hurry|pressure|need|sooner)\b)|(?:matur|end|expir|renew|laps)ing|"
    r"over(?=\s+(?:the|a|an)\b)|ago|since|without|with\s+(?:no|zero)|(?:when|whenever|if|once|unless)(?=\s+(?!(?:you|u|we|i|it|"
    r"possible|poss|needed|necessary|ready|done|approved)\b)[a-z]))\b"
)
_CLAUSE_BREAK = r"[,;:.!?()\u2013\u2014]|\s(?:and|then|but)\s|\s-\s"
_SENTENCE_BREAK = r"[.!?\n]"
STRONG_CUE = r"(?:due|deadline|by|no\s+later\s+than|until|till|til)\b"
"""Cues that only ever introduce a deadline: "by Friday" is one even after "customers who ..."."""
_ASKERS = frozenset({"please", "pls", "kindly", "you", "u", "someone", "somebody", "we", "i", "just"})
"""Words before a request's verb: "please prepare that ...", "can someone get that ..."."""
_OPENS_WITH_VERB = rf"(?:[,;:.!?(\n\u2013\u2014]|\b(?:{'|'.join(sorted(_ASKERS))}))\s*+[a-z]+\s+$"
"""A request's verb right before "that": "Please prepare that ...", "can someone get that ..."."""
_FINISHED = (
    r"(?<!\bwent\s)(?<!\bwas\s)(?<!\bwere\s)(?<!\bis\s)(?<!\bare\s)(?<!\bbe\s)"
    r"\b(?:ready|live|done|finished|complete|in\s+place|wrapped\s+up|good\s+to\s+go)\s*+$"
)
"""The work's completion right before a date ("have the journey ready tomorrow", "need it live eom"): the date is
when it is due. After a verb ("went live on Monday", "is ready on Friday") it says when something was or is."""
_COPULA = frozenset({"is", "are", "was", "were", "isn't", "aren't"})
_SCHEDULED = frozenset({"scheduled", "planned", "set", "booked", "slated", "happening", "coming", "up"})
_WANTED = frozenset(
    {"needed", "required", "wanted", "expected", "requested", "due", "ready", "live", "done", "finished", "complete"}
    | {"fine", "ok", "okay", "good", "great", "best", "ideal", "perfect", "possible", "to", "be", "needs"}
)
"""After "is", these say when the work is wanted ("the deck is needed Friday", "it is due Friday"), not what is so
on that day."""
_ENSURE = frozenset({"ensure", "sure", "confirm", "check"})
"""Before "... is <state> <date>", these make the state the one the work must reach ("make sure the sync is
re-enabled today")."""
_DEADLINE_NOUNS = frozenset({"deadline", "due", "eta", "target", "cutoff", "cut-off", "go-live", "turnaround"})
_LOOKBACK_PREPOSITIONS = frozenset({"since", "from", "during", "after", "through", "throughout", "between"})
"""A date right after one of these is a period the request describes ("orders since March 3"), not a deadline."""
_WHEN_IT_HAPPENED = frozenset({"after", "since", "during", "following", "throughout"})
"""A clause these open says when something else happened ("after the call this morning, ..."); a date in it is
that event's."""
_SUBJECT_MATTER = frozenset({"about", "regarding", "announcing", "promoting", "advertising", "celebrating"})
"""After these, "on Saturday" is when the thing talked about happens ("about the private sale on Saturday")."""
_RELATIVE = frozenset({"who", "whom", "whose", "that", "which"})
_ARTICLES = frozenset({"a", "an", "the", "our", "their", "your", "my", "this", "that"})
_SUBJECTS = frozenset({"we", "they", "you", "i", "he", "she"})
_BOOKED = frozenset(
    {
        "appointment",
        "booking",
        "reservation",
        "class",
        "classe",
        "session",
        "visit",
        "order",
        "renewal",
        "trial",
        "meeting",
        "call",
        "delivery",
        "event",
        "flight",
        "stay",
        "check-in",
        "consultation",
        "lesson",
        "shift",
    }
)
"""Things people have on a day ("customers with an appointment tomorrow"): a date after them is theirs."""
_CONTEXT_CHARS = 120
"""How far back a date's context is read: a dozen words, so each date costs the same however long the text."""


class Clauses(NamedTuple):
    """Clause and sentence breaks, look-back words and parentheses of one message, found once, so that each
    date costs a lookup."""

    break_ends: list[int]
    sentence_ends: list[int]
    lookback_starts: list[int]
    opens: list[int]
    closes: list[int]

    @classmethod
    def of(cls, text: str) -> Self:
        return cls(
            [m.end() for m in re.finditer(_CLAUSE_BREAK, text, re.IGNORECASE)],
            [m.end() for m in re.finditer(_SENTENCE_BREAK, text)],
            [m.start() for m in re.finditer(_LOOKBACK, text, re.IGNORECASE) if not _demonstrative(text, m)],
            [i for i, c in enumerate(text) if c == "("],
            [i for i, c in enumerate(text) if c == ")"],
        )

    def clause_start(self, at: int) -> int:
        before = bisect_right(self.break_ends, at)
        return self.break_ends[before - 1] if before else 0

    def sentence_start(self, at: int) -> int:
        before = bisect_right(self.sentence_ends, at)
        return self.sentence_ends[before - 1] if before else 0

    def looks_back(self, at: int) -> bool:
        """Whether the clause that ends at `at` has a look-back word ("in the past", "customers who")."""
        first = bisect_left(self.lookback_starts, self.clause_start(at))
        return first < len(self.lookback_starts) and self.lookback_starts[first] < at

    def states_when(self, text: str, at: int) -> bool:
        """Whether the clause before `at` says when something is ("the review is in two weeks")."""
        return _says_when(_words_before(text, at, self.clause_start(at)))

    def in_parentheses(self, at: int) -> bool:
        """Whether `at` is inside an aside: "segment of dormant accounts (no purchase in 180 days)"."""
        opened = bisect_left(self.opens, at)
        if not opened:
            return False
        return bisect_left(self.closes, at) == bisect_left(self.closes, self.opens[opened - 1])


def _demonstrative(text: str, m: re.Match[str]) -> bool:
    """Whether a look-back "that" points at the work's own object ("Please prepare that segment in 3 days", "could
    someone get that campaign scheduled before ..."): right after a verb that opens the request, and before a noun
    rather than a past verb ("customers that bought ...")."""
    if m.group(0).lower() != "that":
        return False
    after = re.match(r"\s+([a-z'-]+)", text[m.end() : m.end() + 40], re.IGNORECASE)
    if after is None or is_past_form(after.group(1).lower()):
        return False
    before = text[max(0, m.start() - 40) : m.start()]
    return re.search(_OPENS_WITH_VERB, before if m.start() > 40 else f"\n{before}", re.IGNORECASE) is not None


def _words_before(text: str, at: int, start: int) -> list[str]:
    """The last words before `at` (from `start` on, at most _CONTEXT_CHARS back), lower case."""
    return re.findall(r"[a-z]+(?:'[a-z]+)?", text[max(start, at - _CONTEXT_CHARS) : at].lower())


def describes_something_else(text: str, m: re.Match[str], clauses: Clauses) -> bool:
    """Whether a date phrase without a deadline cue belongs to what the request is about, not to when it is due.

    "orders since March 3", "customers who bought before June 1", "members that the pool reopens on Monday",
    "the email we sent on Monday" and an aside in parentheses all describe something; "by Friday" never does.
    """
    phrase = m.group(0).lower()
    if re.match(STRONG_CUE, phrase):
        return False
    if clauses.in_parentheses(m.start()):
        return True
    if re.match(r"\s*+only\b", text[m.end() : m.end() + 8], re.IGNORECASE):
        return True  # "20% off this week only", "free delivery on Saturday only": an offer's window, not the work's
    if re.search(_FINISHED, text[max(0, m.start() - 40) : m.start()], re.IGNORECASE):
        return False  # "a win-back journey for lapsed subscribers ready tomorrow": the work's own completion
    sentence = _words_before(text, m.start(), clauses.sentence_start(m.start()))
    if (sentence[-1:] == ["and"] and "between" in sentence[-8:]) or (
        sentence[-1:] == ["to"] and "from" in sentence[-8:]
    ):
        return True  # "between March 1 and March 31", "signups from 6/1 to 6/15"
    words = _words_before(text, m.start(), clauses.clause_start(m.start()))
    if (words[-1:] and words[-1] in _LOOKBACK_PREPOSITIONS) or words[-2:] == ["as", "of"]:
        return True
    if words[:1] and words[0] in _WHEN_IT_HAPPENED and clauses.clause_start(m.start()) > m.start() - _CONTEXT_CHARS:
        return True  # "So, after a long discussion in the growth sync this morning, ...": when that happened
    if phrase.startswith("on ") and (any(w in _SUBJECT_MATTER for w in words) or _invited_to(words)):
        return True  # "text our VIPs a heads-up about the private sale on Saturday": the sale's day
    if _says_when(words):
        return True
    if "because" in words or "cause" in words:
        return True  # "priority is high because finance reconciles on Monday": the reason's day, not the work's
    return _in_relative_clause(words)


def _invited_to(words: list[str]) -> bool:
    """Whether the words before "on <date>" invite people to something ("inviting members to the open house",
    "an invitation for the tasting evening"): the date is the day of what they are invited to, not of the work."""
    invited = next((i for i, w in enumerate(words) if w.startswith("invit")), None)
    return invited is not None and any(w in ("to", "for") for w in words[invited + 1 :])


def _says_when(words: list[str]) -> bool:
    """Whether the words before a date say when something is, rather than when work is due: "the exec review is
    in two weeks", "the launch is scheduled for next Tuesday", what is so on that day ("delivery is free this week",
    "the store is open late tomorrow"). "The deadline is next Wednesday" and "the deck is needed Friday" are
    deadlines."""
    at = len(words)
    while at and words[at - 1] in _SCHEDULED:
        at -= 1
    for said in (0, 1, 2):  # "delivery is free this week", "the gym is closed on Friday", "is open late tomorrow"
        copula = at - 1 - said
        if copula >= 0 and words[copula] in _COPULA and not _WANTED.intersection(words[copula + 1 : at]):
            return not any(w in _DEADLINE_NOUNS or w in _ENSURE for w in words[:copula])
    return False


def _one_phrase(words: list[str]) -> bool:
    """Whether the words after "with" are one noun phrase: "a class booked", not "unpaid invoices a reminder"."""
    return not any(w in _ARTICLES for w in words[1:])


def _what_they_have(words: list[str]) -> bool:
    """Whether the words after "people with" say what those people have ("appointments next Monday", "a class
    booked tomorrow") rather than what the work comes with ("non-openers with a new subject line tomorrow")."""
    if not _one_phrase(words):
        return False
    if words[:1] and words[0] in ("a", "an", "the", "our", "this", "that", "your", "my"):
        return any(is_past_form(w) or {w, w[:-1], w[:-2]} & _BOOKED for w in words[1:])
    return True


def _in_relative_clause(words: list[str]) -> bool:
    """Whether the words before a date end inside a clause about someone or something else: "customers who ...",
    "the email we sent ...", "members that the pool reopens ...", "orders that shipped ..."."""
    past = False
    for i in range(len(words) - 1, -1, -1):
        word = words[i]
        if word in ("who", "whom", "whose") or (
            word == "with" and i and words[i - 1] in PEOPLE and _what_they_have(words[i + 1 :])
        ):
            return True  # "customers who ...", "patients with appointments next Monday"
        if i and words[i - 1] in PEOPLE and is_past_form(word):
            return True  # "everyone booked for Saturday cleanings", "members enrolled on Monday"
        if (
            word == "that"
            and i
            and (i == 1 or words[i - 2] in _ASKERS)
            and not is_past_form(" ".join(words[i + 1 : i + 2]))
        ):
            continue  # "could someone get that campaign scheduled before ...": "that" points at the work's object
        if word in _RELATIVE and (past or (i and words[i - 1] in PEOPLE)):
            return True
        if word in _SUBJECTS and past:
            return True
        past = past or is_past_form(word) or word in PERFECT_NEGATIONS
    return False
