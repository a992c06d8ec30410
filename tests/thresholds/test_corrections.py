"""Corrections of issue 11, each checked on both sides of its date boundary (SQLite and PostgreSQL).

The facts come from the revised fact sheet of 2026-12-01; every test asserts what a user would be
told (the engine's finding, the rendered words, or the rule and confidence behind a figure).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from bot.answers.render import render, render_statement
from bot.contact import APOLOGY, info_center
from bot.nlu.goods import goods_flags
from bot.nlu.modes import normalise_mode
from bot.thresholds import assess_shipment
from bot.thresholds import verdicts as v

D = dt.date
TODAY = D(2026, 12, 1)
ROOT = Path(__file__).resolve().parents[2]
BOOKS = frozenset({"informational_materials"})


@pytest.fixture(scope="module")
def snap(loaded_store):
    """The project's rules, once per backend (the loaded_store fixture is parametrized)."""
    return loaded_store.snapshot()


def assess(snap, value, origin="DE", mode="express", on=TODAY, **kwargs):
    return assess_shipment(snap, value=value, origin=origin, mode=mode, on=on, today=TODAY, **kwargs)


def reply(snap, verdict_function, today=TODAY, **facts):
    """The reply a user gets: first message and detail, rendered from the verdict."""
    facts.setdefault("today", today)
    question = v.Facts(**facts)
    verdict = verdict_function(snap, question, today)
    return verdict, render(verdict, ask=question.ask, today=today, data_as_of=snap.data_as_of)


def shipment_reply(snap, on, value, origin="DE", mode="express", flags=frozenset(), today=TODAY):
    return reply(
        snap,
        v.shipment_verdict,
        today=today,
        topic="shipment",
        on=on,
        value=Decimal(value),
        origin=origin,
        mode=mode,
        goods_flags=frozenset(flags),
        gift=False,
    )


def said(result) -> dict[str, str]:
    """Every statement of an assessment, rendered, by reason code."""
    return {statement.code: render_statement(statement) for statement in result.statements}


# ---------------------------------------------------------------- 1. FDA prior notice


@pytest.mark.parametrize(("mode", "hours"), [("rail", 4), ("truck", 2), ("air_cargo", 4), ("ocean", 8)])
def test_fda_prior_notice_by_rail_is_4_hours_and_by_road_2(snap, mode, hours):
    result = assess(snap, 100, origin="CA", mode=mode, goods_flags={"food"})
    (notice,) = [s for s in result.obligations if s.topic == "fda_prior_notice"]
    assert notice.figures["lead"] == hours
    assert render_statement(notice) == f"Food needs FDA prior notice at least {hours} hours before arrival."


def test_rail_is_its_own_mode_in_the_rules_and_the_language(snap):
    (rail,) = snap.rules_in_force("fda_prior_notice", "US", TODAY, mode="rail")
    assert rail.id == "us-fda-prior-notice-rail" and rail.value_number == 4 and rail.scope.modes == ("rail",)
    assert [r.id for r in snap.rules_in_force("fda_prior_notice", "US", TODAY, mode="truck")] == [
        "us-fda-prior-notice-truck"
    ]
    assert normalise_mode("by rail") == "rail" and normalise_mode("by truck") == "truck"


def test_fda_maximum_advance_notice_changed_when_the_final_rule_took_effect(snap):
    before = snap.rules_in_force("fda_prior_notice_max_advance", "US", D(2009, 5, 5))
    after = snap.rules_in_force("fda_prior_notice_max_advance", "US", D(2009, 5, 6))
    assert [(r.variant, r.value_number, r.unit) for r in before] == [("interim_rule", 5, "days")]
    assert sorted((r.variant, r.value_number, r.confidence) for r in after) == [
        ("abi_ace", 30, "MEDIUM"),
        ("pnsi", 15, "MEDIUM"),
    ]
    today = snap.rules_in_force("fda_prior_notice_max_advance", "US", TODAY)
    assert 5 not in [r.value_number for r in today]


def test_mail_prior_notice_needs_the_tracking_number_from_1_october_2026(snap):
    before = said(assess(snap, 100, mode="postal", on=D(2026, 9, 30), goods_flags={"food"}))
    after = said(assess(snap, 100, mode="postal", on=D(2026, 10, 1), goods_flags={"food"}))
    assert before["fda.prior_notice_postal"] == "Food sent by mail needs FDA prior notice before the parcel is sent."
    assert "tracking number" in after["fda.prior_notice_postal_tracking"]
    assert all("at least" not in text for text in (*before.values(), *after.values()))  # no "at least text"
    (rule,) = snap.rules_in_force("fda_prior_notice", "US", D(2026, 10, 1), mode="postal")
    assert rule.confidence == "HIGH" and "90 FR 46045" in rule.citation


# ---------------------------------------------------------------- 2. Postal duty


def _postal_duty(snap, on, origin="DE"):
    return sorted(r.id for r in snap.rules_in_force("postal_duty", "US", on, origin=origin, mode="postal"))


def test_postal_tiers_ended_on_24_february_2026_and_only_the_10_percent_duty_followed(snap):
    tiers = ["us-postal-duty-tier-160", "us-postal-duty-tier-200", "us-postal-duty-tier-80"]
    assert _postal_duty(snap, D(2026, 2, 23)) == sorted(["us-postal-duty-ieepa-rate", *tiers])
    assert _postal_duty(snap, D(2026, 2, 24)) == ["us-postal-duty-section-122"]
    assert _postal_duty(snap, D(2026, 2, 25)) == ["us-postal-duty-section-122"]
    methods = said(assess(snap, 100, mode="postal", on=D(2026, 2, 25)))["postal.duty_methods"]
    assert "10%" in methods and "$80" not in methods and "$200" not in methods


def test_since_24_july_2026_mail_owes_all_applicable_duties(snap):
    assert _postal_duty(snap, D(2026, 7, 23)) == ["us-postal-duty-section-122"]
    assert _postal_duty(snap, D(2026, 7, 24)) == ["us-postal-duty-all-applicable"]
    methods = said(assess(snap, 100, mode="postal", on=TODAY))["postal.duty_methods"]
    assert "all the duties" in methods and "10%" not in methods


@pytest.mark.parametrize(
    ("on", "value", "origin", "code", "rule_id"),
    [
        (D(2025, 8, 28), 1000, "DE", "entry.postal_other", None),  # over the $800 de minimis: no data
        (D(2025, 8, 29), 100, "DE", "entry.postal_carrier", "us-postal-duty-collection-interim"),
        (D(2025, 5, 1), 1000, "CN", "entry.postal_other", None),
        (D(2025, 5, 2), 100, "CN", "entry.postal_carrier", "us-postal-duty-collection-cn-hk"),
        (D(2026, 7, 23), 100, "DE", "entry.postal_carrier", "us-postal-duty-collection-interim"),
        (D(2026, 7, 24), 100, "DE", "entry.postal", "us-postal-informal-entry"),
        (D(2025, 10, 1), 1000, "DE", "entry.postal_other", None),  # over $800: not the carrier process
    ],
)
def test_a_mail_recipient_files_no_entry_on_any_date(snap, on, value, origin, code, rule_id):
    result = assess(snap, value, origin=origin, mode="postal", on=on)
    assert result.entry_statement.code == code
    assert rule_id is None or rule_id in [rule.id for rule in result.entry_statement.rules]


@pytest.mark.parametrize("on", [D(2024, 6, 1), D(2025, 6, 1), D(2025, 10, 1), D(2026, 2, 25), D(2026, 7, 24), TODAY])
@pytest.mark.parametrize("value", [100, 1000])
def test_no_mail_answer_says_file_in_ace_or_type_11(snap, on, value):
    origin = "CN" if on == D(2025, 6, 1) else "DE"
    _, answer = shipment_reply(snap, on, value, origin=origin, mode="postal", flags={"food"})
    for text in (answer.text.lower(), answer.detail.lower()):
        assert "type 11" not in text and "in ace" not in text and "file in" not in text


def test_goods_the_postal_process_leaves_out_need_a_regular_entry(snap):
    result = assess(snap, 100, mode="postal", on=D(2025, 10, 1), goods_flags={"adcvd"})
    assert result.entry_statement.code == "entry.postal_regular"
    today = assess(snap, 100, mode="postal", on=TODAY, goods_flags={"quota"})
    assert today.entry_statement.code == "entry.postal_regular"


def test_type_13_is_its_own_rule_and_its_go_live_date_is_low_confidence(snap):
    assert snap.rule_in_force("entry_type", "US", D(2026, 6, 23), variant="13") is None
    type13 = snap.rule_in_force("entry_type", "US", D(2026, 6, 24), variant="13")
    assert type13.confidence == "MEDIUM" and type13.scope.modes == ("postal",) and "voluntary" in type13.summary
    assert not snap.rules_in_force("ace_deployment", "US", D(2026, 9, 21), variant="entry_type_13")
    (live,) = snap.rules_in_force("ace_deployment", "US", D(2026, 9, 22), variant="entry_type_13")
    assert live.confidence == "LOW" and live.summary.startswith("Reported, not confirmed")


# ---------------------------------------------------------------- 3. The $250 chapter 99 exception


def test_the_chapter_99_exception_is_suspended_from_30_april_2025(snap):
    before = assess(snap, 1000, origin="VN", mode="air_cargo", on=D(2025, 4, 29), goods_flags={"htsus_ch99"})
    after = assess(snap, 1000, origin="VN", mode="air_cargo", on=D(2025, 4, 30), goods_flags={"htsus_ch99"})
    assert before.entry == "formal" and before.entry_statement.code == "entry.formal_ch99"
    assert "$250" in render_statement(before.entry_statement)
    assert after.entry == "informal"
    note = said(after)["entry.ch99_suspended"]
    assert "suspended since 30 April 2025" in note and "$250" in note
    rule = snap.rule_in_force("informal_entry_exception", "US", TODAY, variant="htsus_ch99")
    assert rule.status == "suspended" and rule.confidence == "MEDIUM" and "not confirmed" in rule.summary


# ---------------------------------------------------------------- 4. 50 USC 1702(b) goods


def test_books_are_informational_materials_for_the_nlu():
    assert goods_flags("a box of books") == BOOKS
    assert goods_flags("magazines and posters") == BOOKS
    assert "informational_materials" not in goods_flags("notebooks and pens")


@pytest.mark.parametrize(
    ("on", "rule_id"),
    [
        (D(2025, 8, 29), "us-de-minimis-carve-out-1702b-eo-14324"),
        (D(2026, 6, 23), "us-de-minimis-carve-out-1702b-eo-2026"),
    ],
)
def test_books_keep_de_minimis_under_the_executive_orders(snap, on, rule_id):
    books = assess(snap, 300, origin="GB", on=on, goods_flags=BOOKS)
    other = assess(snap, 300, origin="GB", on=on)
    assert books.duty_free and books.de_minimis.code == "dm.within_carve_out"
    assert books.de_minimis.figures["limit"] == 800
    assert rule_id in books.rule_ids and snap.get(rule_id).confidence == "HIGH"
    assert "informational materials kept de minimis" in render_statement(books.de_minimis)
    assert not other.duty_free and other.de_minimis.code == "dm.suspended"
    assert books.entry_statement.code == "entry.carve_out"  # no claim of a Section 321 release


def test_books_before_the_suspension_and_over_800_and_with_other_goods(snap):
    day_before = assess(snap, 300, origin="GB", on=D(2025, 8, 28), goods_flags=BOOKS)
    assert day_before.duty_free and day_before.de_minimis.code == "dm.within"
    assert not assess(snap, 900, origin="GB", on=D(2025, 10, 1), goods_flags=BOOKS).duty_free
    mixed = assess(snap, 300, origin="GB", on=D(2025, 10, 1), goods_flags=BOOKS | {"consumer_product"})
    assert not mixed.duty_free and mixed.de_minimis.code == "dm.suspended"
    # China's earlier suspension (EO 14256) is not the executive order with the carve-out.
    china = assess(snap, 300, origin="CN", on=D(2025, 6, 1), goods_flags=BOOKS)
    assert not china.duty_free and china.de_minimis.code == "dm.suspended_origin"


def test_after_24_june_2026_the_carve_out_is_not_stated_as_fact(snap):
    result = assess(snap, 300, origin="GB", on=D(2026, 6, 24), goods_flags=BOOKS)
    assert not result.duty_free and result.de_minimis_reason == "carve_out_unverified"
    verdict, answer = shipment_reply(snap, TODAY, 300, origin="GB", flags=BOOKS)
    first = answer.text.split("\n")[0]
    assert first.startswith("Not certain") and "not confirmed" in first and "broker" in first
    assert "No duty" not in answer.text and "duty-free de minimis" in first


def test_the_suspension_rules_name_the_goods_they_do_not_cover(snap):
    for on in (D(2025, 8, 29), D(2026, 2, 24), TODAY):
        state = snap.rule_in_force("de_minimis", "US", on, origin="DE", mode="express")
        assert state.status == "suspended" and set(state.exclusions) == {"informational_materials", "donation"}
    carve = snap.rule_in_force("de_minimis_carve_out", "US", TODAY, origin="DE", mode="express")
    assert carve.status == "unverified" and carve.value_number is None


# ---------------------------------------------------------------- 5. PGA-regulated goods and Type 86


@pytest.mark.parametrize("origin", ["DE", "CN"])
def test_pga_goods_kept_de_minimis_once_type_86_began(snap, origin):
    before = assess(snap, 300, origin=origin, on=D(2019, 9, 27), goods_flags={"pga_regulated"})
    after = assess(snap, 300, origin=origin, on=D(2019, 9, 28), goods_flags={"pga_regulated"})
    assert not before.duty_free and before.de_minimis.code == "dm.excluded_goods_then"
    assert "never" not in render_statement(before.de_minimis)
    assert after.duty_free and after.de_minimis.code == "dm.within"
    assert "us-de-minimis-exclusion-pga" in before.rule_ids and "us-de-minimis-exclusion-pga" not in after.rule_ids


# ---------------------------------------------------------------- 6. Before 1993


def test_the_pre_1993_rule_states_no_unconfirmed_figure(snap):
    before = assess(snap, 3, on=D(1993, 12, 7))
    after = assess(snap, 150, on=D(1993, 12, 8))
    (rule,) = before.de_minimis.rules
    assert before.de_minimis_reason == "unverified" and "$5" not in rule.summary and "not confirmed" in rule.summary
    assert after.duty_free and after.de_minimis.figures["limit"] == 200


# ---------------------------------------------------------------- 8. FY2027 fees and the caution


@pytest.mark.parametrize(
    ("variant", "fy2026", "fy2027", "confidence"),
    [
        ("formal_min", "33.58", "34.58", "MEDIUM"),
        ("formal_max", "651.50", "670.86", "MEDIUM"),
        ("informal", "2.69", "2.77", "MEDIUM"),
        ("mail", "7.39", "7.61", "LOW"),
        ("manual_surcharge", "4.03", "4.15", "LOW"),
    ],
)
def test_fy2027_fees_from_1_october_2026_at_their_confidence(snap, variant, fy2026, fy2027, confidence):
    before = snap.rule_in_force("mpf", "US", D(2026, 9, 30), variant=variant)
    after = snap.rule_in_force("mpf", "US", D(2026, 10, 1), variant=variant)
    assert before.value_number == Decimal(fy2026) and after.value_number == Decimal(fy2027)
    assert after.confidence == confidence


def test_the_fy2027_express_fee_is_not_loaded(snap):
    assert snap.rule_in_force("mpf", "US", D(2026, 9, 30), variant="express") is not None
    assert snap.rule_in_force("mpf", "US", D(2026, 10, 1), variant="express") is None


def test_the_mail_fee_today_is_the_fy2027_one_shown_as_low_confidence(snap):
    _, answer = reply(snap, v.fees_verdict, topic="fees", value=Decimal(100), mode="postal")
    assert "$7.61" in answer.text and "$7.39" not in answer.text
    assert "(low confidence)" in answer.text and "check with CBP" in answer.text
    _, last_year = reply(snap, v.fees_verdict, topic="fees", value=Decimal(100), mode="postal", on=D(2026, 9, 30))
    assert "$7.39" in last_year.text and "low confidence" not in last_year.text


def test_the_caution_for_today_says_the_rules_may_have_changed_since_the_data_date(snap):
    _, within_a_month = reply(
        snap, v.de_minimis_verdict, today=snap.data_as_of + dt.timedelta(days=5), topic="de_minimis"
    )
    assert "may have changed" not in within_a_month.text  # the "Data as of" line says enough
    some_days_later = snap.data_as_of + dt.timedelta(days=45)  # data checked six weeks before
    _, today = reply(snap, v.de_minimis_verdict, today=some_days_later, topic="de_minimis")
    future = some_days_later + dt.timedelta(days=45)
    _, later = reply(snap, v.de_minimis_verdict, today=some_days_later, topic="de_minimis", on=future)
    _, as_of = reply(snap, v.de_minimis_verdict, today=snap.data_as_of, topic="de_minimis")
    as_of_words = f"{snap.data_as_of.day} {snap.data_as_of:%B %Y}"
    assert "may have changed since" in today.text and as_of_words in today.text
    assert "may change by then" not in today.text
    assert "may change by then" in later.text
    assert "may have changed" not in as_of.text and "may change by then" not in as_of.text


# ---------------------------------------------------------------- 9. Contacts


def test_the_fallback_contact_reads_the_contacts_rule(snap, tmp_path):
    rule = snap.get("us-contact-info-center")
    assert rule.value_text in APOLOGY and "help.cbp.gov" in APOLOGY
    for rule_id in ("us-contact-info-center", "us-contact-ecommerce-mailbox"):
        host = snap.get(rule_id).source_url.split("/")[2]
        assert host == "cbp.gov" or host.endswith(".cbp.gov")
    changed = yaml.safe_load((ROOT / "data" / "thresholds" / "contacts.yaml").read_text(encoding="utf-8"))
    changed[0]["value"] = "800-555-0100"
    (tmp_path / "contacts.yaml").write_text(yaml.safe_dump(changed), encoding="utf-8")
    assert info_center(tmp_path / "contacts.yaml") == "the CBP INFO Center at 800-555-0100 (help.cbp.gov)"
    assert info_center(tmp_path / "missing.yaml") == "the CBP INFO Center"


# ---------------------------------------------------------------- 10. New facts for importers


def test_the_foreign_importer_of_record_order_is_stated_as_ordered_only(snap):
    assert snap.rule_in_force("importer_of_record", "US", D(2026, 6, 2), variant="foreign_ior_order") is None
    rule = snap.rule_in_force("importer_of_record", "US", D(2026, 6, 3), variant="foreign_ior_order")
    assert rule.confidence == "HIGH" and "ordered" in rule.summary and "not confirmed" in rule.summary
    topics = yaml.safe_load((ROOT / "data" / "topics.yml").read_text(encoding="utf-8"))
    kinds = [tuple(pair) for pair in topics["intents"]["ask_importer_of_record"]["rules"]]
    answer = v.summary_verdict("importer_of_record", kinds)
    assert rule in answer(snap, v.Facts(topic="importer_of_record"), TODAY).all_rules
    assert rule not in answer(snap, v.Facts(topic="importer_of_record", on=D(2026, 6, 2)), TODAY).all_rules


def test_the_2026_section_301_tariffs_are_context_without_duty_rates(snap):
    assert snap.rule_in_force("tariff_measure", "US", D(2026, 7, 23), variant="section_301_forced_labor") is None
    rule = snap.rule_in_force("tariff_measure", "US", D(2026, 7, 24), variant="section_301_forced_labor")
    assert rule.confidence == "HIGH" and "%" not in rule.summary and "hts.usitc.gov" in rule.summary
    surcharge = snap.rule_in_force("temporary_import_surcharge", "US", D(2026, 7, 23), variant="section_122")
    assert surcharge is not None
    assert snap.rule_in_force("temporary_import_surcharge", "US", D(2026, 7, 24), variant="section_122") is None


@pytest.mark.parametrize(("origin", "domestic"), [("PR", True), ("VI", False), ("GU", False), ("MP", False)])
def test_puerto_rico_is_inside_the_customs_territory_and_the_possessions_outside(snap, origin, domestic):
    result = assess(snap, 300, origin=origin)
    assert (result.entry == "domestic") is domestic and result.duty_free is domestic
    if not domestic:
        assert "outside US customs territory" in said(result)["territory.outside"]


# ---------------------------------------------------------------- 11. EU flat duty


def test_the_eu_3_euro_duty_starts_on_1_july_2026_at_medium_confidence(snap):
    assert not snap.rules_in_force("flat_duty", "EU", D(2026, 6, 30))
    (flat,) = snap.rules_in_force("flat_duty", "EU", D(2026, 7, 1))
    assert flat.confidence == "MEDIUM" and "not settled" in flat.summary
    _, answer = reply(snap, v.other_countries_verdict, topic="other_countries")
    eu_line = next(line for line in answer.text.split("\n") if line.startswith("- The EU"))
    assert "€3" in eu_line
