"""API tokens: issued for username + password + second factor, stored hashed, 8 hours,
revocable; every non-public operation of the API answers 401 without a valid one."""

import hashlib
import uuid
from datetime import timedelta

import pytest
import time_machine
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.utils import timezone

from config.api import api
from relais.accounts.models import ApiToken
from relais.accounts.services import api_token_issue
from tests.factories import UserFactory, current_totp

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token"


def ask_token(client, username="bruno", password=PASSWORD, otp=None):
    otp = current_totp() if otp is None else otp
    return client.post(
        TOKEN_URL,
        {"username": username, "password": password, "otp": otp},
        content_type="application/json",
    )


def bearer(raw: str) -> dict:
    return {"Authorization": f"Bearer {raw}"}


def test_token_for_username_password_and_code(client, enrolled_worker):
    with time_machine.travel("2026-03-02 08:00 +0100", tick=False):
        response = ask_token(client)

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"token", "expires_at"}
    assert body["expires_at"] == "2026-03-02T15:00:00Z"  # 8 hours later, in UTC
    token = ApiToken.objects.get()
    assert token.user == enrolled_worker
    assert token.with_second_factor


def test_only_the_sha256_digest_is_stored(client, enrolled_worker):
    raw = ask_token(client).json()["token"]

    token = ApiToken.objects.get()
    assert token.digest == hashlib.sha256(raw.encode()).hexdigest()
    stored = [str(getattr(token, f.attname)) for f in ApiToken._meta.concrete_fields]
    assert not any(raw in value for value in stored)


def test_token_works_with_bearer_header(client, enrolled_worker):
    raw = ask_token(client).json()["token"]

    response = client.get(TOKEN_URL, headers=bearer(raw))

    assert response.status_code == 200
    assert response.json()["username"] == "bruno"


def test_a_totp_code_is_good_for_one_token_only(client, enrolled_worker):
    code = current_totp()

    assert ask_token(client, otp=code).status_code == 200
    assert ask_token(client, otp=code).status_code == 401


def test_a_recovery_code_works_once(client, enrolled_worker):
    code = RecoveryCodes.activate(enrolled_worker).get_unused_codes()[0]

    assert ask_token(client, otp=code).status_code == 200
    assert ask_token(client, otp=code).status_code == 401


def test_no_token_without_a_second_factor(client):
    UserFactory(username="claire")  # no role, no authenticator

    assert ask_token(client, username="claire", otp="123456").status_code == 401
    assert not ApiToken.objects.exists()


def test_no_token_for_an_inactive_account(client, enrolled_worker):
    enrolled_worker.is_active = False
    enrolled_worker.save()

    assert ask_token(client).status_code == 401


def test_token_expires_after_eight_hours(client, enrolled_worker):
    with time_machine.travel("2026-03-02 08:00 +0100", tick=False) as traveller:
        raw = ask_token(client).json()["token"]
        traveller.shift(timedelta(hours=8) - timedelta(seconds=1))
        assert client.get(TOKEN_URL, headers=bearer(raw)).status_code == 200
        traveller.shift(timedelta(seconds=1))
        assert client.get(TOKEN_URL, headers=bearer(raw)).status_code == 401


def test_revoked_token_answers_401(client, enrolled_worker):
    raw = ask_token(client).json()["token"]

    response = client.delete(TOKEN_URL, headers=bearer(raw))

    assert response.status_code == 204
    assert ApiToken.objects.get().revoked_at is not None
    assert client.get(TOKEN_URL, headers=bearer(raw)).status_code == 401
    assert client.delete(TOKEN_URL, headers=bearer(raw)).status_code == 401


def test_revoking_one_token_leaves_the_others(client, enrolled_worker):
    first, _ = api_token_issue(user=enrolled_worker)
    second, _ = api_token_issue(user=enrolled_worker)

    client.delete(TOKEN_URL, headers=bearer(first))

    assert client.get(TOKEN_URL, headers=bearer(second)).status_code == 200


def test_token_of_a_deactivated_account_answers_401(client, enrolled_worker):
    raw, _ = api_token_issue(user=enrolled_worker)
    enrolled_worker.is_active = False
    enrolled_worker.save()

    assert client.get(TOKEN_URL, headers=bearer(raw)).status_code == 401


def test_token_is_not_accepted_elsewhere_than_in_the_header(client, enrolled_worker):
    raw, _ = api_token_issue(user=enrolled_worker)

    assert client.get(TOKEN_URL, {"token": raw}).status_code == 401
    assert client.get(TOKEN_URL, headers={"Authorization": raw}).status_code == 401
    assert client.get(TOKEN_URL, headers={"Authorization": f"Token {raw}"}).status_code == 401


def test_token_endpoint_needs_no_csrf_token(enrolled_worker):
    from django.test import Client

    response = ask_token(Client(enforce_csrf_checks=True))

    assert response.status_code == 200


# Every operation of the API


def _operations():
    """(method, path template, path parameters) of every operation of config.api.api, read
    from its OpenAPI schema, with whether it is explicitly public (auth=None: no security)."""
    schema = api.get_openapi_schema()
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            params = [p for p in operation.get("parameters", []) if p["in"] == "path"]
            public = not operation.get("security")
            yield method, path, params, public


def _example(parameter) -> str:
    schema = parameter["schema"]
    if schema.get("type") == "integer":
        return "1"
    if schema.get("format") == "uuid":
        return str(uuid.uuid4())
    return "exemple"


def _url(path: str, params) -> str:
    for parameter in params:
        path = path.replace("{" + parameter["name"] + "}", _example(parameter))
    return path


PROTECTED = [
    pytest.param(method, _url(path, params), id=f"{method.upper()} {path}")
    for method, path, params, public in _operations()
    if not public
]


def test_the_walk_sees_the_operations():
    walked = {(method, path): public for method, path, _params, public in _operations()}

    assert walked[("post", TOKEN_URL)] is True
    assert walked[("delete", TOKEN_URL)] is False
    assert walked[("get", TOKEN_URL)] is False
    assert len(PROTECTED) >= 2


@pytest.mark.parametrize(("method", "url"), PROTECTED)
def test_every_non_public_operation_answers_401_without_a_valid_token(
    client, enrolled_worker, method, url
):
    expired, expired_token = api_token_issue(user=enrolled_worker)
    expired_token.expires_at = timezone.now() - timedelta(seconds=1)
    expired_token.save()
    call = getattr(client, method)

    for headers in ({}, bearer("pas-un-jeton"), bearer(expired), {"Authorization": "Bearer "}):
        response = call(url, data={}, content_type="application/json", headers=headers)
        assert response.status_code == 401, (headers, response.content)
