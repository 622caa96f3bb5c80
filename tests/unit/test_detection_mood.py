"""The mood of a request, read before its nouns: what asks for work and what does not, whatever work it names."""

from __future__ import annotations

from datetime import date

import pytest

from taskexec.detection.mood import Mood, clause_mood
from taskexec.detection.rules import RulesDetector
from taskexec.detection.sentence_mood import sentence_moods, settle
from taskexec.domain.vocabulary import Category
from tests.support.overruled import overruled

TODAY = date(2026, 6, 24)  # a Wednesday
DETECTOR = RulesDetector()


@pytest.mark.parametrize(
    ("clause", "mood"),
    [
        ("fix the shopify webhook", Mood.ASK),  # a request
        ("please refresh the pricing page", Mood.ASK),
        ("we need a list of customers who bought twice", Mood.ASK),  # a need
        ("the newsletter needs a final proofread", Mood.DUTY),  # a need stated of a thing: asks unless news
        ("someone needs to renew the ssl certificate", Mood.ASK),  # an obligation asked of a person
        ("the rebuild is 80% done and should wrap up friday", Mood.STATEMENT),  # "should" after progress predicts
        ("can you pull the churn numbers", Mood.ASK),  # a question asking for work
        ("do you have time to build the black friday sms", Mood.ASK),
        ("who can take the shopify migration", Mood.ASK),
        ("bump the priority on the klaviyo migration", Mood.ASK),  # a verb we do not list, before "the"
        ("can you explain how lead scoring works", Mood.QUESTION),  # a question asking for information
        ("define churn", Mood.QUESTION),
        ("could you define the difference between a list and a segment", Mood.QUESTION),
        ("could you define the 'dormant' audience", Mood.ASK),  # defining a thing to build
        ("explain the new pricing in a blog post for existing customers", Mood.ASK),  # an explanation to write
        ("can you describe the returns process in a faq", Mood.ASK),
        ("did you send the july newsletter yet", Mood.QUESTION),
        ("could you let me know when the segment is ready", Mood.QUESTION),
        ("just sent the q3 newsletter to the full list", Mood.STATEMENT),  # a report of work done
        ("tom migrated all our lists to klaviyo", Mood.STATEMENT),
        ("the salesforce sync failed twice overnight", Mood.STATEMENT),
        ("churn for annual plans was 2.1% in june", Mood.STATEMENT),  # a statement of how things are
        ("sms pricing from twilio goes up 8%", Mood.STATEMENT),
        ("huge thanks to priya for the onboarding flow", Mood.THANKS),  # thanks and praise
        ("great stuff on the sms campaign", Mood.THANKS),
        ("super happy with how the q2 newsletter turned out", Mood.THANKS),
        ("fyi mailchimp has maintenance tonight", Mood.FYI),  # announcements
        ("heads up, the office is closed", Mood.FYI),
        ("no need to do anything on the shopify sync", Mood.FYI),
        ("status update", Mood.FYI),  # labels of news, with what they report on
        ("recap from this morning's planning call", Mood.FYI),
        ("notes from the retro", Mood.FYI),
        ("going forward", Mood.FYI),
        ("no action needed", Mood.FYI),
        ("expect a few delays on the sync", Mood.FYI),
        ("the q3 deck is in the shared folder if anyone needs it", Mood.STATEMENT),  # an offer, not a need
        ("ignore that", Mood.CHAT),
        ("anyone else seeing klaviyo lag this morning", Mood.QUESTION),
        ("is it possible to export contacts from braze", Mood.NOMINAL),  # a request only with a deadline or owner
        ("done with the welcome flow", Mood.FYI),  # a report of one's own work
        ("just wanted to say the new onboarding emails look fantastic", Mood.FYI),
        ("ping lea for anything urgent", Mood.FYI),  # who to ask while away
        ("our whatsapp opt-in rate hit 40%", Mood.STATEMENT),
        ("think you could pull a churn breakdown by plan", Mood.ASK),
        ("backfill june orders into the warehouse", Mood.ASK),  # a verb we list now
        ("lmk if u can do the mailchimp sync", Mood.ASK),  # a polite request, not "let me know when ..."
        ("we're missing a win-back flow for annual plans", Mood.ASK),  # a need stated as a lack
        ("we could really use a faq page about shipping", Mood.ASK),
        ("any chance we could get the black friday creatives", Mood.ASK),
        ("ngl the new logo is growing on me", Mood.FYI),  # an opinion
        ("not sure we need a new segment for that", Mood.FYI),
        ("let's discuss in the thursday sync", Mood.FYI),  # a meeting, not work
        ("order 200 branded tote bags for the expo", Mood.ASK),  # a participle before its noun is an adjective
        ("lookalike audience seeded from our best customers", Mood.NOMINAL),  # what it is made of
        ("great workshop yesterday", Mood.THANKS),  # praise of an occasion
        ("lovely offsite everyone", Mood.THANKS),
        ("sms to lisbon subscribers about the store opening", Mood.ASK),  # "sms" opens as a verb
        ("blog post on gdpr basics for smbs", Mood.NOMINAL),  # no finite verb: judged by its words
        ("abandoned cart flow for the shopify store", Mood.NOMINAL),  # an adjective, not a report
        ("following up on yesterday's call", Mood.NOTHING),  # a lead-in
        ("review the may newsletter", Mood.ASK),  # after an article a word is a noun: the month, not a modal
        ("our may numbers are in", Mood.STATEMENT),
    ],
)
def test_each_clause_has_its_mood(clause: str, mood: Mood) -> None:
    assert clause_mood(clause) is mood


def test_a_question_mark_makes_a_question_of_what_could_be_an_order() -> None:
    assert clause_mood("when someone downloads the pdf", asked=True) is Mood.QUESTION
    assert clause_mood("when someone downloads the pdf", asked=False) is not Mood.QUESTION
    assert clause_mood("did the july newsletter go out yet", asked=True) is Mood.QUESTION


def test_a_reminder_label_takes_the_mood_of_what_it_labels() -> None:
    assert sentence_moods(["reminder", "send the invoices to finance"], asked=False)[0] is Mood.ASK
    assert sentence_moods(["reminder", "the newsletter goes out thursday"], asked=False)[0] is Mood.FYI


def test_after_thanks_an_exclamation_is_more_praise_but_an_order_with_an_object_still_asks() -> None:
    assert sentence_moods(["shout-out to the team", "record revenue"], asked=False)[1] is Mood.THANKS
    assert sentence_moods(["thanks", "now fix the footer"], asked=False)[1] is Mood.ASK


def test_a_need_stated_of_a_thing_asks_unless_the_message_opens_as_news() -> None:
    assert settle([[Mood.DUTY]]) == [[Mood.ASK]]  # "the footer needs a fix"
    assert settle([[Mood.STATEMENT], [Mood.DUTY]]) == [[Mood.STATEMENT], [Mood.ASK]]
    assert settle([[Mood.FYI, Mood.DUTY]]) == [[Mood.FYI, Mood.STATEMENT]]  # "Announcement: every send needs ..."
    assert settle([[Mood.NOTHING], [Mood.FYI], [Mood.STATEMENT, Mood.DUTY]])[2] == [Mood.STATEMENT, Mood.STATEMENT]


@pytest.mark.parametrize(
    "message",
    [
        "Loving the new welcome series, the tone is spot on",
        "Props to Marco for untangling the HubSpot sync 🙌",
        "We launched the Diwali WhatsApp campaign yesterday and it's performing well",
        "Q2 attribution report shared with leadership on Monday",
        "Heads up, the office is closed next Monday for the bank holiday",
        "Quick update: the Klaviyo integration is back to normal",
        "Does ActiveCampaign support WhatsApp templates?",
        "Hi all,\n\nQuick recap: the June newsletter went out Tuesday, open rate 38%.\n\nBest,\nRui",
        "Project update: the Braze import is half done and should finish on Thursday.",  # forward-looking news
        "Takeaways from the QBR: paid social stays paused, and the loyalty emails need no changes.",
        "Policy change: from the 1st every SMS send must be approved by legal.",
        "Moving forward, each webinar landing page has to carry the new consent text.",
        "Brilliant kickoff today, thanks all - can't wait for the rebrand.",
        "Is it possible to export contacts from Braze to CSV?",  # whether it can be done, asked of nobody
        "FYI: don't send anything from the old domain, use the new one",  # news that forbids tells a rule
        "Heads up - please never share API keys in Slack, put them in the vault",
    ],
)
def test_messages_that_only_thank_report_announce_or_ask_for_information_are_refused(message: str) -> None:
    """Each names work (a series, a sync, a campaign, a report), and none asks for any."""
    assert not DETECTOR.detect(message, TODAY).is_task


@pytest.mark.parametrize(
    "message",
    [
        "The Salesforce connector keeps timing out, could you look into it asap",  # a report, then a request
        "Thanks! Also, can you set up the SMS blast for tomorrow?",
        "How did the spring campaign perform? Need a breakdown by channel for Monday's meeting",
        "urgent: the Salesforce sync is failing",  # a statement with a priority calls for work
        "Zapier zap from Typeform to ActiveCampaign, new leads only, p2",  # nominal, naming work
        "Status update: the spring newsletter is drafted. Can someone proofread it by Thursday?",  # news, then asks
        "The pricing page needs new screenshots before the launch",  # a need, no news around it
        "Define the audience for the autumn push: lapsed buyers with no order since March",
        "Don't send the newsletter yet, fix the footer links first",  # a prohibition that is no news
        "FYI: please don't send from the old domain. Can you update the signature template?",
        "FYI: don't forget to update the pricing page before the launch",
    ],
)
def test_a_message_asks_for_work_when_any_of_its_clauses_does(message: str) -> None:
    assert DETECTOR.detect(message, TODAY).is_task


def test_the_title_comes_from_the_sentence_that_asks() -> None:
    found = DETECTOR.detect(
        "The spring promo underperformed in Germany. I suspect the subject lines. Could you run an A/B test on "
        "two new subject lines for the German list next week?",
        TODAY,
    )
    assert found.title == "Run an A/B test on two new subject lines for the German list"
    assert found.due_date == date(2026, 6, 29)


def test_a_request_that_only_points_back_takes_its_object_from_the_sentence_before() -> None:
    found = DETECTOR.detect(
        "Hey team - the Shopify → Klaviyo sync dropped about 300 orders overnight. Can someone look into it today?",
        TODAY,
    )
    assert found.title == "Look into the Shopify → Klaviyo sync"
    assert found.category.value == "integration"
    assert found.due_date == TODAY


@pytest.mark.parametrize(
    ("message", "due"),
    [
        ("Could you set up the referral SMS? Deadline is next Wednesday.", date(2026, 7, 1)),  # its own sentence
        ("Please write the launch press release. The draft is due 2027-03-03.", date(2027, 3, 3)),
        ("Can you arrange the SMS campaign? It should go out in 5 days at the latest.", date(2026, 6, 29)),
        (
            "Could you update the churn dashboard? The exec review is in two weeks, so please have it by Friday.",
            date(2026, 6, 26),
        ),
        ("The newsletter for next month has to go out by the end of this month", date(2026, 6, 30)),  # "by" wins
        ("Could you set up the referral SMS? The promo itself runs next week.", None),  # news, not the deadline
        ("We're launching in Lima next month, so we'll need the onboarding flow in Spanish", None),  # the launch's
        ("The Twilio API token expires on 2027-02-28, renew it", date(2027, 2, 28)),  # what ends gives the deadline
    ],
)
def test_the_deadline_is_the_one_said_of_the_work(message: str, due: date | None) -> None:
    assert DETECTOR.detect(message, TODAY).due_date == due


@pytest.mark.parametrize(
    ("message", "due"),
    [
        ("Please refresh the partner FAQ. Do it on Friday.", date(2026, 6, 26)),  # an order about "it"
        ("Could you pull the churn cohorts? Until 2027-01-15 is fine.", date(2027, 1, 15)),  # a date that is fine
        ("I'd like a win-back flow for lapsed riders. No rush, but it must exist by Friday.", date(2026, 6, 26)),
        ("Write the launch post. The launch happens 2027-03-10; the post is due 2027-03-03.", date(2027, 3, 3)),
        ("They want the loyalty email live by 2027-04-26. Could you make it happen?", date(2027, 4, 26)),
        ("They launched the app by 2027-04-26. Could you draft a recap email?", None),  # no pointing back
        ("Please send the promo SMS on Friday, by 10am", date(2026, 6, 26)),  # an hour qualifies the day
        (
            "Could you write the board memo? Board meets on 2027-02-10. Deadline for the memo is 2027-02-03.",
            date(2027, 2, 3),
        ),
        ("Please refresh the pricing page. Friday's fine.", date(2026, 6, 26)),
        ("Please refresh the pricing page, Friday is the cutoff", date(2026, 6, 26)),
        ("We leave Marketo at the end of the quarter; move the forms over to our platform", None),  # the leaving's
        ("Can you chart repeat buyers by month? It's for the investor update on Friday.", date(2026, 6, 26)),
        ("Update the footer links. Do that tomorrow.", date(2026, 6, 25)),
        ("Renew the SSL certificate. The old one expires in 5 days.", date(2026, 6, 29)),  # what ends, said after
    ],
)
def test_a_deadline_said_around_the_request(message: str, due: date | None) -> None:
    assert DETECTOR.detect(message, TODAY).due_date == due


@pytest.mark.parametrize(
    ("message", "words"),
    [
        ("Our summit is in three weeks and I'd like a cohort retention analysis of 2025 buyers", "cohort retention"),
        (
            "The print contract ends soon and procurement needs three quotes for the catalogue. Can someone get them?",
            "quotes",
        ),
        ("The Intercom widget vanished from the pricing page overnight, can someone look into the issue?", "intercom"),
    ],
)
def test_the_title_names_the_work_after_a_statement_it_follows(message: str, words: str) -> None:
    assert words in DETECTOR.detect(message, TODAY).title.lower()


@pytest.mark.parametrize(
    ("message", "words"),
    [
        (
            "Hey Sam - our Salesforce to HubSpot sync has been dropping records since Monday. Can you investigate and "
            "fix it?",
            "salesforce",
        ),  # a pronoun right after the verb points to the sentence before
        (
            "The terms page is out of date. Could one of you rewrite it in plain English and get legal's sign-off?",
            "terms page",
        ),
        (  # a pronoun inside the work takes the thing the story named
            "We're opening the Leeds riverside cafe next month and I'd like an SMS campaign announcing it to locals",
            "leeds",
        ),
        (
            "Members keep asking about the new Sunday hours at the Oakfield Gym branches. Could you draft an email "
            "about them?",
            "oakfield",
        ),
        (  # a thing named only by its common noun after a statement naming it
            "The Zendesk to HubSpot ticket sync keeps stalling, can someone please check the connector",
            "zendesk",
        ),
    ],
)
def test_a_request_acting_on_it_names_what_it_points_to(message: str, words: str) -> None:
    assert words in DETECTOR.detect(message, TODAY).title.lower()


@pytest.mark.parametrize(
    "message",
    [
        "Shall we meet on Tuesday to go through the loyalty numbers?",  # a proposal to meet answers, not works
        "Could we grab half an hour tomorrow to talk about the Braze contract?",
        "Are you free for a quick call about the referral flow?",
        "Would Wednesday or Thursday suit better for the content retro?",
        "Away until the 9th. For anything urgent please contact desk@acme.org.",  # whom to turn to, in one clause
        "I'm on parental leave this month - if it's urgent, ping ops@acme.org",
        "I don't think we need a second welcome flow, the first one covers it.",  # an opinion that it is not needed
        "The P1 incident on the Klaviyo sync was resolved by Ana this morning.",  # a report that it is over
    ],
)
def test_proposals_out_of_office_notes_opinions_and_resolved_reports_ask_for_nothing(message: str) -> None:
    assert not DETECTOR.detect(message, TODAY).is_task


@pytest.mark.parametrize(
    ("message", "category"),
    [
        ("Can we book a room for the partner offsite?", Category.GENERAL),  # booking a room is work
        ("building a win-back flow for lapsed donors would be great", Category.WORKFLOW),  # a gerund wished for
        ("Could the autumn newsletter be scheduled for Friday?", Category.CAMPAIGN),  # asked of the thing itself
        ("Our Pipedrive account still isn't connected.", Category.INTEGRATION),  # work stated as still undone
        ("We haven't texted the gym members about the new hours yet - that has to happen today.", Category.CAMPAIGN),
    ],
)
def test_work_wished_for_asked_of_a_thing_or_stated_as_undone_asks(message: str, category: Category) -> None:
    found = DETECTOR.detect(message, TODAY)
    assert found.is_task
    assert found.category is category


@pytest.mark.parametrize(
    "message",
    [
        "Do we send the birthday emails from Braze or from Customer.io now?",  # a question choosing between options
        "What's our usual sender for receipts, billing@ or hello@?",
        "Pizza and demos in the kitchen Friday at 4, all welcome!",  # an event announced with an invitation
        "Copywriting clinic on Tuesday afternoon. Drop in with your drafts!",
        "could we shift the roadmap review to Thursday? I'm stuck in a workshop",  # a meeting moved or proposed
        "Moving our weekly sync to 11:30 from now on.",
        "Down with the flu today, back tomorrow. Text me if the SMS send goes wrong.",  # an away note: when to ping
        "out until Monday, slack @jo if anything is on fire",
        "The nightly Pipedrive import completed with 0 errors: 2,118 deals.",  # a run that finished by itself
        "Win-back audience refreshed automatically overnight, 9,870 people.",
        "Export done with 4 warnings.",
        "remote today, back in the office on Thursday",  # an away note, "back" no order
        "Would you rather we publish the blog on Tuesdays or Thursdays?",  # a preference asked, not work
        "Notes from the agency call: they'll send the storyboard next week. No action items for us.",  # no action
        "[Warning] WhatsApp template quality rating dropped to medium",  # a system's notification
        "The audit you asked for is attached.",  # a delivery
    ],
)
def test_choices_invitations_moved_meetings_away_notes_runs_and_notifications_ask_for_nothing(message: str) -> None:
    assert not DETECTOR.detect(message, TODAY).is_task


@pytest.mark.parametrize(
    ("message", "category"),
    [
        ("Could you move the Mother's Day SMS to Saturday morning?", Category.CAMPAIGN),  # moving a send is work
        ("Text customers if their parcel is delayed", Category.CAMPAIGN),  # an audience reached, not whom to ping
        ("The Mailchimp import finished with 310 rejected rows, please fix the mapping", Category.INTEGRATION),
        ("[Alert] Zendesk sync down since 8am - can someone fix it today?", Category.INTEGRATION),  # a fix asked
        ("just checking whether you could pull the Q2 refund numbers by Friday?", Category.ANALYTICS),
        ("Please assign to kim@example.com: a dashboard showing revenue attributed to SMS", Category.ANALYTICS),
        ("Some background: the brand refresh landed. What I need now is a new FAQ page.", Category.CONTENT),
        ("Could the data team compare refund rates across regions?", Category.ANALYTICS),
        ("I'm away next week, could Priya schedule the SMS promo for Tuesday?", Category.CAMPAIGN),  # asked by name
    ],
)
def test_work_asked_beside_those_shapes_still_asks(message: str, category: Category) -> None:
    found = DETECTOR.detect(message, TODAY)
    assert found.is_task
    assert found.category is category


def test_welcoming_customers_is_work_welcoming_a_colleague_is_news() -> None:
    assert DETECTOR.detect("Please welcome new subscribers with a discount email", TODAY).is_task
    assert not DETECTOR.detect("Please welcome Bea, who joins the content team today!", TODAY).is_task


def test_a_priority_in_an_away_note_qualifies_whom_to_reach_not_work() -> None:
    assert not DETECTOR.detect("Off sick today. Call me if anything critical comes up.", TODAY).is_task
    assert DETECTOR.detect("Critical: the checkout webhook is failing.", TODAY).is_task


@pytest.mark.parametrize(
    ("message", "title"),
    [
        ("high priority: refresh the Zendesk macros tmrw if u can", "Refresh the Zendesk macros"),  # softeners
        ("Could you tidy the suppression list when you get a chance? thx in advance", "Tidy the suppression list"),
        ("pls draft the press note if possible, ta", "Draft the press note"),
        ("Could you archive the old Litmus tests by Friday, if that works?", "Archive the old Litmus tests"),
        ("FYI the Canva integration dropped again - can someone reconnect it?", "Reconnect the Canva integration"),
        (
            "Some context: the Oslo store opens in May and footfall will matter. What I need now is an SMS to "
            "everyone near Oslo who opted in. Could you have it ready by Friday?",
            "An SMS to everyone near Oslo who opted in",
        ),  # a need said as a cleft, after a story
        (
            "Before the board meets, finance wants a clear picture. Could the data team chart refunds per region?",
            "Chart refunds per region",
        ),  # what someone else wants gives way to the request
    ],
)
def test_the_title_is_the_work_without_politeness_or_lead_in(message: str, title: str) -> None:
    assert DETECTOR.detect(message, TODAY).title == title


def test_a_long_title_drops_its_aside_before_its_end() -> None:
    message = (
        "We need an automated sequence of check-in texts (after 2 days, 1 week and 1 month) for gym members who "
        "joined at the Leeds branch"
    )
    assert "leeds" in DETECTOR.detect(message, TODAY).title.lower()


def test_a_pronoun_points_past_a_sentence_only_about_the_speaker_to_the_named_thing() -> None:
    message = "The Mailchimp webhook has dropped unsubscribes since Monday. I tried a restart. Can someone fix it?"
    assert "mailchimp" in DETECTOR.detect(message, TODAY).title.lower()


@pytest.mark.parametrize(
    ("clauses", "mood"),
    [
        (["last quarter we ran six campaigns over email", "sms and push"], Mood.NOMINAL),  # an item of a list
        (["the data was late", "sms them the new date"], Mood.ASK),  # an order with its object
    ],
)
def test_a_noun_joined_after_a_statement_continues_it(clauses: list[str], mood: Mood) -> None:
    assert sentence_moods(clauses, asked=False)[-1] is mood


def test_an_obligation_inside_an_embedded_question_is_said_not_asked() -> None:
    assert clause_mood("that makes it hard to decide where the budget should go") is Mood.STATEMENT


@pytest.mark.parametrize(
    ("message", "title"),
    [
        (
            "With the Porto design summit coming up, could you get a save-the-date email out to our agency list?",
            "Get a save-the-date email out to our agency list for the Porto design summit",
        ),
        (
            "The autumn open day is on the 14th. Please send a reminder SMS to everyone who registered.",
            "Send a reminder SMS to everyone who registered for the autumn open day",
        ),
        (
            "Please send an invitation to the Oslo tasting to our VIP list",
            "Send an invitation to the Oslo tasting to our VIP list",
        ),
    ],
)
def test_an_invitation_that_names_no_occasion_is_for_the_one_named_around_it(message: str, title: str) -> None:
    assert DETECTOR.detect(message, TODAY).title == title


def test_a_pronoun_points_past_short_and_speaker_only_sentences() -> None:
    message = (
        "The Typeform embed on the demo page stopped creating deals. Sales spotted it. I tried a reconnect. "
        "Can someone look into it?"
    )
    assert "typeform" in DETECTOR.detect(message, TODAY).title.lower()


def test_today_i_learned_is_news_and_a_tool_that_lets_you_asks_nothing() -> None:
    assert not DETECTOR.detect("TIL Braze can throttle sends per hour.", TODAY).is_task
    assert not DETECTOR.detect("TIL Iterable lets you clone journeys between projects.", TODAY).is_task
    assert DETECTOR.detect("lets build the VIP segment today", TODAY).is_task


@pytest.mark.parametrize(
    ("message", "is_task"),
    [
        ("Contacts sync to Intercom: 0 errors, 3,412 rows.", False),  # measured figures: a report of results
        ("Spring promo results: 36% opens, 2.8% clicks", False),
        ("Onboarding flow for new members: 4 emails, 2 texts", True),  # counts of pieces to make
        ("Reminder: town hall at 4pm, bring your questions!", False),  # a reminder of an event with an invitation
        ("Reminder: renew the Litmus licence", True),
        ("Please note the CRM will be read-only during the migration on Sunday.", False),  # news after "note"
        ("Please note the new discount code in the FAQ", True),
    ],
)
def test_figures_reminders_and_notes_are_news_unless_they_name_work(message: str, is_task: bool) -> None:
    assert DETECTOR.detect(message, TODAY).is_task is is_task


def test_a_complaint_that_something_is_missing_asks_nothing_and_one_points_back_to_it() -> None:
    assert not DETECTOR.detect("Why don't we have a referral programme?", TODAY).is_task
    found = DETECTOR.detect("Why don't we have a dunning flow yet? Could you build one for failed payments?", TODAY)
    assert found.is_task
    assert found.category is Category.WORKFLOW
    assert "dunning" in found.title.lower()


@pytest.mark.parametrize(
    "message",
    [
        "Quick one - remind me again, where do the brand fonts live?",  # asking to be reminded of a fact
        "Can you remind me which list the partner webinar went to?",
        "Board games in the lobby Friday noon, no sign-up needed.",  # an event that asks nothing of anyone
        "Yoga on the roof at 8am, open to everyone",
        "Stuck in traffic, go ahead without me.",  # late to a gathering
        "I'm running a few minutes late for the retro",
        "There's really no point in rebuilding the referral dashboard, nobody opens it.",  # a need negated
        "We honestly won't need a Hotjar integration once the new analytics suite is live.",
        "The old winback series isn't needed anymore since the new journey replaced it.",
        "[Make] Scenario 'Typeform to Airtable' executed 12 times without errors.",  # a sender's tag before news
        "[Jira] Ticket MKT-88 'Update the footer links' was moved to Done.",
        "Results by channel: email 38x, push 9x, SMS 14x.",  # figures, none of them an order
    ],
)
def test_reminders_of_facts_unticketed_events_lateness_negated_needs_and_tagged_news_ask_for_nothing(
    message: str,
) -> None:
    assert not DETECTOR.detect(message, TODAY).is_task


@pytest.mark.parametrize(
    ("message", "category"),
    [
        ("Remind me to renew the Litmus licence next week", Category.GENERAL),  # a reminder asked for is work
        ("[Design] new hero banner for the summer sale page by Friday", Category.CONTENT),  # a tag before work
        ("We don't need a new flow, but please fix the typo on the pricing page", Category.CONTENT),
    ],
)
def test_work_asked_beside_a_negated_need_a_tag_or_a_reminder_still_asks(message: str, category: Category) -> None:
    found = DETECTOR.detect(message, TODAY)
    assert found.is_task
    assert found.category is category


@pytest.mark.parametrize(
    "message",
    [
        "Mailchimp: Audience 'Spring \u2013 VIP' import finished successfully (812 contacts).",  # a quoted name is one
        "Calendly: New booking from Priya for Thursday.",  # a notification that something arrived
        "Postmark: Email bounce rate 1.1% (within limits).",  # a measure and its value
        "have a lovely long weekend everyone",  # well-wishes
        "Happy anniversary Dana! \U0001f389 hope the cake was good",
        "Anyone tried the new Canva AI thing? Asking for a friend.",
        "sorry, pls ignore my previous message",
        "I'm new on the events team - feel free to reach out any time.",
        "We went over the numbers and we don't need a Pinterest campaign this quarter. Let's leave it.",
        "Heads up: the dashboard double-counts unsubscribes this week, just keep it in mind.",
        "Thanks both, I have everything I need for the brief.",
        "The to-do list is finally empty \U0001f389",
        "CRITICAL alert was a false alarm, the checkout is fine.",  # the priority was the alarm's
        "Login errors have cleared now, root cause was an expired certificate.",
        "Coffee chat on onboarding metrics Friday 10am in room 4; bring ideas!",
        "Nice work on the referral push, all, record signups for March!",  # praise that reads like an order
        "At the vet 2-3, ping me after.",
        "Whoever cleaned up the tag list - thank you!",
        "Would you say Tuesday or Thursday sends get better opens?",
        "The onboarding journey for trial users completed its final email on Sunday; 112 upgrades.",
        "Record signups from the spring quiz, great work team!",  # a result before praise is praise
        "Review of the month: 'the SMS reminders are so handy, thank you!'",  # what someone said, quoted
        "Stripe: Payment of $120.00 received from Northwind Ltd.",  # an event reported without its verb
        "Slack reminder: retro in 15 minutes.",  # a reminder of a gathering
        "Plausible: Weekly summary - visitors up 4%, bounce rate 38%.",
        "Tally: 7 new submissions on 'Volunteer sign-up' overnight.",
        "Cal.com: Demo with Noor Haddad confirmed for Fri 11am.",
        "Back from holiday today, slowly catching up.",
        "At a trade show Mon-Tue, replies will be slow.",
        "just fyi the printer on floor 2 is jammed again",
        "Please ignore the draft newsletter you just got, my mistake",
        "Migration status: lists moved, tags 90% mapped, email templates next.",  # a piece of work's status
    ],
)
def test_notifications_well_wishes_asides_and_problems_cleared_ask_for_nothing(message: str) -> None:
    assert not DETECTOR.detect(message, TODAY).is_task


@pytest.mark.parametrize(
    "message",
    [
        "Monthly roundup: 9 campaigns sent, 41% average open rate, 2 new workflows live.",
        "Launch retro - summary\n\u2022 Opens were up 12% on last year.\n\u2022 Two sends went out late; we fixed it.",
        "Weekly numbers\n\u2022 Email: 12 sends, open rate 39%\n\u2022 SMS: 3 sends, 0 complaints",  # a channel's label
        "Partner call with Lumen - recap\n\u2022 They renewed for a year.\nOverall a good call.",
    ],
)
def test_a_report_under_its_label_is_news(message: str) -> None:
    assert not DETECTOR.detect(message, TODAY).is_task


@pytest.mark.parametrize(
    ("message", "category", "words"),
    [
        (  # a hedge, then the request
            "lmk if this is silly but could we get a list of members who paused their plan in May?",
            Category.SEGMENT,
            "get a list of members",
        ),
        (  # a suggestion worded with a hedge, its gerund the work
            "signups are flat this month - might be worth setting up a referral workflow for happy customers",
            Category.WORKFLOW,
            "set up a referral workflow",
        ),
        overruled(  # a label that asks when work follows it
            "The new number is live now. Next step: a WhatsApp campaign about the new opening hours.",
            Category.CAMPAIGN,
            "opening hours",
            reads="no task (a report that something is live outweighs the label 'Next step')",
        ),
        ("Journey: cart abandoned -> wait 1 hour -> email the cart contents", Category.WORKFLOW, "cart abandoned"),
        ("Flow: trial started -> day 3 tips email -> day 7 upgrade offer", Category.WORKFLOW, "trial started"),
        ("Order more printed flyers for the Lisbon store, no rush", Category.GENERAL, "printed flyers"),
    ],
)
def test_work_asked_with_a_hedge_a_label_or_in_steps_still_asks(message: str, category: Category, words: str) -> None:
    found = DETECTOR.detect(message, TODAY)
    assert found.is_task
    assert found.category is category
    assert words in found.title.lower()


@pytest.mark.parametrize(
    ("message", "title"),
    [
        (  # a workflow's trigger stays under its label
            "automation: when a lead books a demo, notify the account owner in Slack",
            "Automation: when a lead books a demo, notify the account owner in Slack",
        ),
        (
            "workflow - when a deal is marked won, send the onboarding kit",
            "Workflow - when a deal is marked won, send the onboarding kit",
        ),
        (  # formal wrappers are peeled off the work
            "I am writing to ask you to prepare an email campaign for our alumni about the spring reunion.",
            "Prepare an email campaign for our alumni about the spring reunion",
        ),
        (
            "We kindly request the creation of an onboarding workflow for new franchise owners.",
            "Create an onboarding workflow for new franchise owners",
        ),
        (
            "Request from the Porto office: the franchise agreement requires that we send a quarterly newsletter to "
            "all partners. Please handle it by Friday.",
            "Send a quarterly newsletter to all partners",
        ),
        (
            "Could you take this one (li.wei@example.com): a win-back flow for subscribers who lapsed in the spring",
            "A win-back flow for subscribers who lapsed in the spring",
        ),
        (  # a pronoun takes what a lower-case story is about
            "fyi the summer clearance is live on the site. could someone text the vip list about it tonight",
            "Text the vip list about the summer clearance",
        ),
        (  # the audience no longer pushes out what the message says
            "Could you send an SMS to every guest booked for the Saturday harbour cruise, letting them know boarding "
            "moved to Pier 4?",
            "Send an SMS to every guest booked for the Saturday harbour cruise, letting them know boarding moved to "
            "Pier 4",
        ),
    ],
)
def test_the_title_keeps_the_trigger_and_the_work_without_its_wrapper(message: str, title: str) -> None:
    assert DETECTOR.detect(message, TODAY).title == title


def test_a_name_that_starts_like_a_wrapper_is_kept_whole() -> None:
    found = DETECTOR.detect("Mindful Yoga's booking widget stopped syncing to Mailchimp - can someone fix it?", TODAY)
    assert "mindful" in found.title.lower()


@pytest.mark.parametrize(
    "message",
    [
        "Pls note our billing address changed last week",  # a note to be informed of
        "Kindly be informed that the warehouse is closed on Monday for stocktaking",
        "We would like to thank the whole events crew for a smooth conference",  # thanks said as a wish
        "After the workshop we agreed we dont need a separate SMS list",  # a decision, the apostrophe left out
        "Random thought: maybe a podcast next year, maybe not",  # thinking aloud
        "Just thinking aloud here: fewer webinars, more case studies in spring",
        "the recording is on the wiki",  # where a thing is
        "Anyone keen on pizza after the all-hands?",  # a social invitation
        "Loop (the returns app) shipped a new dashboard today.",  # a name, an aside, then its verb
        "In retrospect we should've tested the subject line on a smaller list.",  # hindsight
        "If the budget gets cut, we'd have to pause the paid social ads.",  # what would follow
        "Put the new banners live last Thursday; clicks look normal.",  # a verb whose past is its base, told as done
        "Set up the Zoom webinar and sent the invite to speakers.",
        "Exported 4,500 rows from Shopify into the finance sheet.",  # a count done
        "Status from the print shop: banners were shipped this morning.",  # news under "<label> from <anyone>:"
        "Is there a limit on how many SMS we can send per day? asking because of the holiday sale",  # why it is asked
        "Which plan are we on with Klaviyo? need to know for the budget",
        "the deck you made was just what the client needed, thanks a ton",  # a need met
        "Ticket SUP-88 was escalated to the support lead with priority Urgent.",  # a priority reported of a thing
        "The vendor wants to keep the renewal terms as they are.",  # nothing to change
        "Volunteers keep saying they love the new rota emails.",  # a plural subject's verb
        "Well done everyone, signups hit 900, largest in the school's history",  # a superlative praises a figure
        "Refund of 300 EUR processed yesterday",  # an amount's verb
    ],
)
def test_the_eighth_rounds_statements_questions_and_asides_ask_for_nothing(message: str) -> None:
    assert not DETECTOR.detect(message, TODAY).is_task


@pytest.mark.parametrize(
    ("message", "words"),
    [
        ("I request you to prepare a list of parents whose children start school in September", "list of parents"),
        ("We would like that you send a reminder SMS to patients booked for tomorrow", "reminder sms"),
        ("I ask that you set up the Calendly and HubSpot connection before term starts", "calendly"),
        ("Our principal wants the parents' newsletter translated into Spanish by Friday", "newsletter"),
        ("Mrs. Patel wants that every new donor gets a thank-you email", "thank-you email"),  # no break after "Mrs."
        ("Order personalised mugs for the volunteers' dinner", "mugs"),  # a participle before its noun
        ("The grant report is due to the council on 2027-05-02.", "grant report"),  # work said to be due
    ],
)
def test_work_asked_with_a_verb_of_asking_a_third_partys_wish_or_a_due_date_asks(message: str, words: str) -> None:
    found = DETECTOR.detect(message, TODAY)
    assert found.is_task
    assert words in found.title.lower()


@pytest.mark.parametrize(
    ("message", "words"),
    [
        ("So for the summer fete we want an SMS to all parishioners", "summer fete"),  # what a lead-in says it is for
        ("Shopify and our ERP need syncing of stock levels", "shopify"),  # a compound subject
        (  # a thing named in the sentence before, acted on by its common noun
            "The Typeform to Airtable feed dropped two days of entries. Rebuild and check the integration",
            "airtable",
        ),
        ("Calendly keeps dropping bookings; please fix the sync", "calendly"),  # a tool and what goes wrong with it
        ("I want our lapsed members returning. Build a win-back flow for members quiet for six months", "win-back"),
        ("The school's spring reunion is in May. Could someone draft an email inviting alumni?", "reunion"),
        ("We're adding 3 new clinics and we would like that you prepare a post to announce them", "clinics"),
        ("Our autumn menu goes live on Monday. Could you draft the launch post?", "autumn menu"),  # what launches
        ("The new loyalty tier starts next month; please write the announcement email", "loyalty tier"),
    ],
)
def test_the_title_keeps_what_the_story_around_the_ask_names(message: str, words: str) -> None:
    assert words in DETECTOR.detect(message, TODAY).title.lower()


@pytest.mark.parametrize(
    "message",
    [
        "Fwd: Gala tickets\n\nThe gala committee asked for an email to past donors about early-bird tickets",
        "Problem: the autumn catalogue went to the wrong list. Ask: resend it to active buyers today",
    ],
)
def test_a_forwards_subject_line_and_an_ask_label_are_no_part_of_the_title(message: str) -> None:
    found = DETECTOR.detect(message, TODAY)
    assert found.is_task
    assert not found.title.lower().startswith(("fwd", "ask"))


@pytest.mark.parametrize(
    ("message", "words"),
    [
        (  # a question asking for information names what the bare work after it is on
            "Did the spring catalogue mailing lift repeat orders at all? Crunch the numbers, p2",
            "catalogue",
        ),
        ("which regions drove the spike in unsubscribes last month? pls chart it", "unsubscribes"),
        (  # "If not," before the request is no part of it
            "Has anyone got the Q2 webinar attendance by industry? If not, can someone put it together by Friday?",
            "webinar",
        ),
        (  # a duty whose subject is a pronoun takes the thing the statement before names
            "The Pipedrive connector drops every lead with an accent in the name. It has to be fixed this week.",
            "pipedrive",
        ),
        (  # of the story's parts, the one naming work (a page) rather than news
            "our signup page still shows the 2025 prices but the new plans went live yesterday. can someone fix "
            "the text?",
            "signup",
        ),
        (  # another's need said as a cleft is what "that" points back to
            "Spoke to the Harbourside Bakery owner. What he wants is a WhatsApp promo for the new sourdough club. "
            "Could we get that scheduled for Monday?",
            "sourdough",
        ),
    ],
)
def test_a_request_that_points_back_takes_what_the_question_or_story_before_it_names(message: str, words: str) -> None:
    assert words in DETECTOR.detect(message, TODAY).title.lower()


@pytest.mark.parametrize(
    ("message", "words"),
    [
        ("Fwd: Omar, can you handle this? > The Zapier zap that feeds Airtable stopped at midnight.", "zapier"),
        (
            "could we turn this into an SMS for members? ---- Forwarded message ---- Subject: Bank holiday closing "
            "times. All branches shut at noon on Monday.",
            "holiday",
        ),
    ],
)
def test_a_request_opening_the_message_with_this_takes_what_follows(message: str, words: str) -> None:
    detection = DETECTOR.detect(message, TODAY)
    assert detection.is_task
    assert words in detection.title.lower()


def test_a_cleft_of_someone_elses_need_is_told_not_asked() -> None:
    assert not DETECTOR.detect("What our members would love is a faster checkout.", TODAY).is_task
