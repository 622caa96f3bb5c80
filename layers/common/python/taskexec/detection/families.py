"""The words that name each category, in weighted families: what the object of the work is made of.

Pattern text only, compiled by scoring.py on the first message; a term opening with "^" names the work by opening
with it (a label: "Workflow for order confirmations: ..."). The verbs and the shapes of an object are in
vocabulary.py.
"""

from taskexec.domain.vocabulary import Category

FAMILIES: dict[Category, list[tuple[str, float]]] = {
    Category.ANALYTICS: [
        (r"reports?|reporting", 3),
        (r"dashboards?|heat\s?maps?", 4),
        (r"analy[sz]e[sd]?|analy[sz]ing|analysis|analytics", 3),
        (r"metrics?|kpis?|roi|roas|ctr|cpa|cpc|cpm|cac|aov|arpu|mrr|nps|ltv", 3),
        (r"segmenting|segmentation|(?:which|what|each|per|by|every|across)\s+segments?", 2),
        (r"export(?:s|ing)?|numbers|how\s+many|opt-?outs|unsubscribe\s+rates?|spike[sd]?|dig\s+into", 2),
        (r"open\s+rates?|click[\s-]?through(?:\s+rates?)?|click\s+rates?|bounce\s+rates?|conversion\s+rates?", 3),
        (r"conversions?|converts?|converting|revenue|traffic|performance|performing|churn|growth|deliverability", 2),
        (r"attribution|forecast(?:s|ing)?|benchmarks?|funnel|lifetime\s+value|insights", 3),
        (
            r"comparisons?(?!\s+(?:page|table|grid|site|chart|landing))|side[\s-]by[\s-]sides?|vs\.?|versus|compared\s+(?:with|to)|year[\s-]over[\s-]year|yoy",
            3,
        ),
        (r"cohort\s+(?:analys[ie]s|reports?|retention|stud(?:y|ies)|charts?|tables?)|cohorts\s+by", 3),
        (r"read-?outs?|a\s+read\s+on|deep[\s-]dives?|scorecards?|post-?mortems?|(?:break|broken)\s+down", 3),
        (
            r"(?:by|per|split\s+by|broken\s+down\s+by)\s+(?:campaign|channel|carrier|device|country|region|store|source|"
            r"plan|tier|week|month|day|cohort|sender|type|market|platform|browser|city|state|list|product|category|"
            r"audience|traffic|revenue|opens|clicks|conversions|engagement)(?:\s+(?:type|name|size))?",
            3,
        ),
        (r"charts?|graphs?|tables?|volumes?|lift|significan\w*|underperform\w*|outperform\w*|redemptions?", 2),
        (r"opens|clicks|replies", 1),
        (r"(?:daily|weekly|monthly)\s+active\s+users|active\s+users|dau|wau|mau", 2),
        (
            r"breakdown|statistics|stats|trends?|results|measure|calculate|survey|averages?|medians?|number\s+of|counts?",
            2,
        ),
        (  # a question about results: "asking how the ads did", "whether Tuesday sends do better than ..."
            r"how\s+(?:[\w'-]+\s+){1,5}?(?:did|performed|went|landed|compared|converted|(?:are|is)\s+(?:doing|performing))|"
            r"(?:whether|if)\s+(?:[\w'-]+\s+){1,6}?(?:do|does|did|perform|performs|performed|convert|converts|converted|"
            r"work|works|worked)\s+(?:any\s+)?(?:better|worse)",
            5,
        ),
        (  # a ranking: "the top 10 campaigns by revenue" ranks the campaigns, it makes none
            r"(?:(?:top|bottom|best|worst|highest|lowest)[\s-]+(?:\d+|three|five|ten|twenty|fifty)|(?:\d+|three|five|ten|"
            r"twenty|fifty)\s+(?:best|worst|highest|lowest|top|bottom)(?:[\s-]performing)?)\s+(?:[\w-]+\s+){0,3}?"
            r"(?:by|ranked\s+by|sorted\s+by|in\s+terms\s+of)\s+(?:revenue|spend|opens|clicks|conversions?|engagement|roi|"
            r"roas|sales|orders|ctr|performance|open\s+rates?|click\s+rates?|volume|growth|margin|replies)",
            4,
        ),
        (  # a measure, not only the marketing ones: "enrollment yield", "cost per lead", "occupancy", "no-show rate"
            r"yields?|(?:cost|costs|revenue|spend|margin|profit|price)\s+per\s+[\w-]+|occupancy|utili[sz]ation|"
            r"(?:enrol?l?ment|attendance|show[\s-]?up|no-?show|response|win|fill|renewal|take-?up|uptake|redemption|"
            r"completion|repeat|return|booking|sell-?through|visit|referral|cancellation|retention|churn|reply|read)"
            r"(?:\s+(?:visit|purchase|order|booking))?\s+(?:rates?|numbers|figures|stats|counts?)|"
            r"(?:reports?|reporting|dashboards?|kpis?|metrics|scorecards?)\s+templates?",
            3,
        ),
        (r"track(?:ing)?|audit|drop(?:ped)?|impact|activation|spend|csv|data|top\s+\d+|hotjar", 1),
    ],
    Category.INTEGRATION: [
        (r"integrations?|integrate|sync(?:s|ing|ed)?|webhooks?", 4),
        (r"apis?|api\s+keys?|endpoints?|connectors?|connect|reconnect|sso|single\s+sign[\s-]on|data\s+pipeline", 3),
        (r"oauth|re-?authenticat\w*|authenticate|hook\s+up|zapier|salesforce", 3),
        (
            r"connection|zaps?|crm|shopify|hubspot|whatsapp|stripe|mailchimp|pipedrive|marketo|twilio|okta|zendesk|"
            r"calendly|klaviyo|woocommerce|magento|intercom|bigquery|snowflake|google\s+sheets|airtable|"
            r"slack\s+integration|import(?:s|er)?|migrat(?:e|ion)|tokens?|plugin|ip\s+range|messagebird|eventbrite|"
            r"jira|(?:exports?|imports?|feeds?)\s+(?:from|to|into)\s+zzname|pixels?|tag\s+manager|gtm|sdks?|"
            r"tracking\s+(?:code|snippet|script)|snippet|dns|dkim|spf|dmarc|sending\s+domain|"
            r"zzname\s+(?:sources?|destinations?|workspace|connections?|write\s+keys?|api\s+keys?)",
            2,
        ),
        (
            r"destinations?|widgets?|embeds?|(?:product|data|catalog(?:ue)?|shopping|inventory)\s+feeds?|merchant\s+cent(?:er|re)",
            2,
        ),
        (  # the thing needed connected to another: "we need the ATS connected to the HRIS"
            r"(?:connected|integrated|hooked\s+up|wired\s+up|plugged|piped|synced|talking)\s+(?:in\s+)?(?:to|into|with)",
            6,
        ),
        (r"rate[\s-]?limit(?:s|ing|ed)?|throttl(?:e|es|ed|ing)|[45]\d\d\s+(?:errors?|responses?)", 3),
        (r"slack|typeform|facebook\s+lead\s+ads|google\s+ads|field\s+mapping|mapping|two-way|traits?|→|->", 1),
        (r"(?:keeps?\s+)?(?:failing|timing\s+out|erroring|disconnect(?:ed|ing|s)?)", 1),
        (
            r"(?:exports?|imports?|syncs?|feeds?|jobs?|connectors?)\s+(?:[\w-]+\s+){0,4}?(?:keeps?|kept|is|are|still)\s+"
            r"(?:failing|timing\s+out|erroring|stalling|dropping|duplicating|breaking)|"
            r"(?:port|carry|bring|move|copy)\s+(?:[\w-]+\s+){0,5}?(?:over|across)\s+from",
            4,
        ),
    ],
    Category.WORKFLOW: [
        (r"workflows?|drip", 4),
        (  # it opens by naming it, maybe with its trigger: "Workflow for order confirmations: ...", "Journey | ..."
            r"^(?:[\w-]+\s+){0,3}(?:workflows?|automations?|flows?|journeys?|sequences?)(?:\s+(?:for|on|to|when|after|"
            r"if)\s+(?:[\w'-]+\s+){0,3}?[\w'-]+)?(?=\s*+[:|\u2014\u2013-])",
            6,
        ),
        (
            r"automations?|automate[sd]?|sequences?|triggers?|journeys?|flows?|canvas(?:es)?|lead\s+scoring|lead\s+routing|"
            r"wait\s+steps?|autoresponders?|cart\s+abandonment|abandoned\s+cart|"
            r"(?:e-?mails?|sms|texts?|messages?|notifications?|reminders?|alerts?)\s+(?:that\s+goes?\s+out\s+)?"
            r"(?:when(?:ever)?|each\s+time|every\s+time|as\s+soon\s+as)\s+(?:someone|somebody|anyone|they|"
            r"(?:an?\s+|the\s+)?(?:new\s+)?(?:customers?|users?|members?|subscribers?|leads?|contacts?|patients?|guests?|"
            r"donors?|shoppers?|buyers?|people))\b",
            3,
        ),
        (
            r"(?:nurture|nurturing|onboarding|drip|welcome|retention|win-?back|re-?engagement|getting[\s-]started)"
            r"\s+(?:tracks?|programs?|paths?)|(?:drip|nurture|nurturing|smart)\s+campaigns?|engagement\s+programs?",
            5,
        ),
        (  # a piece of a flow: "an SMS step between day 1 and day 3", "a fallback branch"
            r"(?:sms|e-?mail|text|whats[\s-]?app|push|wait|delay|fallback|reminder|follow-?up|exit|entry|decision|"
            r"conditional|timer|split)\s+(?:steps?|branch(?:es)?|nodes?)|(?:if/else|yes/no)\s+branch(?:es)?",
            3,
        ),
        (  # a message sent by rule: "Automatic SMS to clients who haven't booked in 8 weeks"
            r"(?:automat(?:ed|ic)|triggered)\s+(?:[\w-]+\s+)?(?:e-?mails?|sms|texts?|messages?|reminders?|notifications?|"
            r"follow-?ups?|nudges?|whats[\s-]?app)",
            4,
        ),
        (r"automated|automatic|automatically|triggered|nurture|nurturing|routing|auto-\w+", 2),
        (
            r"(?:welcome|email|drip|nurture|nurturing|onboarding|reactivation|re-?engagement|win-?back|retention|renewal|"
            r"dunning|checklist|sms|whatsapp|follow-?up|post-\w+|pre-\w+)\s+(?:(?:letter|email|text|message|card)\s+)?"
            r"(?:series|emails|messages|texts|sequences?|cadences?)",
            3,
        ),
        (r"onboarding|tags?|tagging|rules?|follow-ups?|abandoned|approval", 1),
    ],
    Category.CAMPAIGN: [
        (
            r"(?<!by\s)(?<!per\s)campaigns?|newsletters?|mailers?|email\s+blasts?|(?:a/b|ab|split|multivariate)\s+test(?:s|ing)?|"
            r"^texts?\s+(?:to|for)",
            3 + 1,
        ),
        (
            r"(?:whats[\s-]?app|sms|txt|text|wa)\s+(?:messages?|msgs?|broadcasts?|blasts?|reminders?|alerts?|invites?|notes?)",
            3,
        ),
        (
            r"(?:over|on|via|by|through)\s+(?:whats[\s-]?app|sms|text|txt|e-?mail)|an\s+sms|"
            r"a\s+whats[\s-]?app(?=\s+(?:about|to|for|with|re|on|saying|that)\b|\s*[,.!?]|$)",
            3,
        ),
        (
            r"blasts?|broadcasts?|sms|mms|txts?|text(?:ing)?\s+(?:messages?|blasts?|campaigns?|alerts?)|promos?|promotions?|"
            r"promo\s+codes?|coupons?|giveaways?|"
            r"push\s+notifications?|mailings?|flash\s+sales?|win-?back|re-?engagement|"
            r"re-?activation|digests?|re-?sends?|non-openers|(?<=send\s)texts?|(?<=send\sout\s)texts?|(?<=a\s)text|ads|ad\s+campaigns?|"
            r"paid\s+social|retargeting|appeals?",
            2,
        ),
        (r"(?:e-?mail|sms|text|whats[\s-]?app|mail|direct\s+mail|donation|donor|fundraising|year-end)\s+appeals?", 3),
        (r"emails?|sale|offers?|discounts?|launch|resend|subscribers|(?<=\S\s)invites?|reminders?", 1),
        (  # a message addressed to people: "a year-end gratitude email to our top 200 clients", "send it to everyone
            # who registered"
            r"(?:(?:e-?mails?|mails?|newsletters?|sms|texts?|messages?|msgs?|whats[\s-]?app|mailers?|notes?)\s+(?:out\s+)?|"
            r"\b(?:re-?)?send\s+(?:[\w'-]+\s+){0,5}?(?:out\s+)?)to\s+"
            r"(?:(?:all|our|the|every|each|those|these|their|top|\d+)\s+(?:[\w-]+\s+){0,3}?)?(?:customers?|clients?|"
            r"subscribers?|members?|users?|donors?|patients?|guests?|buyers?|shoppers?|partners?|contacts|attendees?|"
            r"registrants?|students?|parents?|fans|followers|vips|dealers?|everyone|everybody|opt-?ins|ticket\s+holders|"
            r"families|households|parishioners|congregation|residents|tenants|alumni|volunteers|players|passengers|"
            r"travell?ers|diners|homeowners|policyholders|list)",
            3,
        ),
    ],
    Category.SEGMENT: [
        # A segment as the thing made ("a segment of ...", "new segment - ...", "segment: ...", "segment out");
        # "Segment users by plan" opens with the verb, whose hint says segment unless the groups are reported.
        (r"(?<=\S\s)(?:micro-?)?segments?|(?<=\S\s)segs?", 4),
        (
            r"(?:segment|split|divide|group)\s+(?:[\w-]+\s+){1,4}?by\s+(?:[\w-]+\s+){1,3}?so\s+(?:that\s+)?"
            r"(?:we|sales|you|they|each|the\s+\w+\s+team)\s+(?:can|could)\s+(?:send|target|email|reach|follow|tailor)",
            8,
        ),
        (  # it opens by naming it: "Segment: ...", "Audience request - ...", "New list pls: ..."
            r"^(?:(?:new|custom|quick)\s+)?(?:segments?|audiences?|lists?)(?:\s+(?:requests?|asks?|briefs?|needed|"
            r"wanted|required))?(?=\s*+(?:(?:pls|please|plz)\s*+)?(?:[:\-\u2013\u2014(|]|(?:for|of|out)\b))",
            6,
        ),
        (
            r"(?:lookalike|custom|look-alike|target|seed)\s+audiences?|suppressions?(?:\s+(?:lists?|rules?))?|"
            r"(?:audience|target|recipient|outreach|prospect|call|seed)\s+lists?",
            4,
        ),
        (r"cohorts?", 3),
        (r"audiences?|lookalikes?", 1),
    ],
    Category.CONTENT: [
        (
            r"blog(?:s|\s+posts?)?|e-?books?|whitepapers?|press\s+releases?|(?:help|support|user|product|setup|set-up|"
            r"api|developer|customer-facing)\s+(?:docs?|documentation|articles?|guides?|manuals?)",
            4,
        ),
        (
            r"articles?|copy|copywriting|landing\s+pages?|translate|translations?|locali[sz]e|proofread|captions?|"
            r"case\s+stud(?:y|ies)|one-pagers?|style\s+guide|alt\s+text|content|privacy\s+policy|terms\s+of\s+service|"
            r"knowledge\s+base|infographics?|explainer|help\s+(?:center|centre)|release\s+notes|changelogs?|"
            r"walkthroughs?|tutorials?|how-?to\s+(?:guides?|videos?)|loom|bios?|abstracts?|boilerplate|testimonials?|"
            r"(?<=\S\s)(?<!user\s)stor(?:y|ies)|podcasts?|show\s+notes|transcripts?|episode\s+(?:notes|descriptions?|outlines?)|"
            r"fact\s+sheets?|customer\s+quotes|company\s+(?:descriptions?|overviews?)|carousels?|"
            r"subject\s+lines?|pre-?headers?|preview\s+text|(?:intro|opening|closing|body|button|cta|sms|push)\s+"
            r"(?:paragraphs?|lines?|copy|text|labels?|wording)|paragraphs?|intros?|ctas?|calls?[\s-]to[\s-]actions?|"
            r"p\.\s?s\.?|microcopy|blurbs?|wording|hooks|one-liners?|punch\s?lines?|hashtags?|"
            r"(?:spanish|french|german|italian|portuguese|dutch|polish|swedish|danish|norwegian|finnish|japanese|"
            r"chinese|korean|arabic|turkish|greek|hindi|english|locali[sz]ed|translated)\s+(?:versions?|editions?)",
            3,
        ),
        (
            r"posts?|faq|homepage|headlines?|graphics?|videos?|scripts?|templates?|descriptions?|social\s+media|"
            r"rewrite|banners?|footer|logos?|taglines?|slogans?|ideas|options|variants|variations|alternatives|"
            r"brochures?|catalogu?es?|lookbooks?|pdfs?|website\s+copy|thumbnails?|hero|posters?|flyers?|leaflets?|"
            r"pamphlets?|handouts?|"
            r"images?|photos?|visuals?|imagery|illustrations?|icons?|screenshots?|creatives?|artwork|mock-?ups?|assets",
            2,
        ),
        (r"pages?|website|text|guides?|draft|edit|linkedin|instagram|redesign", 1),
    ],
    Category.GENERAL: [
        (
            r"meetings?|invoices?|offsite|1:1|one-on-one|laptops?|business\s+cards?|trademark|lunch|flights?|hotel|"
            r"expenses?(?:\s+reports?)?|receipts|reimbursements?|payroll|venue|room|retro|retrospective|"
            r"seats?|licen[cs]es?|logins?|passwords?|2fa|mfa|two-factor|permissions|admin\s+(?:rights|access)|"
            r"user\s+accounts?|billing|training|workshops?|lunch-and-learn|(?:shared|google|team)\s+drive|folders?|"
            r"(?:shared|team|marketing|support|sales)\s+inbox|w-[89]|tax\s+forms?|paperwork|vendors?|procurement|"
            r"offboard(?:ing)?|deletions?|erasures?|dsars?|personal\s+data|right[\s-]+to[\s-]+(?:be[\s-]+forgotten|erasure)|"
            r"(?:gdpr|ccpa|privacy|data\s+(?:subject\s+)?(?:access|deletion|erasure|portability))\s+requests?|"
            r"(?:privacy|compliance|security|soc\s*2|gdpr|vendor)\s+(?:audits?|reviews?|questionnaires?)|dpas?|"
            r"(?:data\s+)?processing\s+(?:records|agreements?)|"
            r"checklists?|sops?|runbooks?|playbooks?|procedures?|handbooks?|naming(?:\s+(?:conventions?|schemes?))?|"
            r"(?:process|internal|team|how-we-work|ways-of-working|ops)\s+docs?|(?:confluence|notion|wiki)\s+pages?|"
            r"(?:qa|approval|sign-?off|review|release|send|escalation)\s+(?:steps|process(?:es)?)|admins?|"
            r"hand-?overs?|ownership|housekeeping|venues|(?:name|event|conference|attendee|visitor|staff|volunteer|press)\s+badges?|"
            r"lanyards?|name\s+tags?|furniture|chairs|(?:wobbly|broken|dining|picnic|patio|terrace|outdoor|banquet|"
            r"restaurant|folding)\s+(?:[\w-]+\s+)?tables?|terrace|patio|signage|catering|kitchen(?:ette)?|desks?|"
            r"shelv(?:es|ing)|fridge|dishwasher|coffee\s+machine|"
            r"shuttles?|parking|seating\s+(?:plans?|charts?)|place\s+cards?|stationery|merch(?:andise)?|"
            r"room\s+blocks?|accommodations?|visas?|headcount|job\s+(?:descriptions?|posts?|postings?|ads?|listings?|"
            r"specs?|offers?)|"
            r"(?:thank[\s-]you|greeting|holiday|christmas|birthday|handwritten|get[\s-]well|sympathy|condolence)\s+cards?|"
            r"postcards?|gift\s+(?:boxes|baskets|bags|sets)|hampers?|flowers|bouquets?|tote(?:\s+bags?)?|t-?shirts?|"
            r"hoodies|mugs|stickers|water\s+bottles|swag\s+(?:bags?|boxes|kits?)|(?:office\s+)?supplies|toner|"
            r"shipments?\s+of|couriers?|closets?|cupboards?|storage\s+(?:rooms?|units?)",
            3,
        ),
        (  # people and firms hired for a service, and the parties and rooms they serve: office and event logistics
            r"photographers?|videographers?|caterers?|florists?|djs?|musicians?|entertainers?|cleaners?|plumbers?|"
            r"electricians?|handyman|locksmiths?|movers|landlords?|suppliers?|illustrators?|"
            r"interpreters?|emcees?|(?:launch|holiday|christmas|summer|team|office|farewell|birthday|anniversary|"
            r"release|retirement|leaving|welcome|staff|year-end|garden|pizza|watch|cocktail|dinner|tasting)\s+"
            r"part(?:y|ies)|part(?:y|ies)|rooftop|ballroom|marquees?|function\s+rooms?",
            3,
        ),
        (r"archiv(?:e|es|ed|ing)|wiki|confluence|notion", 2),
        (
            r"(?:sso|single\s+sign[\s-]on|logins?|(?:user|email|google|slack|workspace)\s+accounts?|access|seats?|"
            r"licen[cs]es?|laptops?|permissions)\s+(?:for|to)\s+"
            r"(?:the\s+|our\s+|all\s+)?(?:new\s+|two\s+|three\s+|\d+\s+)?(?:contractors?|freelancers?|interns?|hires|"
            r"starters|joiners|employees|staff|colleagues|designers?|marketers|reps|(?:\w+\s+)?team|(?:\w+\s+)?workspaces?)",
            8,
        ),
        (
            r"contracts?|budget|slides|deck|interviews?|candidates?|hires?|intern|lease|office|booth|expo|swag|"
            r"printer|gifts?|ssl|certificate|trade[\s-]shows?|conference|account\s+manager|agenda|all-hands|quotes|"
            r"access|subscriptions?|sessions?|deactivat\w*|legal|compliance|finance\s+team|hr",
            2,
        ),
        (r"call|domain|sponsorship|summit|notes|event|travel|agenc(?:y|ies)|farewell|account", 1),
    ],
}
"""Keyword families with weights: the object of the work says its category. "zzname" stands for a product name
(names.py): "export from Segment" moves data between tools."""
