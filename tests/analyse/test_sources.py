"""Source grades from the URL's domain and the publisher's name variants, before front matter and gazetteer."""

from __future__ import annotations

from pathlib import Path

import pytest

from threadline.analyse.sources import SourceGrader, domains_data, hostname


@pytest.fixture(scope="module")
def grader() -> SourceGrader:
    return SourceGrader()


def test_a_state_media_site_is_state_media_whatever_the_front_matter_says(grader: SourceGrader) -> None:
    url = "https://www.globaltimes.cn/page/202305/1290000.shtml"
    assert grader.decide("Harbour Independent Review", {"grade": "ngo"}, url) == (
        "state_media", "site globaltimes.cn (Global Times)")
    assert grader.grade("Anything", {}, "http://english.news.cn/20230504/c.html") == "state_media"  # a subdomain
    assert grader.grade(None, {"url": "https://rt.com/news/1"}) == "state_media"  # the URL given in front matter


@pytest.mark.parametrize("publisher", ["Global Times (English edition)", "The Global Times", "globaltimes.cn",
                                       "环球时报英文版", "Xinhua Net", "Xinhuanet", "People's Daily Online",
                                       "CHINA DAILY EUROPE", "www.chinadaily.com.cn"])
def test_publisher_variants_of_a_state_outlet(grader: SourceGrader, publisher: str) -> None:
    assert grader.grade(publisher, {}) == "state_media"


def test_public_body_domains_and_the_longest_ending_wins(grader: SourceGrader) -> None:
    assert grader.decide("Home Office", {}, "https://www.gov.uk/government/news/x") == ("official", "domain gov.uk")
    assert grader.grade(None, {}, "https://curia.europa.eu/juris/document") == "court"
    assert grader.grade(None, {}, "https://commission.europa.eu/news") == "official"


def test_without_a_known_domain_the_older_rules_still_hold(grader: SourceGrader) -> None:
    assert grader.decide("Harbour Gazette", {"grade": "ngo"}, "https://gazette.example/a") == ("ngo", "front matter")
    assert grader.grade("Reuters", {}, "https://www.reuters.com/world/x") == "news"
    assert grader.grade("Harbour Gazette", {}, None) == "news"
    assert grader.grade("Daily Globe", {}, "https://notglobaltimes.cn/x") == "news"  # a domain is matched whole


def test_hostname() -> None:
    assert hostname("https://WWW.Example.org:8080/a?b") == "example.org"
    assert hostname("example.org/path") == "example.org"
    assert hostname("Harbour Gazette") is None and hostname("") is None and hostname(None) is None


def test_every_outlet_has_a_known_grade_and_a_domain(grader: SourceGrader) -> None:
    data = domains_data()
    for outlet in data["outlets"]:
        assert outlet["grade"] in grader.data["grades"], outlet["name"]
        assert outlet["domains"], outlet["name"]
    assert set(data["suffixes"].values()) <= set(grader.data["grades"])


@pytest.mark.model
def test_the_grade_reaches_the_snapshot_from_the_stored_url(tmp_path: Path) -> None:
    from threadline.api import Workspace

    page = tmp_path / "story.md"
    page.write_text("---\ntitle: Harbour story\npublisher: Harbour Independent Review\ngrade: ngo\n"
                    "url: https://www.globaltimes.cn/page/1.html\n---\n"
                    "The Harbour Friendship Association said the Rotterdam office would stay open.\n", "utf-8")
    with Workspace(tmp_path / "inv.db") as ws:
        assert ws.add([page]).ok
        [doc] = ws.snapshot().documents.values()
    assert doc.grade == "state_media"
