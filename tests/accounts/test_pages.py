"""Every allauth page is a relais page: our base.html, in French, with landmarks, one h1 and a
label for every field."""

from html.parser import HTMLParser

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.core import mail

from tests.factories import UserFactory

from .conftest import PASSWORD, login

pytestmark = pytest.mark.django_db


class PageAudit(HTMLParser):
    """What an accessibility reviewer checks first, read from the HTML."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.h1_count = 0
        self.label_for: set[str] = set()
        self.fields: list[dict] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "h1":
            self.h1_count += 1
        elif tag == "label" and attrs.get("for"):
            self.label_for.add(attrs["for"])
        elif tag in ("input", "select", "textarea") and attrs.get("type") not in (
            "hidden",
            "submit",
            "button",
        ):
            self.fields.append(attrs)

    def has(self, tag, **attrs) -> bool:
        return any(t == tag and all(a.get(k) == v for k, v in attrs.items()) for t, a in self.tags)

    def unlabelled_fields(self) -> list[dict]:
        return [
            f
            for f in self.fields
            if f.get("id") not in self.label_for
            and not f.get("aria-label")
            and not f.get("aria-labelledby")
        ]


def assert_relais_page(response):
    assert response.status_code == 200
    html = response.content.decode()
    audit = PageAudit(html)
    assert audit.has("html", lang="fr")
    assert audit.has("a", **{"class": "skip-link", "href": "#contenu"})  # our base.html
    assert audit.has("main", id="contenu")
    assert audit.has("nav", **{"aria-label": "Navigation principale"})
    assert audit.has("footer", **{"class": "site-footer"})
    assert audit.h1_count == 1
    assert audit.unlabelled_fields() == []
    assert "<script>" not in html  # no inline script: the CSP would block it
    assert "script-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.parametrize(
    "path",
    [
        "/comptes/login/",
        "/comptes/password/reset/",
        "/comptes/password/reset/done/",
    ],
)
def test_anonymous_pages(client, path):
    assert_relais_page(client.get(path))


def test_password_reset_from_key_page(client):
    UserFactory(username="claire", email="claire@example.org")
    client.post("/comptes/password/reset/", {"email": "claire@example.org"})
    link = next(w for w in mail.outbox[0].body.split() if "/password/reset/key/" in w)

    response = client.get(link, follow=True)

    assert_relais_page(response)


def test_second_factor_stage_page(client, enrolled_worker):
    login(client, "bruno")

    response = client.get("/comptes/2fa/authenticate/")

    assert_relais_page(response)
    assert "clé de sécurité" not in response.content.decode()  # bruno has none


@pytest.mark.parametrize(
    "path",
    [
        "/comptes/logout/",
        "/comptes/reauthenticate/",
        "/comptes/2fa/",
        "/comptes/2fa/totp/activate/",
        "/comptes/2fa/webauthn/add/",
    ],
)
def test_pages_of_a_user_enrolling(client, worker, path):
    login(client, "alice")
    client.post("/comptes/reauthenticate/", {"password": PASSWORD})

    assert_relais_page(client.get(path))


@pytest.mark.parametrize(
    "path",
    [
        "/comptes/2fa/",
        "/comptes/2fa/totp/deactivate/",
        "/comptes/2fa/recovery-codes/",
        "/comptes/2fa/recovery-codes/generate/",
        "/comptes/2fa/webauthn/",
    ],
)
def test_pages_of_an_enrolled_user(client, enrolled_worker, path):
    client.force_login(enrolled_worker)
    client.post("/comptes/reauthenticate/", {"password": PASSWORD})
    RecoveryCodes.activate(enrolled_worker)
    assert Authenticator.objects.filter(user=enrolled_worker).count() == 2

    assert_relais_page(client.get(path))
