"""In a real Chromium: click through the programme in each language, switch language, open a
session; run axe-core on every public page (0 serious or critical violations)."""

import pathlib

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]
AXE = pathlib.Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
SLUG = "china-denmark-cities-regions-forum-2016"
OPENING = {"da": "Åbning af forummet", "en": "Opening of the forum", "zh-hans": "论坛开幕式"}


@pytest.mark.parametrize("lang", ["da", "en", "zh-hans"])
def test_click_through_the_programme(page, live_server, demo_in_live_db, lang):
    page.goto(f"{live_server.url}/{lang}/")
    page.click(f"main a[href='/{lang}/forum/{SLUG}/']")
    page.wait_for_url(f"**/{lang}/forum/{SLUG}/")
    page.click(f"text={OPENING[lang]}")
    page.wait_for_url(f"**/{lang}/forum/{SLUG}/sessions/*/")
    assert page.locator("h1").inner_text() == OPENING[lang]
    assert "09:00" in page.inner_text("main")
    assert page.get_attribute("html", "lang") == lang


def test_switching_language_keeps_the_page(page, live_server, demo_in_live_db):
    page.goto(f"{live_server.url}/en/forum/{SLUG}/speakers/")
    page.click(".language-switcher a[hreflang='zh-hans']")
    page.wait_for_url(f"**/zh-hans/forum/{SLUG}/speakers/")
    assert page.locator("h1").inner_text() == "演讲嘉宾"
    page.click(".language-switcher a[hreflang='da']")
    page.wait_for_url(f"**/da/forum/{SLUG}/speakers/")
    assert page.locator("h1").inner_text() == "Talere"


def test_readable_without_javascript(browser, live_server, demo_in_live_db):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/en/forum/{SLUG}/")
    assert "Opening of the forum" in page.inner_text("main")
    context.close()


PAGES = [
    "/{lang}/",
    f"/{{lang}}/forum/{SLUG}/",
    f"/{{lang}}/forum/{SLUG}/speakers/",
    "/{lang}/delegations/region-midtjylland-beijing-2016/",
    "/{lang}/partnerships/",
    "/{lang}/accounts/login/",
]


@pytest.mark.parametrize("lang", ["da", "en", "zh-hans"])
def test_axe_finds_no_serious_violations(browser, live_server, demo_in_live_db, lang):
    assert AXE.exists(), "run `make test` (npm ci installs axe-core)"
    # Our CSP forbids injected scripts, rightly; the test's own browser context lets axe in.
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    urls = [p.format(lang=lang) for p in PAGES]
    page.goto(f"{live_server.url}/{lang}/forum/{SLUG}/")
    first_session = page.locator("main h3 a").first.get_attribute("href")
    urls.append(first_session)
    problems = {}
    for url in urls:
        page.goto(live_server.url + url)
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("async () => await axe.run(document)")
        serious = [
            (v["id"], v["help"], len(v["nodes"]))
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        if serious:
            problems[url] = serious
        assert result["passes"], url  # axe really ran
    context.close()
    assert problems == {}
