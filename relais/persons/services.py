"""Writes of person files. Each one checks the access policy, changes the file, writes its
audit entry in the same transaction and sends notifications only once committed."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from relais.accounts.models import NetworkRole, OrganisationRole
from relais.audit.models import Action, Basis
from relais.audit.services import audit_write
from relais.network.models import Membership, Organisation
from relais.network.validators import normalise_phone

from . import access
from .models import (
    BREAK_GLASS_HOURS,
    BreakGlass,
    Consent,
    Contact,
    CorrectionRequest,
    Goal,
    Note,
    Person,
    PersonToken,
)

BREAK_GLASS_MIN_REASON = 20
CONSENT_MAX_DAYS = 366
PERSON_TOKEN_LIFETIME = timedelta(hours=1)
# Unambiguous characters for codes printed on paper (no 0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

PERSON_EDITABLE_FIELDS = (
    "called_name",
    "first_name",
    "last_name",
    "birth_year",
    "gender",
    "nationality",
    "languages",
    "phone",
    "housing",
)


def _clean_person(person: Person) -> None:
    if person.phone:
        try:
            person.phone = normalise_phone(person.phone, person.network.country)
        except ValidationError as error:
            raise ValidationError({"phone": error.messages}) from error
    person.full_clean()


def _touch(person: Person) -> None:
    Person.objects.filter(pk=person.pk).update(
        last_activity_at=timezone.now(), retention_warned_at=None
    )


def _require(file: access.FileAccess, part: str) -> None:
    if not file.can_see(part):
        raise access.PersonNotFound


@transaction.atomic
def person_create(*, user, organisation: Organisation, network=None, **fields) -> Person:
    """Open a file in `organisation` (which becomes the referent organisation), in `network`
    (needed only when the organisation is an active member of several networks)."""
    if organisation not in access.acting_organisations(user):
        raise access.PersonNotFound
    memberships = list(
        organisation.memberships.filter(status=Membership.Status.ACTIVE).select_related("network")
    )
    if network is not None:
        memberships = [m for m in memberships if m.network_id == network.pk]
    if not memberships:
        raise ValidationError(
            {"network": _("Votre organisation n'est membre active d'aucun réseau.")}
        )
    if len(memberships) > 1:
        raise ValidationError(
            {"network": _("Votre organisation est membre de plusieurs réseaux : choisissez-en un.")}
        )
    membership = memberships[0]
    unknown = set(fields) - set(PERSON_EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(_("Champs inconnus : %(f)s") % {"f": ", ".join(sorted(unknown))})
    person = Person(
        network=membership.network, referent_organisation=organisation, created_by=user, **fields
    )
    _clean_person(person)
    person.save()
    audit_write(
        user=user,
        organisation=organisation,
        person=person,
        action=Action.CREATE,
        basis=Basis.OWN_ORGANISATION,
    )
    return person


@transaction.atomic
def person_update(*, user, person_id, **fields) -> Person:
    """Change identity fields: the referent organisation only."""
    file = access.access_for(user, person_id)
    if not file.is_referent:
        raise access.PersonNotFound
    person = file.person
    unknown = set(fields) - set(PERSON_EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(_("Champs inconnus : %(f)s") % {"f": ", ".join(sorted(unknown))})
    for name, value in fields.items():
        setattr(person, name, value)
    _clean_person(person)
    person.last_activity_at = timezone.now()
    person.save()
    file.audit(user=user, action=Action.CHANGE)
    return person


@transaction.atomic
def note_add(
    *,
    user,
    person_id,
    text: str,
    visibility: str,
    about_third_party: bool = False,
    third_party_reason: str = "",
) -> Note:
    """Organisation notes: whoever sees the file. Shared notes: those who see the shared notes."""
    file = access.access_for(user, person_id)
    _require(
        file, access.SHARED_NOTES if visibility == Note.Visibility.SHARED else access.PRIVATE_NOTES
    )
    if not text.strip():
        raise ValidationError({"text": _("La note est vide.")})
    note = Note(
        person=file.person,
        organisation=file.organisation,
        author=user,
        visibility=visibility,
        text=text.strip(),
        about_third_party=about_third_party,
        third_party_reason=third_party_reason.strip(),
    )
    if about_third_party and not note.third_party_reason:
        raise ValidationError(
            {"third_party_reason": _("Dites pourquoi cette note concerne une tierce personne.")}
        )
    note.full_clean()
    note.save()
    _touch(file.person)
    file.audit(user=user, action=Action.NOTE_ADD)
    return note


@transaction.atomic
def contact_add(*, user, person_id, happened_on, kind: str, summary: str = "") -> Contact:
    file = access.access_for(user, person_id)
    _require(file, access.SHARED_NOTES)
    contact = Contact(
        person=file.person,
        organisation=file.organisation,
        author=user,
        happened_on=happened_on,
        kind=kind,
        summary=summary.strip(),
    )
    contact.full_clean()
    contact.save()
    _touch(file.person)
    file.audit(user=user, action=Action.CONTACT_ADD)
    return contact


@transaction.atomic
def goal_save(
    *, user, person_id, title: str, status: str, who_helps: str = "", steps=None, goal_id=None
) -> Goal:
    """A goal of the life project, as the person chose it."""
    file = access.access_for(user, person_id)
    _require(file, access.LIFE_PROJECT)
    goal = Goal(person=file.person) if goal_id is None else file.person.goals.get(pk=goal_id)
    goal.title = title.strip()
    goal.status = status
    goal.who_helps = who_helps.strip()
    goal.steps = steps if steps is not None else goal.steps
    goal.full_clean()
    goal.save()
    _touch(file.person)
    file.audit(user=user, action=Action.GOAL_CHANGE)
    return goal


@transaction.atomic
def consent_grant(
    *,
    user,
    person_id,
    scope: list[str],
    method: str,
    purpose: str,
    organisations: list[Organisation] | None = None,
    all_signatories: bool = False,
    expires_at=None,
) -> Consent:
    """Record the person's consent to share parts of their file. Referent organisation only."""
    file = access.access_for(user, person_id)
    if not file.is_referent:
        raise access.PersonNotFound
    organisations = list(organisations or [])
    if not organisations and not all_signatories:
        raise ValidationError(
            {"organisations": _("Nommez au moins une organisation, ou toutes les signataires.")}
        )
    if not scope or not set(scope) <= set(Consent.Scope.values):
        raise ValidationError({"scope": _("Choisissez ce qui est partagé.")})
    members = set(
        Membership.objects.filter(
            network_id=file.person.network_id,
            status=Membership.Status.ACTIVE,
            organisation__in=organisations,
        ).values_list("organisation_id", flat=True)
    )
    if {o.pk for o in organisations} - members:
        raise ValidationError(
            {
                "organisations": _(
                    "Seules les organisations membres actives du réseau peuvent être nommées."
                )
            }
        )
    now = timezone.now()
    if expires_at is not None and timezone.is_naive(expires_at):
        raise ValidationError({"expires_at": _("Donnez une date avec son fuseau horaire.")})
    if expires_at is not None and expires_at > now + timedelta(days=CONSENT_MAX_DAYS):
        raise ValidationError(
            {
                "expires_at": _("Un consentement vaut au plus %(n)d mois : il se renouvelle.")
                % {"n": CONSENT_MAX_DAYS // 30}
            }
        )
    consent = Consent(
        person=file.person,
        all_signatories=all_signatories,
        purpose=purpose.strip(),
        method=method,
        given_at=now,
        recorded_by=user,
        recorded_by_organisation=file.organisation,
        expires_at=expires_at or Consent.default_expiry(now),
    )
    consent.scope = scope
    if consent.expires_at <= now:
        raise ValidationError({"expires_at": _("La date de fin doit être dans le futur.")})
    consent.full_clean()
    consent.save()
    consent.organisations.set(organisations)
    _touch(file.person)
    audit_write(
        user=user,
        organisation=file.organisation,
        person=file.person,
        action=Action.CONSENT_GRANT,
        basis=Basis.OWN_ORGANISATION,
        consent_id=consent.pk,
    )
    return consent


@transaction.atomic
def consent_revoke(*, consent_id, user=None, person: Person | None = None) -> Consent:
    """Withdraw a consent: by the person (self-access) or by the referent organisation."""
    if person is not None:
        consent = Consent.objects.select_for_update().filter(pk=consent_id, person=person).first()
        if consent is None:
            raise access.PersonNotFound
        organisation, basis = None, Basis.PERSON
    else:
        consent = Consent.objects.select_for_update().filter(pk=consent_id).first()
        if consent is None:
            raise access.PersonNotFound
        file = access.access_for(user, consent.person_id)
        if not file.is_referent:
            raise access.PersonNotFound
        person, organisation, basis = file.person, file.organisation, Basis.OWN_ORGANISATION
    if consent.revoked_at is not None:
        return consent
    consent.revoked_at = timezone.now()
    consent.revoked_by_person = user is None
    consent.revoked_by = user
    consent.save(update_fields=["revoked_at", "revoked_by_person", "revoked_by"])
    audit_write(
        user=user,
        organisation=organisation,
        person=person,
        action=Action.CONSENT_REVOKE,
        basis=basis,
        consent_id=consent.pk,
    )
    return consent


@transaction.atomic
def break_glass_declare(*, user, person_id, reason: str) -> BreakGlass:
    """Open the shared part for 24 hours in an emergency; the referent organisation's admins
    and the network's DPO are told at once; the DPO reviews it."""
    reason = (reason or "").strip()
    if len(reason) < BREAK_GLASS_MIN_REASON:
        raise ValidationError(
            {
                "reason": _("Expliquez le danger en %(n)d caractères au moins.")
                % {"n": BREAK_GLASS_MIN_REASON}
            }
        )
    person, organisation = access.may_declare_break_glass(user, person_id)
    now = timezone.now()
    if (
        BreakGlass.objects.filter(person=person, user=user)
        .filter(Q(expires_at__gt=now) | Q(review=BreakGlass.Review.NOT_JUSTIFIED))
        .exists()
    ):
        raise ValidationError(
            {"reason": _("Un accès d'urgence est déjà ouvert, ou a été jugé non justifié.")}
        )
    glass = BreakGlass.objects.create(
        person=person,
        user=user,
        organisation=organisation,
        reason=reason,
        started_at=now,
        expires_at=now + timedelta(hours=BREAK_GLASS_HOURS),
    )
    audit_write(
        user=user,
        organisation=organisation,
        person=person,
        action=Action.BREAK_GLASS,
        basis=Basis.BREAK_GLASS,
        break_glass_id=glass.pk,
    )
    recipients = sorted(
        set(
            OrganisationRole.objects.filter(
                organisation=person.referent_organisation,
                role=OrganisationRole.Role.ADMIN,
                user__is_active=True,
            ).values_list("user__email", flat=True)
        )
        | set(
            NetworkRole.objects.filter(
                network=person.network, role=NetworkRole.Role.DPO, user__is_active=True
            ).values_list("user__email", flat=True)
        )
        - {""}
    )
    if recipients:
        context = {"glass": glass, "organisation": organisation, "network": person.network}
        transaction.on_commit(
            lambda: send_mail(
                _("Accès d'urgence à un dossier"),
                render_to_string("persons/email/break_glass.txt", context),
                None,
                recipients,
            )
        )
    return glass


@transaction.atomic
def break_glass_review(*, user, glass_id, justified: bool, comment: str = "") -> BreakGlass:
    """The network's DPO (and only they) reviews a break-glass."""
    glass = BreakGlass.objects.select_related("person").filter(pk=glass_id).first()
    if (
        glass is None
        or glass.user_id == user.pk
        or not NetworkRole.objects.filter(
            user=user, network_id=glass.person.network_id, role=NetworkRole.Role.DPO
        ).exists()
    ):
        raise access.PersonNotFound
    if glass.review != BreakGlass.Review.PENDING:
        raise ValidationError(_("Cet accès d'urgence a déjà été examiné."))
    glass.review = BreakGlass.Review.JUSTIFIED if justified else BreakGlass.Review.NOT_JUSTIFIED
    glass.reviewed_by = user
    glass.reviewed_at = timezone.now()
    glass.review_comment = comment.strip()
    glass.save()
    return glass


def _code(length: int) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


@transaction.atomic
def access_code_issue(*, user, person_id) -> tuple[str, str]:
    """Give the person (on a printed slip) a file code and a new access code. Referent
    organisation only. The access code is shown once and stored hashed."""
    file = access.access_for(user, person_id)
    if not file.is_referent:
        raise access.PersonNotFound
    person = file.person
    if not person.file_code:
        code = _code(8)
        while Person.objects.filter(file_code=code).exists():
            code = _code(8)
        person.file_code = code
    access_code = _code(10)
    person.access_code_hash = make_password(access_code)
    person.access_code_set_at = timezone.now()
    person.save(update_fields=["file_code", "access_code_hash", "access_code_set_at"])
    # A new slip replaces the old one: whoever holds the old codes loses access at once.
    person.tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
    file.audit(user=user, action=Action.ACCESS_CODE)
    return person.file_code, access_code


def _normalise_code(code: str) -> str:
    return "".join(c for c in (code or "").upper() if c.isalnum())


def person_authenticate(*, file_code: str, access_code: str) -> Person | None:
    """The person's codes, or None. Rate limiting and lockout are the caller's (axes)."""
    person = Person.objects.filter(
        file_code=_normalise_code(file_code), anonymised_at__isnull=True
    ).first()
    if person is None or not person.access_code_hash:
        make_password(access_code)  # same time whether the file exists or not
        return None
    if not check_password(_normalise_code(access_code), person.access_code_hash):
        return None
    return person


@transaction.atomic
def person_token_issue(*, person: Person) -> str:
    raw = secrets.token_urlsafe(32)
    PersonToken.objects.create(
        person=person,
        digest=hashlib.sha256(raw.encode()).hexdigest(),
        expires_at=timezone.now() + PERSON_TOKEN_LIFETIME,
    )
    return raw


@transaction.atomic
def person_access_code_change(*, person: Person, new_code: str) -> None:
    new_code = _normalise_code(new_code)
    if len(new_code) < 10 or len(set(new_code)) < 5:
        raise ValidationError(
            {
                "access_code": _(
                    "Le code doit avoir au moins 10 lettres ou chiffres, dont 5 différents."
                )
            }
        )
    person.access_code_hash = make_password(new_code)
    person.access_code_set_at = timezone.now()
    person.save(update_fields=["access_code_hash", "access_code_set_at"])


@transaction.atomic
def correction_request(*, person: Person, text: str) -> CorrectionRequest:
    """The person asks the referent organisation to correct their file."""
    if not (text or "").strip():
        raise ValidationError({"text": _("Écrivez ce qu'il faut corriger.")})
    request = CorrectionRequest.objects.create(person=person, text=text.strip())
    audit_write(
        user=None,
        organisation=None,
        person=person,
        action=Action.CORRECTION_REQUEST,
        basis=Basis.PERSON,
    )
    return request


def _anonymise(person: Person) -> None:
    for name in Person.IDENTIFYING_FIELDS:
        field = Person._meta.get_field(name)
        setattr(person, name, None if field.null else "")
    person.called_name = _("anonyme")
    person.anonymised_at = timezone.now()
    person.save()
    person.notes.all().delete()
    person.contacts.update(summary="")
    person.goals.all().delete()
    person.corrections.all().delete()
    person.tokens.all().delete()
    person.consents.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
    person.consents.update(purpose="")
    person.break_glasses.update(reason="", review_comment="")


@transaction.atomic
def person_anonymise(*, user, person_id) -> Person:
    """Erase a file: identity, notes and goals gone, pseudonymous statistics kept
    (year of birth, gender, nationality group, housing, contacts' dates and kinds).
    Admins of the referent organisation only."""
    file = access.access_for(user, person_id)
    if (
        not file.is_referent
        or not OrganisationRole.objects.filter(
            user=user, organisation=file.organisation, role=OrganisationRole.Role.ADMIN
        ).exists()
    ):
        raise access.PersonNotFound
    file.audit(user=user, action=Action.ERASE)
    _anonymise(file.person)
    return file.person


def _parse_uuid(value):
    import uuid

    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except (TypeError, ValueError) as error:
        raise access.PersonNotFound from error


GOAL_EDITABLE_FIELDS = ("title", "status", "who_helps", "steps")


@transaction.atomic
def goal_update(*, user, person_id, goal_id, **fields) -> Goal:
    """Change some fields of a goal of the life project (those who see the life project).
    An unknown goal, or a goal of another file, answers like an unknown file."""
    file = access.access_for(user, person_id)
    _require(file, access.LIFE_PROJECT)
    unknown = set(fields) - set(GOAL_EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(_("Champs inconnus : %(f)s") % {"f": ", ".join(sorted(unknown))})
    goal = Goal.objects.filter(pk=_parse_uuid(goal_id), person=file.person).first()
    if goal is None:
        raise access.PersonNotFound
    for name, value in fields.items():
        setattr(goal, name, value.strip() if isinstance(value, str) else value)
    goal.full_clean()
    goal.save()
    _touch(file.person)
    file.audit(user=user, action=Action.GOAL_CHANGE)
    return goal


@transaction.atomic
def persons_search_audit(*, user, persons) -> None:
    """Write one `search` entry per file shown in a list of search results (a name seen in a
    list is a look at the file), on the basis that lists it: the referent organisation, or
    the valid consent that shares the identity. Two queries whatever the number of files.

    `persons` must come from `selectors.persons_search` for the same user.
    """
    from relais.audit.models import AccessLogEntry

    persons = list(persons)
    if not persons:
        return
    organisations = access.acting_organisations(user)
    by_id = {o.pk: o for o in organisations}
    others = [p.pk for p in persons if p.referent_organisation_id not in by_id]
    named, signatories = {}, {}
    if others:
        now = timezone.now()
        rows = (
            Consent.objects.filter(
                person_id__in=others,
                revoked_at__isnull=True,
                given_at__lte=now,
                expires_at__gt=now,
                shares_identity=True,
            )
            .order_by("-given_at")
            .values_list("person_id", "pk", "all_signatories", "organisations")
        )
        for person_id, consent_id, all_signatories, organisation_id in rows:
            if organisation_id in by_id:
                named.setdefault(person_id, (consent_id, by_id[organisation_id]))
            if all_signatories and organisations:
                signatories.setdefault(person_id, (consent_id, organisations[0]))
    entries = []
    for person in persons:
        consent_id = None
        if person.referent_organisation_id in by_id:
            organisation = by_id[person.referent_organisation_id]
            basis = Basis.OWN_ORGANISATION
        else:
            consent_id, organisation = named.get(person.pk) or signatories.get(
                person.pk, (None, None)
            )
            basis = Basis.CONSENT
        entries.append(
            AccessLogEntry(
                user_id=user.pk,
                username=user.get_username(),
                organisation_id=getattr(organisation, "pk", None),
                organisation_name=getattr(organisation, "name", "") or "",
                network_id=person.network_id,
                person_id=person.pk,
                action=Action.SEARCH,
                basis=basis,
                consent_id=consent_id,
            )
        )
    AccessLogEntry.objects.bulk_create(entries)


# --- Self-access ("mon dossier") and retention -----------------------------------------------


def organisation_admin_emails(organisation: Organisation) -> list[str]:
    """Where an organisation is told about its files: its admins, else its own address."""
    emails = sorted(
        set(
            OrganisationRole.objects.filter(
                organisation=organisation, role=OrganisationRole.Role.ADMIN, user__is_active=True
            ).values_list("user__email", flat=True)
        )
        - {""}
    )
    return emails or ([organisation.email] if organisation.email else [])


@transaction.atomic
def person_own_file_open(*, person_id, purpose: Action | str = Action.READ) -> access.FileAccess:
    """The person opens their own file (portal or /me API): `access.own_file` decides, and
    the audit entry says the person did it (basis `person`, no user, no organisation)."""
    file = access.own_file(person_id)
    file.audit(user=None, action=purpose)
    return file


@transaction.atomic
def correction_request_submit(*, person: Person, text: str) -> CorrectionRequest:
    """The person asks for a correction (see `correction_request`); once committed, the
    referent organisation's admins are told that a request exists — never what it says."""
    request = correction_request(person=person, text=text)
    organisation = person.referent_organisation
    recipients = organisation_admin_emails(organisation)
    if recipients:
        context = {"organisation": organisation, "base_url": settings.RELAIS_BASE_URL}

        def send():
            with translation.override(settings.LANGUAGE_CODE):
                send_mail(
                    _("Une demande de correction d'un dossier"),
                    render_to_string("persons/portal/email/correction_request.txt", context),
                    None,
                    recipients,
                )

        transaction.on_commit(send)
    return request


@transaction.atomic
def person_access_code_renew(*, person: Person, new_code: str) -> None:
    """The person replaces their access code (the caller checked the current one): the
    person's API tokens stop working, and the change is audited."""
    person_access_code_change(person=person, new_code=new_code)
    PersonToken.objects.filter(person=person, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    audit_write(
        user=None, organisation=None, person=person, action=Action.ACCESS_CODE, basis=Basis.PERSON
    )


def person_token_revoke(*, token: PersonToken) -> None:
    """End the person's API session: the token answers 401 from now on."""
    PersonToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


@transaction.atomic
def person_retention_anonymise(*, person: Person) -> None:
    """Anonymise a file after the retention period without activity (the job, not a user):
    audited with basis `system`, then erased like `person_anonymise`."""
    audit_write(
        user=None, organisation=None, person=person, action=Action.RETENTION, basis=Basis.SYSTEM
    )
    _anonymise(person)
