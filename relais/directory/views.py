"""Pages of the directory: search and service sheet (members see the services for
professionals of their networks), the public directory in seven languages, the organisation
admins' editing pages, the coordinators' freshness board and the pocket guide.

Thin: reads go through selectors (`relais.directory.selectors`, freshness reads in
`tasks`), writes through `relais.directory.services`, input through forms.
"""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from relais.core.db_routing import replica_reads
from relais.core.pdf import pdf_response
from relais.network import selectors as network_selectors

from . import forms, guide, hours, selectors, services, tasks
from . import vocabularies as v
from .models import Service

PAGE_SIZE = 20
LARGE_PRINT_COOKIE = "relais_large_print"
ONE_YEAR = 365 * 24 * 60 * 60


def _page_number(request) -> int:
    try:
        return max(1, int(request.GET.get("page", 1)))
    except (TypeError, ValueError):
        return 1


def _language() -> str:
    return (translation.get_language() or "fr").split("-")[0]


def _results(request, form, *, viewer, now, href):
    """The page of results of a valid search form, or None with the error on the form.
    Each service gets `place` (the location to show), `location_count` and `href`."""
    try:
        page = selectors.services_search_page(
            viewer=viewer,
            now=now,
            page=_page_number(request),
            page_size=PAGE_SIZE,
            local_language=_language(),
            **form.search_arguments(now=now),
        )
    except selectors.SearchError as error:
        form.add_search_error(error)
        return None
    for service in page.items:
        service.place = selectors.main_location(service)
        service.location_count = len(service.locations.all())
        service.href = href(service)
    return page


def _map_context() -> dict:
    return {
        "tile_url": settings.DIRECTORY_TILE_URL,
        "tile_attribution": settings.DIRECTORY_TILE_ATTRIBUTION,
    }


# --- Search and sheet (members and everyone) ----------------------------------------------


@require_GET
@replica_reads
def search(request):
    """One box and filters. Anonymous visitors find the public services; members of a network
    also find its services for professionals."""
    now = timezone.now()
    networks = list(network_selectors.networks_public())
    form = forms.SearchForm(request.GET, networks=networks)
    page = (
        _results(
            request,
            form,
            viewer=request.user,
            now=now,
            href=lambda service: reverse("directory:service", args=[service.pk]),
        )
        if form.is_valid()
        else None
    )
    return render(
        request,
        "directory/search.html",
        {
            "form": form,
            "page": page,
            "now": now,
            "networks": networks,
            "searched": any(value for key, value in request.GET.items() if key != "page"),
            "manages_services": tasks.organisations_administered_by(request.user).exists(),
            **_map_context(),
        },
        status=200 if form.is_valid() and page is not None else 400,
    )


@replica_reads
def service_detail(request, pk: int):
    """Everything a worker needs to orient a person, in the viewer's language (the
    organisation's translation, French for a field it has not translated)."""
    service = selectors.service_get_for(request.user, pk)
    return render(
        request,
        "directory/service_detail.html",
        {
            "service": service,
            "now": timezone.now(),
            "public": False,
            "can_edit": selectors.service_editable_by(request.user, service),
            **_map_context(),
        },
    )


# --- Public directory (no login, public services only, seven languages) -------------------


def _public_preferences(view):
    """Language and print size of the public pages: `?lang=ar` and `?taille=grand` (or
    `normal`) work without JavaScript and are remembered in cookies."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        language = request.GET.get("lang")
        if language not in v.PUBLIC_DIRECTORY_LANGUAGES:
            language = None
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        size = request.GET.get("taille")
        if size in ("grand", "normal"):
            large = size == "grand"
        else:
            large = request.COOKIES.get(LARGE_PRINT_COOKIE) == "1"
        request.large_print = large
        response = view(request, *args, **kwargs)
        if language:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=ONE_YEAR,
                samesite="Lax",
                secure=request.is_secure(),
            )
        if size == "grand":
            response.set_cookie(
                LARGE_PRINT_COOKIE,
                "1",
                max_age=ONE_YEAR,
                samesite="Lax",
                secure=request.is_secure(),
            )
        elif size == "normal":
            response.delete_cookie(LARGE_PRINT_COOKIE, samesite="Lax")
        return response

    return wrapper


def _public_languages(request) -> list[dict]:
    current = _language()
    names = dict(settings.LANGUAGES)
    return [
        {
            "code": code,
            "name": names.get(code, v.LANGUAGES[code]),
            "current": code == current,
            "bidi": translation.get_language_info(code)["bidi"],
        }
        for code in v.PUBLIC_DIRECTORY_LANGUAGES
    ]


@require_GET
@replica_reads
@_public_preferences
def public_directory(request, slug: str):
    network = network_selectors.network_get(slug=slug)
    now = timezone.now()
    form = forms.PublicSearchForm(request.GET, network=network)
    # Public services only, whoever looks: the public directory is what a person sees.
    page = (
        _results(
            request,
            form,
            viewer=None,
            now=now,
            href=lambda service: reverse(
                "directory:public_service", args=[network.slug, service.pk]
            ),
        )
        if form.is_valid()
        else None
    )
    return render(
        request,
        "directory/public_directory.html",
        {
            "network": network,
            "form": form,
            "page": page,
            "now": now,
            "languages": _public_languages(request),
            "large_print": request.large_print,
            **_map_context(),
        },
        status=200 if page is not None else 400,
    )


@require_GET
@replica_reads
@_public_preferences
def public_service(request, slug: str, pk: int):
    network = network_selectors.network_get(slug=slug)
    service = selectors.service_get_for(None, pk)
    if service.network_id != network.pk:
        raise Http404
    return render(
        request,
        "directory/service_detail.html",
        {
            "service": service,
            "network": network,
            "now": timezone.now(),
            "public": True,
            "languages": _public_languages(request),
            "large_print": request.large_print,
            **_map_context(),
        },
    )


@require_GET
@replica_reads
def guide_pdf(request, slug: str):
    """The pocket guide: public services grouped by axis, for printing."""
    network = network_selectors.network_get(slug=slug)
    municipality = request.GET.get("municipality", "")[:120]
    axis = request.GET.get("axis", "")
    if axis and axis not in network.axes:
        raise Http404
    size = request.GET.get("size", "a6")
    language = request.GET.get("lang") or _language()
    if language not in v.PUBLIC_DIRECTORY_LANGUAGES:
        language = "fr"

    def sheet_url(service) -> str:
        path = reverse("directory:public_service", args=[network.slug, service.pk])
        return request.build_absolute_uri(f"{path}?lang={language}")

    content = guide.guide_pdf(
        network=network,
        sheet_url=sheet_url,
        municipality=municipality,
        axis=axis,
        size=size,
        language=language,
    )
    return pdf_response(
        content,
        filename=guide.guide_filename(network=network, municipality=municipality, axis=axis),
    )


# --- Organisation admins ---------------------------------------------------------------------


def login_required_404(view):
    """Anonymous visitors are asked to log in; the selectors answer 404 to everyone else who
    may not see the page."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


@login_required_404
def manage(request):
    """The services of the organisations the user administers (404 for everyone else)."""
    organisations = list(tasks.organisations_administered_by(request.user))
    if not organisations:
        raise Http404
    rows = {organisation.pk: (organisation, []) for organisation in organisations}
    for service in (
        selectors.services_editable_by(request.user)
        .select_related("network", "verified_by")
        .order_by("name", "pk")
    ):
        rows[service.organisation_id][1].append(service)
    return render(
        request,
        "directory/manage/list.html",
        {"rows": list(rows.values()), "stale_count": _stale_count(rows)},
    )


def _stale_count(rows) -> int:
    return sum(tasks.is_stale(service) for _org, services in rows.values() for service in services)


def _service_form_page(request, *, organisation, service: Service | None):
    creating = service is None
    instance = service or Service(organisation=organisation)
    posted = request.POST if request.method == "POST" else None
    form = forms.ServiceForm(posted, instance=instance, organisation=organisation)
    formset = forms.LocationFormSet(
        posted,
        initial=forms.location_initial(service) if service else None,
        prefix="lieux",
    )
    if posted is not None and form.is_valid() and formset.is_valid():
        saved = form.save(commit=False)
        saved.organisation = organisation
        try:
            saved = services.service_save(
                service=saved,
                locations=formset.locations(),
                by=request.user,
                verified=bool(request.POST.get("verified")),
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            message = (
                _("La fiche « %(name)s » est créée.")
                if creating
                else _("La fiche « %(name)s » est enregistrée.")
            )
            messages.success(request, message % {"name": saved.name})
            return redirect("directory:manage_edit", pk=saved.pk)
    return render(
        request,
        "directory/manage/form.html",
        {
            "form": form,
            "formset": formset,
            "organisation": organisation,
            "service": service,
            "creating": creating,
            "notice_form": forms.NoticeForm(auto_id="avis-%s") if service else None,
            "hours_lines": _hours_lines(form),
            "languages": [(code, v.LANGUAGES[code]) for code in v.TRANSLATABLE_LANGUAGES],
            "now": timezone.now(),
        },
        status=400 if posted is not None else 200,
    )


def _hours_lines(form) -> list[str]:
    value = form["opening_hours"].value() or ""
    try:
        hours.validate_opening_hours(value)
        return hours.describe(value, "fr")
    except ValidationError:
        return []


@login_required_404
def manage_create(request):
    """A new service for one of the user's organisations (`?organisation=<slug>` when the
    user administers several)."""
    organisations = list(tasks.organisations_administered_by(request.user))
    if not organisations:
        raise Http404
    slug = request.GET.get("organisation") or request.POST.get("organisation_slug")
    if slug:
        organisation = selectors.organisation_for_admin(request.user, slug)
    elif len(organisations) == 1:
        organisation = organisations[0]
    else:
        return render(
            request, "directory/manage/choose_organisation.html", {"organisations": organisations}
        )
    return _service_form_page(request, organisation=organisation, service=None)


@login_required_404
def manage_edit(request, pk: int):
    service = selectors.service_get_for_edit(request.user, pk)
    return _service_form_page(request, organisation=service.organisation, service=service)


@require_POST
@login_required_404
def manage_verify(request, pk: int):
    """ "J'ai vérifié cette fiche": the date and who."""
    service = selectors.service_get_for_edit(request.user, pk)
    services.service_verify(service=service, by=request.user)
    messages.success(
        request, _("Merci : la fiche « %(name)s » est marquée vérifiée.") % {"name": service.name}
    )
    if request.POST.get("next") == "list":
        return redirect("directory:manage")
    return redirect("directory:manage_edit", pk=service.pk)


@require_POST
@login_required_404
def manage_notice(request, pk: int):
    service = selectors.service_get_for_edit(request.user, pk)
    form = forms.NoticeForm(request.POST, auto_id="avis-%s")
    if form.is_valid():
        try:
            services.notice_add(service=service, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("L'avis est publié sur la fiche."))
            return redirect("directory:manage_edit", pk=service.pk)
    return render(
        request,
        "directory/manage/notice.html",
        {"service": service, "notice_form": form},
        status=400,
    )


@require_POST
@login_required_404
def manage_notice_withdraw(request, pk: int, notice_id: int):
    service = selectors.service_get_for_edit(request.user, pk)
    notice = next((n for n in service.notices.all() if n.pk == notice_id), None)
    if notice is None:
        raise Http404
    services.notice_withdraw(notice=notice)
    messages.success(request, _("L'avis « %(message)s » est retiré.") % {"message": notice.message})
    return redirect(reverse("directory:manage_edit", args=[service.pk]) + "#avis")


@login_required_404
def manage_translations(request, pk: int, language: str | None = None):
    """Description and conditions (and name) per language, field by field; an empty field
    shows the French text."""
    service = selectors.service_get_for_edit(request.user, pk)
    existing = {item.language: item for item in service.translations.all()}
    if language is not None and language not in v.TRANSLATABLE_LANGUAGES:
        raise Http404
    bound = None
    if request.method == "POST":
        if language is None:
            raise Http404
        bound = forms.TranslationForm(
            request.POST,
            instance=existing.get(language),
            language=language,
            prefix=language,
        )
        if bound.is_valid():
            try:
                services.translation_save(service=service, language=language, **bound.cleaned_data)
            except ValidationError as error:
                bound.add_error(None, error.messages)
            else:
                messages.success(
                    request,
                    _("La traduction (%(language)s) est enregistrée.")
                    % {"language": v.LANGUAGES[language]},
                )
                return redirect(
                    reverse("directory:manage_translations", args=[service.pk]) + f"#{language}"
                )
    rows = []
    for code in v.TRANSLATABLE_LANGUAGES:
        form = bound if bound is not None and code == language else None
        form = form or forms.TranslationForm(
            instance=existing.get(code), language=code, prefix=code
        )
        rows.append(
            {
                "code": code,
                "name": v.LANGUAGES[code],
                "form": form,
                "bidi": translation.get_language_info(code)["bidi"],
                "done": code in existing,
            }
        )
    return render(
        request,
        "directory/manage/translations.html",
        {"service": service, "rows": rows},
        status=400 if bound is not None else 200,
    )


@require_GET
def hours_check(request):
    """The live message under the hours field (htmx): the hours in words, or what is wrong."""
    value = request.GET.get("opening_hours", "")[:500]
    error, lines = None, []
    if value.strip():
        try:
            hours.validate_opening_hours(value)
            lines = hours.describe(value, _language())
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
    return render(
        request,
        "directory/manage/hours_check.html",
        {"error": error, "lines": lines, "value": value},
    )


# --- Coordinators: freshness -----------------------------------------------------------------


def freshness(request, slug: str):
    """Services of the network not verified for six months, by organisation (coordinators of
    the network only; 404 for everyone else, login for anonymous visitors)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    network = network_selectors.network_for_coordinator(user=request.user, slug=slug)
    return render(
        request,
        "directory/freshness.html",
        {
            "network": network,
            "board": tasks.freshness_board(network=network),
            "stale_after_days": tasks.STALE_AFTER.days,
        },
    )


# --- Coordinators and organisation admins: services "à classer" ------------------------------


def _to_classify_page(request, *, bound=None, status=200):
    """The list of services "à classer" the user may classify, one form each; `bound` is the
    form of a service posted with an error."""
    rows = []
    for service in selectors.services_to_classify_for(request.user).prefetch_related("locations"):
        form = bound if bound is not None and bound.service.pk == service.pk else None
        rows.append({"service": service, "form": form or forms.ClassifyForm(service=service)})
    networks: dict[int, dict] = {}
    for row in rows:
        network = row["service"].network
        networks.setdefault(network.pk, {"network": network, "rows": []})["rows"].append(row)
    return render(
        request,
        "directory/to_classify.html",
        {"groups": list(networks.values()), "count": len(rows)},
        status=status,
    )


@login_required_404
def to_classify(request):
    """Services imported without any axis the network recognised: hidden until a coordinator
    of the network or an admin of the organisation chooses their axes (404 for others)."""
    if not selectors.may_classify(request.user):
        raise Http404
    return _to_classify_page(request)


@require_POST
@login_required_404
def to_classify_service(request, pk: int):
    service = selectors.service_to_classify_get(request.user, pk)
    form = forms.ClassifyForm(request.POST, service=service)
    if form.is_valid():
        try:
            services.service_classify(
                service=service, axes=form.cleaned_data["axes"], by=request.user
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            if service.visibility == v.Visibility.PUBLIC:
                message = _("« %(name)s » est classé : il est maintenant dans l'annuaire public.")
            else:
                message = _(
                    "« %(name)s » est classé : il est maintenant visible des professionnels "
                    "du réseau."
                )
            messages.success(request, message % {"name": service.name})
            return redirect("directory:to_classify")
    return _to_classify_page(request, bound=form, status=400)
