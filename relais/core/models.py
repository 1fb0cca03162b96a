from django.db import models


class TimeStampedModel(models.Model):
    """Creation and last-change timestamps (UTC)."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
