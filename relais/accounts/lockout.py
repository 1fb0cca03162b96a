"""Which address django-axes locks, behind the HTTPS reverse proxy of production."""

from django.conf import settings


def client_ip(request) -> str | None:
    """The client's address as seen by the last of RELAIS_TRUSTED_PROXIES proxies.

    Each trusted proxy appends the address it received the request from to
    X-Forwarded-For, so the client is the entry that many places from the right; entries
    further left were written by the client and can be forged. Without trusted proxies (or
    header), REMOTE_ADDR.
    """
    proxies = settings.RELAIS_TRUSTED_PROXIES
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [a for a in forwarded if a]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")
