"""Product and company names that hold a category word are names, not that category."""

from __future__ import annotations

from datetime import date

import pytest

from taskexec.detection.names import NAME, masked
from taskexec.detection.rules import RulesDetector
from taskexec.domain.vocabulary import Category

TODAY = date(2026, 6, 24)
DETECTOR = RulesDetector()


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Migrate our lists from Campaign Monitor to Klaviyo", "Migrate our lists from zzname to Klaviyo"),
        ("Renew the ActiveCampaign subscription", "Renew the zzname subscription"),
        ("Reconnect Google Analytics to the site", "Reconnect zzname to the site"),
        ("the Workflow Builder in Slack", "the zzname in Slack"),
        ("Connect Segment to our Snowflake warehouse", "Connect zzname to our Snowflake warehouse"),
        ("Segment has been sending duplicate events", "zzname has been sending duplicate events"),
        ("Set up the Segment to BigQuery destination", "Set up the zzname to BigQuery destination"),
        ("connect segment to snowflake", "connect zzname to snowflake"),  # after a verb moving data
        ("Migrate from Drip to Klaviyo", "Migrate from zzname to Klaviyo"),
        ("Pull the numbers from Heap Analytics", "Pull the numbers from zzname"),
    ],
)
def test_names_are_masked(text: str, named: str) -> None:
    assert masked(text) == named
    assert NAME in named


@pytest.mark.parametrize(
    "text",
    [
        "Build a segment of customers who bought twice",
        "Create a Segment of VIPs in Berlin",  # an article before it: the noun, capitalised
        "Segment users by plan and chart it",  # the verb
        "Set up a drip for ebook downloaders",
        "Fix the Klaviyo flows for cart abandoners",  # a tool's own feature stays the category's work
    ],
)
def test_ordinary_words_stay_words(text: str) -> None:
    assert masked(text) == text


@pytest.mark.parametrize(
    ("message", "category"),
    [
        ("Draft the partner newsletter in Campaign Monitor by Thursday", Category.CAMPAIGN),
        ("Invite Laura to our Campaign Monitor account", Category.GENERAL),
        ("Reconnect Google Analytics to the site after the redesign", Category.INTEGRATION),
        ("Write a blog post comparing Segment and RudderStack", Category.CONTENT),
        ("Case study on how Acme used our Workflow Builder to cut churn", Category.CONTENT),
        ("Could you build me a segment in Segment of users who triggered checkout twice?", Category.SEGMENT),
    ],
)
def test_a_request_about_a_tool_is_judged_by_the_work(message: str, category: Category) -> None:
    assert DETECTOR.detect(message, TODAY).category is category
