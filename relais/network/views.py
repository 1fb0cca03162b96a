from django.shortcuts import render

from . import selectors


def network_detail(request, slug: str):
    network = selectors.network_get(slug=slug)
    charter = selectors.charter_current(network=network)
    signatures = selectors.charter_signatories(version=charter) if charter else []
    return render(
        request,
        "network/detail.html",
        {"network": network, "charter": charter, "signatures": signatures},
    )


def coordination(request, slug: str):
    from django.http import Http404

    network = selectors.network_get(slug=slug)
    if not selectors.user_coordinates(user=request.user, network=network):
        raise Http404
    return render(request, "network/coordination.html", {"network": network})
