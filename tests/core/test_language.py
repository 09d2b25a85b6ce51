"""English and Welsh: the switch in the layout, the Welsh catalogue, and how long the choice lasts."""

import pytest

from covenant.core.cookies import ONE_YEAR, POLICY_COOKIE

pytestmark = pytest.mark.django_db


def test_the_switch_posts_to_set_language_and_comes_back(client):
    response = client.post("/i18n/setlang/", {"language": "cy", "next": "/start/residents/"})
    assert response.status_code == 302
    assert response["Location"] == "/start/residents/"
    html = client.get("/start/residents/").content.decode()
    assert '<html lang="cy" class="govuk-template">' in html
    assert "Neidio i'r prif gynnwys" in html
    assert "Gwirfoddoli a chymryd rhan yn eich cymuned" in html
    assert "Dechrau nawr" in html
    assert "Cwcis ar Covenant" in html
    assert "Derbyn y cwci dewisol" in html
    # Now English is the one to switch to, marked in its own language.
    assert '<button type="submit" class="app-link-button" lang="en-GB">English</button>' in html
    assert '<span aria-current="true" lang="cy">Cymraeg</span>' in html


def test_welsh_error_messages_on_the_cookies_form(client):
    client.post("/i18n/setlang/", {"language": "cy", "next": "/"})
    response = client.post("/cookies/", {"remember_settings": "perhaps"})
    assert response.status_code == 400
    assert "Dewiswch ydw os ydych eisiau i Covenant gofio eich gosodiadau" in response.content.decode()


def test_an_unknown_language_is_ignored_not_an_error(client):
    response = client.post("/i18n/setlang/", {"language": "klingon", "next": "/"})
    assert response.status_code == 302
    assert '<html lang="en-GB"' in client.get("/").content.decode()


def test_switching_language_cannot_redirect_off_site(client):
    response = client.post("/i18n/setlang/", {"language": "cy", "next": "https://evil.example/"})
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


def test_without_the_optional_cookie_the_choice_lasts_only_this_visit(client):
    response = client.post("/i18n/setlang/", {"language": "cy", "next": "/"})
    assert response.cookies["django_language"].value == "cy"
    assert response.cookies["django_language"]["max-age"] == ""


def test_with_the_optional_cookie_the_choice_lasts_a_year(client):
    client.cookies[POLICY_COOKIE] = "accepted"
    response = client.post("/i18n/setlang/", {"language": "cy", "next": "/"})
    assert response.cookies["django_language"].value == "cy"
    assert response.cookies["django_language"]["max-age"] == ONE_YEAR


def test_the_welsh_catalogue_is_compiled_and_current():
    """The committed .mo must hold every translation in the .po: a fresh machine may have no msgfmt."""
    import gettext
    import re
    from pathlib import Path

    from django.conf import settings

    folder = Path(settings.BASE_DIR) / "locale" / "cy" / "LC_MESSAGES"
    po = (folder / "django.po").read_text(encoding="utf-8")
    with open(folder / "django.mo", "rb") as handle:
        catalogue = gettext.GNUTranslations(handle)

    def unescape(text):
        return text.replace('\\"', '"').replace("\\\\", "\\")

    # A message with a context (msgctxt, for a word used two ways) is looked up in that context.
    entries = re.findall(r'^(?:msgctxt "(.+)"\n)?msgid "(.+)"\nmsgstr "(.+)"$', po, re.M)
    assert len(entries) > 150

    def compiled(context, msgid):
        return catalogue.pgettext(unescape(context), msgid) if context else catalogue.gettext(msgid)

    stale = [msgid for context, msgid, msgstr in entries if compiled(context, unescape(msgid)) != unescape(msgstr)]
    assert stale == [], "Run `make messages` and compile: the .mo is older than the .po"
