"""axe-core in a real Chromium at phone width (390 px): no serious or critical violations on
the delegate's own pages, the print view, the shared view and the sign-in pages, in each
language. Screenshots land in var/screens/ for people to look at."""

import pathlib

import pytest

from delegations.calendar_feed import new_token
from delegations.models import Person
from delegations.sharing import new_link

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]
AXE = pathlib.Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
SCREENS = pathlib.Path(__file__).resolve().parent.parent / "var" / "screens"
BEIJING = "region-midtjylland-beijing-2016"
PHONE = {"width": 390, "height": 844}


def serious_violations(page, url, name):
    page.goto(url)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document)")
    assert result["passes"], url  # axe really ran
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"{name}.png"), full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    found = [
        (v["id"], v["help"], [n["target"] for n in v["nodes"]][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    if overflow:
        found.append(("overflow", "the page scrolls sideways at 390 px", []))
    return found


@pytest.mark.parametrize("lang", ["da", "en", "zh-hans"])
def test_axe_on_own_shared_and_sign_in_pages_at_phone_width(
    browser, live_server, demo_in_live_db, lang
):
    assert AXE.exists(), "run `make test` (npm ci installs axe-core)"
    anders = Person.objects.get(email="anders.kuhnau@example.org")
    _link, token = new_link(anders, "Family")
    new_token(anders)
    problems = {}
    # Our CSP forbids injected scripts, rightly; the test's own browser context lets axe in.
    visitor = browser.new_context(bypass_csp=True, viewport=PHONE)
    page = visitor.new_page()
    for name, path in (
        ("sign-in", f"/{lang}/accounts/login/"),
        ("password-reset", f"/{lang}/accounts/password/reset/"),
        ("shared", f"/{lang}/shared/{token}/?delegation={BEIJING}"),
    ):
        found = serious_violations(page, live_server.url + path, f"{name}-{lang}")
        if found:
            problems[path] = found
    visitor.close()

    delegate = browser.new_context(bypass_csp=True, viewport=PHONE)
    page = delegate.new_page()
    page.goto(f"{live_server.url}/{lang}/accounts/login/")
    page.fill("#id_username", "delegate")
    page.fill("#id_password", "demo-password")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/{lang}/me/")
    for name, path in (
        ("me", f"/{lang}/me/?delegation={BEIJING}"),
        ("me-next-trip", f"/{lang}/me/"),
        ("print", f"/{lang}/me/print/?delegation={BEIJING}"),
    ):
        found = serious_violations(page, live_server.url + path, f"{name}-{lang}")
        if found:
            problems[path] = found
    # Making a new calendar address asks first, on a page of its own (no script needed).
    page.goto(f"{live_server.url}/{lang}/me/?delegation={BEIJING}")
    page.click("button[name=action][value=rotate]")
    page.wait_for_selector("input[name=confirmed]", state="attached")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document)")
    serious = [v["id"] for v in result["violations"] if v["impact"] in ("serious", "critical")]
    if serious:
        problems["calendar confirmation"] = serious
    page.screenshot(path=str(SCREENS / f"calendar-confirm-{lang}.png"), full_page=True)
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**/{lang}/me/?delegation={BEIJING}")
    assert page.locator(".messages li").count() == 1
    page.locator("section.calendar").screenshot(path=str(SCREENS / f"calendar-{lang}.png"))
    delegate.close()
    assert problems == {}


@pytest.mark.parametrize("lang", ["da", "zh-hans"])
def test_axe_on_the_seat_clash_question(
    browser, live_server, demo_in_live_db, before_the_beijing_forum, lang
):
    import datetime as dt

    from forum.models import Session

    opening = Session.objects.get(title_en="Opening of the forum")
    parallel = Session.objects.create(
        forum=opening.forum,
        title_en="Parallel talk",
        title_da="Parallelt oplæg",
        title_zh_hans="平行演讲",
        starts_at=opening.starts_at + dt.timedelta(minutes=15),
        ends_at=opening.ends_at,
    )
    context = browser.new_context(bypass_csp=True, viewport=PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/{lang}/accounts/login/")
    page.fill("#id_username", "delegate")
    page.fill("#id_password", "demo-password")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/{lang}/me/")
    page.goto(f"{live_server.url}/{lang}/forum/{opening.forum.slug}/sessions/{parallel.pk}/")
    page.click("section.seat button[type=submit]")
    page.wait_for_selector("input[name=confirmed]", state="attached")
    title = opening.title_da if lang == "da" else opening.title_zh_hans
    assert title in page.inner_text("main")  # what it overlaps, named
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document)")
    page.screenshot(path=str(SCREENS / f"seat-clash-{lang}.png"), full_page=True)
    assert [v["id"] for v in result["violations"] if v["impact"] in ("serious", "critical")] == []
    context.close()
