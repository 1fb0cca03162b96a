from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext

from .api import GENERIC_FAILURE


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer once a username and address are locked (AXES_LOCKOUT_CALLABLE).

    The API gets its usual 401 with the one generic message; a browser gets a page (403).
    """
    if request.path.startswith(reverse("api:api-root")):
        return JsonResponse({"detail": gettext(GENERIC_FAILURE)}, status=401)
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "account/locked_out.html", {"cooloff_minutes": minutes}, status=403)
