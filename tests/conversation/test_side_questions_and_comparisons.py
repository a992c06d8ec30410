"""Side questions on the same topic, follow-ups about another country's rules, comparisons and the
small turns (complaints, "are you a bot?") through `respond`, as a user would see them."""

from __future__ import annotations

from tests.conversation.conftest import Conversation, ent, first_line, text_of, verdict_first


def test_a_what_if_about_another_origin_while_the_value_is_asked_keeps_the_users_own_origin(talk: Conversation) -> None:
    text = "my penpal in Sweden is sending a gift, do I pay duty?"
    talk.say(text, "ask_gift_exemption", ent("country", "SE", text, "Sweden"))
    text = "oh and is the gift limit different if it's sent from guam?"
    side = talk.say(text, "inform", ent("country", "GU", text, "guam"))
    assert "$200" in side.replies[0].text.split("\n")[0]
    assert side.replies[-1].text == "What is the shipment worth, in US dollars?"  # the form goes on
    answer = talk.say("it's about $150", "inform", ent("amount", 150.0, "it's about $150", "$150"))
    # the gift comes from Sweden, so the $100 limit applies, not Guam's $200
    assert verdict_first(first_line(answer), "Yes", "owe duty", "a gift worth $150 is $50 over the $100 gift limit")


def test_a_rate_question_inside_the_fee_form_is_answered_and_the_form_resumes(talk: Conversation) -> None:
    text = "what will the customs fees be on my sea shipment from Korea?"
    first = talk.say(
        text, "ask_fees", ent("country", "KR", text, "Korea"), ent("transport_mode", "ocean", text, "sea shipment")
    )
    assert first.replies[-1].text == "What is the shipment worth, in US dollars?"
    side = talk.say("what's the HMF rate by the way?", "ask_fees")
    assert "0.125%" in side.replies[0].text
    assert side.replies[-1].text == "What is the shipment worth, in US dollars?"
    text = "ok it's $16,000, formal entry"
    answer = talk.say(text, "ask_entry_types", ent("amount", 16000.0, text, "$16,000"))
    assert "$75.42" in first_line(answer) and "$55.42" in first_line(answer) and "$20" in first_line(answer)


def test_when_de_minimis_ended_for_china_is_the_us_suspension_not_chinas_own_rules(talk: Conversation) -> None:
    talk.say("someone is sending me a gift from overseas, do I pay customs?", "ask_gift_exemption")
    text = "when did de minimis end for china?"
    side = talk.say(text, "ask_de_minimis_changes", ent("country", "CN", text, "china"))
    assert "2 May 2025" in side.replies[0].text.split("\n")[0]
    assert "RMB" not in text_of(side)


def test_and_from_the_uk_after_canadas_limits_gives_canadas_rule_for_goods_from_the_uk(talk: Conversation) -> None:
    text = "what is Canada's duty-free limit?"
    first = talk.say(text, "ask_other_countries", ent("country", "CA", text, "Canada"))
    assert "C$150" in first_line(first)
    text = "and from the UK?"
    second = talk.say(text, "inform", ent("country", "GB", text, "UK"))
    assert "C$20" in first_line(second) and "£" not in first_line(second)
    text = "and Australia?"
    third = talk.say(text, "inform", ent("country", "AU", text, "Australia"))
    assert "A$1,000" in first_line(third)


def test_a_comparison_gives_each_places_figure_in_its_first_line(talk: Conversation) -> None:
    text = "which is higher, canada's courier threshold from the US or australia's?"
    turn = talk.say(
        text,
        "ask_other_countries",
        ent("country", "CA", text, "canada"),
        ent("country", "US", text, "US"),
        ent("country", "AU", text, "australia"),
    )
    line = first_line(turn)
    assert "Canada" in line and "150" in line and "Australia" in line and "1,000" in line
    assert "the US" not in line  # "from the US" is where the parcels leave from, not a third place


def test_a_spanish_comparison_with_the_us_says_the_us_has_no_limit_now(talk: Conversation) -> None:
    text = "compárame el de minimis de EE. UU. con el del Reino Unido"
    turn = talk.say(
        text, "ask_other_countries", ent("country", "US", text, "EE. UU."), ent("country", "GB", text, "Reino Unido")
    )
    line = first_line(turn)
    assert "Estados Unidos, ninguno" in line and "£135" in line


def test_a_complaint_gets_an_apology_and_the_way_to_a_person_in_its_language(talk: Conversation) -> None:
    english = talk.say("this bot is useless", "bot_challenge")
    assert english.replies[0].text.startswith("Sorry I haven't been able to help.")
    assert "877-227-5511" in english.replies[0].text
    spanish = Conversation(talk.snapshot).say("este bot no sirve para nada", "deny")
    assert spanish.replies[0].text.startswith("Siento no haberle ayudado.")
    assert "Centro de Información de CBP" in spanish.replies[0].text


def test_are_you_a_bot_and_is_this_legal_advice_are_told_apart(talk: Conversation) -> None:
    bot = talk.say("am I talking to a real person?", "bot_challenge")
    assert bot.replies[0].text.startswith("I'm an automated assistant, not a person.")
    legal = Conversation(talk.snapshot).say("is this legal advice?", "bot_challenge")
    assert legal.replies[0].text.startswith("No: this is general information")


def test_the_fee_asked_after_a_comma_is_answered_first(talk: Conversation) -> None:
    text = "I have a $4,000 formal entry, what's the MPF?"
    turn = talk.say(text, "ask_fees", ent("amount", 4000.0, text, "$4,000"))
    assert "$34.58" in first_line(turn)


def test_a_gift_over_the_limit_says_by_how_much(talk: Conversation) -> None:
    text = "My dad in American Samoa is sending me a $230 gift. Is it over the gift limit, and by how much?"
    turn = talk.say(
        text, "ask_gift_exemption", ent("amount", 230.0, text, "$230"), ent("country", "AS", text, "American Samoa")
    )
    assert verdict_first(first_line(turn), "Yes", "$30 over the $200 gift limit")


def test_is_it_coming_back_in_july_2027_says_it_stays_suspended_until_the_repeal(talk: Conversation) -> None:
    text = "is de minimis coming back in july 2027?"
    turn = talk.say(
        text,
        "ask_de_minimis_changes",
        ent("date", "2027-07-01", text, "july 2027", granularity="month", start="2027-07-01", end="2027-07-31"),
    )
    reply = turn.replies[0].text
    assert "repealed by law from 1 July 2027" in first_line(turn)
    assert "suspended since 29 August 2025" in reply
    assert "Gifts and travellers' exemptions stay." in reply


def test_several_origins_named_without_a_comparison_are_not_read_as_one_country(talk: Conversation) -> None:
    text = "Canadian seller here. Is de minimis really gone for Canada too or just China?"
    turn = talk.say(
        text,
        "inform",
        ent("country", "CA", text, "Canadian"),
        ent("country", "CA", text, "Canada"),
        ent("country", "CN", text, "China"),
    )
    line = first_line(turn)
    assert "don't know that country" not in text_of(turn)
    assert "every country" in line and "29 August 2025" in line


def test_a_spanish_duty_question_about_a_parcel_is_a_shipment_check_not_a_misunderstanding(talk: Conversation) -> None:
    turn = talk.say("quisiera saber si un paquete mío paga aranceles", "nlu_fallback")
    assert turn.replies and turn.replies[0].kind == "question"
    assert turn.replies[0].text == "¿Cuánto vale el envío, en dólares estadounidenses?"


def test_a_parcel_by_mail_says_mail_in_its_verdict(talk: Conversation) -> None:
    text = "me llega por correo un paquete de Francia de $90 que compré, ¿pago aranceles?"
    turn = talk.say(
        text,
        "check_shipment",
        ent("amount", 90.0, text, "$90"),
        ent("country", "FR", text, "Francia"),
        ent("transport_mode", "postal", text, "por correo"),
    )
    assert verdict_first(first_line(turn), "Sí", "desde Francia por correo")


def test_a_gift_from_guam_also_says_the_limit_from_anywhere_else(talk: Conversation) -> None:
    text = "cual es el limite de regalo? y si me mandan algo de guam?"
    turn = talk.say(text, "ask_gift_exemption", ent("country", "GU", text, "guam"))
    reply = turn.replies[0].text
    assert "$200" in first_line(turn) and "Desde cualquier otro lugar, el límite es de $100." in reply


def test_a_bare_yes_to_the_value_question_asks_it_again_without_saying_it_was_not_understood(
    talk: Conversation,
) -> None:
    text = "necesito ayuda con un envío que viene de Francia"
    first = talk.say(text, "check_shipment", ent("country", "FR", text, "Francia"))
    assert first.replies[-1].text == "¿Cuánto vale el envío, en dólares estadounidenses?"
    again = talk.say("sí", "affirm")
    assert [reply.text for reply in again.replies] == ["¿Cuánto vale el envío, en dólares estadounidenses?"]
    dropped = talk.say("nada, déjalo", "deny")
    assert dropped.replies[0].kind == "cancelled" and talk.frame.pending is None


def test_goods_paid_for_do_not_count_as_a_gift_and_the_answer_says_no_first(talk: Conversation) -> None:
    text = (
        "my sister in Germany and I split a big order of craft supplies. She's mailing me my half, $200, "
        "and I already paid her back. Does it count as a gift?"
    )
    turn = talk.say(
        text,
        "ask_gift_exemption",
        ent("country", "DE", text, "Germany"),
        ent("amount", 200.0, text, "$200"),
        ent("transport_mode", "postal", text, "mailing"),
    )
    assert verdict_first(first_line(turn), "No", "don't count as a gift")
    assert "You will owe duty on this shipment worth $200 from Germany" in turn.replies[0].text
    assert "gift limit" not in turn.replies[0].text.split("\n")[0]


def test_splitting_an_order_into_boxes_changes_nothing_while_de_minimis_is_suspended(talk: Conversation) -> None:
    text = (
        "so i have 2 orders from the same chinese supplier, $450 and $500, and they split it into two boxes "
        "on purpose 'so it stays under 800'. both arrive tuesday. is that even legal?"
    )
    turn = talk.say(text, "check_shipment", ent("amount", 450.0, text, "$450"), ent("country", "CN", text, "chinese"))
    assert verdict_first(first_line(turn), "No", "splitting it changes nothing", "2 May 2025")


def test_splitting_an_order_in_2024_was_judged_on_the_days_total(talk: Conversation) -> None:
    text = "in 2024 could I split a $1,200 order from Italy into two $600 boxes to stay under the limit?"
    turn = talk.say(
        text,
        "check_shipment",
        ent("amount", 1200.0, text, "$1,200"),
        ent("country", "IT", text, "Italy"),
        ent("date", "2024-01-01", text, "2024", granularity="year", start="2024-01-01", end="2024-12-31"),
    )
    assert "Splitting doesn't help" in first_line(turn) and "$800" in first_line(turn)


def test_canadas_limit_for_goods_a_supplier_ships_from_china(talk: Conversation) -> None:
    text = "my supplier in China ships straight to my customers in Toronto by courier. does the C$150 limit apply?"
    turn = talk.say(
        text,
        "ask_de_minimis",
        ent("country", "CN", text, "China"),
        ent("country", "CA", text, "Toronto"),
        ent("transport_mode", "express", text, "courier"),
        ent("amount", 150.0, text, "C$150"),
        ent("currency", "CAD", text, "C$150"),
    )
    assert "C$20" in first_line(turn) and "China CNY" not in first_line(turn)


def test_a_us_seller_asking_australias_threshold_gets_australias_rules(talk: Conversation) -> None:
    text = "what's Australia's threshold for a US seller shipping A$900 of skincare to a customer in Sydney?"
    turn = talk.say(
        text,
        "ask_other_countries",
        ent("country", "AU", text, "Australia"),
        ent("country", "US", text, "US"),
        ent("amount", 900.0, text, "A$900"),
        ent("currency", "AUD", text, "A$900"),
    )
    assert "within Australia's AUD 1,000 limit" in first_line(turn) and "GST" in text_of(turn)


def test_what_customs_abroad_charged_a_buyer_is_for_that_countrys_customs(talk: Conversation) -> None:
    text = "my buyer in Bangalore says Indian customs charged her 40% on a $70 sweater I shipped. is that right?"
    turn = talk.say(
        text,
        "check_shipment",
        ent("country", "IN", text, "Bangalore"),
        ent("country", "IN", text, "Indian"),
        ent("amount", 70.0, text, "$70"),
    )
    assert first_line(turn).startswith("I can't tell you what India charges")


def test_three_places_compared_each_with_its_main_limit(talk: Conversation) -> None:
    text = "quick comparison pls: what are the duty-free thresholds now for orders in the US, the UK and Canada?"
    turn = talk.say(
        text,
        "ask_other_countries",
        ent("country", "US", text, "US"),
        ent("country", "GB", text, "UK"),
        ent("country", "CA", text, "Canada"),
    )
    line = first_line(turn)
    assert "the US none" in line and "£135" in line and "150" in line and "£39" not in line


def test_still_duty_free_under_a_figure_that_ended_says_no_and_one_still_in_force_says_yes(
    talk: Conversation,
) -> None:
    text = "isn't anything under €150 still duty free in the EU?"
    ended = talk.say(
        text, "ask_other_countries", ent("amount", 150.0, text, "€150"), ent("currency", "EUR", text, "€150")
    )
    assert verdict_first(first_line(ended), "No", "1 July 2026")
    text = "is the UK's £135 limit still in place?"
    kept = Conversation(talk.snapshot).say(
        text,
        "ask_other_countries",
        ent("country", "GB", text, "UK"),
        ent("amount", 135.0, text, "£135"),
        ent("currency", "GBP", text, "£135"),
    )
    assert verdict_first(first_line(kept), "Yes", "still applies")


def test_will_gifts_still_be_exempt_after_a_de_minimis_answer_is_a_gift_question(talk: Conversation) -> None:
    talk.say("is de minimis coming back?", "ask_de_minimis_changes")
    turn = talk.say("and will gifts still be exempt after that?", "ask_gift_exemption")
    assert verdict_first(first_line(turn), "Yes", "$100")


def test_what_if_i_had_bought_it_myself_turns_the_gift_into_a_purchase(talk: Conversation) -> None:
    text = "my aunt in Lyon sent me a $60 scarf as a gift, do I owe duty?"
    talk.say(text, "ask_gift_exemption", ent("amount", 60.0, text, "$60"), ent("country", "FR", text, "Lyon"))
    turn = talk.say("what if I'd bought it myself from a French shop instead?", "inform")
    assert verdict_first(first_line(turn), "Yes", "owe duty", "$60 from France")


def test_a_grandmas_christmas_box_is_a_gift(talk: Conversation) -> None:
    text = "my grandma in Busan sends us a christmas box every year, about $150 total. will we get charged this year?"
    turn = talk.say(text, "check_shipment", ent("amount", 150.0, text, "$150"), ent("country", "KR", text, "Busan"))
    assert verdict_first(first_line(turn), "Yes", "a gift worth $150 is $50 over the $100 gift limit")


def test_a_shop_in_puerto_rico_is_not_another_economy(talk: Conversation) -> None:
    text = "I live in Ohio and buy cups from a little shop in San Juan, Puerto Rico, $250 an order by UPS. import duty?"
    turn = talk.say(
        text,
        "ask_other_countries",
        ent("country", "PR", text, "Puerto Rico"),
        ent("amount", 250.0, text, "$250"),
        ent("transport_mode", "express", text, "UPS"),
    )
    assert verdict_first(first_line(turn), "No", "customs territory")


def test_never_mind_with_a_new_question_drops_the_form_and_asks_nothing(talk: Conversation) -> None:
    talk.say("my friend in Chile is sending me a gift, will I pay duty?", "ask_gift_exemption")
    turn = talk.say("never mind that, different question: what's the informal entry limit?", "ask_entry_types")
    assert "$2,500" in first_line(turn)
    assert all("?" not in reply.text.split("\n")[-1] for reply in turn.replies) and talk.frame.pending is None


def test_a_parcel_to_the_uk_in_spanish_gets_the_uks_limit(talk: Conversation) -> None:
    text = "¿hasta cuánto entra sin aranceles un paquete al Reino Unido?"
    turn = talk.say(text, "ask_de_minimis", ent("country", "GB", text, "Reino Unido"))
    assert first_line(turn).startswith("El Reino Unido:") and "£135" in first_line(turn)


def test_since_when_it_was_800_gives_the_day_and_the_law(talk: Conversation) -> None:
    text = "desde cuando era de 800 dolares el de minimis y cual ley lo subio?"
    turn = talk.say(text, "ask_de_minimis", ent("amount", 800.0, text, "800 dolares"))
    assert "10 de marzo de 2016" in first_line(turn) and "TFTEA" in first_line(turn)


def test_a_seller_in_spain_writing_about_customers_in_the_us_gets_the_us_import_answer(talk: Conversation) -> None:
    text = (
        "Hola, os escribo desde Valencia: vendo turrón a clientes de EE. UU. y lo envío por Correos, pedidos de "
        "unos 40 euros. ¿Mis clientes tienen que pagar aranceles al recibirlo?"
    )
    turn = talk.say(
        text,
        "ask_other_countries",
        ent("country", "ES", text, "Valencia"),
        ent("country", "US", text, "EE. UU."),
        ent("transport_mode", "postal", text, "Correos"),
    )
    assert verdict_first(first_line(turn), "Sí", "pagará aranceles", "29 de agosto de 2025")


def test_an_eu_answer_for_a_us_seller_leads_with_the_rule_not_a_caveat(talk: Conversation) -> None:
    text = "I sell on Etsy from Texas. do my customers in Germany pay customs duty on a €40 order now?"
    turn = talk.say(
        text,
        "ask_other_countries",
        ent("country", "DE", text, "Germany"),
        ent("amount", 40.0, text, "€40"),
        ent("currency", "EUR", text, "€40"),
    )
    assert "€3 customs duty" in first_line(turn)


def test_ah_no_ya_no_gracias_drops_the_form(talk: Conversation) -> None:
    talk.say("quiero checar un paquete", "check_shipment")
    turn = talk.say("ah no, ya no, gracias", "deny")
    assert turn.replies[0].kind == "cancelled" and "?" not in turn.replies[0].text


def test_the_first_suspension_for_china_was_restored_before_the_one_in_force(talk: Conversation) -> None:
    text = "When did CBP first stop de minimis for Chinese goods?"
    turn = talk.say(text, "ask_de_minimis_changes", ent("country", "CN", text, "Chinese"))
    line = first_line(turn)
    assert "4 February 2025" in line and "restored on 7 February 2025" in line and "2 May 2025" in line


def test_shipments_always_over_800_are_told_little_changes(talk: Conversation) -> None:
    text = "Leather from Mexico, $1,900 per truck shipment. With the de minimis news do I need to change anything?"
    turn = talk.say(text, "check_shipment", ent("amount", 1900.0, text, "$1,900"), ent("country", "MX", text, "Mexico"))
    assert first_line(turn).startswith("Little changes for you: at $1,900 it was already over the $800")


def test_food_mailed_from_puerto_rico_is_not_an_import_whatever_the_topic(talk: Conversation) -> None:
    text = (
        "We order $500 of roasted coffee beans a month from Yauco, Puerto Rico via USPS. Do we need FDA prior notice?"
    )
    turn = talk.say(
        text,
        "ask_restricted_goods",
        ent("amount", 500.0, text, "$500"),
        ent("country", "PR", text, "Puerto Rico"),
        ent("transport_mode", "postal", text, "USPS"),
        ent("goods", "coffee beans", text, "coffee beans"),
    )
    assert "customs territory" in first_line(turn) and "FDA" not in first_line(turn)


def test_us_duty_on_a_german_shop_after_the_eus_rules_is_a_us_import(talk: Conversation) -> None:
    text = "I sell on Etsy from Texas. do my customers in Germany pay customs duty on a €40 order now?"
    talk.say(text, "ask_other_countries", ent("country", "DE", text, "Germany"), ent("amount", 40.0, text, "€40"))
    text = "ok and if I buy a €40 thing from a German shop for myself, do I pay US duty?"
    turn = talk.say(
        text,
        "inform",
        ent("amount", 40.0, text, "€40"),
        ent("currency", "EUR", text, "€40"),
        ent("country", "DE", text, "German"),
    )
    assert verdict_first(first_line(turn), "Yes", "owe duty", "from Germany")


def test_a_gift_from_the_virgin_islands_names_where_its_higher_limit_comes_from(talk: Conversation) -> None:
    text = "my cousin in Quito is sending me a $130 gift"
    talk.say(text, "ask_gift_exemption", ent("amount", 130.0, text, "$130"), ent("country", "EC", text, "Quito"))
    text = "what if she sent it from St. Thomas?"
    turn = talk.say(text, "inform", ent("country", "VI", text, "St. Thomas"))
    assert verdict_first(first_line(turn), "No", "a gift worth $130 from the US Virgin Islands", "$200")


def test_were_they_duty_free_in_spanish_plural_is_answered_no_first(talk: Conversation) -> None:
    text = "en enero de 2016 importé $500 de artesanías de Perú, ¿entraron libres de aranceles por el de minimis?"
    turn = talk.say(
        text,
        "check_shipment",
        ent("amount", 500.0, text, "$500"),
        ent("country", "PE", text, "Perú"),
        ent("date", "2016-01-01", text, "enero de 2016", granularity="month", start="2016-01-01", end="2016-01-31"),
    )
    assert verdict_first(first_line(turn), "No", "$200")


def test_a_parcel_by_mail_today_says_how_mail_is_charged_now(talk: Conversation) -> None:
    text = "I bought a $50 phone case from Vietnam, it comes by mail. do I owe duty?"
    turn = talk.say(
        text,
        "check_shipment",
        ent("amount", 50.0, text, "$50"),
        ent("country", "VN", text, "Vietnam"),
        ent("transport_mode", "postal", text, "by mail"),
    )
    assert verdict_first(first_line(turn), "Yes", "by mail")
    reply = turn.replies[0]  # in the first message when it fits the word budget, else in the detail
    assert "since 24 July 2026 parcels by post pay all the normal duties" in reply.text + reply.detail


def test_the_eu_flat_duty_is_counted_per_item_category_within_its_scope(talk: Conversation) -> None:
    text = "one parcel to a customer in Spain with 3 different products, €60 in total. how much is the EU flat duty?"
    turn = talk.say(
        text,
        "ask_other_countries",
        ent("country", "ES", text, "Spain"),
        ent("amount", 60.0, text, "€60"),
        ent("currency", "EUR", text, "€60"),
    )
    assert first_line(turn).startswith("The EU: €9 of customs duty") and "(3 × €3)" in first_line(turn)
    text = "one parcel to Germany with 4 different items worth €400, how much is the EU flat duty?"
    over = Conversation(talk.snapshot).say(
        text,
        "ask_other_countries",
        ent("country", "DE", text, "Germany"),
        ent("amount", 400.0, text, "€400"),
        ent("currency", "EUR", text, "€400"),
    )
    assert "€12" not in first_line(over)  # over the €150 the flat duty replaced: not a flat-duty parcel


def test_a_comparison_writes_each_currency_as_the_rules_do(talk: Conversation) -> None:
    text = "compare canada's courier threshold and australia's"
    turn = talk.say(
        text, "ask_other_countries", ent("country", "CA", text, "canada"), ent("country", "AU", text, "australia")
    )
    assert "Canada C$150" in first_line(turn) and "Australia A$1,000" in first_line(turn)
