"""Whether a message asks for work, read from the mood of each clause before any of its nouns.

A clause asks for work when it is a request ("Fix the webhook", "please ..."), a need ("we need a list of ..."),
or a question asking for work ("Can you pull ...?", "Any chance someone could ...?"). It does not when it thanks
or praises, announces ("FYI", "heads up"), reports what happened or was done ("Just sent the newsletter", "The
sync failed overnight"), states how things are ("Churn was 2.1%"), or asks for information ("Did the SMS go
out?", "Can you explain ..."). A clause without a finite verb ("SMS to Lisbon subscribers, Friday") is nominal:
the message then asks for work when it opens that way and its words name work.

Statements are told from requests by their verb: a past form, a form of "be" or "have", or a verb after its
subject. Clauses about someone else ("customers who bought ...") are skipped when looking for it.
"""

import re
from enum import StrEnum

from taskexec.detection.text import SOCIAL
from taskexec.detection.vocabulary import PARTICLES, VERBS
from taskexec.domain.wording import PERFECT_NEGATIONS, is_past_form, words


class Mood(StrEnum):
    ASK = "ask"
    NOMINAL = "nominal"
    NOTHING = "nothing"
    THANKS = "thanks"
    FYI = "fyi"
    STATEMENT = "statement"
    QUESTION = "question"
    CHAT = "chat"


_LEAD_IN = (
    r"(?:following\s+up(?:\s+on\b.*)?|as\s+(?:discussed|promised|agreed|mentioned)(?:\s+\w+)?|per\s+(?:our|my|your)\s+"
    r"\w+|one\s+more\s+thing|also|and|ps|p\.s\.|re|quick\s+(?:one|question|favou?r|request|ask)|hope\s+(?:you|all)\b.*|"
    r"(?:hi|hello|hey|hiya|yo|dear|morning)(?:\s+[\w@.'-]+){0,2}|"
    r"(?:following|after|given|ahead\s+of|in\s+light\s+of|as\s+per|further\s+to|regarding)\s+(?!up\b)\S+(?:\s+\S+){0,5})"
)
"""Clauses that only lead in: "following up on yesterday's call", "as discussed", "Hi Lena"."""
_CHITCHAT = (
    r"(?:how\s+are\s+(?:you|u)(?:\s+doing)?(?:\s+today)?|how'?s\s+it\s+going|what'?s\s+up|sup|bye|goodbye|"
    r"good\s*night|see\s+(?:you|ya)(?:\s+\w+)?|lol|haha+|hmm+|help|test(?:ing)?|never\s*mind|nvm|appreciate\s+it|"
    r"on\s+it|will\s+do|sounds\s+good|got\s+it|noted|no\s+worries|np|brb|figured\s+it\s+out|ok(?:ay)?|k|"
    r"(?:please\s+)?(?:ignore|disregard)\s+(?:my|the|that)\s+(?:last|previous|earlier)\s+\w+|"
    r"talk\s+(?:to\s+you\s+)?(?:tomorrow|later|soon)|happy\s+\w+(?:\s+(?:everyone|all|team|folks))?|"
    r"i\s+(?:love|like|hate)\s+(?:this|it|you)\b.*|are\s+you\s+(?:a\s+bot|human|real|there|ai)|who\s+are\s+you|"
    r".*\bjokes?\b.*)"
)
_THANKS = (
    r"^(?:(?:huge|big|many|special|massive|a\s+(?:big|huge)|so\s+many|mega)\s+)?"
    r"(?:thanks|thank\s+(?:you|u|ya)|thx|thnx|ty|tysm|tyvm|cheers\s+(?:to|for)|kudos|props|shout[\s-]?outs?|"
    r"hats\s+off|bravo|congrat(?:s|ulations)|well\s+done|(?:nice|good)\s+one|"
    r"(?:(?:i|we)\s+)?(?:really\s+|much\s+|truly\s+|greatly\s+|totally\s+)?appreciat(?:e|ed|ing)|"
    r"(?:(?:i|we)\s+)?(?:lov(?:e|ing|ed)|adore)\s+(?:the|this|that|it|how|what|your|our|these)|"
    r"(?:really\s+|so\s+|very\s+|super\s+)?(?:great|nice|good|amazing|awesome|excellent|fantastic|brilliant|"
    r"stellar|solid|terrific|incredible|wonderful|outstanding|superb|lovely|impressive|cool)\s+"
    r"(?:job|work|stuff|effort|call|catch|going|result|results|win|save|teamwork|idea|thinking|news)|"
    r"(?:you|y'all|you\s+all|you\s+guys|the\s+team)\s+(?:crushed|nailed|rocked|killed|smashed|aced)\s+it|"
    r"(?:(?:i'?m|we'?re|i\s+am|we\s+are)\s+)?(?:(?:super|really|so|very|pretty|totally)\s+)?"
    r"(?:happy|pleased|impressed|excited|proud|thrilled|stoked|delighted)\s+(?:with|about|by|of|that|how))\b"
)
_THANKS_IN_ADVANCE = r"^(?:thanks|thank\s+you|thx|ty)\s+(?:so\s+much\s+)?in\s+advance\b"
_FYI = (
    r"^(?:(?:fyi|f\.y\.i\.?|heads[\s-]?up|psa|pro\s+tip|just\s+a\s+note|btw|by\s+the\s+way|friendly\s+reminder|"
    r"just\s+(?:so\s+(?:you|everyone|y'all|you\s+all|we\s+all)\s+know|letting\s+(?:you|everyone|you\s+all)\s+know|"
    r"an?\s+(?:fyi|heads[\s-]?up|update|reminder))|so\s+(?:you|everyone)\s+know|(?:good|bad|great)\s+news|"
    r"for\s+(?:the\s+record|your\s+(?:information|awareness)|context|reference|info)|"
    r"reminder\s+(?:to|for)\s+(?:all|everyone|everybody|the\s+team))\b(?:\s+that\b)?"
    r"|(?:(?:please\s+)?note|(?:quick\s+|small\s+|status\s+)?update|status|announcement|news|(?:quick\s+)?recap|"
    r"summary)(?:\s+on\s+[^:,;]+)?(?=\s+that\b|\s*[:,-]|$)(?:\s+that\b)?)[\s:,-]*"
)
"""Announcements: what follows is news, unless it asks for work itself ("FYI: need someone to fix the sync")."""
_NO_REQUEST = (
    r"^(?:(?:there'?s\s+)?no\s+need\s+to|nobody|no\s+one|(?:you|we)\s+(?:don'?t|do\s+not)\s+need\s+to|nothing\s+(?:to\s+do|needed)|"
    r"not\s+sure\s+(?:if|whether|why|what|how)|i\s+(?:think|guess|suspect|noticed|saw|feel)|just\s+noticed|noticed|"
    r"(?:it\s+)?(?:seems|looks)\s+like|interesting|worth\s+a\s+(?:read|look|watch)|(?:just\s+)?checking\s+in|"
    r"happy\s+to\s+help|let\s+(?:me|us)\s+know|lmk|(?:please\s+)?(?:don'?t|do\s+not|never)\s+(?!forget\b)\w+|"
    r"(?:i'?m\s+|i\s+am\s+|we'?re\s+)?(?:out\s+of\s+(?:the\s+)?office|ooo|on\s+(?:holiday|vacation|leave|pto)|"
    r"off\s+sick)|sorry)\b"
)
"""Openings that tell rather than ask, whatever follows: "No need to do anything on the Shopify sync", "Not sure
if this matters but ...", "I think the integration might be misconfigured"."""
_EXPLAIN = (
    r"^(?:please\s+)?(?:explain|describe|define(?!\s+(?:a|an|new)\s)|clarify|teach\s+me|tell\s+me|"
    r"help\s+me\s+understand|what(?:'s|s(?![\s-]?app\b)|\s+is|\s+are|\s+does|\s+do|\s+was)|"
    r"show\s+me\s+(?:how|what|why|my)|(?:list|show)\s+my\b|remind\s+me\s+(?:what|how|why|who|when))\b"
)
_EXPLAIN_VERBS = words(
    "explain tell describe define clarify show teach recommend know believe imagine guess remember recall"
)
"""Asked with "can you", these want an answer, not work: "Could you tell me ...", "Can you believe ..."."""
_WORK_QUESTION = (
    r"^(?:(?:any\s+chance|is\s+there\s+(?:any\s+)?way|i\s+was\s+wondering\s+if|i\s+wonder\s+if|wondering\s+if|"
    r"do\s+you\s+think)\s+)?(?:(?:can|could|would|will)\s+(?:you|u|ya|someone|somebody|anyone|we|one\s+of\s+you|"
    r"y'all)|(?:you|someone|somebody|anyone)\s+(?:could|can)|(?:is|are)\s+(?:anyone|someone|somebody|you|"
    r"one\s+of\s+you)\s+(?:able|available|free)\s+to|(?:would|is)\s+it\s+(?:be\s+)?possible\s+(?:for\s+\w+\s+)?to|"
    r"(?:can|could|may)\s+(?:i|we)\s+(?:please\s+)?(?:get|have|grab)|(?:how|what)\s+about|would\s+you\s+mind|mind|"
    r"(?:anyone|someone|somebody|you)\s+(?:able|available|free|willing|keen|want)\s+to|"
    r"(?:do|would)\s+you\s+have\s+(?:the\s+|some\s+)?(?:time|a\s+(?:sec|second|minute|moment))\s+to|"
    r"(?:have\s+you\s+)?got\s+(?:time|a\s+(?:sec|minute))\s+to|(?:can|could|may)\s+i\s+ask\s+(?:you|someone)\s+to|"
    r"shall\s+we|why\s+don'?t\s+(?:we|you)|any\s+way\s+(?:we|you|someone)\s+(?:could|can)|"
    r"who\s+(?:can|could|wants\s+to|is\s+able\s+to|has\s+time\s+to)|any\s+volunteers\s+(?:to|for))\s+"
    r"(?:(?:please|pls|kindly|possibly|maybe|quickly|also|just)\s+)*(?P<verb>[a-z'-]+)(?:\s+(?P<obj>[a-z'-]+))?"
)
_QUESTION = (
    r"^(?:what|whats(?![\s-]?app\b)|why|how|who|whom|whose|can\s+i|could\s+i|will\s+i|will\s+it|will\s+there|"
    r"any\s+ideas?|(?:does\s+|has\s+)?anyone\s+(?:know|have|got)|curious|wondering|i\s+wonder|i'?m\s+wondering|"
    r"(?:is|are|am|was|were|do|does|did|has|have|had|should|shall|may|might|isn'?t|aren'?t|don'?t|doesn'?t|didn'?t|"
    r"wasn'?t|haven'?t|hasn'?t)\s+(?:you|we|they|it|i|there|anyone|someone|he|she|this|that))\b"
)
_OPINION = (
    r"^(?:(?:i|we)?'?d\s+love|would\s+love|love\s+to\s+(?:get|hear)|keen\s+to\s+hear|(?:any|your)\s+(?:thoughts|feedback))"
    r"(?:\s+(?:your|any|some))?(?:\s+(?:thoughts|feedback|input|opinions?|take))"
)
"""Asking what someone thinks is asking for information, not for work."""
_ASKED_QUESTION = r"^(?:where|when|which|is|are|am|was|were|do|does|did|has|have|had|should|shall|may|might)\b"
"""Openings that make a question only when the sentence ends with "?": "When someone downloads the PDF, notify
their owner" is a request, "Do the Q3 report" too."""
_REQUEST = (
    r"\b(?:please|pls|plz|kindly|needs?|(?<!\bi\s)(?<!\bwe\s)(?<!\bthey\s)(?<!\bwhat\s)needed|let'?s|let\s+us|"
    r"remind\s+me|remember\s+to|don'?t\s+forget|looking\s+for\s+(?:someone|somebody|help|a\s+volunteer)|"
    r"(?:would|'d|will)\s+be\s+(?:great|good|nice|awesome|helpful|ideal|amazing|lovely)\s+(?:if|to)|"
    r"(?:i\s+was\s+|i'?m\s+|we'?re\s+)?hoping\s+(?:you|someone|somebody)|could\s+use\s+(?:a|some)|"
    r"wants?\s+(?:a|an|some|us|you|someone|somebody)|asking\s+for|asked\s+(?:for|us\s+to|me\s+to)|"
    r"(?:would|'d)\s+appreciate|appreciate\s+(?:it\s+)?if|make\s+sure|(?<!it\s)(?<!that\s)(?<!this\s)(?:should|must)|ha(?:s|ve)\s+to|gotta|want\s+(?:you\s+|someone\s+)?to|"
    r"(?:i|we)\s+want|i'?d\s+like|we'?d\s+like|(?:i|we)\s+would\s+like|(?:i|we)'?d\s+love|(?:i|we)\s+would\s+love|"
    r"to-?do|can\s+(?:you|someone|somebody)|could\s+(?:you|someone|somebody)|do\s+me\s+a\s+favou?r)\b"
    r"|^(?:task|to-?do|action\s+item|new\s+task|tbd|time\s+to)\b"
)
_ADVERBS = frozenset({"just", "also", "already", "finally", "quickly", "then", "now", "so", "ok", "today", "pls"})
_SUBJECT_WORDS = words(
    """
    i we you they he she it everyone everybody someone somebody nobody there i'm we're you're they're it's i've
    we've they've i'll we'll it'll there's that's here's
    """
)
_FINITE = words(
    """
    is are was were am 's 're 'm isn't aren't wasn't weren't has have had hasn't haven't hadn't will won't would
    can can't could couldn't may might must does doesn't do don't did didn't works looks seems goes starts ends
    runs joins keeps comes shows says sends opens launches breaks fails stops returns expires renews lands
    happens means converts performs drops grows lives moves
    """
)
_ONLY_PAST = words(
    "went came ran began did was were saw ate fell grew knew rode rose spoke took wrote broke chose drove froze "
    "gave hid swore threw woke wore got"
)
"""Past forms that are never participles: finite wherever they stand ("the reminders for the clinic went out")."""
_SCOPE = words("who whom whose which that when whenever if once after before until because since while where so as")
"""After these, a verb belongs to a clause about something else ("customers who bought", "when a lead scores")."""
_PREPOSITIONS = frozenset({"of", "for", "on", "with", "to", "from", "in", "about", "at", "by"})
_DETERMINERS = words("the a an our my this that these those all some every each their your its")
_NOT_VERBS = words(
    """
    what who how why when where which whose is are was were do does did has have had can could would should will
    may might must shall about for from with without into onto over under after before since until during per via
    at by to of in on and or but not no yes new old all any more most some quick big small great good nice happy
    first last next this that these those every each both either neither just also only even still here there
    """
)
"""Opening words that are never an order, whatever follows them."""
_UNDER_WAY = (
    r"(?:currently\s+|still\s+|now\s+)?(?:working\s+on|finishing\s+up|wrapping\s+up|looking\s+into|going\s+through|"
    r"digging\s+into|will\s+(?!you\b)|gonna|going\s+to\s+(?!need\b)|about\s+to|planning\s+to)\b"
)
_NOUN_VERBS = words(
    """
    sms email text report list segment post sync test export import order survey map record track plan schedule
    review update design draft launch message call file book tag copy setup backup broadcast
    """
)
"""Verbs that are as often the noun a statement opens with: an imperative only when no verb follows."""
_OBJECT_WORDS = words("the a an our all it them this that these those my your their up out off over everything both")


def clause_mood(clause: str, asked: bool = False) -> Mood:
    """The mood of one clause (lower case, with priority, deadline and assignee phrases blanked out); `asked`:
    its sentence ends with a question mark."""
    text = " ".join(clause.split()).strip(" .!?")
    if not text:
        return Mood.NOTHING
    if re.match(_THANKS_IN_ADVANCE, text) or re.match(r"(?:i\s+|we\s+)?(?:would\s+)?appreciate\s+(?:it\s+)?if\b", text):
        return Mood.ASK
    if re.match(_THANKS, text):
        return Mood.THANKS
    text = re.sub(SOCIAL, "", text).strip(" .!?,")
    if not text or re.fullmatch(_LEAD_IN, text):
        return Mood.NOTHING
    if re.fullmatch(_CHITCHAT, text):
        return Mood.CHAT
    if re.match(_NO_REQUEST, text):
        return Mood.FYI
    fyi = re.match(_FYI, text)
    if fyi:
        rest = clause_mood(text[fyi.end() :], asked) if fyi.end() < len(text) else Mood.NOTHING
        return Mood.ASK if rest is Mood.ASK else Mood.FYI
    if re.match(_THANKS, text):
        return Mood.THANKS
    return _question_mood(text, asked) or _verb_mood(text)


def _question_mood(text: str, asked: bool) -> Mood | None:
    if re.match(_EXPLAIN, text) or re.match(_OPINION, text):
        return Mood.QUESTION
    work = re.match(_WORK_QUESTION, text)
    if work:
        verb, obj = work.group("verb"), work.group("obj") or ""
        if verb in _EXPLAIN_VERBS or (verb == "help" and obj == "me" and "understand" in text):
            return Mood.QUESTION
        if verb == "let" and obj in {"me", "us"}:
            return Mood.QUESTION  # "Could you let me know when ...": an answer, not work
        if verb == "remind" and re.search(
            r"\bremind\s+(?:me|us)\s+(?:what|how|why|who|when|where|if|whether|of)\b", text
        ):
            return Mood.QUESTION
        return Mood.ASK
    if re.match(_QUESTION, text) or (asked and re.match(_ASKED_QUESTION, text)):
        return Mood.QUESTION
    if re.search(_REQUEST, text):
        return Mood.ASK
    return None


def _verb_mood(text: str) -> Mood:
    """Imperative, a report without its subject, a statement, or no finite verb at all."""
    text = re.sub(r"^(?:a/b|ab|split|multivariate)\s+(?=test)", "", text.replace("\u2019", "'"))
    words = re.findall(r"[a-z0-9]+(?:'[a-z]+)?|[\u2192\u2194&/+]", text)
    while words and words[0] in _ADVERBS:
        words = words[1:]
    if not words:
        return Mood.NOTHING
    first, second = words[0], words[1] if len(words) > 1 else ""
    third = words[2] if len(words) > 2 else ""
    if re.match(_UNDER_WAY, text):
        return Mood.STATEMENT  # "Working on the Q3 report", "Will send it tomorrow": news of one's own work
    if first in _NOUN_VERBS and _finite_verb(words):
        return Mood.STATEMENT  # "SMS pricing from Twilio goes up 8%", "Email revenue is up"
    if first in VERBS and second not in _FINITE and second not in _ONLY_PAST and third not in _FINITE:
        return Mood.ASK
    if _unknown_verb(first, words[1:4]):
        return Mood.ASK
    if is_past_form(first) and first not in VERBS and _reports(first, second):
        return Mood.STATEMENT
    return Mood.STATEMENT if _finite_verb(words) else Mood.NOMINAL


def _unknown_verb(first: str, following: list[str]) -> bool:
    """A verb we do not list, known by what follows it: "Bump the priority ...", "Nudge our partners ...".

    An opening word that is no pronoun, past form, gerund or plural, followed (after a particle) by a determiner,
    is an order; nouns rarely stand bare before "the"."""
    if not first.isalpha() or first in _SUBJECT_WORDS or first in _SCOPE or first in _NOT_VERBS | _DETERMINERS:
        return False
    if is_past_form(first) or first.endswith(("ing", "s", "ly")):
        return False
    rest = following[1:] if following[:1] and following[0] in PARTICLES else following
    return bool(rest) and rest[0] in _DETERMINERS


def _reports(verb: str, following: str) -> bool:
    """ "Sent the newsletter", "Finished tagging the leads": a past form then its object, a report of work done.

    An adjective before a noun ("Automated welcome series for ...", "Abandoned cart flow") is not one."""
    if following in _OBJECT_WORDS or following in PARTICLES or not following:
        return True
    return following.endswith("ing") and verb in {"finished", "started", "stopped", "kept", "spent", "began", "tried"}


def _finite_verb(words: list[str]) -> bool:
    """Whether the clause has a verb after its subject, outside the clauses about someone or something else."""
    subject_pronoun = words[0] in _SUBJECT_WORDS
    after_preposition = False
    for i, word in enumerate(words):
        if word in _SCOPE and i:
            return False
        if i and (word in _FINITE or word in _ONLY_PAST or word in PERFECT_NEGATIONS):
            return True
        if i and is_past_form(word) and (subject_pronoun or not after_preposition) and word not in VERBS:
            return True
        if i and subject_pronoun and i == 1:
            return True  # "we hit 50k subscribers", "I'm out of office"
        after_preposition = after_preposition or word in _PREPOSITIONS
    return False


_REMINDER = r"(?:(?:friendly|quick|gentle)\s+)?reminder|note\s+to\s+self|to-?do|action\s+item"
"""A label that asks when a piece of work follows ("Reminder: send the invoices") and announces when news does
("Reminder: the newsletter goes out Thursday")."""


def sentence_moods(clauses: list[str], asked: bool) -> list[Mood]:
    """The mood of each clause of one sentence, each read in the light of how the sentence opens.

    After thanks or praise, a short exclamation that only looks like an order ("Shout-out to the team, record
    revenue!") is more praise; one with an object ("Thanks, now fix the footer") or a request word still asks.
    A "Reminder:" label takes the mood of what it labels.
    """
    moods = [clause_mood(clause, asked) for clause in clauses]
    for i, clause in enumerate(clauses[:-1]):
        if re.fullmatch(_REMINDER, clause.strip(" .!:,-")):
            following = next((m for m in moods[i + 1 :] if m is not Mood.NOTHING), Mood.NOTHING)
            moods[i] = Mood.FYI if following in (Mood.STATEMENT, Mood.FYI) else Mood.ASK
    if next((m for m in moods if m is not Mood.NOTHING), None) is Mood.THANKS:
        moods = [Mood.THANKS if m is Mood.ASK and _exclamation(c) else m for c, m in zip(clauses, moods, strict=True)]
    return moods


def _exclamation(clause: str) -> bool:
    words = clause.split()
    return (
        len(words) <= 3
        and (len(words) < 2 or words[1] not in _OBJECT_WORDS)
        and not re.search(_REQUEST, clause)
        and not re.match(_WORK_QUESTION, clause)
    )


def asks_for_work(moods: list[Mood], *, named_work: bool, terse_signal: bool, urgent: bool) -> bool:
    """Whether the clauses, in reading order, ask for work.

    Any clause asking for it decides. Otherwise the message's opening decides: thanks, news, a report or a
    question asking for information is not a task, even when it names work ("Great stuff on the SMS campaign");
    a statement with a priority still is ("urgent: the sync is failing"); and a nominal opening is a task when
    its words name work (`named_work`) or it carries a deadline, priority or assignee with any (`terse_signal`).
    """
    if Mood.ASK in moods:
        return True
    opening = next((m for m in moods if m is not Mood.NOTHING), None)
    if opening is Mood.NOMINAL:
        return named_work or terse_signal
    return opening is Mood.STATEMENT and urgent
