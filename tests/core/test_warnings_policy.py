"""The test suite's warning policy (pyproject.toml): relais' own warnings are errors, a
third-party library's notices about itself are not (a missing optional system library must
not fail `make test`)."""

import warnings

import pytest


def _warn_from(module: str, message: str = "a notice", category=DeprecationWarning) -> None:
    warnings.warn_explicit(message, category, filename=f"{module}.py", lineno=1, module=module)


@pytest.mark.parametrize("module", ["relais.directory.guide", "config.settings.base", "tests.x"])
def test_a_warning_from_the_project_fails_the_test(module):
    with pytest.raises(DeprecationWarning):
        _warn_from(module)


def test_django_naive_datetime_warning_fails_the_test():
    message = (
        "DateTimeField Service.verified_at received a naive datetime (2026-01-01 00:00:00) "
        "while time zone support is active."
    )
    with pytest.raises(RuntimeWarning):
        _warn_from("django.db.models.fields", message, RuntimeWarning)


@pytest.mark.parametrize("module", ["weasyprint.text.ffi", "relaisx", "allauth.mfa"])
def test_a_third_party_notice_is_not_an_error(module):
    with warnings.catch_warnings(record=True) as caught:
        _warn_from(module)
    assert [str(w.message) for w in caught] == ["a notice"]
