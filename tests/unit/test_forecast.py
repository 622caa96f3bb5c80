"""The forecast on synthetic histories: it sees a steady trend coming, and refuses to guess from too little,
flat, spiky or noisy data, saying why."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import pytest

from taskexec.monitoring import forecast
from taskexec.monitoring.snapshot import Snapshot, iso
from taskexec.monitoring.status import compute

START = datetime(2026, 7, 1, 14, 0, tzinfo=UTC)
ROLLUP_INTERVAL = timedelta(minutes=5)


def history(rates: Sequence[float | None], p95s: Sequence[float | None] | None = None) -> list[Snapshot]:
    """Snapshots every 5 minutes from START with these figures (rounded the way the rollup rounds them)."""
    empty = compute([], computed_at=START, window_minutes=60)
    p95s = p95s if p95s is not None else [800.0] * len(rates)
    return [
        empty.model_copy(
            update={
                "computedAt": iso(START + i * ROLLUP_INTERVAL),
                "successRate": None if rate is None else round(rate, 1),
                "p95ExecutionMs": None if p95 is None else round(p95, 1),
                "executions": 0 if rate is None else 100,
            }
        )
        for i, (rate, p95) in enumerate(zip(rates, p95s, strict=True))
    ]


def at(value: str) -> datetime:
    return datetime.fromisoformat(value)


def test_a_steady_decline_is_seen_crossing_80_percent_within_one_rollup_interval() -> None:
    # 95% at 14:00 falling 6 points an hour: 80% at 16:30 exactly; twelve rollups take us to 14:55.
    rates = [95 - 6 * (i * 5 / 60) for i in range(12)]
    result = forecast.forecast(history(rates))
    rate = result.successRate
    assert rate.trendPerHour == pytest.approx(-6, abs=0.2)
    assert rate.crosses is not None
    assert rate.crosses.status == "warning"
    assert rate.crosses.threshold == 80
    assert abs(at(rate.crosses.at) - datetime(2026, 7, 1, 16, 30, tzinfo=UTC)) <= ROLLUP_INTERVAL
    issues = forecast.warnings(result)
    assert len(issues) == 1
    assert "16:3" in issues[0][1]
    assert "80%" in issues[0][1]


def test_a_decline_already_in_warning_is_seen_heading_for_critical() -> None:
    # 70% falling 12 points an hour: 50% is 1 h 40 min after 14:00.
    rates = [70 - 12 * (i * 5 / 60) for i in range(8)]
    crossing = forecast.forecast(history(rates)).successRate.crosses
    assert crossing is not None
    assert crossing.status == "critical"
    assert abs(at(crossing.at) - datetime(2026, 7, 1, 15, 40, tzinfo=UTC)) <= ROLLUP_INTERVAL


def test_a_decline_too_slow_to_matter_within_six_hours_makes_no_crossing() -> None:
    rates = [99 - 2 * (i * 5 / 60) for i in range(12)]
    rate = forecast.forecast(history(rates)).successRate
    assert rate.trendPerHour == pytest.approx(-2, abs=0.2)
    assert rate.crosses is None
    assert rate.reason


def test_rising_p95_is_projected_past_5_seconds_and_the_text_says_the_average_is_what_is_judged() -> None:
    # 3000 ms at 14:00 rising 400 ms/h: 5 s at 19:00, 4 h 05 min after the last rollup at 14:55.
    p95s = [3000 + 400 * (i * 5 / 60) for i in range(12)]
    result = forecast.forecast(history([99.0] * 12, p95s))
    p95 = result.p95ExecutionMs
    assert p95.trendPerHour == pytest.approx(400, abs=5)
    assert p95.crosses is not None
    assert p95.crosses.threshold == 5000
    assert abs(at(p95.crosses.at) - datetime(2026, 7, 1, 19, 0, tzinfo=UTC)) <= ROLLUP_INTERVAL
    assert result.successRate.crosses is None
    (issue, advice), *_ = forecast.warnings(result)
    assert "average" in issue
    assert "400 ms/h" in advice
    assert "19:0" in advice


def test_a_flat_history_makes_no_forecast() -> None:
    result = forecast.forecast(history([92.0] * 12, [1200.0] * 12))
    for metric in (result.successRate, result.p95ExecutionMs):
        assert metric.crosses is None
        assert metric.reason
        assert metric.reason.startswith("flat")
    assert forecast.warnings(result) == []


@pytest.mark.parametrize("where", [0, 5, 11])
def test_a_single_spike_makes_no_forecast(where: int) -> None:
    rates = [93.0] * 12
    rates[where] = 40.0
    p95s = [900.0] * 12
    p95s[where] = 9000.0
    result = forecast.forecast(history(rates, p95s))
    assert result.successRate.crosses is None
    assert result.successRate.reason
    assert result.p95ExecutionMs.crosses is None
    assert result.p95ExecutionMs.reason
    assert forecast.warnings(result) == []


def test_a_single_spike_does_not_bend_a_real_trend() -> None:
    rates = [95 - 6 * (i * 5 / 60) for i in range(12)]
    rates[6] = 20.0
    crossing = forecast.forecast(history(rates)).successRate.crosses
    assert crossing is not None
    assert crossing.status == "warning"
    assert abs(at(crossing.at) - datetime(2026, 7, 1, 16, 30, tzinfo=UTC)) <= ROLLUP_INTERVAL


def test_a_noisy_history_makes_no_forecast() -> None:
    rates = [90, 70, 88, 65, 86, 72, 60, 85, 62, 80, 58, 75]
    rate = forecast.forecast(history(rates)).successRate
    assert rate.crosses is None
    assert rate.reason
    assert rate.reason.startswith(("noisy", "flat"))


def test_too_few_points_make_no_forecast() -> None:
    rates = [95 - 30 * (i * 5 / 60) for i in range(forecast.MIN_POINTS - 1)]
    result = forecast.forecast(history(rates))
    assert result.points == forecast.MIN_POINTS - 1
    assert result.successRate.trendPerHour is None
    assert result.successRate.crosses is None
    assert result.successRate.reason
    assert "too few" in result.successRate.reason


def test_idle_rollups_do_not_count_as_points() -> None:
    rates: list[float | None] = [95 - 30 * (i * 5 / 60) for i in range(12)]
    rates[1::2] = [None] * 6
    p95s: list[float | None] = [None if r is None else 800.0 for r in rates]
    result = forecast.forecast(history(rates, p95s))
    assert result.points == 6
    assert result.successRate.crosses is not None
