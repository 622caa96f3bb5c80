"""This tier runs the service's code in process: moto, and AWS's rules for every test (tests/support/in_process.py)."""

from tests.support.in_process import *  # noqa: F403
