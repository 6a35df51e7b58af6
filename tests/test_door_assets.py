"""What the door serves to the phone: the QR decoder vendored from the npm package that
package.json pins (static/vendor/jsqr/), no inline script under the strict CSP, and badge QR
codes that a reader decodes back to the badge code."""

import io
import json
import pathlib
import re

import pytest

from forum.models import Registration
from tests.qr import qr_png

ROOT = pathlib.Path(__file__).resolve().parent.parent
VENDORED = ROOT / "static" / "vendor" / "jsqr"
SLUG = "china-denmark-cities-regions-forum-2016"


def test_the_decoder_is_the_pinned_npm_package_with_its_licence():
    pinned = json.loads((ROOT / "package.json").read_text())["dependencies"]["jsqr"]
    locked = json.loads((ROOT / "package-lock.json").read_text())["packages"]
    assert locked["node_modules/jsqr"]["version"] == pinned
    assert locked[""]["dependencies"]["jsqr"] == pinned
    assert f"jsQR {pinned}" in (VENDORED / "README.md").read_text()
    assert "Apache License" in (VENDORED / "LICENSE").read_text()
    assert "jsQR" in (VENDORED / "jsQR.js").read_text()[:1000]


def test_the_vendored_decoder_equals_the_installed_package():
    installed = ROOT / "node_modules" / "jsqr"
    if not (installed / "package.json").exists():
        pytest.skip("node_modules has no jsqr yet: `npm ci` (make test runs it) installs it")
    version = json.loads((installed / "package.json").read_text())["version"]
    assert version == json.loads((ROOT / "package.json").read_text())["dependencies"]["jsqr"]
    assert (VENDORED / "jsQR.js").read_bytes() == (installed / "dist" / "jsQR.js").read_bytes()


@pytest.mark.django_db
def test_the_door_page_has_no_inline_script_and_a_strict_csp(client, embassy_user):
    client.force_login(embassy_user)
    page = client.get(f"/en/embassy/{SLUG}/door/", {"q": "Chen"})
    html = page.content.decode()
    policy = page["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]*)", policy).group(1)
    assert script_src.strip() == "'self'"
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts and all("src=" in tag for tag in scripts)
    assert not re.search(r"\son[a-z]+=", html)  # no inline handlers
    assert "/static/js/door.js" in html and "/static/vendor/jsqr/jsQR.js" in html
    assert "//cdn" not in html and "https://" not in html.split("<main", 1)[1]


@pytest.mark.django_db
def test_a_badges_qr_code_reads_back_as_its_badge_code():
    import zxingcpp
    from PIL import Image

    registration = Registration.objects.filter(forum__slug=SLUG).first()
    image = Image.open(io.BytesIO(qr_png(registration.badge_code))).convert("L")
    image = image.resize((image.width * 8, image.height * 8), Image.NEAREST)
    (found,) = zxingcpp.read_barcodes(image)
    assert found.text == registration.badge_code
