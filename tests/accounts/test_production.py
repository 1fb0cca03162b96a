"""Production settings, the demo-accounts check (relais.E001) and delete_demo_accounts."""

import logging
import os
import re
import secrets
import string
import subprocess
import sys
from io import StringIO

import pytest
from allauth.mfa.models import Authenticator
from cryptography.fernet import Fernet
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import RequestFactory, override_settings

from relais.accounts.lockout import client_ip
from relais.accounts.models import ApiToken, OrganisationRole, User
from relais.accounts.services import api_token_issue
from relais.core.checks import pdf_libraries
from tests.factories import OrganisationFactory, UserFactory, organisation_role


def manage(tmp_path, *args, **env) -> subprocess.CompletedProcess:
    """Run manage.py with the production settings on an empty SQLite database."""
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))
    }
    environment = {k: v for k, v in environment.items() if k != "RELAIS_ENCRYPTION_KEYS"}
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings.prod",
        DATABASE_URL=f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        RELAIS_ENCRYPTION_KEYS=Fernet.generate_key().decode(),
    )
    environment.update(env)
    return subprocess.run(  # noqa: S603 - our own manage.py with the current interpreter
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def random_key(length=60) -> str:
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    return "".join(secrets.choice(alphabet) for _ in range(length))


def test_check_deploy_passes_without_any_warning(tmp_path):
    result = manage(
        tmp_path,
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SECRET_KEY=random_key(),
        DJANGO_ALLOWED_HOSTS="relais.example.org",
    )

    # The settings give no warning; the machine may: a Debian library that WeasyPrint misses
    # (relais/core/checks.py, relais.W001/W002) is a warning an operator must see too.
    machine = [message.id for message in pdf_libraries(None)]
    if not machine:
        assert result.returncode == 0, result.stderr
        assert "System check identified no issues (0 silenced)." in result.stdout
    else:
        assert result.returncode != 0
        assert re.findall(r"^\?: \((\S+)\)", result.stderr, re.MULTILINE) == machine


def test_check_deploy_would_catch_a_warning(tmp_path):
    """The test above can fail: without allowed hosts, --deploy warns (security.W020)."""
    result = manage(
        tmp_path, "check", "--deploy", "--fail-level", "WARNING", DJANGO_SECRET_KEY=random_key()
    )

    assert result.returncode != 0
    assert "security.W020" in result.stderr


@pytest.mark.parametrize(
    "key",
    [
        None,  # not set: the development default would apply
        "dev-only-insecure-key-never-use-in-production",
        "too-short-" + "x" * 30,
    ],
)
def test_production_refuses_a_missing_default_or_short_secret_key(tmp_path, key):
    env = {"DJANGO_ALLOWED_HOSTS": "relais.example.org"}
    if key is not None:
        env["DJANGO_SECRET_KEY"] = key

    result = manage(tmp_path, "check", **env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_keeps_the_content_security_policy(tmp_path):
    result = manage(
        tmp_path,
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; from django.utils.csp import build_policy; "
        "print(build_policy(settings.SECURE_CSP, 'N'))",
        DJANGO_SECRET_KEY=random_key(),
        DJANGO_ALLOWED_HOSTS="relais.example.org",
    )

    assert result.returncode == 0, result.stderr
    policy = result.stdout.strip()
    assert "default-src 'self'" in policy
    assert "script-src 'self' 'nonce-N'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "object-src 'none'" in policy


# Demo accounts


@pytest.mark.django_db
@override_settings(RELAIS_PRODUCTION=True)
def test_demo_account_fails_the_production_check():
    call_command("check")  # no demo account: passes
    UserFactory(username="coord.namur", is_demo=True)

    with pytest.raises(SystemCheckError, match=r"relais\.E001"):
        call_command("check")


@pytest.mark.django_db
def test_demo_account_is_fine_outside_production():
    UserFactory(username="coord.namur", is_demo=True)

    call_command("check")


@pytest.mark.django_db
@override_settings(RELAIS_PRODUCTION=True)
def test_delete_demo_accounts():
    kept = UserFactory(username="vraie.personne")
    organisation = OrganisationFactory()
    for username in ("coord.namur", "worker.cpas-namur"):
        demo = UserFactory(username=username, is_demo=True, with_totp=True)
        organisation_role(demo, organisation)
        api_token_issue(user=demo)
    out = StringIO()

    call_command("delete_demo_accounts", stdout=out)

    assert out.getvalue() == "Deleted 2 demo account(s).\n"
    assert list(User.objects.all()) == [kept]
    assert not OrganisationRole.objects.exists()
    assert not ApiToken.objects.exists()
    assert not Authenticator.objects.exists()
    call_command("check")  # production may now start


@pytest.mark.django_db
def test_delete_demo_accounts_with_none():
    out = StringIO()

    call_command("delete_demo_accounts", stdout=out)

    assert out.getvalue() == "Deleted 0 demo account(s).\n"


# The address django-axes locks, behind the reverse proxy


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "10.0.0.1"),  # no proxy: the header is the client's, ignored
        (1, "", "10.0.0.1"),
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "198.51.100.66, 203.0.113.9", "203.0.113.9"),  # left entry forged by the client
        (2, "198.51.100.66, 203.0.113.9, 192.0.2.1", "203.0.113.9"),
    ],
)
def test_client_ip_behind_trusted_proxies(proxies, forwarded, expected):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", **headers)

    with override_settings(RELAIS_TRUSTED_PROXIES=proxies):
        assert client_ip(request) == expected


@pytest.mark.parametrize("keys", ["", "not-a-key", settings.DEV_ENCRYPTION_KEY])
def test_production_refuses_missing_invalid_or_development_encryption_keys(tmp_path, keys):
    result = manage(
        tmp_path,
        "check",
        DJANGO_SECRET_KEY=random_key(),
        DJANGO_ALLOWED_HOSTS="relais.example.org",
        RELAIS_ENCRYPTION_KEYS=keys,
    )
    assert result.returncode != 0
    assert "RELAIS_ENCRYPTION_KEYS" in result.stderr


def test_rendering_a_pdf_in_production_does_not_flood_the_log(tmp_path):
    """WeasyPrint logs its steps, and subsets fonts with fontTools, which logs about a hundred
    INFO lines per PDF: the production log (root at INFO) keeps their warnings only."""
    result = manage(
        tmp_path,
        "shell",
        "-c",
        "import logging; print(*(logging.getLogger(name).getEffectiveLevel() for name in "
        "('fontTools.subset', 'weasyprint.progress', 'weasyprint', 'relais')))",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
    )
    assert result.returncode == 0, result.stderr
    levels = result.stdout.strip().splitlines()[-1].split()
    assert levels == [
        str(logging.WARNING),
        str(logging.WARNING),
        str(logging.INFO),
        str(logging.INFO),
    ]
