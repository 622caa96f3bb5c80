"""No caller text makes a request-path pattern slow: time grows linearly with the input, never faster.

Every entry point that reads caller text (the rules detector, priority and due-date phrases and fields, the
token's subject, escalation field names, page tokens, the Idempotency-Key) reads adversarial messages of 400
and 4,000 characters: runs of every punctuation and space class, repeated words and alternations of these,
bare, inside a sentence and right after a cue word. Catastrophic backtracking grows exponentially and a pattern
retried from every position grows quadratically; linear code takes about 10x as long for 10x the text.

The assertion is a ratio measured in one run (best of several calls each), so it holds on a busy machine. Each
message also has a generous safety cap: a pattern that hangs is reported by name instead of hanging the suite.
"""

from __future__ import annotations

import pytest

from scripts.bench.adversarial import ENTRIES, Timing, cases, entry_points, measure

SHORT, LONG = 400, 4000
MAX_RATIO = 20.0
"""10x the text may cost at most 20x the time: linear code passes with room, quadratic code cannot."""
SAFETY_CAP_S = 30.0
"""Per message, far above any honest time: only a hang reaches it."""
REPEATS = [5, 3]
"""Best of five calls for the short messages, whose times are small enough to feel any noise, and of three for
the long ones, each measured right after the short one so that both see the same machine."""


def test_every_request_path_reader_is_measured() -> None:
    assert set(entry_points()) == set(ENTRIES)


def test_messages_have_the_lengths_they_claim() -> None:
    for length in (SHORT, LONG):
        assert {len(case.text) for case in cases(length)} == {length}
        assert len({case.name for case in cases(length)}) == len(cases(length))


def _slower_than_linear(entry: str) -> list[str]:
    """The cases of `entry` whose 4,000-character time is more than MAX_RATIO times their 400-character time."""
    timings = list(measure(entry, [SHORT, LONG], SAFETY_CAP_S, REPEATS))
    hung = [f"{t.case} ({t.length} chars)" for t in timings if t.capped]
    assert not hung, f"{entry} did not finish within {SAFETY_CAP_S} s on: {hung}"

    seconds: dict[tuple[int, str], Timing] = {(t.length, t.case): t for t in timings}
    assert len(seconds) == 2 * (len(cases(SHORT)) + 1), "every message was measured at both lengths"
    too_slow = []
    for case in cases(SHORT):
        short, long = seconds[(SHORT, case.name)].seconds, seconds[(LONG, case.name)].seconds
        # A floor of one microsecond keeps a call too fast to time (a refused key) from making the ratio noise.
        ratio = long / max(short, 1e-6)
        if ratio > MAX_RATIO:
            too_slow.append(f"{case.name}: {short * 1e3:.3f} ms -> {long * 1e3:.3f} ms ({ratio:.0f}x)")
    return too_slow


@pytest.mark.parametrize("entry", ENTRIES)
def test_time_grows_linearly_with_adversarial_input(entry: str) -> None:
    """A case fails only when it is slower than linear in two measurements running: a neighbour's burst on a
    busy machine can spoil one short timing, but quadratic code is slow every time."""
    first = _slower_than_linear(entry)
    if not first:
        return
    again = {line.split(":", 1)[0] for line in _slower_than_linear(entry)}
    too_slow = [line for line in first if line.split(":", 1)[0] in again]
    assert not too_slow, f"{entry} grows faster than linearly on: {too_slow}"


@pytest.mark.parametrize("value", ["abc-1\n", "abc-1\r\n", "\nabc-1", "a" * 129])
def test_a_subject_or_key_with_a_line_break_or_too_long_is_refused(value: str) -> None:
    """Both are matched whole: a `$`-anchored pattern would let a trailing newline through."""
    from taskexec.api.idempotency import key_from_headers
    from taskexec.errors import ErrorCode, ServiceError
    from taskexec.identity import identity_from_event

    claims = {"requestContext": {"authorizer": {"jwt": {"claims": {"sub": value}}}}}
    with pytest.raises(ServiceError) as no_identity:
        identity_from_event(claims)
    assert no_identity.value.code is ErrorCode.UNAUTHENTICATED
    with pytest.raises(ServiceError) as no_key:
        key_from_headers({"Idempotency-Key": value})
    assert no_key.value.code is ErrorCode.INVALID_REQUEST
