"""Danish and Chinese catalogues are complete, and pages in those languages show no English UI."""

import html
import pathlib
import re

import polib
import pytest
from django.contrib.auth.models import User

ROOT = pathlib.Path(__file__).resolve().parent.parent
CATALOGUES = ["da", "zh_Hans"]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\{ ?\w+ ?\}\}")


def catalogue(language):
    return polib.pofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("language", CATALOGUES)
def test_no_untranslated_or_fuzzy_entries(language):
    po = catalogue(language)
    assert len(po) > 400
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []


@pytest.mark.parametrize("language", CATALOGUES)
def test_placeholders_survive_translation(language):
    for entry in catalogue(language):
        wanted = sorted(PLACEHOLDER.findall(entry.msgid))
        translations = [entry.msgstr] if not entry.msgid_plural else entry.msgstr_plural.values()
        for text in translations:
            assert sorted(PLACEHOLDER.findall(text)) == wanted, (entry.msgid, text)


def english_ui_phrases(language="zh_Hans"):
    """Phrases of two or more words that the catalogue translates into something else."""
    return {
        e.msgid
        for e in catalogue(language)
        if not e.msgid_plural
        and e.msgstr != e.msgid
        and len(e.msgid.split()) >= 2
        and "%(" not in e.msgid
        and "{" not in e.msgid
    }


def visible_text(content):
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", content, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    return re.sub(r"\s+", " ", html.unescape(text))


PUBLIC = [
    "/{lang}/",
    "/{lang}/forum/china-denmark-cities-regions-forum-2016/",
    "/{lang}/forum/china-denmark-cities-regions-forum-2016/speakers/",
    "/{lang}/delegations/region-midtjylland-beijing-2016/",
    "/{lang}/partnerships/",
    "/{lang}/accounts/login/",
    "/{lang}/accounts/password/reset/",
]
PERSONAL = {
    "delegate": [
        "/{lang}/me/?delegation=region-midtjylland-beijing-2016&home=1",
        "/{lang}/me/?delegation=region-midtjylland-shanghai-2027",
    ],
    "embassy": [
        "/{lang}/embassy/",
        "/{lang}/embassy/china-denmark-cities-regions-forum-2016/attendees/",
    ],
}


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["da", "zh-hans"])
def test_pages_show_no_english_ui(client, lang):
    phrases = english_ui_phrases("da" if lang == "da" else "zh_Hans")
    # Django's own default label for empty choices is not translated into Chinese.
    phrases |= {"Select an option"}
    pages = [(None, p) for p in PUBLIC] + [(u, p) for u, ps in PERSONAL.items() for p in ps]
    for username, pattern in pages:
        client.logout()
        if username:
            client.force_login(User.objects.get(username=username))
        url = pattern.format(lang=lang)
        response = client.get(url)
        assert response.status_code == 200, url
        text = visible_text(response.content.decode())
        leaks = sorted(p for p in phrases if re.search(rf"(?<!\w){re.escape(p)}(?!\w)", text))
        assert leaks == [], (url, leaks)
    # The check itself works: the English page shows such phrases.
    client.logout()
    english = visible_text(client.get("/en/accounts/login/").content.decode())
    assert any(p in english for p in phrases)
