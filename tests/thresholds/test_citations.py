"""Official links built from citations (bot/thresholds/citations.py): each kind of citation the data
uses leads to the text on its official site, every section of a list gets its own link, and text
that names no legal text gets none."""

from __future__ import annotations

import pytest

from bot.thresholds.citations import (
    OfficialLink,
    csms_bulletins,
    derived_links,
    is_official,
    official_domains,
    official_links_of,
    references,
    reports_on,
)

USC_1321 = "https://uscode.house.gov/view.xhtml?req=granuleid:USC-prelim-title19-section1321&num=0&edition=prelim"


def links(citation: str) -> list[tuple[str, str]]:
    return [(link.cites, link.url) for link in derived_links(citation)]


def urls(citation: str) -> list[str]:
    return [link.url for link in derived_links(citation)]


@pytest.mark.parametrize(
    ("citation", "expected"),
    [
        ("19 CFR 10.151", [("19 CFR 10.151", "https://www.ecfr.gov/current/title-19/section-10.151")]),
        ("21 CFR 1.279", [("21 CFR 1.279", "https://www.ecfr.gov/current/title-21/section-1.279")]),
        (
            "16 CFR part 1110 (CPSC final rule)",
            [("16 CFR part 1110", "https://www.ecfr.gov/current/title-16/part-1110")],
        ),
        ("19 CFR 24.23(b)(1)", [("19 CFR 24.23(b)(1)", "https://www.ecfr.gov/current/title-19/section-24.23")]),
        ("19 USC 1321(a)(2)(C)", [("19 USC 1321(a)(2)(C)", USC_1321)]),
        (
            "19 USC 58c(a)(9)",
            [
                (
                    "19 USC 58c(a)(9)",
                    "https://uscode.house.gov/view.xhtml?req=granuleid:USC-prelim-title19-section58c&num=0&edition=prelim",
                )
            ],
        ),
        ("84 FR 40079 (13 Aug 2019)", [("84 FR 40079", "https://www.federalregister.gov/citation/84-FR-40079")]),
        ("FR Doc 2026-12668", [("FR Doc 2026-12668", "https://www.federalregister.gov/d/2026-12668")]),
        ("P.L. 117-78", [("P.L. 117-78", "https://www.govinfo.gov/link/plaw/117/public/78")]),
        ("Executive Order 14200", [("Executive Order 14200", "https://www.federalregister.gov/executive-order/14200")]),
        ("EO 14259", [("Executive Order 14259", "https://www.federalregister.gov/executive-order/14259")]),
        (
            "CSMS #66065494",
            [("CSMS #66065494", "https://content.govdelivery.com/accounts/USDHSCBP/bulletins/3f01456")],
        ),
        ("HTSUS 9804.00.65", [("HTSUS 9804.00.65", "https://hts.usitc.gov/search?query=9804.00.65")]),
        ("CBP Headquarters ruling H290219", [("CBP ruling H290219", "https://rulings.cbp.gov/ruling/H290219")]),
        (
            "CBSA Customs Notice 20-18",
            [("CBSA Customs Notice 20-18", "https://cbsa-asfc.gc.ca/publications/cn-ad/cn20-18-eng.html")],
        ),
        (
            "Council Regulation (EU) 2026/382",
            [("Regulation (EU) 2026/382", "https://eur-lex.europa.eu/eli/reg/2026/382/oj")],
        ),
        (
            "Commission Implementing Regulation (EU) 2026/1200",
            [("Implementing Regulation (EU) 2026/1200", "https://eur-lex.europa.eu/eli/reg_impl/2026/1200/oj")],
        ),
        (
            "Delegated Regulation (EU) 2026/1022",
            [("Delegated Regulation (EU) 2026/1022", "https://eur-lex.europa.eu/eli/reg_del/2026/1022/oj")],
        ),
        (  # before 2015 the number comes first
            "Council Regulation (EC) No 1186/2009",
            [("Regulation (EC) 1186/2009", "https://eur-lex.europa.eu/eli/reg/2009/1186/oj")],
        ),
    ],
)
def test_each_kind_of_citation_links_its_official_text(citation: str, expected: list) -> None:
    assert links(citation) == expected


def test_a_list_of_sections_gives_a_link_for_each() -> None:
    assert urls("19 CFR 10.152 and 145.32 (T.D. 94-51, 59 FR 30293, 13 June 1994)") == [
        "https://www.ecfr.gov/current/title-19/section-10.152",
        "https://www.ecfr.gov/current/title-19/section-145.32",
        "https://www.federalregister.gov/citation/59-FR-30293",
    ]
    assert urls("19 CFR 143.21(a), 143.22") == [
        "https://www.ecfr.gov/current/title-19/section-143.21",
        "https://www.ecfr.gov/current/title-19/section-143.22",
    ]
    assert urls("HTSUS 9804.00.65; 19 CFR 148.33, 148.35")[1:] == [
        "https://www.ecfr.gov/current/title-19/section-148.33",
        "https://www.ecfr.gov/current/title-19/section-148.35",
    ]
    # a part and the section of it named in parentheses
    assert urls("19 USC 1641; 19 CFR part 111 (111.2(a)(2)(i)); 19 CFR 141.46")[1:] == [
        "https://www.ecfr.gov/current/title-19/part-111",
        "https://www.ecfr.gov/current/title-19/section-111.2",
        "https://www.ecfr.gov/current/title-19/section-141.46",
    ]
    ids = urls("84 FR 40079; 89 FR 2630; CSMS #59089765, #61421135, #64792502, #66065494")
    assert ids[2:] == [csms_bulletins()["59089765"], csms_bulletins()["61421135"], csms_bulletins()["66065494"]]
    supreme = links("Learning Resources, Inc. v. Trump, Nos. 24-1287 and 25-250 (U.S. Supreme Court, 20 Feb 2026)")
    assert supreme == [
        ("Supreme Court No. 24-1287", "https://www.supremecourt.gov/docket/docketfiles/html/public/24-1287.html"),
        ("Supreme Court No. 25-250", "https://www.supremecourt.gov/docket/docketfiles/html/public/25-250.html"),
    ]


def test_a_section_of_a_public_law_links_the_law_and_its_statutes_page_adds_nothing() -> None:
    citation = (
        "One Big Beautiful Bill Act, P.L. 119-21, title VII, s.70531(b), 139 Stat. 283 (striking 19 USC 1321(a)(2)(C))"
    )
    assert links(citation) == [
        ("P.L. 119-21", "https://www.govinfo.gov/link/plaw/119/public/21"),
        ("19 USC 1321(a)(2)(C)", USC_1321),
    ]
    assert links("19 USC 1321(c), added by P.L. 119-21 s.70531(a)")[1] == (
        "P.L. 119-21",
        "https://www.govinfo.gov/link/plaw/119/public/21",
    )


def test_a_document_named_with_its_federal_register_citation_gets_one_link() -> None:
    assert links("Executive Order 14324 s.3 (90 FR 37775); CSMS #65934463") == [
        ("Executive Order 14324 (90 FR 37775)", "https://www.federalregister.gov/executive-order/14324")
    ]
    assert links("CBP Dec. 16-13, 81 FR 58831") == [
        ("CBP Dec. 16-13, 81 FR 58831", "https://www.federalregister.gov/citation/81-FR-58831")
    ]
    assert links("CBP interim final rule, 91 FR 37789 (FR Doc 2026-12670); 19 CFR 10.151") == [
        ("91 FR 37789", "https://www.federalregister.gov/citation/91-FR-37789"),
        ("19 CFR 10.151", "https://www.ecfr.gov/current/title-19/section-10.151"),
    ]


def test_one_link_per_text_even_when_the_citation_names_two_paragraphs_of_it() -> None:
    citation = "19 USC 1321(a)(2)(A); 19 CFR 10.152; P.L. 119-21 s.70531(b) strikes only 19 USC 1321(a)(2)(C)"
    assert [url for url in urls(citation) if "uscode" in url] == [USC_1321]


@pytest.mark.parametrize(
    "citation",
    [
        "CBP INFO Center",
        "GACC Announcement No. 43 of 2010",
        "Executive Order of 12 May 2025 (number not confirmed)",
        "CBP Directive 3510-004; CBP Form 301",
        "CSMS #64792502",  # a message whose bulletin address is not known
        "Customs Modernization Act, title VI of P.L. 103-182",  # before govinfo's public-law collection
        "1321(a)(2)(C)",  # no title: not a US Code citation
        "",
    ],
)
def test_text_that_names_no_text_with_a_known_address_gets_no_link(citation: str) -> None:
    assert derived_links(citation) == ()


def test_numbers_after_a_section_list_are_not_read_as_sections() -> None:
    assert urls("19 CFR 10.151, 81 FR 58831") == [
        "https://www.ecfr.gov/current/title-19/section-10.151",
        "https://www.federalregister.gov/citation/81-FR-58831",
    ]
    assert [ref.kind for ref in references("19 USC 1304, 139 Stat. 283")] == ["usc", "statute"]


def test_every_built_link_is_on_an_allowed_host() -> None:
    samples = [
        "19 CFR 10.151; 19 USC 1321; 90 FR 1; FR Doc 2026-12668; P.L. 119-21; EO 14324; CSMS #66065494",
        "HTSUS 9811.00.60; CBP ruling H290219; CBSA Customs Notice 20-18; Regulation (EU) 2026/382",
        "Nos. 24-1287 (U.S. Supreme Court)",
    ]
    built = [link.url for text in samples for link in derived_links(text)]
    assert len(built) == 12 and all(is_official(url) for url in built)


def test_official_hosts_are_matched_on_the_host_and_path_not_the_text() -> None:
    assert is_official("https://www.ecfr.gov/current/title-19/section-101.1")
    assert is_official("https://hts.usitc.gov/")
    assert is_official("https://content.govdelivery.com/accounts/USDHSCBP/bulletins/3f01456")
    assert not is_official("https://content.govdelivery.com/accounts/SOMEONEELSE/bulletins/1")
    assert not is_official("https://ecfr.gov.example.com/x")
    assert not is_official("https://blog.aiag.org/ecfr.gov")
    assert not is_official("https://notcbp.gov/")
    assert not is_official("ftp://www.ecfr.gov/")
    assert not is_official("not a url")
    # a private copy of the CFR is a secondary source now that the CFR links to eCFR itself
    assert not is_official("https://www.law.cornell.edu/cfr/text/19/10.151")
    assert "law.cornell.edu" not in official_domains()


def test_a_rule_links_its_citation_then_its_listed_links_and_its_source_only_when_nothing_else() -> None:
    listed = OfficialLink("CBP E-Commerce FAQ", "https://www.cbp.gov/trade/basic-import-export/e-commerce/faqs")
    both = official_links_of("19 CFR 10.151", [listed], "https://www.govinfo.gov/content/pkg/x.htm")
    assert [link.url for link in both] == ["https://www.ecfr.gov/current/title-19/section-10.151", listed.url]
    only_source = official_links_of(
        "CBP E-Commerce page", (), "https://www.cbp.gov/trade/basic-import-export/e-commerce"
    )
    assert only_source == (
        OfficialLink("CBP E-Commerce page", "https://www.cbp.gov/trade/basic-import-export/e-commerce"),
    )
    assert official_links_of("CBP E-Commerce page", (), "https://blog.example.com/e-commerce") == ()


def test_explicit_links_take_the_place_of_their_text_in_the_citation() -> None:
    order = official_links_of(
        "Executive Order of 20 Feb 2026; CSMS #67845486",
        [OfficialLink("Executive Order of 20 Feb 2026", "https://www.whitehouse.gov/presidential-actions/x/")],
    )
    assert [link.cites for link in order] == ["Executive Order of 20 Feb 2026", "CSMS #67845486"]


def test_a_secondary_page_is_matched_to_the_text_it_reports_on() -> None:
    cfr = OfficialLink("19 CFR 10.152", "https://www.ecfr.gov/current/title-19/section-10.152")
    usc = OfficialLink("19 USC 1321(a)(2)(A)", USC_1321)
    assert reports_on("https://www.customsmobile.com/regulations/19/10.152", cfr)
    assert not reports_on("https://www.customsmobile.com/regulations/19/10.152", usc)
    assert reports_on("https://www.law.cornell.edu/uscode/text/19/1321", usc)
    assert not reports_on("https://www.customsmobile.com/regulations/19/10.1521", cfr)
