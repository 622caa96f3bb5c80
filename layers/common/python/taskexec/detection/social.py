"""What people say to each other rather than ask of the service: small talk, proposals to meet or to move a
meeting, an event's invitation, lateness, away notes and whom to contact meanwhile. mood.py reads these openings as
told or answered, never as work, however much their words look like orders ("start without me", "join us").

Phrases only, kept as pattern text that `re` compiles on first use (its own cache).
"""

CHITCHAT = (
    r"(?:how\s+are\s+(?:you|u)(?:\s+doing)?(?:\s+today)?|how'?s\s+it\s+going|what'?s\s+up|sup|bye|goodbye|"
    r"good\s*night|see\s+(?:you|ya)(?:\s+\w+)?|lol|haha+|hmm+|help|test(?:ing)?|never\s*mind|nvm|appreciate\s+it|"
    r"on\s+it|will\s+do|sounds\s+good|got\s+it|noted|no\s+worries|np|brb|figured\s+it\s+out|ok(?:ay)?|k|"
    r"(?:(?:please|pls|plz)\s+)?(?:ignore|disregard)\s+(?:the|that|this|my)\s+[^,;]*?\b(?:(?:you|u|everyone)\s+(?:just\s+)?"
    r"(?:got|received)|i\s+(?:just\s+)?sent)\b.*|"
    r"(?:(?:please|pls|plz)\s+)?(?:ignore|disregard)\s+(?:that|this|it|me|the\s+above|(?:my|the|that)\s+(?:last|previous|earlier)\s+\w+)|"
    r"wrong\s+(?:channel|thread|chat|person|group)|my\s+bad|"
    r"talk\s+(?:to\s+you\s+)?(?:tomorrow|later|soon)|happy(?:\s+[\w@.'-]+){0,3}|"
    r"(?:enjoy|have)\s+(?:a\s+|the\s+|your\s+)?(?:(?:great|good|nice|lovely|wonderful|relaxing|restful|fun|safe|"
    r"happy|long|well-deserved)\s+)*(?:weekend|day|evening|night|holidays?|break|vacation|trip|flight|time\s+off|week|"
    r"rest\s+of\s+(?:the|your)\s+(?:day|week))(?:\s+(?:everyone|all|team|folks|y'all|guys|[a-z]+))?|"
    r"get\s+well\s+soon|safe\s+travels|good\s+luck(?:\s+[\w@.'-]+)?|(?:a\s+(?:warm\s+|big\s+)?)?welcome\s+(?:aboard|back|to\s+the\s+(?:team|family|crew))(?:\s+to)?(?:\s+[\w@.'-]+){0,2}|"
    r"take\s+care|stay\s+(?:safe|warm|cool|dry)|asking\s+for\s+(?:a\s+friend|myself|me)\b.*|"
    r"(?:please\s+)?feel\s+free\s+to\s+(?:say\s+(?:hi|hello)|reach\s+out|ping|message|dm|ask|drop\s+(?:me|us)\s+a|"
    r"get\s+in\s+touch|introduce)\b.*|"
    r"i\s+(?:love|like|hate)\s+(?:this|it|you)\b.*|are\s+you\s+(?:a\s+bot|human|real|there|ai)|who\s+are\s+you|"
    r".*\bjokes?\b.*)"
)
CONTACT_INSTEAD = (
    r"^(?:(?:please|pls|kindly)\s+)?(?:contact|reach\s+out\s+to|get\s+in\s+touch\s+with|ping|email|message|call|"
    r"talk\s+to|go\s+to)\s+\S+(?:\s+\S+){0,3}$"
)
"""Whom to turn to instead, after "for anything urgent" or "if anything comes up": an out-of-office note."""
CONTACT_IN_ONE = (
    r"^(?:for|if|in\s+case\s+of|should)\s+(?:anything|any\s+\w+|something|questions|issues|problems|urgent|it'?s\s+urgent|"
    r"(?:urgent|pressing|time-sensitive)\s+\w+)\b[^,;]{0,40}?\s(?:(?:please|pls|kindly)\s+)?(?:contact|reach\s+out\s+to|"
    r"get\s+in\s+touch\s+with|ping|email|message|call|talk\s+to|write\s+to|go\s+to)\s+\S"
)
"""Whom to turn to instead, said in one clause: "For anything urgent please contact maya@...", "In case of urgent
requests please email ops@..." (an auto-reply or an out-of-office note)."""
MEETING_NOUNS = (
    r"(?:a\s+|an\s+|some\s+|the\s+)?(?:quick\s+|short\s+|brief\s+|few\s+|spare\s+|\d+[\s-]?(?:min(?:ute)?s?|hours?)\s+|"
    r"(?:half\s+an|an|one)\s+hour\s+|(?:five|ten|fifteen|twenty|thirty|forty-five)[\s-]min(?:ute)?s?\s+)?"
    r"(?:call|chat|coffee|lunch|breakfast|drink|catch[\s-]?up|meeting|sync|huddle|walk|zoom|hangout|slot|moment|"
    r"hour|minutes?|mins?|time|(?:\d+|half\s+an|an|one|five|ten|fifteen|twenty|thirty)\s*(?:min(?:ute)?s?|hours?))\b"
    r"(?![\s-]+(?:room|rooms|invites?|notes|agenda|recap|script|scripts|recording|summary|list|booked|scheduled|set|"
    r"written|sent|done|ready|slots?)\b)"
)
"""What people meet over: "a quick call", "a coffee", "30 minutes", "an hour" (not a "meeting room" to book)."""
MEETING = (
    r"^(?:(?:shall|should|could|can|would|will|might)\s+(?:we|you\s+and\s+i)|let'?s|let\s+us|maybe\s+we\s+(?:could|can|should)|"
    r"why\s+don'?t\s+we)\s+(?:(?:quickly|briefly|maybe|perhaps|all|both|just|please)\s+)*"
    r"(?:(?:meet|get\s+together|sit\s+down|catch\s+up|chat|talk|speak|sync\s+up|huddle|hop\s+on|jump\s+on)\b|"
    rf"(?:grab|have|find|set\s+aside|carve\s+out|block(?:\s+out)?|do)\s+{MEETING_NOUNS})"
    rf"|^(?:how|what)\s+about\s+{MEETING_NOUNS}|^fancy\s+{MEETING_NOUNS}"
    r"|^(?:is\s+|are\s+)?(?:any(?:one|body)|every(?:one|body)|who'?s|who\s+is|who\s+else\s+is|y'all|you\s+all)\s+"
    r"(?:else\s+)?(?:up\s+for|in\s+for|down\s+for|keen\s+(?:on|for)|game\s+for|free\s+for|joining|coming\s+(?:to|for))\s+"
    r"(?:a\s+|an\s+|some\s+|the\s+)?(?:quick\s+|team\s+)?(?:lunch|coffee|drinks?|dinner|breakfast|pizza|beers?|walk|"
    r"run|game|quiz|karaoke|bowling|party|celebration|cake|ice\s+cream|happy\s+hour|after-?work)\b"
    r"|^(?:are|r)\s+(?:you|u|ya|you\s+both|you\s+all)\s+(?:free|around|available)\b(?!\s+to\s+(?!(?:meet|chat|talk|catch|sync|"
    r"hop|jump|grab|have)\b))"
    r"|^(?:would|will|does|do|could)\s+(?:[\w-]+\s+){0,3}or\s+(?:[\w-]+\s+){0,3}(?:work|suit)\b"
    r"|^(?:would|will|does|do|could)\s+(?:[\w:-]+\s+){0,4}(?:work|suit)\s+(?:(?:for\s+)?(?:you|everyone|all|both)\b|better|best|"
    rf"for\s+{MEETING_NOUNS}|for\s+(?:a|the)\s+(?:quick\s+)?(?:review|catch-?up|retro|kick-?off|debrief)\b)"
)
"""A proposal to meet or talk ("Shall we get together ...", "Could we grab a coffee ...", "Can we find 30 minutes
to talk about ...", "Would Thursday or Friday work better for the retro?"): it asks for an answer, not for work;
booking a room or an invite is work ("Can we book a meeting room ...")."""
GATHERINGS = (
    r"(?:stand-?ups?|1:1s?|1-(?:on|to)-1s?|one-(?:on|to)-ones?|1on1s?|retros?|retrospectives?|syncs?|calls?|meetings?|"
    r"sessions?|reviews?|demos?|check-?ins?|catch-?ups?|huddles?|qbrs?|kick-?offs?|workshops?|all-hands|off-?sites?|"
    r"lunch(?:es)?|dinners?|brown-?bags?|lunch[\s-]and[\s-]learns?|office\s+hours?|interviews?|chats?|coffees?|briefings?|"
    r"debriefs?|planning|town-?halls?|trainings?|walkthroughs?|sit-?downs?|1:1\s+slot|slot)"
)
"""What people meet at: moving one is answered, not done ("can we push our 1:1", "let's move standup")."""
MOVED_MEETING = (
    r"^(?:(?:can|could|shall|should|would|will|may)\s+(?:we|you|i)\s+|let'?s\s+|let\s+us\s+|mind\s+if\s+(?:we|i)\s+|"
    r"(?:is\s+it\s+|would\s+it\s+be\s+)?(?:ok(?:ay)?|alright|fine|cool)\s+(?:if\s+(?:we|i)\s+|to\s+)|"
    r"(?:we|i)(?:'ll|\s+will|'re|'m|\s+are|\s+am)?\s+(?:(?:have|need|want)\s+to\s+|'d\s+like\s+to\s+)?|"
    r"need\s+to\s+|please\s+|"
    r"(?:i\s+)?propose\s+(?:we|to)\s+|how\s+about\s+(?:we\s+)?)?"
    r"(?:(?:quickly|just|maybe|perhaps|also)\s+)*"
    r"(?:move|moving|push|pushing|shift|shifting|bump|bumping|reschedul(?:e|ing)|postpon(?:e|ing)|delay|delaying|"
    r"pull|pulling|bring|bringing|swap|swapping|cancel|cancell?ing|skip|skipping|slide|sliding)\s+"
    r"(?:(?:back|forward|up|ahead|out)\s+)?(?:(?:the|our|my|your|this|that|today'?s|tomorrow'?s|this\s+week'?s|"
    r"next\s+week'?s|\w+'s)\s+)?(?:[\w:/&-]+\s+){0,3}?"
    rf"{GATHERINGS}\b(?![\s-]+(?:rooms?|invites?|notes|agenda|recap|deck|slides|recordings?|summary|doc|link|"
    r"email|emails|sms|campaign|post|page|copy|segment|list|workflow)\b)"
)
"""A gathering moved or proposed ("Can we push our 1:1 to Monday?", "Let's move standup to 10:30", "Rescheduling
the planning session to Tuesday"): the team's calendar, answered rather than done; moving a send is work."""
INVITATION = (
    r"^(?:(?:all|everyone|everybody|anyone|anybody|all\s+of\s+you|[a-z-]+s)\s*(?:are\s+|is\s+|'s\s+|'re\s+)?"
    r"(?:(?:very|more\s+than|most|always)\s+)?(?:welcome|invited)\b(?=\s*(?:$|to\b|[^\w\s]))|"
    r"(?:please\s+|do\s+)?(?:come\s+(?:along|by|join)|join\s+us|drop\s+(?:in|by)|swing\s+by|pop\s+(?:in|by|over)|stop\s+by|"
    r"feel\s+free\s+to\s+(?:join|come|drop|attend|swing|pop|bring|tune)|bring\s+(?:(?:your|a|any)\s+)?(?:own\s+)?"
    r"(?:questions|friends?|laptops?|lunch|colleagues?|plus[\s-]ones?|ideas)|rsvp|see\s+you\s+(?:all\s+)?there|"
    r"hope\s+to\s+see\s+(?:you|everyone|all)|save\s+the\s+date|open\s+to\s+(?:all|everyone|everybody|anyone)|"
    r"no\s+(?:need\s+to\s+)?(?:rsvps?|registration|register|sign[\s-]?ups?|sign\s+up|tickets?|booking|book)|"
    r"(?:just\s+)?(?:show|turn)\s+up|(?:the\s+)?(?:links?|details|info)\s+(?:(?:is\s+|are\s+)?(?:below|above|here)\b|"
    r"to\s+(?:register|sign\s+up|join|rsvp|book\s+a\s+(?:seat|place|spot)))|(?:please|pls|do|let'?s|join\s+(?:me|us)\s+in)\s+"
    r"(?:join\s+(?:me|us)\s+in\s+)?(?:welcom(?:e|ing)|congratulat(?:e|ing))\s+"
    r"(?!(?:(?:our|the|all|any|every)\s+)?(?:[\w-]+\s+){0,2}?(?:customers|subscribers|users|members|sign-?ups|leads|"
    r"clients|buyers|shoppers|trialists|them|everyone|people|attendees|registrants)\b)"
    r"(?:our\s+|the\s+)?(?:new\s+)?\w+)\b)"
)
"""An event's invitation ("everyone's welcome", "join us", "drop in", "RSVP in the thread") or a welcome of a new
colleague ("please welcome Tomás"): the news is announced, and nothing is asked of the reader but to come or greet;
welcoming new customers is work."""
CONTACT_WHEN = (
    r"^(?:(?:please|pls|just|do|feel\s+free\s+to)\s+)*(?:ping|text|call|phone|ring|message|msg|dm|e-?mail|slack|"
    r"whatsapp|reach|contact|page|buzz|grab|find|shout\s+at|get\s+(?:hold\s+of|in\s+touch\s+with))\s+"
    r"(?:me|us|him|her|@[\w.-]+|[\w.+-]+@[\w.-]+|my\s+(?:mobile|cell|phone|deputy|backup|number)|"
    r"(?!(?:them|customers|subscribers|users|leads|people|everyone|anyone|members|buyers|clients|contacts|shoppers|"
    r"attendees|registrants|prospects|the|a|an|our|all|if|when|in|should|whenever|for|with)\b)[a-z]+)?"
    r"(?:\s+(?:on|via|at|over|through|in)\s+(?:my\s+|the\s+)?[\w.@+-]+(?:\s+[\w.@+-]+)?)?\s+"
    r"(?:if|in\s+case|should|whenever|when|for\s+anything|with\s+(?:anything|any|questions|urgent)|"
    r"(?:after(?:wards)?|later|(?:once|when)\s+i'?m\s+(?:back|out|done|free))$)\b"
)
"""Whom to reach and when, in an away note ("Ping me on Slack if something is critical", "text me if anything
breaks", "call my mobile if the send fails"); "text customers if their order is late" reaches an audience."""
AWAY = (
    r"^(?:i'?m\s+|i\s+am\s+|we'?re\s+|i'?ll\s+be\s+)?(?:off|out|away|back|offline|afk|wfh|remote|working\s+from\s+home|"
    r"unavailable|"
    r"unreachable|at\s+(?:the\s+|a\s+|my\s+)?(?:dentist|doctor|gp|vet|hospital|physio|gym|school\s+run|airport|"
    r"appointment|wedding|funeral|conference|summit|trade\s+show|off-?site|workshop)(?:'s)?|in\s+(?:meetings|workshops|"
    r"a\s+workshop|training)|travell?ing|on\s+(?:a\s+|the\s+)?(?:flight|plane|train|road|site\s+visit))"
    r"(?:\s+(?:sick|ill|today|tomorrow|all|day|afternoon|morning|this|the|rest|of|for|till|until|from|back|in|office|"
    r"leave|holiday|holidays|vacation|pto|lunch|break|[a-z]{3}-[a-z]{3}|"
    r"\d[\d:.-]*(?:am|pm)?))*$"
)
"""An away note's opening, its dates cut out ("out till Wednesday", "off today", "in meetings all afternoon")."""
LATE = (
    r"^(?:(?:i'?m|i\s+am|we'?re|we\s+are|i'?ll\s+be|i\s+will\s+be|we'?ll\s+be|(?:gonna|going\s+to)\s+be)\s+(?:running\s+)?|"
    r"running\s+)(?:a\s+(?:bit|little|tad|few\s+min(?:ute)?s|couple\s+(?:of\s+)?min(?:ute)?s)\s+|slightly\s+|"
    r"(?:\d+|five|ten|fifteen|twenty)\s*(?:-\s*)?(?:min(?:ute)?s?|m)\s+)?(?:late|behind)\b|"
    r"^(?:(?:i'?m|we'?re)\s+)?stuck\s+in\s+(?:traffic|another\s+\w+|a\s+\w+)|^(?:i'?ll\s+|we'?ll\s+)?be\s+there\s+in\s+\d+|"
    r"^(?:(?:please|pls|just|feel\s+free\s+to)\s+)*(?:start|go\s+ahead|begin|carry\s+on|kick\s+(?:it\s+)?off)\s+"
    r"without\s+(?:me|us)\b|^save\s+(?:me|us)\s+a\s+seat\b"
)
"""Late to a gathering ("running 10 min late to the 2pm", "stuck in traffic, start without me"): news to the
people waiting, not work."""
