"""Pages of a network's data-protection officer (DPO): the access log, the break-glass review
queue and alerts on unusual reading.

Only users who hold the DPO role of the network; everyone else gets the 404 of an unknown
page (anonymous visitors are asked to log in). The DPO sees the log, never the content of a
file. Every page is sent with `Cache-Control: no-store`.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from relais.network.selectors import network_members

from . import forms, selectors, services

LOG_PAGE_SIZE = 50


def dpo_page(view):
    @never_cache
    @wraps(view)
    def wrapper(request, *args, slug=None, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if slug is None:
            return view(request, *args, **kwargs)
        network = selectors.network_for_dpo(user=request.user, slug=slug)
        with timezone.override(network.time_zone or "Europe/Brussels"):
            return view(request, network, *args, **kwargs)

    return wrapper


@dpo_page
@require_GET
def index(request):
    networks = list(selectors.networks_for_dpo(user=request.user))
    if not networks:
        raise Http404
    if len(networks) == 1:
        return redirect("dpo:log", slug=networks[0].slug)
    return render(request, "persons/dpo/index.html", {"networks": networks})


@dpo_page
@require_GET
def access_log(request, network):
    organisations = [m.organisation for m in network_members(network=network)]
    form = forms.LogFilterForm(request.GET or None, organisations=organisations)
    page = Paginator(
        selectors.access_log_search(network=network, **form.filters()), LOG_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "persons/dpo/log.html",
        {"network": network, "section": "log", "form": form, "page": page},
    )


def _queue_page(request, network, *, bound=None):
    queue = list(selectors.break_glass_queue(network=network))
    rows = []
    for glass in queue:
        auto_id = f"examen-{glass.pk}-%s"
        form = bound if bound is not None and bound.auto_id == auto_id else None
        rows.append((glass, form or forms.ReviewForm(auto_id=auto_id)))
    return render(
        request,
        "persons/dpo/break_glasses.html",
        {
            "network": network,
            "section": "break_glasses",
            "rows": rows,
            "reviewed": selectors.break_glasses_reviewed(network=network),
        },
    )


@dpo_page
@require_GET
def break_glasses(request, network):
    return _queue_page(request, network)


@dpo_page
@require_POST
def break_glass_review(request, network, glass_id):
    form = forms.ReviewForm(request.POST, auto_id=f"examen-{glass_id}-%s")
    if not form.is_valid():
        return _queue_page(request, network, bound=form)
    services.break_glass_review(
        user=request.user,
        glass_id=glass_id,
        justified=form.cleaned_data["decision"] == "justified",
        comment=form.cleaned_data["comment"],
    )
    messages.success(request, _("L'examen est enregistré."))
    return redirect("dpo:break_glasses", slug=network.slug)


@dpo_page
@require_GET
def alerts(request, network):
    return render(
        request,
        "persons/dpo/alerts.html",
        {
            "network": network,
            "section": "alerts",
            "alerts": selectors.reading_alerts(network=network),
            "min_files": selectors.ALERT_MIN_FILES,
            "window_minutes": selectors.ALERT_WINDOW_MINUTES,
            "lookback_days": selectors.ALERT_LOOKBACK_DAYS,
        },
    )
