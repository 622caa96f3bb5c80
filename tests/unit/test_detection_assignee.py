"""The assignee hint as admins hand work over: delegating, "this one's yours", addresses in capitals."""

from __future__ import annotations

from datetime import date

import pytest

from taskexec.detection.assignee import assignee_hint
from taskexec.detection.rules import RulesDetector

DETECTOR = RulesDetector()
TODAY = date(2026, 6, 24)


@pytest.mark.parametrize(
    ("message", "assignee"),
    [
        ("Rebuild the partner dashboard, assign to Zoe.Brandt@Acme.org", "zoe.brandt@acme.org"),  # read in lower case
        ("OWNER: IVAN@ACME.ORG - archive the spring drafts", "ivan@acme.org"),
        ("Delegating to kofi@acme.org: the Spanish version of the FAQ", "kofi@acme.org"),  # handed over
        ("Handing it off to mei@acme.org, the webhook retries need a look", "mei@acme.org"),
        ("@ines (ines.r@acme.org) this one's yours: map the Typeform fields", "ines.r@acme.org"),  # yours
        ("Write the launch FAQ. @kai (kai.m@acme.org) - all yours", "kai.m@acme.org"),
        ("ola@acme.org you're up, the pricing table needs new tiers", "ola@acme.org"),
        ("Sami, this one is for you (sami@acme.org): a segment of repeat buyers", "sami@acme.org"),
        ("Raj (raj@acme.org) to pick this up: the churn readout", "raj@acme.org"),
        ("@jonas over to you", "jonas"),  # a handle keeps its case
        ("Assign: Lu.Chen@acme.org - the referral landing page", "lu.chen@acme.org"),  # labels
        ("DRI: lu@acme.org. Rebuild the holdout report", "lu@acme.org"),
        ("Reassigning this to lu@acme.org, the sync logs need reading", "lu@acme.org"),
        ("Rebuild the holdout report, lu@acme.org is taking this", "lu@acme.org"),  # what the doer does with it
        ("lu@acme.org to own this: the partner FAQ", "lu@acme.org"),
        ("Lu Chen <lu@acme.org> can you rebuild the holdout report?", "lu@acme.org"),  # a mail client's form
        ("Could you rebuild the holdout report, lu@acme.org?", "lu@acme.org"),  # spoken to, last, in a question
        ("Renew the font licences, assign to our design lead Mo.K@acme.org", "mo.k@acme.org"),  # a role, then who
        ("Give it to the ops manager @tove, the expo crates need booking", "tove"),
        ("@nadia could u refresh the pricing FAQ? nadia.k@acme.org, by monday", "nadia.k@acme.org"),  # given apart
        ("hey @bo pls tidy the UTM sheet (bo.lind@acme.org)", "bo.lind@acme.org"),
        ("the footer links are dead again. @pia can you fix them?", "pia"),  # spoken to after a story
        ("Spring deck is half done - wen@acme.org could you finish the charts?", "wen@acme.org"),
        ("Could you add this to tomas@acme.org's plate: the venue shortlist", "tomas@acme.org"),  # someone's plate
        ("Owner would be ife@acme.org: rebuild the referral page", "ife@acme.org"),  # a label with a copula
        ("Rebuild the referral page, this one's for @ife", "ife"),
        ("Rebuild the referral page, @ife please", "ife"),
        ("Rebuild the referral page, ife@acme.org could you take it?", "ife@acme.org"),
        ("Rebuild the referral page. Responsible: ife@acme.org", "ife@acme.org"),  # other labels of the doer
        ("Rebuild the referral page, owned by @ife", "ife"),
        ("@ife this one is on you: rebuild the referral page", "ife"),
        ("Partner mailer for the spring range - assign ola@acme.org - p2", "ola@acme.org"),  # "assign" + who
        ("Please assign ola@acme.org to build the referral flow", "ola@acme.org"),
        ("assign @marek to draft the autumn newsletter", "marek"),
        ("Can you assign ola@acme.org on the churn readout?", "ola@acme.org"),
        ("Book the venue for the offsite \u2014 ola@acme.org to handle", "ola@acme.org"),  # what the doer does, alone
        ("Refresh the pricing page copy, ola@acme.org to own", "ola@acme.org"),
        ("Order the new banners. @ines to take", "ines"),
        ("@marek refresh the partner FAQ", "marek"),  # an @handle the request opens by speaking to
        ("hey @marek draft the partner FAQ by Friday", "marek"),
        ("ping ola@acme.org to rebuild the partner FAQ", "ola@acme.org"),  # told to do it
        ("tell @marek to draft the partner FAQ", "marek"),
        ("Rebuild the partner FAQ, I think ola@acme.org should do it", "ola@acme.org"),  # the doer does it
        ("Rebuild the partner FAQ \u2014 ola@acme.org is the best person for this", "ola@acme.org"),  # best placed
        ("Rebuild the partner FAQ. Owner \u2192 ola@acme.org", "ola@acme.org"),  # a label with an arrow
        ("To ola@acme.org: rebuild the partner FAQ", "ola@acme.org"),  # a memo addressed to the doer
        ("Attn @marek - rebuild the partner FAQ", "marek"),
        ("Refresh the partner FAQ. Assign Ola.B@acme.org.", "ola.b@acme.org"),  # "assign" without "to", then a stop
        ("Could you refresh the FAQ? Putting ola@acme.org on the ticket.", "ola@acme.org"),
        ("partner FAQ refresh, ola@acme.org is drafting it, by Monday", "ola@acme.org"),  # what the doer does
        ("Could you own the spring catalogue copy, ola@acme.org? Print is on the 9th.", "ola@acme.org"),  # spoken to
        ("[email] spring catalogue / ola@acme.org / next week", "ola@acme.org"),  # a field between separators
        ("Catalogue copy \u00b7 ola@acme.org \u00b7 p2", "ola@acme.org"),
        ("@ola ola.b@acme.org can you refresh the FAQ?", "ola.b@acme.org"),  # a handle and its address, no mark
    ],
)
def test_work_handed_over_names_its_assignee(message: str, assignee: str) -> None:
    found = assignee_hint(message)
    assert found is not None
    assert found[0] == assignee


@pytest.mark.parametrize(
    "message",
    [
        "cc ines.r@acme.org - map the Typeform fields",  # a copy
        "fyi kai.m@acme.org: can someone write the launch FAQ?",
        "Set up a rule to route to sales@acme.org every demo request",  # where records go
        "Pass the final deck to partners@acme.org by Friday",  # where the work goes
        "Send the final deck to the agency, partners@acme.org",  # an address last, not asked
        "Assign it to the design team and cc lu@acme.org",  # a team assigned, the address only copied
        "The launch slipped. Send the recap to lu@acme.org please",  # where the work goes, after a story
        "Send the board deck to lu@acme.org to review",  # a reviewer, not the doer
        "Assign sales@acme.org leads to the new round robin with lu@acme.org",  # records handed out
        "@lu said the partner FAQ is out of date",  # news about the one named
        "@lu thanks! the partner FAQ still needs a refresh",
        "@here refresh the partner FAQ",  # a chat's broadcast names nobody
        "Could you send the spring catalogue to our printer, print@press.example?",  # where the work goes
        "Could we get the FAQ refreshed? -- Ola (ola@acme.org)",  # a signature is the requester
        "@ola pia@acme.org asked for the FAQ refresh",  # an address that is not the handle's
    ],
)
def test_copies_and_recipients_are_no_assignee(message: str) -> None:
    assert assignee_hint(message) is None


@pytest.mark.parametrize(
    ("message", "assignee"),
    [
        ("Hi Marco, could you handle the WhatsApp promo for the family plan (marco.r@acme.org)?", "marco.r@acme.org"),
        ("Hey Ana! Can you build the lapsed segment? ana.s@acme.org for the ticket.", "ana.s@acme.org"),
    ],
)
def test_the_one_greeted_by_name_is_the_assignee_when_their_address_is_given(message: str, assignee: str) -> None:
    assert DETECTOR.detect(message, TODAY).assignee_hint == assignee


def test_an_address_the_greeted_one_sends_to_is_no_assignee() -> None:
    found = DETECTOR.detect("Hi Marco, could you send the promo to marco.r@acme.org for a check?", TODAY)
    assert found.assignee_hint is None
