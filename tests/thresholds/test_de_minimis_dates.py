"""Each de minimis effective date, from both sides: the day before and the day of."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.answers.render import render_statement
from bot.thresholds import assess_shipment

D = dt.date


def assess(snapshot, value, origin, on, mode="express", **kwargs):
    return assess_shipment(snapshot, value=value, origin=origin, mode=mode, on=on, **kwargs)


@pytest.mark.parametrize(
    ("on", "origin", "value", "applies", "reason", "rule_id"),
    [
        # The pre-1993 figures are not verified: no figure is stated.
        (D(1993, 12, 7), "FR", 150, False, "unverified", "us-de-minimis-pre-1993"),
        (D(1993, 12, 8), "FR", 150, True, "within_limit", "us-de-minimis-200"),
        # $200 -> $800 on 10 March 2016 (TFTEA).
        (D(2016, 3, 9), "VN", 500, False, "over_limit", "us-de-minimis-200"),
        (D(2016, 3, 10), "VN", 500, True, "within_limit", "us-de-minimis-800"),
        (D(2016, 3, 10), "VN", 800, True, "within_limit", "us-de-minimis-800"),
        (D(2016, 3, 10), "VN", 800.01, False, "over_limit", "us-de-minimis-800"),
        # China: first short suspension in February 2025.
        (D(2025, 2, 3), "CN", 100, True, "within_limit", "us-de-minimis-800-cn-hk"),
        (D(2025, 2, 4), "CN", 100, False, "suspended_origin", "us-de-minimis-suspended-cn-hk-feb-2025"),
        (D(2025, 2, 6), "HK", 100, False, "suspended_origin", "us-de-minimis-suspended-cn-hk-feb-2025"),
        (D(2025, 2, 7), "HK", 100, True, "within_limit", "us-de-minimis-800-cn-hk-restored"),
        # China and Hong Kong: end on 2 May 2025; other countries unaffected.
        (D(2025, 5, 1), "CN", 100, True, "within_limit", "us-de-minimis-800-cn-hk-restored"),
        (D(2025, 5, 2), "CN", 100, False, "suspended_origin", "us-de-minimis-suspended-cn-hk"),
        (D(2025, 5, 2), "HK", 100, False, "suspended_origin", "us-de-minimis-suspended-cn-hk"),
        (D(2025, 5, 2), "VN", 100, True, "within_limit", "us-de-minimis-800"),
        # All countries: suspended on 29 August 2025.
        (D(2025, 8, 28), "VN", 100, True, "within_limit", "us-de-minimis-800"),
        (D(2025, 8, 29), "VN", 100, False, "suspended", "us-de-minimis-suspended-all"),
        (D(2025, 8, 29), "CA", 1, False, "suspended", "us-de-minimis-suspended-all"),
        # The suspension continued by the executive order of 20 February 2026.
        (D(2026, 2, 23), "GB", 100, False, "suspended", "us-de-minimis-suspended-all"),
        (D(2026, 2, 24), "GB", 100, False, "suspended", "us-de-minimis-suspension-continued"),
        # Statutory repeal on 1 July 2027.
        (D(2026, 6, 23), "MX", 100, False, "suspended", "us-de-minimis-suspension-continued"),
        (D(2026, 6, 24), "MX", 100, False, "suspended", "us-de-minimis-suspension-codified"),
        (D(2027, 6, 30), "MX", 100, False, "suspended", "us-de-minimis-suspension-codified"),
        (D(2027, 7, 1), "MX", 100, False, "repealed", "us-de-minimis-repealed"),
    ],
)
def test_de_minimis_on_each_side_of_every_change(snapshot, on, origin, value, applies, reason, rule_id):
    result = assess(snapshot, value, origin, on)
    assert result.de_minimis_applies is applies
    assert result.de_minimis_reason == reason
    assert [rule.id for rule in result.de_minimis.rules][0] == rule_id
    assert result.de_minimis.rules[0].citation  # every statement carries its legal reference


@pytest.mark.parametrize("mode", ["postal", "express", "air_cargo", "ocean", "truck"])
def test_china_suspension_covers_every_mode_including_post(snapshot, mode):
    before = assess(snapshot, 50, "CN", D(2025, 5, 1), mode=mode)
    after = assess(snapshot, 50, "CN", D(2025, 5, 2), mode=mode)
    assert before.de_minimis_applies and not after.de_minimis_applies


def test_traveller_mode_points_to_personal_exemptions(snapshot):
    result = assess(snapshot, 300, "FR", D(2026, 11, 26), mode="traveller")
    assert result.de_minimis_reason == "traveller"
    assert {rule.kind for rule in result.de_minimis.rules} == {"personal_exemption"}


@pytest.mark.parametrize(
    ("flags", "value", "applies", "reason"),
    [
        ({"alcohol"}, 50, False, "excluded_goods"),
        ({"alcohol"}, 5, True, "within_limit"),  # the $5 allowance for alcohol
        ({"perfume_alcohol"}, 4, True, "within_limit"),
        ({"tobacco"}, 4, False, "excluded_goods"),  # no cigars or cigarettes at any value
        ({"adcvd"}, 20, False, "excluded_goods"),
        ({"quota"}, 20, False, "excluded_goods"),
        ({"food"}, 20, True, "within_limit"),
    ],
)
def test_excluded_goods(snapshot, flags, value, applies, reason):
    result = assess(snapshot, value, "DE", D(2020, 6, 1), goods_flags=flags)
    assert (result.de_minimis_applies, result.de_minimis_reason) == (applies, reason)


def test_the_de_minimis_finding_carries_the_date_and_the_figure(snapshot):
    result = assess(snapshot, 650, "VN", D(2024, 6, 1))
    assert result.de_minimis.code == "dm.within"
    assert result.de_minimis.figures["limit"] == 800 and result.de_minimis.figures["on"] == D(2024, 6, 1)
    assert render_statement(result.de_minimis) == "At $650 it is within the $800 de minimis limit."
    suspended = assess(snapshot, 650, "VN", D(2026, 11, 26))
    assert suspended.de_minimis.code == "dm.suspended"
    assert suspended.de_minimis.figures["since"] == D(2025, 8, 29)
    assert suspended.de_minimis.figures["old_limit"] == 800
    said = render_statement(suspended.de_minimis)
    assert "suspended since 29 August 2025 (China, Hong Kong: 2 May 2025)" in said and "$800" in said


def test_date_defaults_to_today_and_says_so(snapshot):
    result = assess_shipment(snapshot, value=100, origin="VN", mode="express", today=D(2026, 11, 26))
    assert result.on == D(2026, 11, 26) and result.date_assumed
    assert [c.figures["on"] for c in result.cautions if c.code == "caution.date_assumed"] == [D(2026, 11, 26)]


def test_medium_confidence_rules_bring_a_caution(snapshot):
    result = assess(snapshot, 150, "FR", D(2000, 1, 1))  # the $200 rule is MEDIUM
    assert "caution.verify" in {caution.code for caution in result.cautions}
    high = assess(snapshot, 150, "FR", D(2020, 1, 1), mode="truck")
    assert all(rule.confidence == "HIGH" for rule in high.de_minimis.rules)
