"""Gifts, entry type, fees and obligations of the assessment engine."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from bot.answers.render import render_statement
from bot.thresholds import assess_shipment
from bot.thresholds.assess import formal_mpf

D = dt.date
TODAY = D(2026, 11, 26)


def assess(snapshot, value, origin="VN", on=TODAY, mode="express", **kwargs):
    return assess_shipment(snapshot, value=value, origin=origin, mode=mode, on=on, **kwargs)


@pytest.mark.parametrize(
    ("value", "origin", "sender", "flags", "applies"),
    [
        (100, "VN", None, set(), True),
        (100.01, "VN", None, set(), False),
        (150, "GU", None, set(), True),  # $200 from Guam
        (200, "VI", None, set(), True),  # US Virgin Islands
        (200, "FR", "AS", set(), True),  # sent by a person in American Samoa
        (200.01, "GU", None, set(), False),
        (150, "VN", None, set(), False),
        (40, "FR", None, {"alcohol"}, False),
        (40, "FR", None, {"tobacco"}, False),
        (4, "FR", None, {"perfume_alcohol"}, True),
        (40, "FR", None, {"perfume_alcohol"}, False),
    ],
)
def test_gift_exemption_still_applies_during_the_suspension(snapshot, value, origin, sender, flags, applies):
    result = assess(snapshot, value, origin, is_gift=True, gift_sender_territory=sender, goods_flags=flags)
    assert not result.de_minimis_applies
    assert result.gift_applies is applies
    assert result.duty_free is applies
    assert result.gift.rules and result.gift.rules[0].kind == "gift_exemption"


def test_the_gift_limit_was_50_dollars_before_td_94_51(snapshot):
    before = assess(snapshot, 60, "FR", on=D(1994, 6, 12), is_gift=True)
    assert before.gift_applies is False and before.gift.rules[0].id == "us-gift-exemption-50"
    assert before.gift.rules[0].confidence == "MEDIUM"
    assert assess(snapshot, 50, "FR", on=D(1994, 6, 12), is_gift=True).gift_applies is True
    assert assess(snapshot, 60, "FR", on=D(1994, 6, 13), is_gift=True).gift_applies is True  # $100 from T.D. 94-51


@pytest.mark.parametrize(
    ("value", "on", "flags", "entry"),
    [
        (2500, TODAY, set(), "informal"),
        (2500.01, TODAY, set(), "formal"),
        (2100, D(2013, 1, 6), set(), "formal"),  # the $2,000 limit before 7 January 2013
        (2100, D(2013, 1, 7), set(), "informal"),
        (500, D(2012, 6, 1), {"textiles"}, "formal"),  # textile exception before 2013
        (500, D(2013, 1, 7), {"textiles"}, "informal"),
        (1000, D(2025, 4, 29), {"htsus_ch99"}, "formal"),  # chapter 99 articles over $250, until
        (1000, D(2025, 4, 30), {"htsus_ch99"}, "informal"),  # CBP suspended that rule
        (300, TODAY, {"htsus_ch99"}, "informal"),
        (200, TODAY, {"htsus_ch99"}, "informal"),
    ],
)
def test_entry_type(snapshot, value, on, flags, entry):
    assert assess(snapshot, value, on=on, goods_flags=flags, mode="air_cargo").entry == entry


def test_de_minimis_shipment_needs_no_entry_and_no_fee(snapshot):
    result = assess(snapshot, 300, on=D(2024, 6, 1))
    assert result.entry == "section_321" and result.fees == ()


@pytest.mark.parametrize(
    ("value", "on", "expected"),
    [
        (1000, D(2026, 3, 1), Decimal("33.58")),  # 0.3464% = $3.46, below the FY2026 minimum
        (20000, D(2026, 3, 1), Decimal("69.28")),
        (500000, D(2026, 3, 1), Decimal("651.50")),  # capped at the FY2026 maximum
        (1000, D(2025, 9, 30), Decimal("32.71")),  # FY2025 minimum, the day before FY2026
        (1000, D(2025, 10, 1), Decimal("33.58")),
    ],
)
def test_formal_entry_mpf_uses_the_fiscal_year_of_the_date(snapshot, value, on, expected):
    mpf = formal_mpf(snapshot, Decimal(value), on)  # a small formal entry: CBP can require one at any value
    assert mpf.amount == expected and not mpf.stale


def test_fy2027_formal_fees_are_used_from_1_october_2026_with_a_caution(snapshot):
    before = assess(snapshot, 5000, on=D(2026, 9, 30))
    result = assess(snapshot, 5000, on=D(2026, 11, 26))  # FY2027 figures come from secondary sources (MEDIUM)
    assert [fee.amount for fee in before.fees if fee.name == "mpf"] == [Decimal("33.58")]
    (mpf,) = [fee for fee in result.fees if fee.name == "mpf"]
    assert mpf.amount == Decimal("34.58") and not mpf.stale
    assert mpf.statement.figures["bound"] == "min" and mpf.statement.figures["raw"] == Decimal("17.32")
    assert "caution.verify" in {caution.code for caution in result.cautions}


def test_fees_of_a_year_not_in_the_data_are_marked_stale(snapshot):
    result = assess(snapshot, 100, on=D(2027, 11, 1), mode="postal")  # no FY2028 mail fee is loaded
    (mpf,) = [fee for fee in result.fees if fee.name == "mpf"]
    assert mpf.stale and mpf.amount == Decimal("7.61")
    assert "caution.stale_fees" in {caution.code for caution in result.cautions}


def test_informal_fee_for_mail_and_for_courier(snapshot):
    mail = assess(snapshot, 100, on=D(2026, 3, 1), mode="postal")
    courier = assess(snapshot, 100, on=D(2026, 3, 1), mode="express")
    assert [fee.amount for fee in mail.fees] == [Decimal("7.39")]
    assert [fee.amount for fee in courier.fees] == [Decimal("2.69")]


def test_ocean_shipments_pay_hmf_and_need_isf(snapshot):
    result = assess(snapshot, 10000, on=D(2026, 3, 1), mode="ocean")
    hmf = [fee for fee in result.fees if fee.name == "hmf"]
    assert hmf and hmf[0].amount == Decimal("12.50")
    assert "isf" in {statement.topic for statement in result.obligations}
    air = assess(snapshot, 10000, on=D(2026, 3, 1), mode="air_cargo")
    assert not [fee for fee in air.fees if fee.name == "hmf"]
    assert "isf" not in {statement.topic for statement in air.obligations}


@pytest.mark.parametrize(("mode", "hours"), [("truck", "2 hours"), ("air_cargo", "4 hours"), ("ocean", "8 hours")])
def test_food_needs_fda_prior_notice_by_mode(snapshot, mode, hours):
    result = assess(snapshot, 300, mode=mode, goods_flags={"food"})
    (notice,) = [s for s in result.obligations if s.topic == "fda_prior_notice"]
    assert f"{notice.figures['lead']} {notice.figures['unit']}" == hours
    assert f"at least {hours} before arrival" in render_statement(notice)


def test_cpsc_efiling_from_8_july_2026(snapshot):
    before = assess(snapshot, 300, on=D(2026, 7, 7), goods_flags={"consumer_product"})
    on = assess(snapshot, 300, on=D(2026, 7, 8), goods_flags={"consumer_product"})
    assert "cpsc" not in {s.topic for s in before.obligations}
    assert "cpsc" in {s.topic for s in on.obligations}


def test_uflpa_from_21_june_2022(snapshot):
    before = assess(snapshot, 3000, origin="CN", on=D(2022, 6, 20), goods_flags={"xinjiang"})
    on = assess(snapshot, 3000, origin="CN", on=D(2022, 6, 21), goods_flags={"xinjiang"})
    assert "forced_labor" not in {s.topic for s in before.obligations}
    assert "forced_labor" in {s.topic for s in on.obligations}


def test_postal_duty_method_for_china_in_may_2025(snapshot):
    result = assess(snapshot, 50, origin="CN", on=D(2025, 5, 10), mode="postal")
    (postal,) = [s for s in result.obligations if s.topic == "postal_duty"]
    assert Decimal(120) in [rule.value_number for rule in postal.figures["rules"]]
    assert "120%" in render_statement(postal)
    later = assess(snapshot, 50, origin="CN", on=D(2025, 5, 14), mode="postal")
    (postal,) = [s for s in later.obligations if s.topic == "postal_duty"]
    assert "54%" in render_statement(postal) and "120%" not in render_statement(postal)


def test_every_statement_is_backed_by_cited_rules(snapshot):
    result = assess(snapshot, 3000, mode="ocean", goods_flags={"food", "consumer_product"})
    for statement in result.statements:
        for rule in statement.rules:
            assert rule.citation and rule.source_url.startswith("http")
    assert len(result.rule_ids) == len(set(result.rule_ids)) >= 5
