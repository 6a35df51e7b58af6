"""Pages go out compressed to browsers that ask for it (a slow mobile link), without making
secrets guessable: every compressed response differs in length (Django's BREACH mitigation)."""

import gzip

import pytest

pytestmark = pytest.mark.django_db
SLUG = "china-denmark-cities-regions-forum-2016"


@pytest.mark.parametrize(
    ("who", "url"),
    [
        (None, "/zh-hans/"),
        (None, f"/en/forum/{SLUG}/"),
        ("delegate", "/zh-hans/me/"),
        ("embassy", f"/en/embassy/{SLUG}/attendees/"),
    ],
)
def test_pages_are_gzipped_when_the_browser_accepts_it(client, who, url):
    from django.contrib.auth.models import User

    if who:
        client.force_login(User.objects.get(username=who))
    plain = client.get(url)
    assert plain.status_code == 200 and "Content-Encoding" not in plain
    packed = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    html = gzip.decompress(packed.content).decode()
    assert "</html>" in html
    assert len(packed.content) < len(plain.content) * 0.6


def test_a_page_with_a_csrf_token_differs_in_length_between_responses(client):
    from django.contrib.auth.models import User

    client.force_login(User.objects.get(username="delegate"))
    sizes = {len(client.get("/en/me/", HTTP_ACCEPT_ENCODING="gzip").content) for _ in range(6)}
    assert len(sizes) > 1
