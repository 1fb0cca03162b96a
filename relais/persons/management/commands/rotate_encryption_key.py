"""Re-encrypt every encrypted field with the first key of RELAIS_ENCRYPTION_KEYS.

To rotate: put the new key first in RELAIS_ENCRYPTION_KEYS and keep the old ones after it,
restart, run this command, then remove the old keys. It can be run again at any time: values
already under the first key are left alone.
"""

from cryptography.fernet import Fernet, InvalidToken
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import models, transaction
from django.db.models.functions import Cast

from relais.persons import crypto

BATCH_SIZE = 500


def encrypted_fields() -> list[tuple[type[models.Model], str]]:
    """(model, field name) of every EncryptedTextField of the project."""
    return [
        (model, field.name)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, crypto.EncryptedTextField)
    ]


def _under(primary: Fernet, token: str) -> bool:
    try:
        primary.decrypt(token.encode("ascii"))
    except InvalidToken:
        return False
    return True


def rotate_field(model, name: str, *, batch_size: int = BATCH_SIZE) -> tuple[int, int]:
    """(re-encrypted, already under the first key) for one field, in batches by primary key.
    The stored tokens are read and written as they are (Cast to text: no decryption on the
    way in, no second encryption on the way out)."""
    primary = Fernet(settings.RELAIS_ENCRYPTION_KEYS[0])
    manager = model._base_manager
    raw = Cast(name, output_field=models.TextField())
    rotated = current = 0
    last = None
    while True:
        rows = manager.order_by("pk").annotate(_raw=raw).exclude(**{name: ""})
        if last is not None:
            rows = rows.filter(pk__gt=last)
        batch = list(rows.values_list("pk", "_raw")[:batch_size])
        if not batch:
            return rotated, current
        last = batch[-1][0]
        changed = []
        for pk, token in batch:
            if token is None:
                continue
            if _under(primary, token):
                current += 1
            else:
                changed.append((pk, crypto.rotate(token)))
        if changed:
            with transaction.atomic():
                for pk, token in changed:
                    manager.filter(pk=pk).update(
                        **{name: models.Value(token, output_field=models.TextField())}
                    )
            rotated += len(changed)


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted field (notes, goals, contacts, correction requests…) with "
        "the first key of RELAIS_ENCRYPTION_KEYS, in batches; reports counts."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)

    def handle(self, *args, batch_size: int, **options):
        total = 0
        for model, name in encrypted_fields():
            rotated, current = rotate_field(model, name, batch_size=max(1, batch_size))
            total += rotated
            self.stdout.write(
                f"{model._meta.label}.{name}: {rotated} re-encrypted, "
                f"{current} already under the first key."
            )
        self.stdout.write(f"Done: {total} value(s) re-encrypted.")
