"""Person pages for workers, volunteers allowed to open files and organisation admins.

Thin: every read goes through `access.get_person_for` (or `access.get_referent_file_for` for
what only the referent organisation may do), which decides and audits, then through the
selectors for content; every write goes through a service, which checks access again and
audits in the same transaction. A file the user may not see answers exactly like an unknown
id (404). Every page is sent with `Cache-Control: no-store`.
"""

import json
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from relais.audit.models import Action
from relais.core.pdf import pdf_response, render_pdf

from . import access, forms, selectors, services, slip
from .models import Consent, Note

SEARCH_PAGE_SIZE = 25
LOG_PAGE_SIZE = 50
# The file page shows the latest entries of its access log; the whole log has its own page.
FILE_LOG_ENTRIES = 20
PORTAL_PATH = slip.PORTAL_PATH


def person_page(view):
    """Logged-in users only (anonymous visitors are asked to log in, whatever the id);
    never cached anywhere."""

    @never_cache
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


def _acting_or_404(user) -> list:
    organisations = access.acting_organisations(user)
    if not organisations:
        raise access.PersonNotFound
    return organisations


def _posted(request):
    return request.POST if request.method == "POST" else None


def _in_network_time(person):
    return timezone.override(person.network.time_zone or "Europe/Brussels")


def _file_url(person_id, anchor: str = "") -> str:
    return reverse("persons:file", args=[person_id]) + (f"#{anchor}" if anchor else "")


# --- Search and new file ----------------------------------------------------------------------


@person_page
@require_GET
def search(request):
    organisations = _acting_or_404(request.user)
    form = forms.SearchForm(request.GET or None)
    q = form.cleaned_data["q"].strip() if form.is_valid() else ""
    page = None
    if q:
        page = Paginator(
            selectors.persons_search(user=request.user, q=q), SEARCH_PAGE_SIZE
        ).get_page(request.GET.get("page"))
        # A name seen in a list is a look at the file: one `search` entry per file shown.
        services.persons_search_audit(user=request.user, persons=page.object_list)
    own = {o.pk for o in organisations}
    return render(
        request,
        "persons/search.html",
        {
            "form": form,
            "q": q,
            "page": page,
            "rows": [(p, p.referent_organisation_id in own) for p in page] if page else [],
            "lookup_form": forms.BreakGlassLookupForm(auto_id="urgence-%s"),
        },
    )


@person_page
@require_http_methods(["GET", "POST"])
def create(request):
    organisations = _acting_or_404(request.user)
    form = forms.PersonForm(_posted(request), organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(
                user=request.user, organisation=form.organisation(), **form.service_fields()
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                _(
                    "Le dossier est ouvert. Dites à la personne ce qui est noté, qu'elle peut le "
                    "lire à tout moment et que rien n'est partagé sans son accord."
                ),
            )
            return redirect(_file_url(person.pk))
    return render(request, "persons/create.html", {"form": form})


# --- The file ---------------------------------------------------------------------------------


def _note_visibilities(file) -> list[str]:
    visibilities = []
    if file.can_see(access.PRIVATE_NOTES):
        visibilities.append(Note.Visibility.ORGANISATION)
    if file.can_see(access.SHARED_NOTES):
        visibilities.append(Note.Visibility.SHARED)
    return visibilities


def _scope_labels(codes) -> list[str]:
    labels = dict(Consent.Scope.choices)
    return [str(labels[code]) for code in Consent.SCOPE_FIELDS if code in set(codes)]


def _consent_rows(consents, now) -> list[dict]:
    return [
        {
            "consent": c,
            "state": selectors.consent_state(c, now),
            "scope": _scope_labels(c.scope),
            "organisations": [o.name for o in c.organisations.all()],
        }
        for c in consents
    ]


def _shown_name(file) -> str:
    """The person's name when the viewer may see the identity, else a neutral title."""
    return file.person.called_name if file.can_see(access.IDENTITY) else _("Dossier partagé")


def _file_page(request, person_id, *, note_form=None, contact_form=None, goal_form=None):
    """The file as the user may see it. A constant number of queries whatever its size."""
    file = access.get_person_for(request.user, person_id, Action.READ)
    data = selectors.person_file_for(file)
    person = file.person
    with _in_network_time(person):
        visibilities = _note_visibilities(file)
        if note_form is None and visibilities:
            note_form = forms.NoteForm(visibilities=visibilities, auto_id="note-%s")
        if contact_form is None and file.can_see(access.SHARED_NOTES):
            contact_form = forms.ContactForm(auto_id="contact-%s")
        if goal_form is None and file.can_see(access.LIFE_PROJECT):
            goal_form = forms.GoalForm(auto_id="objectif-%s")
        now = timezone.now()
        return render(
            request,
            "persons/file.html",
            {
                "file": file,
                "data": data,
                "person": person,
                "name": _shown_name(file),
                "is_referent": file.is_referent,
                "basis": file.basis,
                "sees": {part: file.can_see(part) for part in access.WHOLE_FILE},
                "shared_parts": _scope_labels(p for p in access.SHARED_PART if file.can_see(p)),
                "consents": _consent_rows(data.consents, now),
                "log": (
                    list(selectors.access_log_for(person, limit=FILE_LOG_ENTRIES))
                    if file.is_referent
                    else []
                ),
                "may_erase": selectors.is_referent_admin(user=request.user, file=file),
                "note_form": note_form,
                "contact_form": contact_form,
                "goal_form": goal_form,
                "portal_path": PORTAL_PATH,
            },
        )


@person_page
@require_GET
def person_file(request, person_id):
    return _file_page(request, person_id)


@person_page
@require_POST
def note_add(request, person_id):
    form = forms.NoteForm(request.POST, auto_id="note-%s")
    if form.is_valid():
        try:
            services.note_add(user=request.user, person_id=person_id, **form.service_arguments())
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("La note est ajoutée."))
            return redirect(_file_url(person_id, "notes"))
    return _file_page(request, person_id, note_form=form)


@person_page
@require_POST
def contact_add(request, person_id):
    form = forms.ContactForm(request.POST, auto_id="contact-%s")
    if form.is_valid():
        try:
            services.contact_add(user=request.user, person_id=person_id, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Le contact est ajouté."))
            return redirect(_file_url(person_id, "contacts"))
    return _file_page(request, person_id, contact_form=form)


@person_page
@require_POST
def goal_add(request, person_id):
    form = forms.GoalForm(request.POST, auto_id="objectif-%s")
    if form.is_valid():
        try:
            services.goal_save(user=request.user, person_id=person_id, **form.service_arguments())
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("L'objectif est ajouté au projet de vie."))
            return redirect(_file_url(person_id, "projet"))
    return _file_page(request, person_id, goal_form=form)


@person_page
@require_http_methods(["GET", "POST"])
def goal_edit(request, person_id, goal_id):
    form = forms.GoalForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_update(
                user=request.user,
                person_id=person_id,
                goal_id=goal_id,
                **form.service_arguments(),
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("L'objectif est modifié."))
            return redirect(_file_url(person_id, "projet"))
    file = access.get_person_for(request.user, person_id, Action.READ)
    goal = selectors.goal_for(file, goal_id)
    if request.method != "POST":
        form = forms.GoalForm(goal=goal)
    return render(
        request,
        "persons/goal_form.html",
        {
            "file": file,
            "person": file.person,
            "name": _shown_name(file),
            "goal": goal,
            "form": form,
        },
    )


@person_page
@require_http_methods(["GET", "POST"])
def identity(request, person_id):
    """Correct the identity part: the referent organisation."""
    form = forms.PersonForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(user=request.user, person_id=person_id, **form.service_fields())
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("L'identité est modifiée."))
            return redirect(_file_url(person_id, "identite"))
    file = access.get_referent_file_for(request.user, person_id, Action.READ)
    if request.method != "POST":
        form = forms.PersonForm(person=file.person)
    return render(
        request, "persons/identity_form.html", {"file": file, "person": file.person, "form": form}
    )


# --- Consents ---------------------------------------------------------------------------------


@person_page
@require_http_methods(["GET", "POST"])
def consent_new(request, person_id):
    """Record a consent the person gave: the referent organisation."""
    file = access.get_referent_file_for(request.user, person_id, Action.READ)
    person = file.person
    with _in_network_time(person):
        form = forms.ConsentForm(
            _posted(request),
            organisations=selectors.consent_organisation_choices(person=person),
        )
        if request.method == "POST" and form.is_valid():
            try:
                consent = services.consent_grant(
                    user=request.user, person_id=person_id, **form.service_arguments()
                )
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(
                    request,
                    _(
                        "Le consentement est enregistré. Imprimez le bulletin et donnez-le à la "
                        "personne : il dit ce qui est partagé, avec qui, et comment retirer son "
                        "accord."
                    ),
                )
                return redirect("persons:consent_slip", person_id=person_id, consent_id=consent.pk)
        return render(
            request, "persons/consent_form.html", {"file": file, "person": person, "form": form}
        )


@person_page
@require_POST
def consent_revoke(request, person_id, consent_id):
    consent = services.consent_revoke(user=request.user, consent_id=consent_id)
    messages.success(
        request,
        _("Le consentement est retiré : le partage s'arrête dès maintenant."),
    )
    return redirect(_file_url(consent.person_id, "consentements"))


def _consent_for_slip(request, person_id, consent_id):
    file = access.get_referent_file_for(request.user, person_id, Action.READ)
    return file, selectors.consent_for(file, consent_id)


@person_page
@require_GET
def consent_slip(request, person_id, consent_id):
    """The printable consent slip, in French, Dutch, German or English (`lang`)."""
    file, consent = _consent_for_slip(request, person_id, consent_id)
    lang = slip.slip_language(request.GET.get("lang"))
    context = slip.consent_slip_context(
        person=file.person,
        consent=consent,
        lang=lang,
        portal_url=request.build_absolute_uri(PORTAL_PATH),
    )
    context["file"] = file
    with _in_network_time(file.person):
        return render(request, "persons/slip/consent.html", context)


@person_page
@require_GET
def consent_slip_pdf(request, person_id, consent_id):
    file, consent = _consent_for_slip(request, person_id, consent_id)
    lang = slip.slip_language(request.GET.get("lang"))
    with _in_network_time(file.person):
        content = slip.consent_slip_pdf(
            person=file.person,
            consent=consent,
            lang=lang,
            portal_url=request.build_absolute_uri(PORTAL_PATH),
        )
    return pdf_response(content, filename=f"consentement-{consent.pk}-{lang}.pdf")


# --- Referent organisation: log, export, access code, erasure -----------------------------------


@person_page
@require_GET
def access_log(request, person_id):
    """Who looked at the file: the referent organisation."""
    file = access.get_referent_file_for(request.user, person_id, Action.READ)
    page = Paginator(selectors.access_log_entries(person=file.person), LOG_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    with _in_network_time(file.person):
        return render(
            request,
            "persons/access_log.html",
            {"file": file, "person": file.person, "page": page},
        )


def _export(request, person_id):
    file = access.get_referent_admin_file_for(request.user, person_id, Action.EXPORT)
    data = selectors.person_file_for(file)
    log = list(selectors.access_log_entries(person=file.person))
    return file, data, log


@person_page
@require_GET
def export_json(request, person_id):
    _file, data, log = _export(request, person_id)
    content = json.dumps(selectors.person_export_data(data, log), ensure_ascii=False, indent=2)
    response = HttpResponse(content, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="dossier-{data.person.pk}.json"'
    return response


@person_page
@require_GET
def export_pdf(request, person_id):
    file, data, log = _export(request, person_id)
    with _in_network_time(file.person):
        content = render_pdf(
            "persons/export_pdf.html",
            {
                "file": file,
                "data": data,
                "person": file.person,
                "consents": _consent_rows(data.consents, timezone.now()),
                "log": log,
                "now": timezone.now(),
            },
            request=request,
        )
    return pdf_response(content, filename=f"dossier-{data.person.pk}.pdf")


@person_page
@require_http_methods(["GET", "POST"])
def access_code(request, person_id):
    """A file code and a new access code for "mon dossier", printed for the person. The
    access code is shown once, on the answer to the POST."""
    if request.method == "POST":
        file_code, code = services.access_code_issue(user=request.user, person_id=person_id)
        portal_url = request.build_absolute_uri(PORTAL_PATH)
        return render(
            request,
            "persons/access_code_slip.html",
            {
                "person_id": person_id,
                "file_code": file_code,
                "access_code": code,
                "portal_url": portal_url,
                "qr_code": slip.qr_code_data_uri(portal_url),
            },
        )
    file = access.get_referent_file_for(request.user, person_id, Action.READ)
    with _in_network_time(file.person):
        return render(request, "persons/access_code.html", {"file": file, "person": file.person})


@person_page
@require_http_methods(["GET", "POST"])
def erase(request, person_id):
    """Erase (anonymise) a file: admins of the referent organisation, after confirming."""
    form = forms.EraseForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        services.person_anonymise(user=request.user, person_id=person_id)
        messages.success(
            request,
            _("Le dossier est effacé : l'identité, les notes et le projet de vie n'existent plus."),
        )
        return redirect("persons:search")
    file = selectors.erasable_file_for(user=request.user, person_id=person_id)
    return render(
        request, "persons/erase.html", {"file": file, "person": file.person, "form": form}
    )


# --- Break-glass ------------------------------------------------------------------------------


@person_page
@require_GET
def break_glass_lookup(request):
    """Reach the emergency page of a file from its id (given by the referent organisation)."""
    _acting_or_404(request.user)
    form = forms.BreakGlassLookupForm(request.GET or None, auto_id="urgence-%s")
    if form.is_valid():
        return redirect("persons:break_glass", person_id=form.cleaned_data["dossier"])
    return render(request, "persons/break_glass_lookup.html", {"form": form})


@person_page
@require_http_methods(["GET", "POST"])
def break_glass(request, person_id):
    """Emergency access to the shared part of a file, for 24 hours, after typing the danger.
    Any worker of a member of the file's network; others get the 404 of an unknown file. The
    page itself shows nothing of the file."""
    access.may_declare_break_glass(request.user, person_id)
    form = forms.BreakGlassForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.break_glass_declare(
                user=request.user, person_id=person_id, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.warning(
                request,
                _(
                    "Accès d'urgence ouvert pour 24 heures au plus. L'organisation référente et "
                    "la personne déléguée à la protection des données du réseau viennent d'en "
                    "être informées ; cet accès sera examiné."
                ),
            )
            return redirect(_file_url(person_id))
    return render(request, "persons/break_glass.html", {"person_id": person_id, "form": form})
