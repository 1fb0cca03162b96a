from django.shortcuts import render


def locked_out(request, credentials=None, *args, **kwargs):
    """Shown by django-axes after too many failed logins for a username and address."""
    if request.path.startswith("/api/"):
        from django.http import JsonResponse

        return JsonResponse({"detail": "Identifiants ou code invalides."}, status=401)
    return render(request, "account/locked_out.html", status=403)
