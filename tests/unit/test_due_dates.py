"""Due dates: defaults by priority, deadline phrases in messages, and the structured `dueDate`."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from taskexec.detection.rules import RulesDetector
from taskexec.domain.due_dates import default_due_date, is_past, parse_due_phrase, parse_due_value
from taskexec.domain.vocabulary import Priority

WED = date(2026, 6, 24)
FRI = date(2026, 6, 26)


@pytest.mark.parametrize(
    ("priority", "today", "expected"),
    [
        (Priority.URGENT, WED, date(2026, 6, 25)),
        (Priority.HIGH, WED, date(2026, 6, 29)),  # Saturday 27th moves to Monday
        (Priority.MEDIUM, WED, date(2026, 7, 1)),
        (Priority.LOW, WED, date(2026, 7, 8)),
        (Priority.URGENT, FRI, date(2026, 6, 29)),  # Saturday -> Monday
        (Priority.HIGH, date(2026, 6, 25), date(2026, 6, 29)),  # Sunday -> Monday
        (Priority.MEDIUM, FRI, date(2026, 7, 3)),
    ],
)
def test_default_due_date_by_priority_skips_weekends(priority: Priority, today: date, expected: date) -> None:
    assert default_due_date(priority, today) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("fix it today", WED),
        ("call them tomorrow", date(2026, 6, 25)),
        ("by the day after tomorrow", date(2026, 6, 26)),
        ("review the campaign by Friday", date(2026, 6, 26)),
        ("on friday", date(2026, 6, 26)),
        ("this Friday", date(2026, 6, 26)),
        ("by wednesday", date(2026, 7, 1)),  # never today
        ("in 3 days", date(2026, 6, 27)),
        ("within 2 days", date(2026, 6, 26)),
        ("in two weeks", date(2026, 7, 8)),
        ("in a week", date(2026, 7, 1)),
        ("before end of month", date(2026, 6, 30)),
        ("by the end of the month", date(2026, 6, 30)),
        ("EOM", date(2026, 6, 30)),
        ("end of week", date(2026, 6, 26)),
        ("due 2027-03-15", date(2027, 3, 15)),
        ("by March 15", date(2027, 3, 15)),
        ("on 15 March 2027", date(2027, 3, 15)),
        ("before 3/15", date(2027, 3, 15)),
        ("by 07/04/2026", date(2026, 7, 4)),
        ("by the 30th", date(2026, 6, 30)),
        ("in 3 business days", date(2026, 6, 29)),
    ],
)
def test_parse_due_phrase_reads_deadlines(text: str, expected: date) -> None:
    assert parse_due_phrase(text, WED) == expected


def test_next_week_is_a_day_in_the_next_week() -> None:
    for offset in range(7):
        today = date(2026, 6, 22 + offset)
        due = parse_due_phrase("schedule it next week", today)
        assert due is not None
        assert 1 <= (due - today).days <= 13


@pytest.mark.parametrize(
    "text",
    [
        "Review the Q3 newsletter",
        "Create a cart abandonment workflow with a 2 hour delay",
        "Segment customers who bought twice in 90 days",
        "Write 3 blog posts",
        "Pull the top 10 products",
        "Export contacts who opened in the past 30 days",
        "Launch the Black Friday campaign",
        "Send the digest every Monday",
        "Promote the July 4th sale",
        "Debug the webhook that stopped firing yesterday",
        "Plan the 2027 roadmap",
    ],
)
def test_numbers_in_the_subject_are_not_deadlines(text: str) -> None:
    assert parse_due_phrase(text, WED) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2027-03-15", date(2027, 3, 15)),
        ("2027-03-15T10:00:00Z", date(2027, 3, 15)),
        ("2027-03-15T23:30:00-05:00", date(2027, 3, 16)),  # the UTC date
        ("2027-03-15T10:00:00", date(2027, 3, 15)),
        ("tomorrow", date(2026, 6, 25)),
        ("next week", date(2026, 6, 29)),
        ("3/15", date(2027, 3, 15)),
        ("March 15, 2027", date(2027, 3, 15)),
    ],
)
def test_parse_due_value_reads_iso_and_phrases(value: str, expected: date) -> None:
    assert parse_due_value(value, WED) == expected


@pytest.mark.parametrize("value", ["", "soon-ish", "5", "2027-13-45"])
def test_parse_due_value_refuses_what_it_cannot_read(value: str) -> None:
    with pytest.raises(ValueError, match="due date"):
        parse_due_value(value, WED)


def test_is_past_allows_today() -> None:
    assert is_past(date(2026, 6, 23), WED)
    assert not is_past(WED, WED)
    assert not is_past(date(2026, 6, 25), WED)


@pytest.mark.parametrize(
    "text",
    [
        "Email everyone who signed up since January 1 about the app",  # a period of data
        "Report on orders since March 3",
        "Email the recall notice to customers who ordered before June 1",  # inside a clause about people
        "Plan a WhatsApp campaign for customers who opted in since March 1",
        "Create an SMS follow-up to the email we sent on Monday",  # what we did, not when it is due
        "txt the gym members that the pool reopens on Monday",  # what the message says
        "Text our VIPs a heads-up about the private sale on Saturday",
        "define a segment for dormant accounts (no purchase in 180 days)",  # an aside
        "Build an audience of visitors who viewed pricing 3 times this week",
        "Promote the Friday flash sale",  # the weekday names a thing
        "Write the March 15 webinar recap",
        "Onboarding workflow for trial users is live as of today",
        "Set up the refunds webhook, high priority because finance closes the books on Monday",  # a reason's day
        "The exec review is in two weeks",  # when something is, not when work is due
        "The launch is scheduled for next Tuesday",
        "Text a reminder to patients with appointments next Monday",  # who the people are
        "Build an audience of shoppers with an account but no order in 45 days",  # what people lack
        "Segment the members whose cards are expiring within 2 months",  # what is about to happen to them
        "Retention flow for leases ending in the next 60 days",
    ],
)
def test_a_date_that_describes_the_request_is_no_deadline(text: str) -> None:
    assert parse_due_phrase(text, WED) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Build a segment of customers who bought in the last 30 days by Friday", date(2026, 6, 26)),  # "by" decides
        ("segment of buyers from the April promo, due Thursday", date(2026, 6, 25)),
        ("create a new audience segment for cart abandoners over $200 in 2 days", date(2026, 6, 26)),
        ("Proofread the release before it goes out tomorrow", date(2026, 6, 25)),
        ("send the blast Friday", date(2026, 6, 26)),  # a bare weekday ending its phrase
        ("SMS to Lisbon subscribers about the opening, Friday", date(2026, 6, 26)),
        ("Quick analysis of churn by plan, by EOD tomorrow", date(2026, 6, 25)),
        ("within 48 hours", date(2026, 6, 26)),
        ("by the end of June", date(2026, 6, 30)),
        ("end of Q3", date(2026, 9, 30)),
        ("Tuesday next week", date(2026, 6, 30)),
        ("by noon", WED),
        ("before the weekend", date(2026, 6, 26)),
        ("The deadline is next Wednesday", date(2026, 7, 1)),
        ("within the next 48h", date(2026, 6, 26)),
        ("whatsapp reminder for the pickup customers tmrw am", date(2026, 6, 25)),  # shorthand
        ("article for the blog, nxt week", date(2026, 6, 29)),
        ("the summer sale email, goes out Monday 8am", date(2026, 6, 29)),  # a weekday with its hour
        ("schedule it for the 1st of October", date(2026, 10, 1)),
        ("Text customers with unpaid invoices a payment reminder today", WED),  # the phrase about them has ended
    ],
)
def test_a_deadline_is_read_where_it_modifies_the_work(text: str, expected: date) -> None:
    assert parse_due_phrase(text, WED) == expected


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("Refresh the exclusion list before tonight's send", 0),  # tonight is today; the work is due before it
        ("Write the recap in time for tomorrow's webinar", 1),
        ("Email the speakers before next Thursday's panel", 1),  # "next" before the day's event
        ("We still don't have the Magento shop linked. That has to be done in 3 days.", 3),  # after its completion
    ],
)
def test_a_deadline_before_a_days_event_or_after_the_works_completion(text: str, days: int) -> None:
    assert parse_due_phrase(text, WED) == WED + timedelta(days=days)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the reactivation SMS drops 11/19", date(2026, 11, 19)),  # figures without a year, month first
        ("launch email, send date 23/09", date(2026, 9, 23)),  # day first, the only reading that is a date
        ("refresh the deck, due 2/3", date(2027, 2, 3)),  # both read as dates: month first, its next occurrence
        ("Deadline 17.09, translate the menu cards", date(2026, 9, 17)),  # dotted: day first
        ("the survey invite, go-live 2027/01/12", date(2027, 1, 12)),  # year first
        ("prep the board slides prior to the 7/9 offsite", date(2026, 7, 9)),  # before a dated event: that day
        ("get the loyalty flow live the 18th", date(2026, 7, 18)),  # a day of the month without a cue
        ("rewrite the help article by mid-month", date(2026, 7, 15)),  # this month's 15th has passed
        ("the churn readout, mid next month", date(2026, 7, 15)),
    ],
)
def test_dates_in_figures_and_parts_of_a_month(text: str, expected: date) -> None:
    assert parse_due_phrase(text, WED) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Invite everyone who attended the 4/16 summit",  # the event's name
        "Write the follow-up for the 10/2 open day attendees",
        "Summarise the survey, most people rated us 4/5",  # a score
        "Set up 24/7 chat routing in Zendesk",  # round the clock
        "Tidy the 3rd-party scripts on the checkout page",
        "Move the pricing link to the 2nd.",  # a position, not a day
        "Text the members about the Friday 7/10 open day",  # a weekday with its date naming the event
        "Build a segment of signups from 6/1 to 6/15",  # the end of a period
        "Draft the banner for the 4th of July sale",  # a written date naming the event after "for the"
    ],
)
def test_figures_that_name_a_thing_or_a_score_are_no_deadline(text: str) -> None:
    assert parse_due_phrase(text, WED) is None


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 6, 26), date(2026, 7, 3)),  # a Friday: next week's Friday
        (date(2026, 6, 28), date(2026, 7, 10)),  # a Sunday: this week ends on the coming Friday, next week after it
        (date(2026, 6, 30), date(2026, 7, 10)),  # a Tuesday
    ],
)
def test_the_end_of_next_week_is_a_week_after_the_end_of_this_one(today: date, expected: date) -> None:
    assert parse_due_phrase("have the audit ready by the end of next week", today) == expected
    assert parse_due_phrase("have the audit ready by the end of this week", today) == expected - timedelta(days=7)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the board wants a deck on it, can you prepare that in 2 days", WED + timedelta(days=2)),  # "that" a pronoun
        ("After the call with the agency this morning, we need new banner copy by Friday", FRI),  # when that happened
        ("After the call with the agency this morning, we need new banner copy", None),
        ("list the members who joined in May and renewed within 30 days", None),  # a second verb of the clause
        ("list the members who joined in May and send it within 3 days", WED + timedelta(days=3)),  # the request's
    ],
)
def test_a_date_belongs_to_the_clause_it_stands_in(text: str, expected: date | None) -> None:
    assert parse_due_phrase(text, WED) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("have the pricing FAQ ready by Fri 7/10", date(2026, 7, 10)),  # a weekday with its date: the date
        ("proof the brochure by Thursday, July 9", date(2026, 7, 9)),
        ("proof the brochure on Monday the 13th", date(2026, 7, 13)),
        ("the partner report by the 3rd of next month", date(2026, 7, 3)),
        ("refresh the donor FAQ by early August", date(2026, 8, 1)),  # the start of a month
        ("refresh the donor FAQ, late August", date(2026, 8, 31)),
    ],
)
def test_a_weekday_with_its_date_and_parts_of_a_named_month(text: str, expected: date) -> None:
    assert parse_due_phrase(text, WED) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("send the proofs over by next business day", date(2026, 6, 25)),
        (
            "send the proofs over by the next working day",
            date(2026, 6, 29),
        ),  # from a Friday: the Monday
        ("tidy the tag list by week's end", FRI),
        ("tidy the tag list by month's end", date(2026, 6, 30)),
        ("the audit, the week after next", date(2026, 7, 6)),
        ("the audit by the end of the week after next", date(2026, 7, 10)),
    ],
)
def test_working_days_and_weeks_after_next(text: str, expected: date) -> None:
    today = FRI if "working" in text else WED
    assert parse_due_phrase(text, today) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("please build that cohort in 4 days", WED + timedelta(days=4)),  # "that" points at the work's object
        ("could someone get that banner refreshed before Friday", FRI),
        ("export the buyers that churned within 4 days", None),  # "that" opens a clause about the buyers
        ("count trial users who upgrade within 10 days of signup", None),  # counted from another event
        ("email non-openers with a fresh subject line tomorrow", WED + timedelta(days=1)),  # what the work comes with
        ("email patients with a consultation tomorrow", None),  # what they have on that day
        ("text the members with a class tomorrow", None),
        ("fix the tracking links before the Thursday send", date(2026, 6, 25)),  # the day of a named event
        ("refresh the partner page, timeline: 2 weeks", WED + timedelta(days=14)),  # an amount after a label
        ("refresh the partner page within the next fortnight", WED + timedelta(days=14)),
        ("refresh the partner page Tuesday-ish", date(2026, 6, 30)),  # a softened day is that day
        ("refresh the partner page by 15.03.", date(2027, 3, 15)),  # a dotted date with its closing dot
        ("text everyone enrolled for Saturday classes", None),  # people described by a participle
        ("a loyalty journey for lapsed members ready tomorrow", WED + timedelta(days=1)),  # the work's completion
        ("I ask that the FAQ be rewritten in 3 days", WED + timedelta(days=3)),  # a passive completion
        ("welcome series for new members \u2014 need it live eom", date(2026, 6, 30)),  # a dash ends the clause
        ("restock the printer paper for the 2nd floor", None),  # an ordinal before a noun names a thing
    ],
)
def test_what_a_date_modifies_across_wordings(text: str, expected: date | None) -> None:
    assert parse_due_phrase(text, WED) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tag contacts as engaged when they click 3 links in a week", None),  # a trigger's condition
        ("alert the rep whenever a lead visits the pricing page 3 times in 2 days", None),
        ("flag accounts once they log in 5 times within a week", None),
        ("send the survey, if you can within 2 days", WED + timedelta(days=2)),  # a condition on the one asked
        ("a retention flow for accounts with no logins in 30 days", None),  # what people lack in a period
        ("a segment of users without a purchase in 60 days", None),
        ("invite the Leeds members to the open house on Friday", None),  # the day of what they are invited to
        ("an invitation for VIPs to the tasting evening on 2026-07-20", None),
        ("send the invitations on Friday", FRI),  # the invitations' own day
        ("a segment of passengers booked on the cancelled flights this week", None),  # people described
        ("a list of volunteers registered for Saturday", None),
        ("tell the members the pool is closed on Friday", None),  # what is so on that day
        ("text the Leeds list that delivery is free this week", None),
        ("tell shoppers the store is open late tomorrow", None),
        ("the deck is needed Friday", FRI),  # when the work is wanted
        ("make sure the sync is re-enabled tomorrow", WED + timedelta(days=1)),  # the state the work must reach
        ("a text blast: 20% off sitewide this week only", None),  # an offer's window
        ("free delivery on Saturday only, tell the VIP list", None),
    ],
)
def test_a_date_in_a_condition_or_of_an_event_people_are_invited_to(text: str, expected: date | None) -> None:
    assert parse_due_phrase(text, WED) == expected


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("Reconnect the Klaviyo sync, the API key expired this morning", None),  # what ended tells when, no deadline
        ("Renew the domain, it expires on 2026-06-29", date(2026, 6, 29)),  # what will end gives the deadline
        (
            "Could you build the pricing email? The new prices go live 2026-09-01, we need it ready in 10 days.",
            WED + timedelta(days=10),
        ),
        (
            "The promo ends on Sunday; I need the recap done in 3 days.",
            WED + timedelta(days=3),
        ),  # the work's own date wins
        ("Find a caterer for the gala, ideally booked in 10 days", WED + timedelta(days=10)),  # the state it must reach
        ("Get a quote from the printer, preferably signed off within 5 days", WED + timedelta(days=5)),
        ("Next step: an SMS campaign about the late opening hours, scheduled for Friday.", FRI),
        ("We need the partner newsletter, sent out on Friday.", FRI),
        ("Send it to all customers. Important, scheduled by Friday.", FRI),  # said after the request
        ("Write the FAQ page. Drafted and approved by Friday.", FRI),
        ("Sent the newsletter on Friday. Can you check the bounces?", None),  # a report with its object
    ],
)
def test_a_date_said_of_the_works_state_or_of_something_that_ended(message: str, expected: date | None) -> None:
    assert RulesDetector().detect(message, WED).due_date == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("draft the client recap, EOD Friday their time", FRI),  # the end of a named day, without a cue
        ("need the client recap COB Thursday", date(2026, 6, 25)),
        ("the client recap by end of business Friday", FRI),
        ("the client recap close of business tomorrow", WED + timedelta(days=1)),
        ("the client recap this coming Friday", FRI),
        ("make the campaign in 2-3 days", WED + timedelta(days=3)),  # a span of days: its last
        ("make the campaign within 3 to 5 days", WED + timedelta(days=5)),
        ("make the campaign on 30th", date(2026, 6, 30)),  # an ordinal day without "the"
        ("make the campaign by 2nd", date(2026, 7, 2)),
    ],
)
def test_the_end_of_a_named_day_spans_and_bare_ordinals(text: str, expected: date) -> None:
    assert parse_due_phrase(text, WED) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Draft the donor letter before the month is out", date(2026, 6, 30)),  # the month's end, however said
        ("Draft the donor letter; it has to go before the month ends", date(2026, 6, 30)),
        ("Draft the donor letter. Next week's fine.", date(2026, 6, 29)),  # a week said to suit
        ("Could you draft the donor letter? Friday ideally.", date(2026, 6, 26)),  # a day said to suit
        ("Draft the donor letter for 03.09.2026", date(2026, 9, 3)),  # day first, with dots
        ("Segment members with no visit in 30 days, tomorrow please", date(2026, 6, 25)),  # what they lack, then when
    ],
)
def test_deadlines_said_as_what_suits_or_day_first(text: str, expected: date) -> None:
    assert parse_due_phrase(text, WED) == expected


def test_a_dotted_day_that_is_no_date_is_no_deadline() -> None:
    assert parse_due_phrase("Draft the donor letter for 31.02.2027", WED) is None
