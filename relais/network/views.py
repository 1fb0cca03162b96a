"""Pages of a network: public pages, the join flow and the coordinator's pages.

Thin: reads go through selectors, writes through services, input through forms.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import exports, forms, selectors, services
from .models import Membership

JOIN_DONE_SESSION_KEY = "network_join_done"


def _posted(request):
    """The submitted data of a POST (even an empty one, which must fail validation)."""
    return request.POST if request.method == "POST" else None


# --- Public pages ----------------------------------------------------------------------------


def network_detail(request, slug: str):
    network = selectors.network_get(slug=slug)
    versions = list(selectors.charter_versions_approved(network=network))
    charter = selectors.charter_current(network=network) if versions else None
    return render(
        request,
        "network/detail.html",
        {
            "network": network,
            "charter": charter,
            "older_versions": len(versions) > 1,
            "municipalities": list(network.municipalities.all()),
            "members": list(selectors.members_with_signature(network=network)),
        },
    )


def charter_versions(request, slug: str):
    network = selectors.network_get(slug=slug)
    versions = list(selectors.charter_versions_approved(network=network))
    current = selectors.charter_current(network=network) if versions else None
    return render(
        request,
        "network/charter_versions.html",
        {"network": network, "versions": versions, "current": current},
    )


def charter_version(request, slug: str, number: int):
    network = selectors.network_get(slug=slug)
    version = selectors.charter_version_get(network=network, number=number)
    return _charter_version_page(request, network, version)


def _charter_version_page(request, network, version, *, coordination: bool = False):
    current = selectors.charter_current(network=network)
    # An approved version is compared with the one before it, a draft with the one in force.
    previous = selectors.charter_previous(version=version) if version.approved_on else current
    changes = selectors.charter_changes(version=version, previous=previous)
    return render(
        request,
        "network/charter_version.html",
        {
            "network": network,
            "version": version,
            "current": current,
            "previous": previous,
            "changes": [change for change in changes if change.status != "same"],
            "unchanged": sum(change.status == "same" for change in changes),
            "coordination": coordination,
            "approve_form": (
                forms.CharterApproveForm(auto_id=f"approbation-{version.number}-%s")
                if coordination and version.approved_on is None
                else None
            ),
        },
    )


def join(request, slug: str):
    """Sign the charter: the form mirrors the charter's signature block."""
    network = selectors.network_get(slug=slug)
    charter = selectors.charter_current(network=network)
    if charter is None:
        return render(request, "network/join_closed.html", {"network": network})
    form = forms.JoinForm(_posted(request), network=network, charter=charter)
    if request.method == "POST" and form.is_valid():
        if form.is_spam():
            return redirect("network:join_done", slug=network.slug)
        try:
            signature = services.membership_apply(network=network, **form.service_arguments())
        except ValidationError as error:
            form.add_service_error(error)
        else:
            request.session[JOIN_DONE_SESSION_KEY] = {
                "network": network.slug,
                "organisation": signature.organisation.name,
                "contact_email": form.cleaned_data["contact_email"],
                "ga_requested": form.cleaned_data["ga_requested"],
            }
            return redirect("network:join_done", slug=network.slug)
    return render(
        request, "network/join.html", {"network": network, "charter": charter, "form": form}
    )


def join_done(request, slug: str):
    network = selectors.network_get(slug=slug)
    done = request.session.pop(JOIN_DONE_SESSION_KEY, None)
    if done and done.get("network") != network.slug:
        done = None
    return render(request, "network/join_done.html", {"network": network, "done": done})


# --- Coordinator pages -----------------------------------------------------------------------


def coordinator_required(view):
    """Only coordinators of the network. Anonymous visitors are asked to log in; everyone
    else (workers, DPOs, coordinators of another network) gets the 404 of an unknown page."""

    @wraps(view)
    def wrapper(request, slug: str, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        network = selectors.network_for_coordinator(user=request.user, slug=slug)
        return view(request, network, *args, **kwargs)

    return wrapper


@coordinator_required
def coordination(request, network):
    charter = selectors.charter_current(network=network)
    return render(
        request,
        "network/coordination/overview.html",
        {
            "network": network,
            "section": "overview",
            "counts": selectors.membership_counts(network=network),
            "charter": charter,
            "drafts": [
                v
                for v in selectors.charter_versions_for_coordinator(network=network)
                if v.approved_on is None
            ],
            "to_resign": list(selectors.memberships_to_resign(network=network)),
            "transition_ends_on": charter.transition_ends_on() if charter else None,
        },
    )


@coordinator_required
def memberships(request, network):
    return _memberships_page(request, network)


def _row_forms(items, form_class, *, key, prefix: str, bound=None, when=lambda item: True):
    """One small form per row, each with its own field ids; the row that was just posted
    gets the bound form with its errors."""
    rows = []
    for item in items:
        form = None
        if when(item):
            auto_id = f"{prefix}-{key(item)}-%s"
            form = bound if bound is not None and bound.auto_id == auto_id else None
            form = form or form_class(auto_id=auto_id)
        rows.append((item, form))
    return rows


def _memberships_page(request, network, *, leave_form=None, status=200):
    filters = forms.MembershipFilterForm(request.GET or None, network=network)
    memberships = selectors.memberships_filtered(network=network, **filters.filters())
    return render(
        request,
        "network/coordination/memberships.html",
        {
            "network": network,
            "section": "memberships",
            "filters": filters,
            "rows": _row_forms(
                memberships,
                forms.LeaveForm,
                key=lambda m: m.organisation.slug,
                prefix="depart",
                bound=leave_form,
                when=lambda m: m.status == Membership.Status.ACTIVE,
            ),
        },
        status=status,
    )


@require_POST
@coordinator_required
def membership_leave(request, network, organisation: str):
    membership = selectors.membership_get(network=network, organisation_slug=organisation)
    form = forms.LeaveForm(request.POST, auto_id=f"depart-{membership.organisation.slug}-%s")
    if form.is_valid():
        try:
            services.membership_leave(membership=membership, ended_on=form.cleaned_data["ended_on"])
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                _("%(name)s a quitté le réseau.") % {"name": membership.organisation.name},
            )
            return redirect("network:memberships", slug=network.slug)
    return _memberships_page(request, network, leave_form=form, status=400)


@coordinator_required
def applications(request, network):
    return _applications_page(request, network)


def _applications_page(request, network, *, refuse_form=None, status=200):
    return render(
        request,
        "network/coordination/applications.html",
        {
            "network": network,
            "section": "applications",
            "rows": _row_forms(
                selectors.applications_for_coordinator(network=network),
                forms.RefuseForm,
                key=lambda signature: signature.id,
                prefix="refus",
                bound=refuse_form,
            ),
        },
        status=status,
    )


@require_POST
@coordinator_required
def application_accept(request, network, signature_id: int):
    signature = selectors.application_get(network=network, signature_id=signature_id)
    try:
        membership = services.application_accept(signature=signature, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(name)s est maintenant partenaire du réseau.")
            % {"name": membership.organisation.name},
        )
    return redirect("network:applications", slug=network.slug)


@require_POST
@coordinator_required
def application_refuse(request, network, signature_id: int):
    signature = selectors.application_get(network=network, signature_id=signature_id)
    form = forms.RefuseForm(request.POST, auto_id=f"refus-{signature.id}-%s")
    if form.is_valid():
        try:
            services.application_refuse(
                signature=signature, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                _("La demande de %(name)s est refusée ; le service en est informé.")
                % {"name": signature.organisation.name},
            )
            return redirect("network:applications", slug=network.slug)
    return _applications_page(request, network, refuse_form=form, status=400)


@coordinator_required
def ga_seats(request, network):
    return _ga_seats_page(request, network)


def _ga_seats_page(request, network, *, seat_form=None, status=200):
    return render(
        request,
        "network/coordination/ga_seats.html",
        {
            "network": network,
            "section": "ga_seats",
            "rows": _row_forms(
                selectors.ga_seats_pending(network=network),
                forms.GaSeatForm,
                key=lambda m: m.organisation.slug,
                prefix="ag",
                bound=seat_form,
            ),
        },
        status=status,
    )


@require_POST
@coordinator_required
def ga_seat_approve(request, network, organisation: str):
    membership = selectors.membership_get(network=network, organisation_slug=organisation)
    form = forms.GaSeatForm(request.POST, auto_id=f"ag-{membership.organisation.slug}-%s")
    if form.is_valid():
        try:
            services.ga_seat_approve(
                membership=membership, approved_on=form.cleaned_data["approved_on"]
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                _("%(name)s siège désormais à l'assemblée générale (%(label)s).")
                % {"name": membership.organisation.name, "label": network.ga_member_label},
            )
            return redirect("network:ga_seats", slug=network.slug)
    return _ga_seats_page(request, network, seat_form=form, status=400)


@coordinator_required
def signatures(request, network):
    form = forms.PaperSignatureForm(_posted(request), request.FILES or None, network=network)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.paper_signature_record(
                version=data["version"],
                organisation=data["organisation"],
                signatories=data["signatories"],
                signed_on=data["signed_on"],
                by=request.user,
                document=data["document"],
                make_partner=data["make_partner"],
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                _("La signature de %(name)s est enregistrée.")
                % {"name": data["organisation"].name},
            )
            return redirect("network:signatures", slug=network.slug)
    status = 400 if form.errors else 200
    return render(
        request,
        "network/coordination/signatures.html",
        {
            "network": network,
            "section": "signatures",
            "signatures": list(selectors.signatures_for_coordinator(network=network)),
            "form": form,
            "has_charter": form.fields["version"].queryset.exists(),
        },
        status=status,
    )


@coordinator_required
def signature_document(request, network, signature_id: int):
    """The scan of a signed charter, for the network's coordinators only."""
    signature = selectors.application_get(network=network, signature_id=signature_id)
    if not signature.document:
        raise Http404
    return FileResponse(signature.document.open("rb"), as_attachment=False)


@coordinator_required
def charter_admin(request, network):
    return _charter_admin_page(request, network)


def _charter_admin_page(request, network, *, approve_form=None, status=200):
    return render(
        request,
        "network/coordination/charter.html",
        {
            "network": network,
            "section": "charter",
            "rows": _row_forms(
                selectors.charter_versions_for_coordinator(network=network),
                forms.CharterApproveForm,
                key=lambda version: version.number,
                prefix="approbation",
                bound=approve_form,
                when=lambda version: version.approved_on is None,
            ),
            "current": selectors.charter_current(network=network),
        },
        status=status,
    )


@coordinator_required
def charter_draft(request, network):
    """A new version, drafted from pasted text (the version in force is the starting point)."""
    current = selectors.charter_current(network=network)
    initial = {}
    if current is not None:
        initial = {"title": current.title, "text": forms.charter_text(current.sections)}
    form = forms.CharterDraftForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.charter_version_create(
                network=network, title=form.cleaned_data["title"], sections=form.sections()
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                _("Le brouillon de la version %(number)s est enregistré.")
                % {"number": version.number},
            )
            return redirect(
                "network:charter_admin_version", slug=network.slug, number=version.number
            )
    return render(
        request,
        "network/coordination/charter_draft.html",
        {"network": network, "section": "charter", "form": form},
        status=400 if form.errors else 200,
    )


@coordinator_required
def charter_admin_version(request, network, number: int):
    version = selectors.charter_version_get(network=network, number=number, drafts=True)
    return _charter_version_page(request, network, version, coordination=True)


@require_POST
@coordinator_required
def charter_approve(request, network, number: int):
    version = selectors.charter_version_get(network=network, number=number, drafts=True)
    form = forms.CharterApproveForm(request.POST, auto_id=f"approbation-{version.number}-%s")
    if form.is_valid():
        try:
            services.charter_version_approve(
                version=version, approved_on=form.cleaned_data["approved_on"]
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                _("La version %(number)s est la charte en vigueur.") % {"number": version.number},
            )
            return redirect("network:charter_admin", slug=network.slug)
    return _charter_admin_page(request, network, approve_form=form, status=400)


@coordinator_required
def members_csv(request, network):
    return exports.members_csv(network)


@coordinator_required
def members_xlsx(request, network):
    return exports.members_xlsx(network)


@coordinator_required
def members_pdf(request, network):
    return exports.members_pdf(network, request=request)
