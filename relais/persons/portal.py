"""The person's own access to their file ("mon dossier"), without any staff account.

The person types the file code and the access code printed on the slip their referent
worker gave them. Wrong codes are counted per file code and address (5 failures lock that
pair for 30 minutes, like staff logins) and per address (a wider net against someone trying
many file codes). Once in, the session holds only the person's id and ends after 30 minutes
without a request.

Every page that shows something of the file opens it through
`services.person_own_file_open` (which asks `access.own_file` and writes the audit entry
with basis `person`), then reads it with `selectors.person_file_for`: the whole file except
notes withheld because they are about a third person. Writes go through the services.
Every answer is sent with `Cache-Control: no-store`.
"""

import hashlib
import json
import time
from functools import wraps

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language_info, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from relais.accounts.lockout import client_ip
from relais.audit.models import Action
from relais.core.pdf import pdf_response, render_pdf

from . import access, selectors, services
from .models import Consent, Person

PORTAL_SESSION_KEY = "relais_portal_person"
PORTAL_IDLE_SECONDS = 30 * 60
PORTAL_MAX_SECONDS = 2 * 60 * 60
PORTAL_CODE_STAMP = "relais_portal_code_set_at"
PORTAL_STARTED = "relais_portal_started"
# Languages the portal is translated into (the language switch offers these only).
PORTAL_LANGUAGES = ("fr", "nl", "de", "en")

# Lockout: like staff logins (django-axes: 5 failures per username + address, 30 minutes).
# A cache counter rather than axes, whose attempt log would keep the typed access code.
FAILURE_LIMIT = 5
ADDRESS_FAILURE_LIMIT = 30
LOCKOUT_SECONDS = 30 * 60


# --- Lockout --------------------------------------------------------------------------------


def normalise_code(code: str) -> str:
    return "".join(c for c in (code or "").upper() if c.isalnum())


def _lock_keys(request, file_code: str) -> tuple[str, str]:
    address = client_ip(request) or "unknown"
    pair = hashlib.sha256(f"{normalise_code(file_code)}|{address}".encode()).hexdigest()
    wide = hashlib.sha256(address.encode()).hexdigest()
    return f"relais:portal:fail:{pair}", f"relais:portal:fail-address:{wide}"


def is_locked(request, file_code: str) -> bool:
    pair, wide = _lock_keys(request, file_code)
    counts = cache.get_many([pair, wide])
    return counts.get(pair, 0) >= FAILURE_LIMIT or counts.get(wide, 0) >= ADDRESS_FAILURE_LIMIT


def _count_failure(request, file_code: str) -> None:
    for key in _lock_keys(request, file_code):
        cache.add(key, 0, LOCKOUT_SECONDS)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, LOCKOUT_SECONDS)
        cache.touch(key, LOCKOUT_SECONDS)


def person_login(request, *, file_code: str, access_code: str) -> tuple[Person | None, bool]:
    """(the person, False) for the right codes; (None, locked) otherwise. A locked file code
    and address pair is refused even with the right codes, for 30 minutes after the last
    failure. A success clears that pair's failures."""
    if is_locked(request, file_code):
        return None, True
    person = services.person_authenticate(file_code=file_code, access_code=access_code)
    if person is None:
        _count_failure(request, file_code)
        return None, is_locked(request, file_code)
    cache.delete(_lock_keys(request, file_code)[0])
    return person, False


# --- The portal session ---------------------------------------------------------------------


def _start_session(request, person: Person) -> None:
    """A fresh session holding only the person's id (any staff login in this browser ends:
    a shared computer must not mix the two)."""
    request.session.flush()
    request.session[PORTAL_SESSION_KEY] = str(person.pk)
    _stamp(request, person)
    request.session[PORTAL_STARTED] = time.time()
    request.session.set_expiry(PORTAL_IDLE_SECONDS)


def _stamp(request, person: Person) -> None:
    """Remember which access code opened the session: a new slip or a changed code ends
    every other session at once."""
    set_at = person.access_code_set_at
    request.session[PORTAL_CODE_STAMP] = set_at.isoformat() if set_at else ""


def _session_still_valid(request, person: Person) -> bool:
    set_at = person.access_code_set_at
    return (
        request.session.get(PORTAL_CODE_STAMP) == (set_at.isoformat() if set_at else "")
        and time.time() - request.session.get(PORTAL_STARTED, 0) <= PORTAL_MAX_SECONDS
    )


def _session_person_id(request) -> str | None:
    person_id = request.session.get(PORTAL_SESSION_KEY)
    if person_id:
        # Saved on every request, so the 30 minutes count from the last one.
        request.session.set_expiry(PORTAL_IDLE_SECONDS)
        request.session.modified = True
    return person_id


def portal_view(purpose: Action = Action.READ, *, post: bool = False):
    """Decorator: the view needs a portal session and receives the person's file, opened
    and audited for `purpose` (GET). With `post`, the view also takes POST, for which the
    file is opened without an audit entry here: the service it calls writes its own
    (withdrawal, correction, new code), and a POST that fails validation re-opens the file
    for reading (`reopen`). Every answer, refusals included, is sent with no-store."""
    methods = ("GET", "POST") if post else ("GET",)

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in methods:
                return HttpResponseNotAllowed(methods)
            person_id = _session_person_id(request)
            if person_id is None:
                return redirect("portal:login")
            try:
                file = access.own_file(person_id)
            except access.PersonNotFound:  # erased meanwhile
                request.session.flush()
                return redirect("portal:login")
            if not _session_still_valid(request, file.person):
                request.session.flush()
                return redirect("portal:login")
            if request.method != "POST":
                file.audit(user=None, action=purpose)
            return view(request, file, *args, **kwargs)

        return never_cache(wrapper)

    return decorator


def reopen(file) -> access.FileAccess:
    """A form is shown again after a refused POST: a read of the file, audited as such."""
    return services.person_own_file_open(person_id=file.person.pk, purpose=Action.READ)


def _render(request, template: str, file, context: dict | None = None, **kwargs):
    context = {
        "person": file.person,
        "network": file.person.network,
        "portal_languages": _languages(),
        **(context or {}),
    }
    return render(request, f"persons/portal/{template}", context, **kwargs)


# --- The document (PDF, JSON and the /me API) -----------------------------------------------


def language_names(codes) -> list[str]:
    """The languages a person speaks, named in the reader's language (a code Django does not
    know is shown as it is)."""
    names = []
    for code in codes or []:
        try:
            names.append(str(get_language_info(str(code))["name_translated"]))
        except KeyError:
            names.append(str(code))
    return names


def consent_status(consent: Consent, now=None) -> str:
    now = now or timezone.now()
    if consent.revoked_at is not None:
        return "revoked"
    if consent.expires_at <= now:
        return "expired"
    if consent.given_at > now:
        return "planned"
    return "valid"


def file_document(person_file: selectors.PersonFile, log: list) -> dict:
    """Everything the person may see of their file, as plain data (JSON download, /me API)."""
    person = person_file.person
    now = timezone.now()
    return {
        "id": str(person.pk),
        "network": person.network.name,
        "referent_organisation": person.referent_organisation.name,
        "created_at": person.created_at,
        "last_activity_at": person.last_activity_at,
        "identity": {
            "called_name": person.called_name,
            "first_name": person.first_name,
            "last_name": person.last_name,
            "birth_year": person.birth_year,
            "gender": person.gender,
            "nationality": person.nationality,
            "languages": list(person.languages or []),
            "phone": person.phone,
            "housing": person.housing,
        },
        "life_project": [
            {
                "title": goal.title,
                "status": goal.status,
                "steps": list(goal.steps or []),
                "who_helps": goal.who_helps,
                "created_at": goal.created_at,
                "updated_at": goal.updated_at,
            }
            for goal in person_file.goals
        ],
        "notes": [
            {
                "created_at": note.created_at,
                "organisation": note.organisation.name,
                "visibility": note.visibility,
                "text": note.text,
            }
            for note in person_file.notes
        ],
        "contacts": [
            {
                "happened_on": contact.happened_on,
                "organisation": contact.organisation.name,
                "kind": contact.kind,
                "summary": contact.summary,
            }
            for contact in person_file.contacts
        ],
        "consents": [
            {
                "id": str(consent.pk),
                "status": consent_status(consent, now),
                "organisations": [o.name for o in consent.organisations.all()],
                "all_signatories": consent.all_signatories,
                "scope": consent.scope,
                "purpose": consent.purpose,
                "method": consent.method,
                "given_at": consent.given_at,
                "expires_at": consent.expires_at,
                "revoked_at": consent.revoked_at,
                "revoked_by_person": consent.revoked_by_person,
            }
            for consent in person_file.consents
        ],
        "access_log": [access_log_item(entry) for entry in log],
    }


def access_log_item(entry) -> dict:
    return {
        "at": entry.at,
        "organisation": entry.organisation_name,
        "action": entry.action,
        "basis": entry.basis,
    }


# --- Forms ----------------------------------------------------------------------------------

_CODE_ATTRS = {
    "autocomplete": "off",
    "autocapitalize": "characters",
    "spellcheck": "false",
    "class": "code-input",
}


class LoginForm(forms.Form):
    file_code = forms.CharField(
        label=gettext_lazy("Code du dossier"),
        max_length=40,
        help_text=gettext_lazy(
            "Il est imprimé sur votre feuille « Mon dossier ». Exemple : KX7P2MQA"
        ),
        widget=forms.TextInput(attrs=_CODE_ATTRS),
    )
    access_code = forms.CharField(
        label=gettext_lazy("Code d'accès"),
        max_length=40,
        help_text=gettext_lazy("Le code secret imprimé sous le code du dossier."),
        widget=forms.PasswordInput(attrs=_CODE_ATTRS),
    )


class CorrectionForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Qu'est-ce qui n'est pas juste ?"),
        help_text=gettext_lazy(
            "Écrivez avec vos mots ce qu'il faut corriger ou effacer. Votre service référent "
            "vous répondra."
        ),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class AccessCodeForm(forms.Form):
    current_code = forms.CharField(
        label=gettext_lazy("Votre code actuel"),
        max_length=40,
        widget=forms.PasswordInput(attrs=_CODE_ATTRS),
    )
    new_code = forms.CharField(
        label=gettext_lazy("Votre nouveau code"),
        help_text=gettext_lazy("Au moins 8 lettres ou chiffres. Gardez-le pour vous."),
        max_length=40,
        widget=forms.PasswordInput(attrs=_CODE_ATTRS),
    )
    new_code_again = forms.CharField(
        label=gettext_lazy("Encore une fois le nouveau code"),
        max_length=40,
        widget=forms.PasswordInput(attrs=_CODE_ATTRS),
    )

    def clean(self):
        data = super().clean()
        new, again = data.get("new_code"), data.get("new_code_again")
        if new and again and normalise_code(new) != normalise_code(again):
            self.add_error("new_code_again", _("Les deux nouveaux codes ne sont pas les mêmes."))
        elif new and len(normalise_code(new)) < 8:
            self.add_error("new_code", _("Le code doit avoir au moins 8 lettres ou chiffres."))
        return data


# --- Views ----------------------------------------------------------------------------------


def _languages():
    return [(c, n) for c, n in settings.LANGUAGES if c in PORTAL_LANGUAGES]


@never_cache
@require_http_methods(["GET", "POST"])
def login(request):
    """Type the two codes of the slip. Nothing of the file is shown here."""
    if request.method == "GET" and request.session.get(PORTAL_SESSION_KEY):
        return redirect("portal:file")
    form = LoginForm(request.POST if request.method == "POST" else None)
    locked = False
    if form.is_valid():
        person, locked = person_login(
            request,
            file_code=form.cleaned_data["file_code"],
            access_code=form.cleaned_data["access_code"],
        )
        if person is not None:
            _start_session(request, person)
            return redirect("portal:file")
        if not locked:
            form.add_error(
                None, _("Ces codes ne vont pas ensemble. Vérifiez-les sur votre feuille.")
            )
    return render(
        request,
        "persons/portal/login.html",
        {
            "form": form,
            "locked": locked,
            "lockout_minutes": LOCKOUT_SECONDS // 60,
            "portal_languages": _languages(),
        },
        status=429 if locked else (400 if request.method == "POST" else 200),
    )


@portal_view(Action.READ)
def file_view(request, file):
    person_file = selectors.person_file_for(file)
    return _render(
        request,
        "file.html",
        file,
        {
            "file": person_file,
            "languages": language_names(file.person.languages),
            "current": "file",
        },
    )


@portal_view(Action.READ)
def access_log(request, file):
    return _render(
        request,
        "access_log.html",
        file,
        {
            "entries": selectors.access_log_for_person(file.person),
            "own_visits": selectors.own_visits_for_person(file.person),
            "current": "access_log",
        },
    )


@portal_view(Action.READ)
def consents(request, file):
    person_file = selectors.person_file_for(file)
    now = timezone.now()
    items = [(consent, consent_status(consent, now)) for consent in person_file.consents]
    return _render(request, "consents.html", file, {"items": items, "current": "consents"})


@portal_view(Action.READ, post=True)  # consent_revoke audits the withdrawal
def consent_revoke(request, file, consent_id):
    """Confirm, then withdraw one consent: the organisations it named lose access at their
    very next request. Another person's consent answers 404, like an unknown one."""
    if request.method == "POST":
        services.consent_revoke(consent_id=consent_id, person=file.person)
        messages.success(request, _("C'est fait : votre accord est retiré."))
        return redirect("portal:consents")
    consent = next(
        (c for c in selectors.person_file_for(file).consents if c.pk == consent_id), None
    )
    if consent is None:
        raise access.PersonNotFound
    return _render(
        request,
        "consent_revoke.html",
        file,
        {"consent": consent, "status": consent_status(consent), "current": "consents"},
    )


@portal_view(Action.EXPORT)
def export_pdf(request, file):
    context = {
        "file": selectors.person_file_for(file),
        "person": file.person,
        "languages": language_names(file.person.languages),
        "network": file.person.network,
        "entries": selectors.access_log_for_person(file.person, limit=10_000),
        "now": timezone.now(),
    }
    content = render_pdf("persons/portal/file_pdf.html", context, request=request)
    return pdf_response(content, filename="mon-dossier.pdf")


@portal_view(Action.EXPORT)
def export_json(request, file):
    document = file_document(
        selectors.person_file_for(file),
        selectors.access_log_for_person(file.person, limit=10_000),
    )
    response = HttpResponse(
        json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="mon-dossier.json"'
    return response


@portal_view(Action.READ, post=True)  # correction_request audits the request
def correction(request, file):
    """Ask the referent organisation to correct (or erase) something."""
    form = CorrectionForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            services.correction_request_submit(person=file.person, text=form.cleaned_data["text"])
        except ValidationError as error:
            form.add_error("text", error.messages)
        else:
            messages.success(
                request, _("Votre demande est envoyée à votre service référent. Il vous répondra.")
            )
            return redirect("portal:file")
    if request.method == "POST":
        file = reopen(file)
    return _render(
        request,
        "correction.html",
        file,
        {"form": form, "current": "correction"},
        status=400 if request.method == "POST" else 200,
    )


@portal_view(Action.READ, post=True)  # person_access_code_renew audits the change
def access_code(request, file):
    """Choose a new access code; the current one is asked again (and counts towards the
    lockout like a login)."""
    form = AccessCodeForm(request.POST if request.method == "POST" else None)
    locked = False
    if form.is_valid():
        person, locked = person_login(
            request, file_code=file.person.file_code, access_code=form.cleaned_data["current_code"]
        )
        if person is not None and person.pk == file.person.pk:
            try:
                services.person_access_code_renew(
                    person=person, new_code=form.cleaned_data["new_code"]
                )
            except ValidationError as error:
                form.add_error("new_code", error.messages)
            else:
                _stamp(request, person)
                messages.success(
                    request, _("Votre code est changé. Utilisez le nouveau la prochaine fois.")
                )
                return redirect("portal:file")
        elif not locked:
            form.add_error("current_code", _("Ce n'est pas votre code actuel."))
    if request.method == "POST":
        file = reopen(file)
    return _render(
        request,
        "access_code.html",
        file,
        {
            "form": form,
            "locked": locked,
            "lockout_minutes": LOCKOUT_SECONDS // 60,
            "current": "access_code",
        },
        status=429 if locked else (400 if request.method == "POST" else 200),
    )


@never_cache
@require_POST
def logout(request):
    request.session.flush()
    messages.info(request, _("Vous êtes déconnecté·e. À bientôt."))
    return redirect("portal:login")
