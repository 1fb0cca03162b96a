"""Encryption at rest of free text in person files (notes, goals, contacts).

Keys come from settings.RELAIS_ENCRYPTION_KEYS (environment variable RELAIS_ENCRYPTION_KEYS in
production: comma-separated Fernet keys, the first one encrypts, all of them decrypt). To
rotate: put a new key first, keep the old ones, run `manage.py rotate_encryption_key`, then
remove the old keys.
"""

from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.signals import setting_changed
from django.db import models


@cache
def _fernet() -> MultiFernet:
    keys = settings.RELAIS_ENCRYPTION_KEYS
    if not keys:
        raise RuntimeError("RELAIS_ENCRYPTION_KEYS is empty: person notes cannot be encrypted.")
    return MultiFernet([Fernet(key) for key in keys])


def _reset(**kwargs):
    if kwargs.get("setting") == "RELAIS_ENCRYPTION_KEYS":
        _fernet.cache_clear()


setting_changed.connect(_reset)


def encrypt(text: str) -> str:
    return _fernet().encrypt(text.encode()).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode("ascii")).decode()
    except InvalidToken as error:
        raise RuntimeError("A person note cannot be decrypted with the configured keys.") from error


def rotate(token: str) -> str:
    return _fernet().rotate(token.encode("ascii")).decode("ascii")


class EncryptedTextField(models.TextField):
    """Text stored encrypted (Fernet); Python code only ever sees the clear text."""

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(value)
