from django.conf import settings


def navigation(request):
    """What the base template needs on every page: the user's roles, for the menu."""
    user = getattr(request, "user", None)
    coordinated = []
    if user is not None and user.is_authenticated:
        coordinated = list(user.coordinated_networks().values("slug", "name"))
    return {"coordinated_networks": coordinated, "LANGUAGES": settings.LANGUAGES}
