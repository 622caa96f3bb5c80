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
    ADJECTIVAL,
    ADVERBS,
    ARTICLES,
    COMPOSED,
    DETERMINERS,
    EMBEDDING,
    FINITE,
    INVARIANT_PAST,
    MEASURED,
    MODIFIERS,
    NAMED_ASKED,
    NOT_VERBS,
    NOUN_MARKERS,
    NOUN_VERBS,
    OBJECT_WORDS,
    ONLY_PAST,
    PAST_TIME,
    PREPOSITIONS,
    RECALL,
    SCOPE,
    SUBJECT_WORDS,
    SUPERLATIVE_VERBS,
    WISH,
)
from taskexec.detection.openings import (
    ARRIVED,
    ASKED_QUESTION,
    DEFINED_THING,
    DONE_NEEDED,
    DONE_STATE_WORDS,
    EVENT_REPORTED,
    EXPLAIN,
    EXPLAIN_VERBS,
    FINISHED_ITSELF,
    FYI,
    HEDGED_ASK,
    LEAD_IN,
    MUSING,
    NO_ACTION,
    NO_REQUEST,
    OPINION,
    POSSIBLE,
    QUESTION,
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
    WORTH_DOING,
    WOULD_BE_GREAT,
    WRITTEN_FOR_OTHERS,
)
from taskexec.detection.social import (
    AWAY,
    CHITCHAT,
    CONTACT_IN_ONE,
    CONTACT_WHEN,
    INVITATION,
    LATE,
    MEETING,
    MOVED_MEETING,
)
from taskexec.detection.text import CLEFT_NEED, QUOTED, SOCIAL
from taskexec.detection.vocabulary import PARTICLES, VERBS
from taskexec.domain.wording import PERFECT_NEGATIONS, is_past_form, words

_AFTER_AMOUNT = tuple(
    [w] for w in ("this", "today", "yesterday", "overnight", "last", "again", "in", "on", "at", "from")
)
COUNTED = words("the a an our their this these those my your all two three four five six several half")
_BARE_NEGATION = r"\b(do|does|did|is|are|was|were|has|have|had|could|should|would|ca|wo)nt\b"
"""A negation typed without its apostrophe ("we dont need", "it isnt live"), read as written with it."""


DUE_STATED = (
    r"\b(?:is|are)\s+(?:also\s+|still\s+|now\s+)?due(?:\s*$|\s+(?:by|on|before|in|"
    r"to\s+(?:the\s+|our\s+)?[\w-]+(?:\s*$|\s+(?:by|on|before)\b)))"
)
"""A piece of work said to be due ("the draft is due to the agency on ...", "the slides are due by"): a need."""
LEFT_AS_IS = (
    r"\b(?:keep|leave|keeping|leaving)\s+(?:[\w'-]+\s+){0,4}?(?:as\s+(?:is|it\s+is|they\s+are)|unchanged|untouched|"
    r"the\s+same)$"
)
"""Things to be left as they are ("want to keep the cadence as is"): no change asked for."""


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
    text = re.sub(_BARE_NEGATION, r"\1n't", " ".join(clause.split()).strip(" .!?"))
    if not text or (re.fullmatch(QUOTED, text) and re.search(r"[,!?]", text)):
        return Mood.NOTHING  # "'love the texts, they saved my day!'": what someone said, not a title in quotes
    if re.match(THANKS_IN_ADVANCE, text) or re.match(r"(?:i\s+|we\s+)?(?:would\s+)?appreciate\s+(?:it\s+)?if\b", text):
        return Mood.ASK
    if re.match(THANKS, text):
        return Mood.THANKS
    if re.match(r"(?:to\s+)?whoever\b", text):
        return Mood.NOTHING  # "Whoever set up the Zapier zap - thank you": whom the sentence speaks to
    text = re.sub(SOCIAL, "", text).strip(" .!?,\u2022\u00b7*")
    if not text or re.fullmatch(LEAD_IN, text):
        return Mood.NOTHING
    hedged = re.search(HEDGED_ASK, text)
    if (hedged and clause_mood(text[hedged.end() :], asked) is Mood.ASK) or re.match(WORTH_DOING, text):
        return Mood.ASK  # "I know it's late but could we ...", "might be worth setting up ...": asked with a hedge
    if re.fullmatch(CHITCHAT, text):
        return Mood.CHAT
    if re.match(INVITATION, text):
        return Mood.ANNOUNCED  # before the needs negated: "no sign-up needed" invites
    if any(re.match(told, text) for told in (NO_REQUEST, CONTACT_IN_ONE, CONTACT_WHEN, AWAY, LATE)):
        return Mood.FYI
    if re.match(NO_ACTION, text) or re.search(MUSING, text):
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
    noted = re.match(
        r"(?:(?:please|pls|plz|kindly)\s+)?(?:note|be\s+(?:aware|advised|informed))\s+(?:that\s+)?(?=\w)", text
    )
    if noted and _verb_mood(text[noted.end() :]) is Mood.STATEMENT:
        return Mood.FYI  # "Please note the office wifi will be down on Saturday": news, not "note the new code"
    if re.match(STATUS_NEWS, text) or re.match(ARRIVED, text):
        return Mood.STATEMENT
    if re.match(DONE_NEEDED, text) or re.match(WOULD_BE_GREAT, text) or re.match(THING_QUESTION, text):
        return Mood.ASK
    if re.match(WORK_REQUIRED, text):
        return Mood.ASK
    due = re.search(DUE_STATED, text)
    if due and (asked or re.search(r"\b(?:when|what|whether|if|how|which|who)\b", text[: due.start()])):
        due = None  # "Could you tell me when the next invoice is due?": asked, not said
    if re.search(STILL_UNDONE, text) or due:
        return Mood.DUTY  # "our Pipedrive account still isn't connected", "the draft is due to the agency on ..."
    if re.search(LEFT_AS_IS, text):
        return Mood.STATEMENT  # "they ... want to keep the cadence as is": nothing to change
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
    after = text[request.end() :]
    done = re.match(
        r"(?:'ve|\s+(?:not\s+|never\s+)?have)\s+(?:(?:just|already|really|probably|definitely)\s+)?([a-z'-]+)", after
    )
    if word in ("should", "must") and done and (is_past_form(done.group(1)) or done.group(1) in ONLY_PAST | {"been"}):
        return Mood.STATEMENT  # "we should have warmed up the domain", "must've been the filter": hindsight, no request
    if word == "needed" and re.search(
        r"\b(?:what|everything|all|exactly)\b(?:\s+\S+){0,3}\s*$", text[: request.start()]
    ):
        return Mood.STATEMENT  # "exactly what the board needed": a need met, told
    if re.fullmatch(r"ha(?:s|ve)\s+to", word) and re.search(
        r"(?:\bwould|'d)(?:\s+(?:probably|likely|then|also|all|just|really))*\s*$", text[: request.start()]
    ):
        return Mood.STATEMENT  # "we'd probably have to rebuild every automation": what would follow, not a request
    if re.fullmatch(WISH, word) and re.search(r"\b(?:if|in\s+case|unless)\b", text[: request.start()]):
        return Mood.STATEMENT  # "the Q3 report is in the shared folder if anyone needs it": an offer
    if not re.fullmatch(r"needs?|should|must|ha(?:s|ve)\s+to", word):
        return Mood.ASK
    before = re.findall(r"[a-z0-9']+", text[: request.start()])
    if not before and word in ("should", "must") and re.match(r"\s+be\b", text[request.end() :]):
        return Mood.DUTY  # "Update on the report: data's pulled, should be ready Thursday": predicted after news
    if before[-2:-1] in (["everything"], ["anything"], ["whatever"]):
        return Mood.STATEMENT  # "I have everything I need": what one has, not a need
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
    if first in NOUN_VERBS and len(words) <= 4 and words[-1] in ("next", "pending", "outstanding", "remaining", "wip"):
        return Mood.STATEMENT  # "order history next", "email copy pending": a piece of work's status in a list
    if first in NOUN_VERBS and second not in OBJECT_WORDS and re.search(MEASURED, text):
        return Mood.STATEMENT  # "Message delivery failure rate 0.4%": a measure and its value, no order
    if first in VERBS and _reported_work(first, words, text):
        return Mood.STATEMENT  # "Set up the Twilio number last night", "Set up the brand kit and shared it with ..."
    if first in VERBS and second not in FINITE | ONLY_PAST and (third not in FINITE or second in NOUN_MARKERS):
        return Mood.ASK
    if _unknown_verb(first, words[1:4]):
        return Mood.ASK
    if is_past_form(first) and first not in VERBS and _reports(first, second):
        return Mood.STATEMENT
    if _finite_verb(words) or re.search(FINISHED_ITSELF, text) or re.search(EVENT_REPORTED, text):
        return Mood.STATEMENT  # "The import of the expo CSV completed with 0 errors": a run reported by itself
    return Mood.NOMINAL


def _reported_work(first: str, words: list[str], text: str) -> bool:
    """A verb whose past is its base, told as done: a time already past beside it ("Set up the number last night"),
    or a past form with its object after "and" ("Set up the brand kit and shared it"), outside a clause about
    someone else ("set up a list of people who bought yesterday")."""
    own = words[: next((i for i, w in enumerate(words) if i and w in SCOPE), len(words))]
    joined = [own[i + 1] for i, w in enumerate(own[:-2]) if w == "and" and own[i + 2] in OBJECT_WORDS]
    if any(is_past_form(w) and w not in ADJECTIVAL for w in joined):
        return True
    past = re.search(PAST_TIME, text)
    if first not in INVARIANT_PAST or past is None or past.group(0).split()[0] not in own:
        return False
    before = text[: past.start()].split()[-1:]  # "from last week's send" names a thing, not when the work was done
    return not (before and before[0] in PREPOSITIONS) and not text[past.end() :].startswith("'s")


def _unknown_verb(first: str, following: list[str]) -> bool:
    """A verb we do not list, known by what follows it: "Bump the priority ...", "Nudge our partners ...".

    An opening word that is no pronoun, past form, gerund or plural, followed (after a particle) by a determiner,
    is an order; nouns rarely stand bare before "the"."""
    if not first.isalpha() or first in SUBJECT_WORDS or first in SCOPE or first in NOT_VERBS | DETERMINERS:
        return False
    if is_past_form(first) or first.endswith(("ing", "s", "ly")):
        return False
    if first.endswith("est") and first not in SUPERLATIVE_VERBS:
        return False  # "highest in a decade": a superlative, praise of a figure
    rest = following[1:] if following[:1] and following[0] in PARTICLES else following
    subject = len(rest) > 2 and (rest[2] in FINITE or rest[2] in ONLY_PAST)  # "hope the week is", "half the team is"
    return bool(rest) and rest[0] in DETERMINERS and not subject


def _reports(verb: str, following: str) -> bool:
    """ "Sent the newsletter", "Finished tagging the leads": a past form then its object, a report of work done.

    An adjective before a noun ("Automated welcome series for ...", "Abandoned cart flow") is not one."""
    if following in OBJECT_WORDS or following in PARTICLES or not following or following[:1].isdigit():
        return True  # "Imported 12,000 contacts ...": a count done
    return following.endswith("ing") and verb in {"finished", "started", "stopped", "kept", "spent", "began", "tried"}


def _finite_verb(words: list[str]) -> bool:
    """Whether the clause has a verb after its subject, outside the clauses about someone or something else."""
    subject_pronoun = words[0] in SUBJECT_WORDS
    after_preposition = False
    for i, word in enumerate(words):
        if word in SCOPE and i:
            return False
        if i and is_past_form(word) and words[i - 1][:1].isdigit() and words[i + 1 : i + 2] in ([], *_AFTER_AMOUNT):
            return True  # "Payout of $12,430 landed this morning": an amount's verb, where "200 branded bags" names
        if i and word.endswith("ed") and (words[i - 1] in ARTICLES | MODIFIERS or words[i - 1].isdigit()):
            continue  # "200 branded tote bags", "the updated banner": an adjective
        if i and word in ADJECTIVAL and i + 1 < len(words) and words[i + 1] not in PREPOSITIONS | OBJECT_WORDS:
            continue  # "Order branded swag for ...": an adjective before its noun
        if i and word in COMPOSED and words[i + 1 : i + 2] in (["from"], ["on"], ["of"]):
            continue  # "lookalike audience seeded from our top customers": what it is made of
        if i and words[i - 1] in NOUN_MARKERS:
            continue  # "the May newsletter": a month, not a modal
        if i and word in FINITE and words[i - 1] == "to":
            continue  # "emails to keep subscribers from cancelling": an infinitive
        if i and (word in FINITE or word in ONLY_PAST or word in PERFECT_NEGATIONS):
            return True
        if i and is_past_form(word) and (subject_pronoun or not after_preposition) and word not in VERBS:
            return True
        if i and is_past_form(word) and word not in VERBS and _object_follows(words[i + 1 : i + 2]):
            return True  # "The export to Snowflake lost three days of events": a verb and its object
        if i and is_past_form(word) and words[i + 1 : i + 2] in (["its"], ["their"]):
            return True  # "The nurture sequence for webinar leads finished its last step": done by the subject
        if i and subject_pronoun and i == 1:
            return True  # "we hit 50k subscribers", "I'm out of office"
        after_preposition = after_preposition or word in PREPOSITIONS
    return False


def _object_follows(following: list[str]) -> bool:
    """Whether a determiner or a count follows a past form: its object ("lost three days", "dropped the tag")."""
    return bool(following) and (following[0] in COUNTED or following[0].isdigit())
