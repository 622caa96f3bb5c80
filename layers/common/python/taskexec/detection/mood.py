"""Whether a message asks for work, read from the mood of each clause before any of its nouns.

A clause asks for work when it is a request ("Fix the webhook", "please ..."), a need ("we need a list of ..."),
or a question asking for work ("Can you pull ...?", "Any chance someone could ...?"). It does not when it thanks
or praises, announces ("FYI", "heads up"), reports what happened or was done ("Just sent the newsletter", "The
sync failed overnight"), states how things are ("Churn was 2.1%"), or asks for information ("Did the SMS go
out?", "Can you explain ..."). A clause without a finite verb ("SMS to Lisbon subscribers, Friday") is nominal:
the message then asks for work when it opens that way and its words name work.

The phrases each kind of clause opens with are in openings.py. Statements are told from requests by their verb:
a past form, a form of "be" or "have", or a verb after its subject. Clauses about someone else ("customers who
bought ...") are skipped when looking for it.
"""

import re
from enum import StrEnum

from taskexec.detection.clause_words import (
    ADDRESSED,
    ADVERBS,
    ARTICLES,
    COMPOSED,
    DETERMINERS,
    EMBEDDING,
    FIGURE,
    FINITE,
    FORBIDS,
    IN_CASE,
    JOINERS,
    NAMED_ASKED,
    NOT_VERBS,
    NOUN_MARKERS,
    NOUN_VERBS,
    OBJECT_WORDS,
    ONLY_PAST,
    OPTIONS,
    PREPOSITIONS,
    RECALL,
    SCOPE,
    SUBJECT_WORDS,
    WISH,
)
from taskexec.detection.openings import (
    ASKED_QUESTION,
    DEFINED_THING,
    DONE_NEEDED,
    DONE_STATE_WORDS,
    EXPLAIN,
    EXPLAIN_VERBS,
    FINISHED_ITSELF,
    FYI,
    LEAD_IN,
    NO_ACTION,
    NO_REQUEST,
    OPINION,
    POSSIBLE,
    QUESTION,
    REMINDER,
    REQUEST,
    STATE_FOLLOWERS,
    STATUS_NEWS,
    STATUS_TAG,
    STILL_UNDONE,
    THANKS,
    THANKS_IN_ADVANCE,
    THING_QUESTION,
    UNDER_WAY,
    WORK_QUESTION,
    WORK_REQUIRED,
    WOULD_BE_GREAT,
    WRITTEN_FOR_OTHERS,
)
from taskexec.detection.social import (
    AWAY,
    CHITCHAT,
    CONTACT_IN_ONE,
    CONTACT_INSTEAD,
    CONTACT_WHEN,
    INVITATION,
    LATE,
    MEETING,
    MOVED_MEETING,
)
from taskexec.detection.text import CLEFT_NEED, SOCIAL
from taskexec.detection.vocabulary import PARTICLES, VERBS
from taskexec.domain.wording import PERFECT_NEGATIONS, is_past_form


class Mood(StrEnum):
    ASK = "ask"
    NOMINAL = "nominal"
    NOTHING = "nothing"
    THANKS = "thanks"
    FYI = "fyi"
    STATEMENT = "statement"
    QUESTION = "question"
    CHAT = "chat"
    DUTY = "duty"
    """A need stated of a thing ("the newsletter needs a proofread"): it asks, unless the message is news."""
    ANNOUNCED = "announced"
    """An invitation or a note that nothing is to be done ("Everyone's welcome!", "No action items."): what it
    follows is announced, not asked for."""


def clause_mood(clause: str, asked: bool = False) -> Mood:
    """The mood of one clause (lower case, with priority, deadline and assignee phrases blanked out); `asked`:
    its sentence ends with a question mark."""
    text = " ".join(clause.split()).strip(" .!?")
    if not text:
        return Mood.NOTHING
    if re.match(THANKS_IN_ADVANCE, text) or re.match(r"(?:i\s+|we\s+)?(?:would\s+)?appreciate\s+(?:it\s+)?if\b", text):
        return Mood.ASK
    if re.match(THANKS, text):
        return Mood.THANKS
    text = re.sub(SOCIAL, "", text).strip(" .!?,")
    if not text or re.fullmatch(LEAD_IN, text):
        return Mood.NOTHING
    if re.fullmatch(CHITCHAT, text):
        return Mood.CHAT
    if re.match(INVITATION, text):
        return Mood.ANNOUNCED  # before the needs negated: "no sign-up needed" invites
    if any(re.match(told, text) for told in (NO_REQUEST, CONTACT_IN_ONE, CONTACT_WHEN, AWAY, LATE)):
        return Mood.FYI
    if re.match(NO_ACTION, text):
        return Mood.ANNOUNCED
    if asked and re.fullmatch(RECALL, text):
        return Mood.QUESTION  # "Remind me, which plan are we on?": what follows is the question, an answer is wanted
    if re.match(MEETING, text) or re.match(MOVED_MEETING, text):
        return Mood.QUESTION  # "Shall we get together ...", "Can we push our 1:1 ...": answered rather than done
    fyi = re.match(FYI, text)
    label = fyi or re.match(STATUS_TAG, text)
    if label:
        told = text[label.end() :]
        rest = clause_mood(told, asked) if told.strip() else Mood.NOTHING
        asked_for = rest is Mood.ASK and (fyi or re.search(REQUEST, told) or re.match(WORK_QUESTION, told.strip()))
        return Mood.ASK if asked_for else Mood.FYI  # "[Warning] SMS credits below 10%" is the system's news
    tag = re.match(r"\[[^\]]{1,40}\]\s*", text)
    if tag and text[tag.end() :].strip():
        told = text[tag.end() :]
        rest = clause_mood(told, asked)  # "[Zapier] Your Zap ran 48 times": a sender's tag, no verb
        passive = re.search(r"\b(?:was|were|has\s+been|have\s+been|got)\s+[a-z]+ed\b", told)
        return Mood.FYI if rest is Mood.ASK and passive else rest  # "[GitHub] Pull request #318 was merged"
    if re.match(THANKS, text):
        return Mood.THANKS
    noted = re.match(r"(?:please\s+)?(?:note|be\s+(?:aware|advised))\s+(?:that\s+)?(?=\w)", text)
    if noted and _verb_mood(text[noted.end() :]) is Mood.STATEMENT:
        return Mood.FYI  # "Please note the office wifi will be down on Saturday": news, not "note the new code"
    if re.match(STATUS_NEWS, text):
        return Mood.STATEMENT
    if re.match(DONE_NEEDED, text) or re.match(WOULD_BE_GREAT, text) or re.match(THING_QUESTION, text):
        return Mood.ASK
    if re.match(WORK_REQUIRED, text):
        return Mood.ASK
    if re.search(STILL_UNDONE, text):
        return Mood.DUTY
    if re.match(CLEFT_NEED, text):
        return Mood.ASK  # "What I need now is an email campaign ...": a need, said as a cleft
    return _question_mood(text, asked) or _verb_mood(text)


def _question_mood(text: str, asked: bool) -> Mood | None:
    if re.match(POSSIBLE, text):
        return Mood.NOMINAL
    if re.match(OPINION, text) or (re.match(EXPLAIN, text) and not explains_as_work(text)):
        return Mood.QUESTION
    if re.match(EXPLAIN, text):
        return Mood.ASK
    work = re.match(WORK_QUESTION, text)
    if work:
        verb, obj = work.group("verb"), work.group("obj") or ""
        if verb in EXPLAIN_VERBS and explains_as_work(text[work.start("verb") :]):
            return Mood.ASK
        if verb in EXPLAIN_VERBS or (verb == "help" and obj == "me" and "understand" in text):
            return Mood.QUESTION
        if verb == "have" and re.match(r"why\s+don'?t", text):
            return Mood.QUESTION  # "Why don't we have a win-back flow yet?": a complaint, the request comes after
        if verb == "let" and obj in {"me", "us"}:
            return Mood.QUESTION  # "Could you let me know when ...": an answer, not work
        if verb == "remind" and re.search(
            r"\bremind\s+(?:me|us)(?:\s+again)?,?\s+(?:what|how|why|who|when|where|which|if|whether|of)\b", text
        ):
            return Mood.QUESTION
        return Mood.ASK
    named = re.match(NAMED_ASKED, text)
    if named and named.group("verb") in VERBS:
        return Mood.ASK  # "could Jo schedule the SMS promo for the 5th?": work asked of someone by name
    if re.match(QUESTION, text) or (asked and re.match(ASKED_QUESTION, text)):
        return Mood.QUESTION
    request = re.search(REQUEST, text)
    if request:
        return _obligation(text, request)
    return None


def _obligation(text: str, request: re.Match[str]) -> Mood:
    """A request word, or an obligation stated of a thing rather than asked of a person.

    "Someone needs to fix it", "we should" and a bare "need a ..." ask. "The newsletter needs a proofread" is a
    need (DUTY: it asks unless the message is news, "Announcement: every send needs a second reviewer"), and
    "should" after a statement of progress predicts ("the rebuild is 80% done and should wrap up tomorrow").
    """
    word = request.group(0)
    if re.fullmatch(WISH, word) and re.search(r"\b(?:if|in\s+case|unless)\b", text[: request.start()]):
        return Mood.STATEMENT  # "the Q3 report is in the shared folder if anyone needs it": an offer
    if not re.fullmatch(r"needs?|should|must|ha(?:s|ve)\s+to", word):
        return Mood.ASK
    before = re.findall(r"[a-z0-9']+", text[: request.start()])
    if not before and word in ("should", "must") and re.match(r"\s+be\b", text[request.end() :]):
        return Mood.DUTY  # "Update on the report: data's pulled, should be ready Thursday": predicted after news
    if not before or before[-1] in ADDRESSED:
        return Mood.ASK
    if EMBEDDING.intersection(before):
        return Mood.STATEMENT  # "it's hard to decide where the budget should go": said of something, not asked
    if word == "should" and "and" in before and _finite_verb(before[: len(before) - before[::-1].index("and") - 1]):
        return Mood.STATEMENT
    return Mood.DUTY


def explains_as_work(text: str) -> bool:
    """Whether a verb of explaining asks for work: defining a thing to build ("define the 'at risk' cohort: ...",
    "define the suppression rules"), or an explanation to be written for others ("explain the new tiers in a blog
    post", "describe the returns process in a FAQ"). "Define churn", "explain how lead scoring works" and "define
    the difference between ..." ask for an answer."""
    text = re.sub(r"^(?:please\s+|pls\s+|kindly\s+)+", "", text)
    if re.match(DEFINED_THING, text):
        return True
    return re.match(r"(?:explain|describe|clarify|outline|summari[sz]e)\b", text) is not None and (
        re.search(WRITTEN_FOR_OTHERS, text) is not None
    )


def _verb_mood(text: str) -> Mood:
    """Imperative, a report without its subject, a statement, or no finite verb at all."""
    text = re.sub(r"^(?:(?:a/b|ab|split|multivariate)\s+(?=test)|auto-(?=[a-z]))", "", text.replace("\u2019", "'"))
    words = re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*(?:'[a-z]+)?|[\u2192\u2194&/+]", text)
    while words and words[0] in ADVERBS:
        words = words[1:]
    if not words:
        return Mood.NOTHING
    first, second = words[0], words[1] if len(words) > 1 else ""
    third = words[2] if len(words) > 2 else ""
    if re.match(UNDER_WAY, text):
        return Mood.STATEMENT  # "Working on the Q3 report", "Will send it tomorrow": news of one's own work
    if second in DONE_STATE_WORDS and (not third or third in STATE_FOLLOWERS) and first not in SUBJECT_WORDS:
        return Mood.STATEMENT  # "Backfill complete", "Import done with 2 warnings": a status, not "Complete the form"
    joined = next((i for i, w in enumerate(words) if w in ("and", "then")), len(words))
    if first in NOUN_VERBS and _finite_verb(words[:joined]):  # "Draft X and have it reviewed": a second order
        return Mood.STATEMENT  # "SMS pricing from Twilio goes up 8%", "Email revenue is up"
    if first in VERBS and second not in FINITE | ONLY_PAST and (third not in FINITE or second in NOUN_MARKERS):
        return Mood.ASK
    if _unknown_verb(first, words[1:4]):
        return Mood.ASK
    if is_past_form(first) and first not in VERBS and _reports(first, second):
        return Mood.STATEMENT
    if _finite_verb(words) or re.search(FINISHED_ITSELF, text):
        return Mood.STATEMENT  # "The import of the expo CSV completed with 0 errors": a run reported by itself
    return Mood.NOMINAL


def _unknown_verb(first: str, following: list[str]) -> bool:
    """A verb we do not list, known by what follows it: "Bump the priority ...", "Nudge our partners ...".

    An opening word that is no pronoun, past form, gerund or plural, followed (after a particle) by a determiner,
    is an order; nouns rarely stand bare before "the"."""
    if not first.isalpha() or first in SUBJECT_WORDS or first in SCOPE or first in NOT_VERBS | DETERMINERS:
        return False
    if is_past_form(first) or first.endswith(("ing", "s", "ly")):
        return False
    rest = following[1:] if following[:1] and following[0] in PARTICLES else following
    subject = len(rest) > 2 and (rest[2] in FINITE or rest[2] in ONLY_PAST)  # "hope the week is", "half the team is"
    return bool(rest) and rest[0] in DETERMINERS and not subject


def _reports(verb: str, following: str) -> bool:
    """ "Sent the newsletter", "Finished tagging the leads": a past form then its object, a report of work done.

    An adjective before a noun ("Automated welcome series for ...", "Abandoned cart flow") is not one."""
    if following in OBJECT_WORDS or following in PARTICLES or not following:
        return True
    return following.endswith("ing") and verb in {"finished", "started", "stopped", "kept", "spent", "began", "tried"}


def _finite_verb(words: list[str]) -> bool:
    """Whether the clause has a verb after its subject, outside the clauses about someone or something else."""
    subject_pronoun = words[0] in SUBJECT_WORDS
    after_preposition = False
    for i, word in enumerate(words):
        if word in SCOPE and i:
            return False
        if i and word.endswith("ed") and (words[i - 1] in ARTICLES or words[i - 1].isdigit()):
            continue  # "200 branded tote bags", "the updated banner": an adjective
        if i and word in COMPOSED and words[i + 1 : i + 2] in (["from"], ["on"], ["of"]):
            continue  # "lookalike audience seeded from our top customers": what it is made of
        if i and words[i - 1] in NOUN_MARKERS:
            continue  # "the May newsletter": a month, not a modal
        if i and (word in FINITE or word in ONLY_PAST or word in PERFECT_NEGATIONS):
            return True
        if i and is_past_form(word) and (subject_pronoun or not after_preposition) and word not in VERBS:
            return True
        if i and subject_pronoun and i == 1:
            return True  # "we hit 50k subscribers", "I'm out of office"
        after_preposition = after_preposition or word in PREPOSITIONS
    return False


def sentence_moods(clauses: list[str], asked: bool) -> list[Mood]:
    """The mood of each clause of one sentence, each read in the light of how the sentence opens.

    After thanks or praise, a short exclamation that only looks like an order ("Shout-out to the team, record
    revenue!") is more praise; one with an object ("Thanks, now fix the footer") or a request word still asks.
    A "Reminder:" label takes the mood of what it labels. News that forbids ("PSA: please don't edit the master
    template, use a copy") tells a rule, and the order after the prohibition is the rule's alternative, not work.
    """
    moods = [clause_mood(clause, asked) for clause in clauses]
    opening = next((i for i, m in enumerate(moods) if m is not Mood.NOTHING), None)
    label = re.match(FYI, clauses[opening].strip()) if opening is not None and moods[opening] is Mood.FYI else None
    if opening is not None and label:
        told = clauses[opening].strip()[label.end() :] or " ".join(clauses[opening + 1 : opening + 2])
        if re.match(FORBIDS, told.strip()):
            moods = [Mood.FYI if i > opening and m is Mood.ASK else m for i, m in enumerate(moods)]
    for i, clause in enumerate(clauses[:-1]):
        if re.fullmatch(REMINDER, clause.strip(" .!:,-")):
            following = next((m for m in moods[i + 1 :] if m is not Mood.NOTHING), Mood.NOTHING)
            news = following in (Mood.STATEMENT, Mood.FYI) or Mood.ANNOUNCED in moods[i + 1 :]
            moods[i] = Mood.FYI if news else Mood.ASK  # "Reminder: all-hands at 3pm, bring your questions!"
    for i, clause in enumerate(clauses[1:], 1):
        if re.match(IN_CASE, clauses[i - 1].strip()) and re.match(CONTACT_INSTEAD, clause.strip(" .!")):
            moods[i - 1 : i + 1] = [Mood.FYI, Mood.FYI]  # "For anything urgent, contact lena@...": whom to turn to
    for i, clause in enumerate(clauses):
        if asked and Mood.QUESTION in moods[:i] and re.fullmatch(OPTIONS, clause.strip(" ?!.")):
            moods[i] = Mood.QUESTION  # "Which channel do we use for order updates, SMS or WhatsApp?": the options
        if i and moods[i] is Mood.ASK and Mood.STATEMENT in moods[:i] and _listed(clause.split()):
            moods[i] = Mood.NOMINAL  # "we ran nine campaigns over email, SMS and push": an item, not "SMS them"
    if sum(re.fullmatch(FIGURE, c.strip(" .!")) is not None for c in clauses) > 1:
        head = clauses[0].split()[:2]  # "Segment sync to BigQuery: 0 errors, 14,882 rows": a noun, not "segment"
        if moods[0] is Mood.ASK and head[0] in NOUN_VERBS and (len(head) == 1 or head[1] not in OBJECT_WORDS):
            moods[0] = Mood.NOMINAL  # a bare label too: "Report: newsletter sent to 52,110, 41% open rate, ..."
        for i, clause in enumerate(clauses):
            if moods[i] is Mood.ASK and re.fullmatch(FIGURE, clause.strip(" .!")):
                moods[i] = Mood.NOMINAL  # "email 42x, SMS 11x": a figure is never an order
        if Mood.ASK not in moods:
            moods = [Mood.STATEMENT if m is Mood.NOMINAL else m for m in moods]  # a report of results
    said = [i for i, m in enumerate(moods) if m is not Mood.NOTHING]
    labelled = len(said) > 1 and moods[said[0]] is Mood.NOMINAL and moods[said[1]] is Mood.STATEMENT
    if labelled and not re.match(r"\s*(?:you|u|ya)\b", clauses[said[1]]):
        moods[said[0]] = Mood.STATEMENT  # a label of news: "Salesforce sync: contacts are flowing again"
    if next((m for m in moods if m is not Mood.NOTHING), None) is Mood.THANKS:
        moods = [Mood.THANKS if m is Mood.ASK and _exclamation(c) else m for c, m in zip(clauses, moods, strict=True)]
    return moods


def _listed(said: list[str]) -> bool:
    """Whether a clause after a statement continues it ("..., SMS and push", "..., SMS at clicks"): a noun that
    could be an order, joined rather than given an object."""
    return len(said) > 1 and said[0] in NOUN_VERBS and said[1] in JOINERS and not re.search(REQUEST, " ".join(said))


def _exclamation(clause: str) -> bool:
    words = clause.split()
    return (
        len(words) <= 3
        and (len(words) < 2 or words[1] not in OBJECT_WORDS)
        and not re.search(REQUEST, clause)
        and not re.match(WORK_QUESTION, clause)
    )


def settle(sentences: list[list[Mood]]) -> list[list[Mood]]:
    """The message's needs stated of things (DUTY) ask, unless the message opens as news: after "Status update:",
    "Announcement:" or "Going forward," a clause like "every send needs a second reviewer" tells a rule or a plan."""
    opening = next((m for moods in sentences for m in moods if m is not Mood.NOTHING), None)
    settled = Mood.STATEMENT if opening is Mood.FYI else Mood.ASK
    return [[settled if m is Mood.DUTY else m for m in moods] for moods in sentences]


def asks_for_work(moods: list[Mood], *, named_work: bool, terse_signal: bool, urgent: bool, resolved: bool) -> bool:
    """Whether the clauses, in reading order, ask for work.

    Any clause asking for it decides. Otherwise the message's opening decides: thanks, news, a report or a
    question asking for information is not a task, even when it names work ("Great stuff on the SMS campaign");
    a statement with a priority still is ("urgent: the sync is failing"); and a nominal opening is a task when
    its words name work (`named_work`) or it carries a deadline, priority or assignee with any (`terse_signal`),
    unless an invitation or a note that nothing is to be done follows it ("Brown-bag on Braze Thursday, all
    welcome").
    A report that a problem is over (`resolved`: "The P0 outage was fixed by Lena") asks for nothing, whatever
    priority it names.
    """
    if Mood.ASK in moods:
        return True
    if resolved:
        return False
    opening = next((m for m in moods if m is not Mood.NOTHING), None)
    if opening is Mood.NOMINAL:  # news after a nominal opening ("Lunch and learn Wednesday. Everyone's welcome!")
        return (named_work or terse_signal) and Mood.ANNOUNCED not in moods
    return opening is Mood.STATEMENT and urgent
