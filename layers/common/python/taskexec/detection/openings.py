"""How clauses open: the phrases of thanks and praise, news, questions and requests that mood.py reads first.

Phrases only, kept as pattern text that `re` compiles on first use (its own cache): the words that tell a
statement from an order are in mood.py, which decides; what people say to each other rather than ask (small talk,
meetings, invitations, away notes) is in social.py.
"""

from taskexec.domain.wording import words

LEAD_IN = (
    r"(?:following\s+up(?:\s+on\b.*)?|as\s+(?:discussed|promised|agreed|mentioned)(?:\s+\w+)?|per\s+(?:our|my|your)\s+"
    r"\w+|one\s+more\s+thing|also|and|ps|p\.s\.|re|quick\s+(?:one|question|favou?r|request|ask)|"
    r"(?:(?:i|we)\s+)?(?:hope|trust)\s+(?!(?:you|someone|somebody)\s+(?:can|could|will|would|might|'ll)\b)"
    r"(?:you|all|the|your|this|everyone|everybody|things|it'?s|all'?s)\b.*|"
    r"(?:hi|hello|hey|hiya|yo|dear|morning)(?:\s+[\w@.'-]+){0,2}|"
    r"(?:following|after|given|ahead\s+of|in\s+light\s+of|as\s+per|further\s+to|regarding|wrt|w\.r\.t\.?|"
    r"with\s+(?:regards?|respect)\s+to|in\s+regards?\s+to|concerning)\s+(?!up\b)\S+(?:\s+\S+){0,5}|"
    r"with\s+(?:\S+\s+){1,6}?(?:(?:fast\s+|quickly\s+)?(?:coming\s+up|approaching)|(?:just\s+)?around\s+the\s+corner|"
    r"on\s+the\s+horizon|(?:now\s+)?(?:behind\s+us|over|done|live|in\s+place)))"
)
"""Clauses that only lead in: "following up on yesterday's call", "as discussed", "Hi Lena", "with the summit coming
up"."""
OCCASIONS = (
    r"meeting|workshop|kick-?off|off-?site|session|presentation|demo|talk|webinar|event|launch|quarter|week|month|"
    r"year|turnout|show|discussion|brainstorm|sprint|retro|summit|conference|party|dinner|lunch|start|progress|"
    r"collaboration|energy|numbers|conversation|chat|standup|stand-up|all-hands|catch-up"
)
THANKS = (
    r"^(?:(?:huge|big|many|special|massive|a\s+(?:big|huge)|so\s+many|mega)\s+)?"
    r"(?:thanks|thank\s+(?:you|u|ya)|thx|thnx|ty|tysm|tyvm|cheers\s+(?:to|for)|kudos|props|shout[\s-]?outs?|"
    r"hats\s+off|bravo|congrat(?:s|ulations)|well\s+done|(?:nice|good)\s+one|"
    r"(?:(?:i|we)\s+)?(?:really\s+|much\s+|truly\s+|greatly\s+|totally\s+)?appreciat(?:e|ed|ing)|"
    r"(?:(?:i|we)\s+)?(?:would\s+|'d\s+|just\s+|also\s+)*(?:like|want(?:ed)?|wish)\s+to\s+(?:take\s+a\s+moment\s+to\s+)?"
    r"(?:(?:sincerely|personally|warmly)\s+)?(?:thank|congratulate|say\s+(?:a\s+)?(?:(?:big|huge|special)\s+)?(?:thanks|"
    r"thank\s+you|congrats|well\s+done)|express\s+(?:my|our)\s+(?:thanks|gratitude|appreciation)|give\s+(?:a\s+)?"
    r"(?:shout[\s-]?out|kudos|props))|"
    r"(?:(?:i|we)\s+)?(?:lov(?:e|ing|ed)|adore)\s+(?:the|this|that|it|how|what|your|our|these)|"
    r"(?:really\s+|so\s+|very\s+|super\s+)?(?:great|nice|good|amazing|awesome|excellent|fantastic|brilliant|"
    r"stellar|solid|terrific|incredible|wonderful|outstanding|superb|lovely|impressive|cool|productive|fun)\s+"
    rf"(?:job|work|stuff|effort|call|catch|going|result|results|win|save|teamwork|idea|thinking|news|{OCCASIONS})|"
    r"(?:you|y'all|you\s+all|you\s+guys|the\s+team)\s+(?:crushed|nailed|rocked|killed|smashed|aced)\s+it|"
    r"(?:(?:i'?m|we'?re|i\s+am|we\s+are)\s+)?(?:(?:super|really|so|very|pretty|totally)\s+)?"
    r"(?:happy|pleased|impressed|excited|proud|thrilled|stoked|delighted)\s+(?:with|about|by|of|that|how)|"
    r"(?:(?:i'?m|we'?re|i\s+am|we\s+are)\s+)?(?:really\s+|so\s+)?looking\s+forward\s+to)\b"
)
"""Thanks and praise, of the work or of an occasion ("Great workshop yesterday", "Lovely offsite, everyone")."""
THANKS_IN_ADVANCE = r"^(?:thanks|thank\s+you|thx|ty)\s+(?:so\s+much\s+)?in\s+advance\b"
FYI = (
    r"^(?:(?:(?:just\s+)?(?:fyi|f\.y\.i\.?)|heads[\s-]?up|psa|til|today\s+i\s+learned|pro\s+tip|just\s+a\s+note|btw|by\s+the\s+way|friendly\s+reminder|"
    r"just\s+(?:so\s+(?:you|everyone|y'all|you\s+all|we\s+all)\s+know|letting\s+(?:you|everyone|you\s+all)\s+know|"
    r"an?\s+(?:fyi|heads[\s-]?up|update|reminder))|so\s+(?:you|everyone)\s+know|(?:good|bad|great)\s+news|"
    r"(?:(?:a|one|another)\s+)?(?:(?:quick|friendly|gentle|small)\s+)?reminder\s+that|"
    r"(?:just\s+)?(?:sharing|passing\s+(?:this|it|that)\s+(?:along|on))(?:\s+(?:for|with)\s+\w+)?|"
    r"for\s+(?:the\s+record|your\s+(?:information|awareness)|context|reference|info)|"
    r"reminder\s+(?:to|for)\s+(?:all|everyone|everybody|the\s+team))\b(?:\s+that\b)?"
    r"|(?:(?:(?:please|pls|plz|kindly)\s+)?note|(?:(?:a|an|the|our|my)\s+)?(?:(?:quick|short|small|brief|little|status|weekly|daily|"
    r"monthly|progress|project|team|final|meeting|call|sync|retro|stand-?up|qbr|workshop|off-?site|all-hands|planning|"
    r"kick-?off|session|1:1|check-in|huddle|demo)\s+)*(?:update|status|announcement|news|recap|summary|notes|minutes|"
    r"decisions?|takeaways|outcome|wrap-?up|round-?up|debrief|progress\s+report|status\s+report|"
    r"(?:policy|process|rule)\s+changes?|new\s+(?:policy|rule|process)))"
    r"(?:\s+(?:on|re|about|regarding|with)\s+[^:,;\u2014\u2013]+|\s+from\s+(?:the\s+|our\s+|my\s+)?[\w'&.-]+"
    r"(?:\s+[\w'&.-]+){0,2}(?=\s*[:\u2014\u2013-]|$)|\s+(?:from|of|after)\s+(?:[\w'-]+\s+){0,3}?"
    r"(?:call|meeting|standup|stand-up|sync|retro|offsite|off-site|qbr|review|workshop|session|chat|discussion|"
    r"kick-?off|all-hands|planning|huddle|catch-?up|demo|summit|conference|1:1|check-in))?"
    r"(?=\s+that\b|\s*[:,\u2014\u2013-]|$)(?:\s+that\b)?"
    r"|going\s+forward|moving\s+forward|from\s+now\s+on|effective\s+(?:immediately|today|now)|"
    r"as\s+of\s+(?:today|now)|starting\s+(?:today|now|immediately)|starting(?=\s*$))[\s:,\u2014\u2013-]*"
)
"""Announcements, news and its labels ("Status update:", "Recap from the QBR:", "Going forward, ..."): what
follows is news, unless it asks for work itself ("FYI: need someone to fix the sync")."""
NO_REQUEST = (
    r"^(?:(?:we|i|they)\s+(?:(?:have\s+|all\s+|just\s+)?(?:decided|agreed|concluded|figured|realised|realized)|"
    r"(?:all\s+)?(?:think|feel|reckon|agree))\s+(?:that\s+)?(?:for\s+now\s+)?)?"
    r"(?:(?:(?:there'?s|there\s+is)\s+)?(?:(?:probably|likely|really|honestly|clearly)\s+)?no\s+(?:real\s+)?(?:need|point|sense|reason)\s+"
    r"(?:to|for|in)|(?:nobody|no\s+one)\s+(?:needs?|has\s+to|should|must|is\s+(?:expected|required))|"
    r"(?:you|we|i)\s+(?:(?:probably|likely|really|actually|honestly|definitely|certainly|maybe|possibly|still|prob)\s+)*"
    r"(?:don'?t|do\s+not|won'?t|will\s+not|shouldn'?t|should\s+not)\s+(?:really\s+|actually\s+|even\s+)?need\b|"
    r"nothing(?:\s+else)?\s+(?:to\s+do|(?:is\s+)?needed|required)|"
    r"no\s+(?:[\w-]+\s+){1,3}?(?:is\s+|are\s+)?(?:needed|required|necessary)|"
    r"(?:(?:it'?s|that'?s|this\s+is|it\s+is|that\s+is)\s+)?(?:probably\s+|likely\s+)?(?:not\s+(?:needed|necessary|"
    r"worth\s+(?:it|the)|required)|unnecessary|overkill)|"
    r"expect|(?:just\s+)?(?:bear|keep)\s+(?:(?:that|this|it|these)\s+)?in\s+mind|be\s+aware|stay\s+tuned|rest\s+assured|"
    r"(?:i'?m\s+|i\s+am\s+|we'?re\s+)?not\s+sure|"
    r"i\s+(?:think|guess|suspect|feel)(?!\s+(?:we|you|someone|somebody)\s+(?:really\s+|still\s+|also\s+)?"
    r"(?:need|should|must|have\s+to|ought)\b)|i\s+(?:noticed|saw)|just\s+noticed|noticed|"
    r"(?:i\s+|we\s+)?(?:don'?t|do\s+not)\s+(?:think|believe|reckon|feel|see\s+(?:the|a|any)\s+(?:need|point|reason))|"
    r"(?:i\s+)?doubt|(?:i'?m\s+|i\s+am\s+)?(?:not|un)\s*convinced|(?:i'?m\s+|i\s+am\s+)?not\s+sold\s+on|"
    r"auto(?:matic|mated)?[\s-]*(?:reply|response|responder)|this\s+is\s+an\s+auto(?:matic|mated)?\s+(?:reply|response|message)|"
    r"(?:it\s+)?(?:seems|looks)\s+like|interesting|worth\s+a\s+(?:read|look|watch)|(?:just\s+)?checking\s+in|"
    r"(?:all\s+|just\s+)?(?:done|finished|through)\s+with|(?:i\s+)?(?:just\s+)?wanted\s+to\s+(?:say|share|mention|"
    r"note|flag|let\s+\w+\s+know|give\s+\w+\s+a\s+heads[\s-]?up)|"
    r"(?:please\s+)?(?:ping|contact|reach\s+out\s+to|email|message|ask|call)\s+\w+\s+(?:for|with|if|in\s+case)\s+"
    r"(?:anything|any\s+\w+|questions)|"
    r"happy\s+to\s+help|(?:let\s+(?:me|us)\s+know|lmk)(?!\s+if\s+(?:you|u|someone|anyone)\s+(?:can|could)\b)|"
    r"ngl|tbh|imo|imho|fwiw|honestly|personally|"
    r"let'?s\s+(?:not\b|hold\s+off|wait\s+and\s+see|(?:just\s+)?(?:leave|keep|park|drop|skip)\s+(?:it|this|that|things|"
    r"everything)(?:\s+(?:as\s+(?:is|it\s+is|they\s+are)|alone|for\s+now|there))?$)|"
    r"(?:you\s+can\s+)?(?:view|see|read|find|check\s+out|access|open)\s+(?:the\s+)?(?:full|complete|detailed|whole)\s+"
    r"(?:[\w-]+\s+)?(?:report|details|breakdown|results|notes|list|recording|analysis|dashboard)\s+(?:in|at|on|here|via)|"
    r"let'?s\s+(?:discuss|talk|chat|catch\s+up|sync|revisit|circle\s+back|take\s+(?:it|this)\s+offline|see)|(?:please\s+)?(?:don'?t|do\s+not|never)\s+(?!forget\b)\w+|"
    r"(?:i'?m\s+|i\s+am\s+|we'?re\s+)?(?:out\s+of\s+(?:the\s+)?office|ooo|on\s+(?:holiday|vacation|leave|pto|"
    r"(?:annual|parental|maternity|paternity|sick|study|medical)\s+leave)|"
    r"off\s+sick)|sorry|(?:please\s+)?(?:find|see)\s+(?:\w+\s+)?attached|attached\s+(?:is|are|you'?ll\s+find|please\s+find)|"
    r"here'?s\s+(?:the|your)\s+(?:[\w-]+\s+){1,3}(?:you|u)\s+(?:asked|wanted|requested|needed)|"
    r"(?:please\s+|pls\s+)?(?:see|read|check)\s+(?:the\s+|my\s+)?(?:note|email|message|thread|details|notes|info|"
    r"forward(?:ed\s+\w+)?|request|brief)\s+(?:below|above|attached|from\s+\S+|in\s+the\s+thread)|"
    r"(?:the\s+)?(?:links?|details|docs?|deck|slides|recording|file|notes|info)\s+(?:is\s+|are\s+)?"
    r"(?:in|on|below|above|here|attached|pinned)(?:\s+(?:the\s+)?[\w-]+)?$)\b"
)
"""Openings that tell rather than ask, whatever follows: "No need to do anything on the Shopify sync", "Not sure
if this matters but ...", "I think the integration might be misconfigured"."""
EXPLAIN = (
    r"^(?:please\s+)?(?:explain|describe|define(?!\s+(?:a|an|new)\s)|clarify|teach\s+me|tell\s+me|"
    r"help\s+me\s+understand|what(?:'s|s(?![\s-]?app\b)|\s+is|\s+are|\s+does|\s+do|\s+was)|"
    r"show\s+me\s+(?:how|what|why|my)|(?:list|show)\s+my\b|"
    r"(?:remind\s+(?:me|us)|refresh\s+my\s+memory)(?:\s+again)?,?\s+(?:what|how|why|who|when|where|which|whether|if))\b"
)
DEFINED_THING = (
    r"(?:define|outline|spell\s+out|map\s+out)\s+(?:the|a|an|our|new|some|which|who)\s+"
    r"(?!(?:difference|term|word|meaning|concept|acronym|definition)s?\b)"
)
"""Defining a thing to build: "define the 'at risk' cohort", "define which accounts count as dormant"."""
WRITTEN_FOR_OTHERS = (
    r"\b(?:in|as|into)\s+(?:a|an|the|our|one)\s+(?:[\w-]+\s+){0,2}(?:post|blog|faq|article|email|newsletter|video|"
    r"guide|page|doc|document|one-pager|deck|slides?|thread|script|explainer|infographic|brief|memo|help\s+article)s?\b"
    r"|\bfor\s+(?:our\s+|the\s+|all\s+|existing\s+|new\s+)?(?:customers|users|subscribers|members|clients|readers|"
    r"visitors|help\s+(?:center|centre)|blog|website|site)\b"
)
"""An explanation to be written for others: "explain the new tiers in a blog post for existing customers"."""
EXPLAIN_VERBS = words(
    """
    explain tell say describe define clarify show teach recommend know believe imagine guess remember recall rather
    prefer
    """
)
"""Asked with "can you", these want an answer, not work: "Could you tell me ...", "Can you believe ..."."""
WORK_QUESTION = (
    r"^(?:(?:any\s+chance|is\s+there\s+(?:any\s+)?way|i\s+was\s+wondering\s+if|i\s+wonder\s+if|wondering\s+if|"
    r"do\s+you\s+think|(?:just\s+)?checking\s+(?:whether|if))\s+)?(?:(?:(?:do\s+you\s+)?think|reckon)\s+(?:you|someone|we)\s+"
    r"(?:could|can)|(?:can|could|would|will)\s+(?:you|u|ya|someone|somebody|anyone|we|one\s+of\s+you|"
    r"(?:your|the|our)\s+(?:[\w-]+\s+){0,2}?team|"
    r"y'all)|(?:you|someone|somebody|anyone|we)\s+(?:could|can)|(?:let\s+(?:me|us)\s+know|lmk)\s+if\s+(?:you|u|"
    r"someone|anyone)\s+(?:could|can)|(?:is|are)\s+(?:anyone|someone|somebody|you|"
    r"one\s+of\s+you)\s+(?:able|available|free)\s+to|(?:would|is)\s+it\s+(?:be\s+)?possible\s+(?:for\s+\w+\s+)?to|"
    r"(?:can|could|may)\s+(?:i|we)\s+(?:please\s+)?(?:get|have|grab)|(?:how|what)\s+about|would\s+you\s+mind|mind|"
    r"(?:anyone|someone|somebody|you)\s+(?:able|available|free|willing|keen|want)\s+to|"
    r"(?:do|would)\s+you\s+have\s+(?:the\s+|some\s+)?(?:time|a\s+(?:sec|second|minute|moment))\s+to|"
    r"(?:have\s+you\s+)?got\s+(?:time|a\s+(?:sec|minute))\s+to|(?:can|could|may)\s+i\s+ask\s+(?:you|someone)\s+to|"
    r"shall\s+we|why\s+don'?t\s+(?:we|you)|any\s+way\s+(?:we|you|someone)\s+(?:could|can)|"
    r"who\s+(?:can|could|wants\s+to|is\s+able\s+to|has\s+time\s+to)|any\s+volunteers\s+(?:to|for))\s+"
    r"(?:(?:please|pls|kindly|possibly|maybe|quickly|also|just)\s+)*(?P<verb>[a-z'-]+)(?:\s+(?P<obj>[a-z'-]+))?"
)
TOLD_NEED = r"(?:[\w']+\s+){1,3}?(?:needs?|wants?|likes?|love|asked\s+for|(?:is|are)\s+after)\s+(?:is|are)\b"
"""After "what", another's need said as a cleft ("What she'd like is an email blast ..."): a statement whose thing
the request after it points back to ("Could we get that sent?"), not a question."""
QUESTION = (
    r"^(?:what(?!\s+(?:i|we)(?:\s+[a-z]+){0,2}?\s+(?:need|want|would\s+like)\b(?!\s+to\s+(?:know|understand|hear)\b))"
    rf"(?!\s+{TOLD_NEED})|"
    r"whats(?![\s-]?app\b)|why|how|who|whom|whose|can\s+i|could\s+i|will\s+i|will\s+it|will\s+there|"
    r"any\s+ideas?|(?:does\s+|has\s+|is\s+)?any(?:one|body)\s+(?:else\s+)?(?:know|have|got|seeing|seen|noticed?|having|"
    r"getting|experiencing|run\s+into|hit)|curious|wondering|i\s+wonder|i'?m\s+wondering|(?:just\s+)?checking\s+(?:whether|if)|"
    r"(?:is|are|am|was|were|do|does|did|has|have|had|should|shall|may|might|isn'?t|aren'?t|don'?t|doesn'?t|didn'?t|"
    r"wasn'?t|haven'?t|hasn'?t)\s+(?:you|we|they|it|i|there|anyone|someone|he|she|this|that))\b"
)
OPINION = (
    r"^(?:(?:i|we)?'?d\s+love|would\s+love|love\s+to\s+(?:get|hear)|keen\s+to\s+hear|(?:any|your)\s+(?:thoughts|feedback))"
    r"(?:\s+(?:your|any|some))?(?:\s+(?:thoughts|feedback|input|opinions?|take))"
)
"""Asking what someone thinks is asking for information, not for work."""
POSSIBLE = r"^(?:is|would)\s+it\s+(?:be\s+)?possible\s+to\b"
"""Whether something can be done, asked of nobody: a request when it carries a deadline, priority or assignee ("Is
it possible to connect Pipedrive by Monday?"), a question otherwise ("Is it possible to export from Braze?")."""
ASKED_QUESTION = r"^(?:where|when|which|is|are|am|was|were|do|does|did|has|have|had|should|shall|may|might)\b"
"""Openings that make a question only when the sentence ends with "?": "When someone downloads the PDF, notify
their owner" is a request, "Do the Q3 report" too."""
REQUEST = (
    r"(?<=\w\s)(?<!\bis\s)(?<!\bare\s)(?<!\bwas\s)(?<!\bbe\s)(?<!\bbeen\s)(?<!\bnot\s)(?<!\bwere\s)(?:wanted|required|requested)(?=\s*+(?::|\s[\-\u2013\u2014]|(?:on|for|about|by|asap|urgently|today|tomorrow)\b))|"
    r"\b(?:please|pls|plz|kindly|(?<!n't\s)(?<!\bnot\s)needs?|(?<!\bi\s)(?<!\bwe\s)(?<!\bthey\s)(?<!\bwhat\s)(?<!n't\s)(?<!\bnot\s)needed|let'?s(?!\s+(?:you|u|them|people|users|customers|him|her|anyone|everyone)\b)|let\s+us|"
    r"remind\s+me|remember\s+to|don'?t\s+forget|looking\s+for\s+(?:someone|somebody|help|a\s+volunteer)|"
    r"(?:would|'d|will)\s+be\s+(?:great|good|nice|awesome|helpful|ideal|amazing|lovely)\s+(?:if|to)|"
    r"(?:i\s+was\s+|i'?m\s+|we'?re\s+)?hoping\s+(?:you|someone|somebody)|could\s+(?:really\s+)?use\s+(?:a|an|some|the)|"
    r"(?:we'?re|we\s+are)\s+(?:still\s+)?missing|we\s+(?:still\s+)?(?:don'?t|do\s+not)\s+have\s+(?:a|an|any)|we\s+lack|"
    r"wants?\s+(?:a|an|some|us|you|someone|somebody)|(?<!\bwho\s)(?<!\bthat\s)wants\s+(?:that|the|their|his|her|this|these)\b|"
    r"asking\s+for|(?<!\byou\s)asked\s+(?:for|us\s+to|me\s+to)|"
    r"(?:i|we)\s+(?:would\s+|'d\s+)?(?:(?:kindly|hereby|formally|humbly|also)\s+)?(?:request|ask|beg|urge)\s+"
    r"(?:(?:that\s+)?(?:you|u|your\s+team|the\s+team|someone|somebody)|that)\b|"
    r"(?:i|we)(?:\s+would|'d)?\s+(?:like|want|wish|prefer)\s+that\s+(?:you|u|someone|somebody|your\s+team|the\s+team)\b|"
    r"(?:would|'d)\s+appreciate|(?:would|'d)\s+be\s+(?:very\s+|really\s+|most\s+)?(?:grateful|thankful|obliged)\s+if|appreciate\s+(?:it\s+)?if|make\s+sure|(?<!it\s)(?<!that\s)(?<!this\s)(?:should|must)|ha(?:s|ve)\s+to|gotta|want\s+(?:you\s+|someone\s+)?to|"
    r"(?:i|we)\s+want|i'?d\s+like|we'?d\s+like|(?:i|we)\s+would\s+like|(?:i|we)'?d\s+love|(?:i|we)\s+would\s+love|"
    r"(?:i\s+am|i'?m|we\s+are|we'?re)\s+writing\s+(?:to|for)\s+(?:ask|request)|"
    r"to-?do(?!\s+lists?\s+(?:is|are|was|'s|looks))|can\s+(?:you|someone|somebody)|could\s+(?:you|someone|somebody)|do\s+me\s+a\s+favou?r)\b"
    r"|^(?:task|to-?do(?!\s+lists?\s+(?:is|are|was|'s|looks))|action\s+item|new\s+task|tbd|time\s+to)\b"
)
WORK_REQUIRED = (
    r"^(?:(?:an?|some|new|fresh)\s+)?(?:(?!(?:the|this|that|these|those|our|their|its|two|three|four|\d+)\b)[\w'/-]+\s+){0,3}?"
    r"(?:readouts?|analys[ie]s|reports?|breakdowns?|"
    r"dashboards?|summar(?:y|ies)|segments?|lists?|audiences?|campaigns?|newsletters?|articles?|blog\s+posts?|audits?|"
    r"forecasts?|overviews?|comparisons?|numbers|figures|workflows?|automations?|integrations?|deep[\s-]dives?)\b"
    r"(?:\s+[\w'/$%.,-]+){0,10}?\s+(?:is|are)\s+(?:(?:also|still|urgently|now)\s+)?(?:required|wanted|requested)\b"
)
"""Work named first and then required ("A readout on the loyalty SMS pilot is required by ...", "Some numbers on
opt-outs are wanted"): asked as "is needed" is; a rule's requirement ("a manager sign-off is required before
sending") names no work."""
STATUS_NEWS = (
    r"^(?:(?:all\s+)?back\s+(?:to\s+normal|up|online|in\s+sync)|(?:up\s+and\s+)?running\s+(?:again|smoothly|fine)|"
    r"working\s+(?:again|fine)|all\s+(?:good|clear|green)|(?:now\s+)?(?:resolved|fixed|sorted|live|restored))\b"
)
"""A status without its verb, news after a label: "Klaviyo connector — back to normal", "Checkout: resolved"."""
RESOLVED = (
    r"\bfalse\s+alarm\b|\b(?:has|have)\s+(?:now\s+)?(?:cleared|recovered|subsided|stabili[sz]ed)\b|"
    r"(?:^|\n)(?:[\w-]+\s+){0,3}(?:resolved|fixed|closed|cleared|restored|mitigated)\s*(?::|\s[\u2013\u2014-]\s)|"
    r"\b(?:was|were|has\s+been|have\s+been|had\s+been|got|is\s+now|are\s+now)\s+(?:\w+ly\s+)?(?:fixed|resolved|closed|answered|"
    r"sorted(?:\s+out)?|solved|restored|patched|handled|addressed|mitigated|cleared|rolled\s+back)\b|"
    r"(?:^|[:,\u2013\u2014-]\s*)(?:fixed|resolved|closed|sorted|solved|restored|patched|handled)\s+by\b"
)
"""A report that a problem is over ("The P0 outage ... was fixed by Lena", "High-priority bug ...: closed by the dev
team"): the priority it names was the problem's, and no work is asked."""
_DONE_STATES = (
    r"(?:connected|linked|integrated|synced|hooked\s+up|set\s+up|configured|installed|translated|written|drafted|"
    r"built|created|updated|fixed|scheduled|sent|published|migrated|imported|launched|done|finished|ready|live|"
    r"sorted|cleaned\s+up|tagged|segmented|proofread|approved|designed)"
)
STILL_UNDONE = (
    rf"\bstill\s+(?:isn'?t|aren'?t|is\s+not|are\s+not|hasn'?t\s+been|haven'?t\s+been|not)\s+(?:been\s+)?{_DONE_STATES}\b"
    r"|\b(?:we|i)\s+still\s+(?:don'?t|do\s+not)\s+have\s+(?:the|our|a|an|any|this|that)\s+(?:[\w'-]+\s+){0,6}?"
    rf"{_DONE_STATES}\b"
)
"""Work stated as still undone ("Our BigCommerce store still isn't connected", "We still don't have the Pipedrive
account linked"): a need, as "the newsletter needs a proofread" is."""
DONE_NEEDED = (
    r"^(?:and\s+|but\s+|so\s+)?(?:that|this|it|which|both|all\s+of\s+(?:that|this|it))(?:'s\s+got\s+to|\s+(?:really\s+|still\s+|"
    r"also\s+|just\s+)?(?:needs?\s+to|has\s+to|have\s+to|must|has\s+got\s+to|should|ought\s+to|is\s+to|"
    r"is\s+going\s+to\s+have\s+to)|'s\s+going\s+to\s+have\s+to)\s+(?:be\s+|get\s+)?(?:happen|done|sorted|fixed|finished|completed|handled|set\s+up|"
    r"sent|ready|live|connected|translated|built|written|in\s+place|up|out|go\s+out|started|resolved|taken\s+care\s+of|"
    r"calculated|figured\s+out|worked\s+out)\b"
    r"|^(?:that|this|it)\s+needs\s+(?:doing|fixing|sorting|sending|building|writing|setting\s+up)\b"
)
"""An obligation laid on work named just before ("... yet - that needs to happen by Friday", "That has to be done
in 3 days"): it asks for that work."""
REPORT_LABEL = (
    r"(?:\[[^\]]{1,40}\]\s*)?(?:[\w'&#/-]+\s+){0,3}(?:recap|summary|digest|debrief|post-?mortem|retro(?:spective)?|"
    r"round-?up|wrap-?up|highlights|report|results|stats|metrics|kpis|scorecard|numbers|figures|"
    r"(?:feedback|quotes?|testimonials?|wins?|tips?|reviews?)\s+of\s+the\s+(?:day|week|month))"
)
"""A report's label ("Q4 recap", "Weekly Marketing Digest", "Post-mortem summary", "[HubSpot] Weekly report"): before
news, what follows is the report; "Churn report for Q3, by Friday" asks for one."""
PRAISE = (
    r"(?:(?:really|so|very|super)\s+)?(?:nice|great|good|amazing|awesome|excellent|brilliant|fantastic|stellar|solid)\s+"
    r"(?:job|work|stuff|effort|teamwork)|well\s+done|kudos|congrat(?:s|ulations)|bravo|hats\s+off|props"
)
"""Praise, which makes the result it follows praise too ("HIGH open rates on yesterday's send, nice work!")."""
HEDGED_ASK = (
    r"\s(?:but|so)\s+(?=(?:can|could|would|will)\s+(?:we|you|u|someone|somebody|anyone)\b|(?:please|pls|kindly)\s)"
)
"""A request after a hedge in the same clause ("lmk if this is dumb but can we get ...", "I know it's late but could
we squeeze in ..."): the request decides."""
WORTH_DOING = (
    r"^(?:(?:it|this|that)(?:'s|\s+is|'d\s+be|\s+(?:might|may|could|would)\s+be)\s+|(?:might|may|could|would)\s+be\s+)?"
    r"(?:(?:probably|maybe|definitely|really|well|also)\s+)*worth\s+(?=[a-z]+ing\b)"
)
"""Work suggested with a hedge ("might be worth setting up a retention workflow", "probably worth reconnecting it"):
a request, worded as a suggestion; "worth a look" after a link is a recommendation to read (NO_REQUEST)."""
ARRIVED = (
    r"^(?:\d[\d,]*\s+)?new\s+(?:[\w-]+\s+)?(?:responses?|submissions?|orders?|leads?|sign-?ups?|comments?|messages?|reviews?|replies|"
    r"reply|bookings?|tickets?|entry|entries|sales?|payments?|mentions?|subscribers?|followers?)(?:\s+#?\d[\w-]*)?"
    r"(?:\s+(?:on|from|via|in|by)\b|$)"
)
"""A notification that something arrived ("New response on 'Event Feedback'", "New order from the web shop"): news
of an event, not work, where "New landing page for ..." names a thing to make."""
WOULD_BE_GREAT = (
    r"^(?P<gerund>[a-z]+ing)\b.*?\s(?:would|'d|will|wud|wld)\s+be\s+(?:really\s+|so\s+|super\s+)?(?:great|grate|good|nice|"
    r"awesome|helpful|ideal|amazing|lovely|brilliant|fantastic|appreciated|perfect|a\s+(?:big\s+|huge\s+)?help)"
    r"(?:\s+(?:thanks|thx|ty|cheers|please|pls))?\W*$"
)
"""A piece of work named by its gerund and wished for: "setting up a referral flow for new partners would be great"."""
THING_QUESTION = (
    r"^(?:can|could|would|will)\s+(?:the|our|this|that|these|those|my|it)\b(?:\s+[\w'-]+){0,6}?\s+"
    r"(?:be\s+(?:[a-z]+ed|sent|done|set\s+up|built|written|out|live|ready|moved|pushed|translated|sorted)|"
    r"go\s+(?:out|live)|get\s+[a-z]+ed)\b"
)
"""A request asked of the work itself rather than a person: "Could the spring SMS be scheduled for ...?", "Can the
partner newsletter go out on ...?"."""
UNDER_WAY = (
    r"(?:currently\s+|still\s+|now\s+)?(?:working\s+on|finishing\s+up|wrapping\s+up|looking\s+into|going\s+through|"
    r"digging\s+into|will\s+(?!you\b)|gonna|going\s+to\s+(?!need\b)|about\s+to|planning\s+to)\b"
)
REMINDER = (
    r"(?:[\w-]+\s+)?reminder(?:\s+(?:for|to)\s+(?:me|myself|self|us))?|note\s+to\s+(?:self|me|myself)|"
    r"to-?do|action\s+item|next\s+(?:steps?|up)|(?:the\s+|my\s+|our\s+|main\s+)?(?:ask|request)"
)
"""A label that asks when a piece of work follows ("Reminder: send the invoices") and announces when news does
("Reminder: the newsletter goes out Thursday")."""
FINISHED_ITSELF = (
    r"\b(?:completed?|finished|succeeded|refreshed|recalculated|recomputed|re-?ran|ran|synced|processed|rebuilt|"
    r"updated|imported|exported|delivered|executed|failed|errored|timed\s+out|went\s+through)\s+(?:\d[\d,]*\s+times\s+)?"
    r"(?:(?:itself|themselves|automatically|successfully|fine|cleanly|on\s+(?:its|their)\s+own|by\s+itself|overnight|"
    r"as\s+(?:scheduled|planned|expected)|on\s+schedule)\b|(?:with|without)\s+(?:\d[\d,.]*|no|zero|any)\s+\w+|"
    r"without\s+(?:any\s+)?(?:errors?|issues?|problems?|failures?|warnings?)\b|"
    r"in\s+(?:under\s+)?\d[\d,.]*\s*(?:ms|s|secs?|seconds?|mins?|minutes?|hours?|h)\b|at\s+\d)"
)
"""A system's report of a run ("completed with 0 errors", "refreshed automatically", "ran successfully at
02:00", "finished in 4 minutes"): it tells what happened by itself, and asks nothing."""
EVENT_REPORTED = (
    r"\b(?:(?:received|refunded|declined|bounced|approved|rejected)\s+(?:from|by)|"
    r"(?:confirmed|cancell?ed|rescheduled|booked)(?:\s+(?:from|by|for)\b|(?=\s*(?:\d|$))))"
)
"""An event reported without its verb ("Payment of $49 received from Acme", "Order #88 cancelled by the customer")."""
DONE_STATE_WORDS = words(
    "complete completed done finished successful succeeded failed ok okay green passed synced imported exported "
    "delivered refreshed"
)
"""A noun then one of these is a status ("Backfill complete", "Import done"), not an order ("Complete the form")."""
STATE_FOLLOWERS = words(
    "with without at in on for overnight successfully automatically today yesterday this last and after as since by"
)
MUSING = (
    r"(?:^|\s)(?:(?:just|only|i'?m|i\s+am|we'?re)\s+)?(?:thinking|musing|brainstorming|spitballing)\s+(?:out\s+loud|aloud|"
    r"here|ahead)\b|^(?:just\s+)?(?:a\s+|one\s+)?(?:random|idle|stray|passing|shower)\s+thought\b|^(?:just\s+)?a\s+thought\b|"
    r"^food\s+for\s+thought\b|\bnot\s+(?:an?\s+)?(?:ask|request|action\s+item|task)(?:\s+(?:yet|for\s+now))?\b"
)
"""A note that the message only thinks aloud ("Plan for Q1, just thinking out loud: ...", "random thought:", "not a
request yet"): what it says is a plan being weighed, not work asked for."""
REASON = (
    r"(?:(?:just|only|mostly|purely|i'?m|i\s+am|we'?re|i|we)\s+)*(?:asking\b|(?:want(?:ing|ed)?|need|needing|trying|hoping)\s+"
    r"to\s+(?:understand|know|learn|check|confirm|find\s+out|figure\s+out|work\s+out|be\s+sure|make\s+sure\s+i|"
    r"explain\s+(?:it|this|that)|present\s+(?:it|this|that)|tell\s+(?:my|our|the)\s+\w+)\b|"
    r"curious\b|wondering\b|for\s+(?:the|an?|my|our)\s+(?:[\w-]+\s+)?(?:audit|record|report|planning|budget|review)\b)"
)
"""Why a question is asked, said after it ("asking for the audit", "want to understand the rules", "just curious")."""
NO_ACTION = (
    r"^(?:(?:there\s+are\s+|there'?s\s+)?no\s+(?:(?:further|new|open|next)\s+)?(?:action(?:\s+items?)?|actions|follow-?ups?|"
    r"next\s+steps|to-?dos?)|nothing\s+(?:(?:else|more|further)\s+)?(?:to\s+(?:action|do|follow\s+up)|for\s+(?:you|us|anyone)\s+"
    r"to\s+do))\b"
)
"""Notes that say nothing is left to do ("No action items.", "Nothing to action for now")."""
STATUS_TAG = (
    r"^\[\s*(?:alert|warning|warn|notice|notification|info|fyi|resolved|recovered|incident|automated|auto|system|"
    r"monitor(?:ing)?|status|update|digest|announcement|maintenance|ok|success|failure|failed|error|report|"
    r"scheduled|reminder)(?:\s+[\w-]+)?\s*\]"
    r"|^(?:alert|warning|notification|system\s+(?:notice|message|alert)|automated\s+(?:notice|alert|message|email)|"
    r"incident)(?:\s*[:\u2014\u2013-]|$)"
)
"""A system's tag on its notification ("[Alert] ...", "[Resolved] ...", "Warning: ..."): what follows is news
unless it asks for work itself ("[Alert] Stripe webhook failing, can someone fix it?")."""
