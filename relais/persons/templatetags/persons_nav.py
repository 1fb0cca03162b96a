"""The menu's links to the person pages, the DPO pages and the directory services "à classer"
(base.html)."""

from django import template

from relais.persons.selectors import navigation_for

register = template.Library()


@register.simple_tag(takes_context=True)
def persons_navigation(context) -> dict:
    """{"persons": bool, "dpo": bool, "to_classify": int} for the logged-in user, computed
    once per request (see `navigation_for`)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None or user is None:
        return {"persons": False, "dpo": False, "to_classify": 0}
    cached = getattr(request, "_relais_persons_navigation", None)
    if cached is None:
        cached = navigation_for(user)
        request._relais_persons_navigation = cached
    return cached
