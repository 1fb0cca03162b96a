"""Forms of the person pages: they validate input and turn it into service arguments.

Every optional field of a file says why it is asked (charters: ask no more than strictly
needed). Rules of relais (who may do what) stay in the services and the access policy.
"""

from datetime import date, datetime, time, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from relais.audit.models import Action, Basis

from .models import Consent, Contact, Gender, Goal, Housing, Nationality, Note, Person
from .services import BREAK_GLASS_MIN_REASON, CONSENT_MAX_DAYS

MAX_LANGUAGES = 10
MAX_STEPS = 50
NOT_SAID = ("", _("non renseigné"))


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ServiceErrorsMixin:
    """Show a ValidationError raised by a service on its field, or at the top of the form."""

    def add_service_error(self, error: ValidationError) -> None:
        if hasattr(error, "error_dict"):
            for name, messages in error.message_dict.items():
                self.add_error(name if name in self.fields else None, messages)
        else:
            self.add_error(None, error.messages)


def _why(text) -> str:
    return _("Pourquoi nous le demandons : %(why)s") % {"why": text}


class PersonForm(ServiceErrorsMixin, forms.Form):
    """The identity part of a file. Only the name the person wants to be called is required."""

    called_name = forms.CharField(
        label=_("Comment la personne veut être appelée"),
        max_length=120,
        help_text=_(
            "Obligatoire. Un prénom, un surnom ou un pseudonyme : c'est la personne qui choisit."
        ),
    )
    first_name = forms.CharField(
        label=_("Prénom (facultatif)"),
        max_length=120,
        required=False,
        help_text=_why(_("pour les démarches officielles, seulement si la personne le souhaite.")),
    )
    last_name = forms.CharField(
        label=_("Nom de famille (facultatif)"),
        max_length=120,
        required=False,
        help_text=_why(_("pour les démarches officielles, seulement si la personne le souhaite.")),
    )
    birth_year = forms.IntegerField(
        label=_("Année de naissance (facultatif)"),
        required=False,
        min_value=1900,
        help_text=_why(
            _("certaines aides dépendent de l'âge ; l'année suffit, jamais la date complète.")
        ),
    )
    gender = forms.ChoiceField(
        label=_("Genre (facultatif)"),
        required=False,
        choices=[NOT_SAID, *Gender.choices],
        widget=forms.RadioSelect,
        help_text=_why(_("pour orienter vers un hébergement adapté, si la personne le dit.")),
    )
    nationality = forms.ChoiceField(
        label=_("Nationalité (facultatif)"),
        required=False,
        choices=[NOT_SAID, *Nationality.choices],
        widget=forms.RadioSelect,
        help_text=_why(
            _("les droits (CPAS/CCAS, santé) en dépendent ; seul le groupe est noté, pas le pays.")
        ),
    )
    languages = forms.CharField(
        label=_("Langues parlées (facultatif)"),
        max_length=300,
        required=False,
        help_text=_why(
            _(
                "pour trouver un interprète ou un service qui parle sa langue. Séparez par des virgules."
            )
        ),
    )
    phone = forms.CharField(
        label=_("Téléphone (facultatif)"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        help_text=_why(_("pour joindre la personne, si elle le veut.")),
    )
    housing = forms.ChoiceField(
        label=_("Situation de logement (facultatif)"),
        required=False,
        choices=[NOT_SAID, *Housing.choices],
        widget=forms.RadioSelect,
        help_text=_why(
            _(
                "pour chercher une solution adaptée et compter, sans nom, les situations "
                "du réseau (catégories ETHOS Light)."
            )
        ),
    )

    FIELDS = (
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

    def __init__(self, *args, organisations=None, person: Person | None = None, **kwargs):
        if person is not None and "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(person, name) for name in self.FIELDS}
            kwargs["initial"]["languages"] = ", ".join(person.languages or [])
        super().__init__(*args, **kwargs)
        self.organisations = list(organisations or [])
        if len(self.organisations) > 1:
            self.fields["organisation"] = forms.ChoiceField(
                label=_("Organisation qui ouvre le dossier"),
                choices=[(str(o.pk), o.name) for o in self.organisations],
                widget=forms.RadioSelect,
                help_text=_(
                    "Elle devient l'organisation référente : elle voit tout le dossier et "
                    "recueille le consentement de la personne avant tout partage."
                ),
            )
            self.order_fields(["organisation"])
        self.fields["called_name"].widget.attrs["autocomplete"] = "off"
        for name in ("first_name", "last_name"):
            self.fields[name].widget.attrs["autocomplete"] = "off"

    def clean_called_name(self) -> str:
        value = self.cleaned_data["called_name"].strip()
        if not value:
            raise ValidationError(_("Indiquez comment la personne veut être appelée."))
        return value

    def clean_birth_year(self):
        value = self.cleaned_data["birth_year"]
        if value is not None and value > timezone.localdate().year:
            raise ValidationError(_("Cette année est dans le futur."))
        return value

    def clean_languages(self) -> list[str]:
        languages = []
        for part in self.cleaned_data["languages"].replace(";", ",").split(","):
            part = part.strip()
            if part and part.lower() not in (x.lower() for x in languages):
                languages.append(part[:40])
        if len(languages) > MAX_LANGUAGES:
            raise ValidationError(
                _("%(n)d langues au plus, s'il vous plaît.") % {"n": MAX_LANGUAGES}
            )
        return languages

    def organisation(self):
        if "organisation" in self.fields:
            chosen = self.cleaned_data["organisation"]
            return next(o for o in self.organisations if str(o.pk) == chosen)
        return self.organisations[0]

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.FIELDS}


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Nom, prénom ou nom d'usage"), max_length=120, required=False)


class BreakGlassLookupForm(forms.Form):
    dossier = forms.UUIDField(
        label=_("Identifiant du dossier"),
        help_text=_("Les 36 caractères donnés par l'organisation référente, tirets compris."),
        error_messages={"invalid": _("Cet identifiant n'a pas la bonne forme.")},
    )


class NoteForm(ServiceErrorsMixin, forms.Form):
    text = forms.CharField(
        label=_("Note"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Seulement ce qui est utile à l'accompagnement. La personne peut lire ses notes "
            "dans « mon dossier »."
        ),
    )
    visibility = forms.ChoiceField(
        label=_("Qui peut lire cette note ?"),
        choices=Note.Visibility.choices,
        widget=forms.RadioSelect,
    )
    about_third_party = forms.BooleanField(
        label=_("Cette note contient une information sur une tierce personne"),
        required=False,
        help_text=_(
            "Par exemple un proche, un voisin, un enfant. Elle ne sera pas montrée à la personne "
            "dans « mon dossier » (RGPD, art. 15.4). Rien d'autre ne lui est caché."
        ),
    )
    third_party_reason = forms.CharField(
        label=_("Pourquoi (si la case est cochée)"),
        max_length=300,
        required=False,
    )

    def __init__(self, *args, visibilities=None, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = visibilities or [v for v, _label in Note.Visibility.choices]
        self.fields["visibility"].choices = [
            (value, label) for value, label in Note.Visibility.choices if value in allowed
        ]
        if len(allowed) == 1:
            self.fields["visibility"].initial = allowed[0]
        self.fields["visibility"].help_text = _(
            "« Mon organisation seulement » ne quitte jamais votre organisation. « Partagée » "
            "est lue par les organisations auxquelles la personne a donné son consentement."
        )

    def clean(self):
        data = super().clean()
        if data.get("about_third_party") and not (data.get("third_party_reason") or "").strip():
            self.add_error(
                "third_party_reason",
                _("Dites pourquoi cette note concerne une tierce personne."),
            )
        return data

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "text": data["text"],
            "visibility": data["visibility"],
            "about_third_party": data["about_third_party"],
            "third_party_reason": data["third_party_reason"] if data["about_third_party"] else "",
        }


class ContactForm(ServiceErrorsMixin, forms.Form):
    happened_on = forms.DateField(label=_("Date"), widget=DateInput())
    kind = forms.ChoiceField(label=_("Type de contact"), choices=Contact.Kind.choices)
    summary = forms.CharField(
        label=_("En bref (facultatif)"),
        max_length=5_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"happened_on": timezone.localdate()})
        super().__init__(*args, **kwargs)

    def clean_happened_on(self) -> date:
        value = self.cleaned_data["happened_on"]
        if value > timezone.localdate():
            raise ValidationError(_("Cette date est dans le futur."))
        return value


class GoalForm(ServiceErrorsMixin, forms.Form):
    title = forms.CharField(
        label=_("Objectif choisi par la personne"),
        max_length=1_000,
        help_text=_("Avec ses mots à elle, par exemple « retrouver un logement à Namur »."),
    )
    steps = forms.CharField(
        label=_("Étapes (facultatif)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Une étape par ligne."),
    )
    who_helps = forms.CharField(
        label=_("Qui aide (facultatif)"),
        max_length=300,
        required=False,
        help_text=_("Une organisation, un proche, un service…"),
    )
    status = forms.ChoiceField(
        label=_("Où en est-on ?"), choices=Goal.Status.choices, initial=Goal.Status.PLANNED
    )

    def __init__(self, *args, goal: Goal | None = None, **kwargs):
        if goal is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "title": goal.title,
                "steps": "\n".join(goal.steps or []),
                "who_helps": goal.who_helps,
                "status": goal.status,
            }
        super().__init__(*args, **kwargs)

    def clean_title(self) -> str:
        value = self.cleaned_data["title"].strip()
        if not value:
            raise ValidationError(_("Écrivez l'objectif."))
        return value

    def clean_steps(self) -> list[str]:
        steps = [line.strip() for line in self.cleaned_data["steps"].splitlines() if line.strip()]
        if len(steps) > MAX_STEPS:
            raise ValidationError(_("%(n)d étapes au plus, s'il vous plaît.") % {"n": MAX_STEPS})
        return steps

    def service_arguments(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("title", "steps", "who_helps", "status")}


def _end_of_day(day: date) -> datetime:
    """A consent "valid until" a day runs to the end of that day, in the network's time."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def _default_expiry() -> date:
    return Consent.default_expiry().astimezone(timezone.get_current_timezone()).date()


class ConsentForm(ServiceErrorsMixin, forms.Form):
    organisations = forms.ModelMultipleChoiceField(
        label=_("Avec quelles organisations ?"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Cochez celles que la personne a nommées."),
    )
    all_signatories = forms.BooleanField(
        label=_("Avec toutes les organisations signataires de la charte du réseau"),
        required=False,
        help_text=_(
            "Seulement les organisations qui ont signé la charte en vigueur, et tant qu'elles "
            "l'ont signée."
        ),
    )
    scope = forms.MultipleChoiceField(
        label=_("Qu'est-ce qui est partagé ?"),
        choices=Consent.Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Les notes « mon organisation seulement » ne sont jamais partagées, quel que soit "
            "ce choix."
        ),
        error_messages={"required": _("Choisissez ce qui est partagé.")},
    )
    purpose = forms.CharField(
        label=_("Pourquoi ?"),
        max_length=300,
        help_text=_("Dans les mots dits à la personne, par exemple « trouver un hébergement »."),
    )
    method = forms.ChoiceField(
        label=_("Comment la personne a-t-elle donné son accord ?"),
        choices=Consent.Method.choices,
        widget=forms.RadioSelect,
    )
    expires_on = forms.DateField(
        label=_("Valable jusqu'au"),
        widget=DateInput(),
        help_text=_("12 mois par défaut. La personne peut retirer son accord à tout moment."),
    )

    def __init__(self, *args, organisations=None, **kwargs):
        kwargs.setdefault("initial", {"expires_on": _default_expiry()})
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = organisations

    def clean_purpose(self) -> str:
        value = self.cleaned_data["purpose"].strip()
        if not value:
            raise ValidationError(_("Dites pourquoi les informations sont partagées."))
        return value

    def clean_expires_on(self) -> date:
        value = self.cleaned_data["expires_on"]
        if value <= timezone.localdate():
            raise ValidationError(_("La date de fin doit être dans le futur."))
        if _end_of_day(value) > timezone.now() + timedelta(days=CONSENT_MAX_DAYS):
            raise ValidationError(
                _("Un consentement vaut au plus %(n)d mois : il se renouvelle.")
                % {"n": CONSENT_MAX_DAYS // 30}
            )
        return value

    def add_service_error(self, error: ValidationError) -> None:
        if hasattr(error, "error_dict") and "expires_at" in error.error_dict:
            error = ValidationError(
                {
                    ("expires_on" if name == "expires_at" else name): messages
                    for name, messages in error.error_dict.items()
                }
            )
        super().add_service_error(error)

    def clean(self):
        data = super().clean()
        if not data.get("organisations") and not data.get("all_signatories"):
            self.add_error(
                "organisations",
                _("Nommez au moins une organisation, ou toutes les signataires de la charte."),
            )
        return data

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        expires_at = _end_of_day(data["expires_on"])
        return {
            "organisations": list(data["organisations"]),
            "all_signatories": data["all_signatories"],
            "scope": data["scope"],
            "purpose": data["purpose"],
            "method": data["method"],
            "expires_at": expires_at,
        }


class BreakGlassForm(ServiceErrorsMixin, forms.Form):
    reason = forms.CharField(
        label=_("Quel danger ? Pourquoi maintenant ?"),
        max_length=2_000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "%(n)d caractères au moins. Décrivez le danger pour la personne ou pour une autre "
            "personne, sans plus de détails que nécessaire."
        )
        % {"n": BREAK_GLASS_MIN_REASON},
    )

    def clean_reason(self) -> str:
        value = self.cleaned_data["reason"].strip()
        if len(value) < BREAK_GLASS_MIN_REASON:
            raise ValidationError(
                _("Expliquez le danger en %(n)d caractères au moins.")
                % {"n": BREAK_GLASS_MIN_REASON}
            )
        return value


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Je confirme l'effacement : il ne peut pas être annulé."),
        error_messages={"required": _("Cochez la case pour confirmer.")},
    )


# --- DPO pages -------------------------------------------------------------------------------


class LogFilterForm(forms.Form):
    """Filters of the DPO's search over the access log."""

    date_from = forms.DateField(label=_("Du"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("Au (inclus)"), required=False, widget=DateInput())
    username = forms.CharField(label=_("Nom d'utilisateur"), max_length=150, required=False)
    organisation = forms.TypedChoiceField(
        label=_("Organisation"), required=False, coerce=int, empty_value=None
    )
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("toutes")), *Action.choices]
    )
    basis = forms.ChoiceField(
        label=_("Base"), required=False, choices=[("", _("toutes")), *Basis.choices]
    )
    person = forms.UUIDField(
        label=_("Identifiant du dossier"),
        required=False,
        error_messages={"invalid": _("Cet identifiant n'a pas la bonne forme.")},
    )

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [
            ("", _("toutes")),
            *((o.pk, o.name) for o in organisations),
        ]

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("Cette date est avant la date de début."))
        return data

    def filters(self) -> dict:
        """Selector arguments (nothing filtered when the form is invalid)."""
        if not self.is_bound or not self.is_valid():
            return {}
        data = self.cleaned_data

        def start(day):
            return timezone.make_aware(datetime.combine(day, time.min)) if day else None

        return {
            "date_from": start(data["date_from"]),
            "date_to": start(data["date_to"] + timedelta(days=1)) if data["date_to"] else None,
            "username": data["username"],
            "organisation_id": data["organisation"],
            "action": data["action"],
            "basis": data["basis"],
            "person_id": data["person"],
        }


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Cet accès d'urgence était-il justifié ?"),
        choices=[("justified", _("justifié")), ("not_justified", _("non justifié"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez : justifié ou non justifié.")},
    )
    comment = forms.CharField(
        label=_("Commentaire (facultatif)"),
        max_length=2_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
