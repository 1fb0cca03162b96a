"""Forms of the network pages: they validate input and turn it into service arguments."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import selectors, validators
from .charter_import import CharterParseError, parse_charter
from .models import CharterVersion, Membership, Network, Organisation
from .services import NewOrganisation

MAX_SIGNATORIES = 4
MAX_SCAN_BYTES = 10 * 1024 * 1024
COMMITMENT_MARK = "[engagement]"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _not_in_the_future(value: date) -> None:
    if value > timezone.localdate():
        raise ValidationError(_("Cette date est dans le futur."))


class ServiceErrorsMixin:
    """Show a ValidationError raised by a service on the form: on its field when the form has
    one, otherwise at the top of the form."""

    def add_service_error(self, error: ValidationError) -> None:
        if hasattr(error, "error_dict"):
            for name, messages in error.message_dict.items():
                self.add_error(name if name in self.fields else None, messages)
        else:
            self.add_error(None, error.messages)


class SignatoriesMixin:
    """Up to four people who sign for the service: a name and a function each."""

    def add_signatory_fields(self) -> None:
        for n in range(1, MAX_SIGNATORIES + 1):
            self.fields[f"signatory_{n}_name"] = forms.CharField(
                label=_("Nom et prénom"), max_length=150, required=False
            )
            self.fields[f"signatory_{n}_function"] = forms.CharField(
                label=_("Fonction"), max_length=150, required=False
            )
            self.fields[f"signatory_{n}_name"].widget.attrs["autocomplete"] = "name"
            self.fields[f"signatory_{n}_function"].widget.attrs["autocomplete"] = (
                "organization-title"
            )

    def signatory_rows(self) -> list[tuple[int, forms.BoundField, forms.BoundField]]:
        return [
            (n, self[f"signatory_{n}_name"], self[f"signatory_{n}_function"])
            for n in range(1, MAX_SIGNATORIES + 1)
        ]

    def extra_signatories_open(self) -> bool:
        """Show the rows after the first one when they hold something or an error."""
        names = [
            f"signatory_{n}_{part}"
            for n in range(2, MAX_SIGNATORIES + 1)
            for part in ("name", "function")
        ]
        return any(self[name].value() or self[name].errors for name in names)

    def clean_signatories(self, data: dict) -> None:
        people = []
        for n in range(1, MAX_SIGNATORIES + 1):
            name = (data.get(f"signatory_{n}_name") or "").strip()
            function = (data.get(f"signatory_{n}_function") or "").strip()
            if name and not function:
                self.add_error(
                    f"signatory_{n}_function",
                    _("Indiquez la fonction de %(name)s.") % {"name": name},
                )
            elif function and not name:
                self.add_error(f"signatory_{n}_name", _("Indiquez le nom de cette personne."))
            elif name:
                people.append({"name": name, "function": function})
        if not people and not self.has_error("signatory_1_name"):
            self.add_error(
                "signatory_1_name", _("Indiquez au moins une personne qui signe pour le service.")
            )
        data["signatories"] = people


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organisation) -> str:
        if obj.municipality:
            return f"{obj.name} ({obj.municipality})"
        return obj.name


class JoinForm(ServiceErrorsMixin, SignatoriesMixin, forms.Form):
    """The charter's signature block: the service, the date, the signatories, one box per
    commitment, the GA seat, a contact address."""

    NEW_ORGANISATION_FIELDS = ("name", "kind", "enterprise_number", "address", "postcode")
    NEW_ORGANISATION_REQUIRED = (*NEW_ORGANISATION_FIELDS, "municipality")

    organisation = OrganisationChoiceField(
        label=_("Votre service est-il déjà connu de relais ?"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Non : nouveau service, décrit ci-dessous"),
        error_messages={
            "invalid_choice": _(
                "Ce service est déjà partenaire du réseau ou a déjà une demande en cours."
            )
        },
    )
    name = forms.CharField(label=_("Nom du service"), max_length=200, required=False)
    kind = forms.ChoiceField(
        label=_("Type de service"),
        choices=[("", "—"), *Organisation.Kind.choices],
        required=False,
    )
    enterprise_number = forms.CharField(
        label=_("Numéro d'entreprise"), max_length=30, required=False
    )
    address = forms.CharField(label=_("Adresse (rue et numéro)"), max_length=200, required=False)
    postcode = forms.CharField(label=_("Code postal"), max_length=10, required=False)
    municipality = forms.CharField(label=_("Commune"), max_length=120, required=False)
    phone = forms.CharField(
        label=_("Téléphone du service (facultatif)"), max_length=30, required=False
    )
    email = forms.EmailField(label=_("E-mail du service (facultatif)"), required=False)
    signed_on = forms.DateField(
        label=_("Date"), widget=DateInput(), validators=[_not_in_the_future]
    )
    ga_requested = forms.BooleanField(required=False)
    contact_email = forms.EmailField(
        label=_("Votre e-mail de contact"),
        help_text=_("Nous y envoyons la confirmation, puis la réponse de la coordination."),
    )
    # Left empty by people (hidden from view and from assistive technologies); filled by robots.
    homepage = forms.CharField(label=_("Ne remplissez pas ce champ"), required=False)

    def __init__(self, *args, network: Network, charter: CharterVersion, **kwargs):
        super().__init__(*args, **kwargs)
        self.network, self.charter = network, charter
        self.fields["organisation"].queryset = selectors.organisations_joinable(network=network)
        self.fields["signed_on"].initial = timezone.localdate
        self.fields["enterprise_number"].help_text = (
            _("SIRET : 14 chiffres.")
            if network.country == "FR"
            else _("Numéro BCE/KBO, par exemple 0123.456.789.")
        )
        self.fields["ga_requested"].label = _(
            "Nous demandons aussi à devenir %(label)s, c'est-à-dire à siéger à l'assemblée "
            "générale."
        ) % {"label": network.ga_member_label}
        self.add_signatory_fields()
        for index, section in charter.commitment_sections():
            self.fields[f"commitment_{index}"] = forms.BooleanField(
                label=_("Nous nous engageons à respecter « %(title)s ».")
                % {"title": section["title"]},
                error_messages={
                    "required": _("Cochez cet engagement : il fait partie de la charte.")
                },
            )
        autocomplete = {
            "name": "organization",
            "address": "street-address",
            "postcode": "postal-code",
            "municipality": "address-level2",
            "phone": "tel",
            "email": "email",
            "contact_email": "email",
            "homepage": "off",
        }
        for name, value in autocomplete.items():
            self.fields[name].widget.attrs["autocomplete"] = value
        self.fields["homepage"].widget.attrs["tabindex"] = "-1"

    def commitment_fields(self) -> list[tuple[dict, forms.BoundField]]:
        return [
            (section, self[f"commitment_{index}"])
            for index, section in self.charter.commitment_sections()
        ]

    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("homepage"))

    def clean_signed_on(self) -> date:
        signed_on = self.cleaned_data["signed_on"]
        if self.charter.approved_on and signed_on < self.charter.approved_on:
            raise ValidationError(
                _(
                    "La charte en vigueur a été approuvée le %(date)s : signez-la à cette date ou après."
                )
                % {"date": self.charter.approved_on.strftime("%d/%m/%Y")}
            )
        return signed_on

    def clean(self) -> dict:
        data = super().clean()
        self.clean_signatories(data)
        if data.get("organisation") is not None:
            if any(data.get(name) for name in ("name", "enterprise_number")):
                self.add_error(
                    "organisation",
                    _(
                        "Vous avez choisi un service dans la liste et décrit un nouveau service. "
                        "Choisissez l'un ou l'autre."
                    ),
                )
            return data
        if "organisation" in self.errors:
            return data
        for name in self.NEW_ORGANISATION_REQUIRED:
            if not data.get(name) and name not in self.errors:
                self.add_error(name, _("Ce champ est obligatoire pour un nouveau service."))
        self._clean_new_organisation(data)
        return data

    def _clean_new_organisation(self, data: dict) -> None:
        country = self.network.country
        if number := data.get("enterprise_number"):
            try:
                data["enterprise_number"] = number = validators.normalise_enterprise_number(
                    number, country
                )
            except ValidationError as error:
                self.add_error("enterprise_number", error)
            else:
                self._refuse_known("enterprise_number", enterprise_number=number)
        if name := (data.get("name") or "").strip():
            self._refuse_known("name", name__iexact=name)
        if phone := data.get("phone"):
            try:
                data["phone"] = validators.normalise_phone(phone, country)
            except ValidationError as error:
                self.add_error("phone", error)

    def _refuse_known(self, field: str, **lookup) -> None:
        known = Organisation.objects.filter(**lookup).first()
        if known is None:
            return
        if self.fields["organisation"].queryset.filter(pk=known.pk).exists():
            message = _(
                "« %(name)s » est déjà connu de relais : choisissez-le dans la liste ci-dessus."
            )
        else:
            message = _(
                "« %(name)s » est déjà partenaire du réseau ou a déjà une demande en cours."
            )
        self.add_error(field, message % {"name": known.name})

    def new_organisation(self) -> NewOrganisation | None:
        data = self.cleaned_data
        if data.get("organisation") is not None:
            return None
        return NewOrganisation(
            name=data["name"].strip(),
            kind=data["kind"],
            enterprise_number=data["enterprise_number"],
            address=data["address"].strip(),
            postcode=data["postcode"].strip(),
            municipality=data["municipality"].strip(),
            phone=data["phone"],
            email=data["email"],
        )

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "signatories": data["signatories"],
            "signed_on": data["signed_on"],
            "accepted_sections": [
                index
                for index, _s in self.charter.commitment_sections()
                if data[f"commitment_{index}"]
            ],
            "contact_email": data["contact_email"],
            "ga_requested": data["ga_requested"],
            "organisation": data.get("organisation"),
            "new_organisation": self.new_organisation(),
        }


# --- Coordinator forms ---------------------------------------------------------------------


class MembershipFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Statut"), required=False)
    kind = forms.ChoiceField(label=_("Qualité"), required=False)

    def __init__(self, *args, network: Network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Tous")), *Membership.Status.choices]
        self.fields["kind"].choices = [
            ("", _("Toutes")),
            (Membership.Kind.PARTNER, Membership.Kind.PARTNER.label),
            (Membership.Kind.GA_MEMBER, network.ga_member_label),
        ]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {key: value for key, value in self.cleaned_data.items() if value}


class LeaveForm(ServiceErrorsMixin, forms.Form):
    ended_on = forms.DateField(
        label=_("Date de départ"), widget=DateInput(), initial=timezone.localdate
    )


class RefuseForm(ServiceErrorsMixin, forms.Form):
    reason = forms.CharField(
        label=_("Motif du refus"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Il est envoyé au service qui a fait la demande."),
        max_length=2000,
    )


class GaSeatForm(ServiceErrorsMixin, forms.Form):
    approved_on = forms.DateField(
        label=_("Date de l'assemblée générale"),
        widget=DateInput(),
        validators=[_not_in_the_future],
    )


class CharterApproveForm(ServiceErrorsMixin, forms.Form):
    approved_on = forms.DateField(
        label=_("Approuvée par l'assemblée générale le"),
        widget=DateInput(),
        validators=[_not_in_the_future],
    )


class PaperSignatureForm(ServiceErrorsMixin, SignatoriesMixin, forms.Form):
    """A charter signed on paper and received by the coordination."""

    organisation = OrganisationChoiceField(
        label=_("Service signataire"), queryset=Organisation.objects.none()
    )
    version = forms.ModelChoiceField(
        label=_("Version de la charte"), queryset=CharterVersion.objects.none(), empty_label=None
    )
    signed_on = forms.DateField(
        label=_("Date de signature"), widget=DateInput(), validators=[_not_in_the_future]
    )
    document = forms.FileField(
        label=_("Document signé (scan), facultatif"),
        required=False,
        help_text=_("PDF, JPEG ou PNG, 10 Mo au plus."),
        validators=[FileExtensionValidator(["pdf", "jpg", "jpeg", "png"])],
    )
    make_partner = forms.BooleanField(
        label=_("Ce service devient partenaire aujourd'hui s'il ne l'est pas encore"),
        required=False,
        initial=True,
    )

    def __init__(self, *args, network: Network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = selectors.organisations_for_paper_signature()
        self.fields["version"].queryset = selectors.charter_versions_approved(network=network)
        self.fields["version"].label_from_instance = lambda v: (
            _("Version %(number)s, approuvée le %(date)s")
            % {"number": v.number, "date": v.approved_on.strftime("%d/%m/%Y")}
        )
        self.add_signatory_fields()
        self.fields["document"].widget.attrs["accept"] = ".pdf,.jpg,.jpeg,.png"

    def clean_document(self):
        document = self.cleaned_data.get("document")
        if document and document.size > MAX_SCAN_BYTES:
            raise ValidationError(_("Ce fichier dépasse 10 Mo."))
        return document

    def clean(self) -> dict:
        data = super().clean()
        self.clean_signatories(data)
        return data


def charter_text(sections: list[dict]) -> str:
    """A version's sections in the text format the draft form reads back."""
    blocks = []
    for section in sections:
        title = section["title"]
        if section.get("commitment"):
            title = f"{title} {COMMITMENT_MARK}"
        blocks.append(f"# {title}\n{section.get('body', '').strip()}".strip())
    return "\n\n".join(blocks) + "\n"


def parse_charter_text(text: str) -> list[dict]:
    """Read sections from text: a line "# Title" starts a section, "[engagement]" at the end
    of the title marks a commitment, the lines below are its text."""
    sections: list[dict] = []
    for number, line in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        if line.startswith("#"):
            title = line.lstrip("#").strip()
            commitment = title.casefold().endswith(COMMITMENT_MARK)
            if commitment:
                title = title[: -len(COMMITMENT_MARK)].strip()
            if not title:
                raise ValidationError(
                    _("Ligne %(number)s : le titre de la section est vide.") % {"number": number}
                )
            sections.append({"title": title, "body": [], "commitment": commitment})
        elif sections:
            sections[-1]["body"].append(line)
        elif line.strip():
            raise ValidationError(
                _("Le texte doit commencer par le titre d'une section, sur une ligne « # Titre ».")
            )
    for section in sections:
        section["body"] = "\n".join(section["body"]).strip()
    if not sections:
        raise ValidationError(_("Collez au moins une section (« # Titre » puis son texte)."))
    return sections


class CharterDraftForm(ServiceErrorsMixin, forms.Form):
    SECTIONS = "sections"
    DOCUMENT = "document"

    title = forms.CharField(
        label=_("Titre de la charte"),
        max_length=250,
        required=False,
        help_text=_("Facultatif pour un document collé : son titre est repris."),
    )
    source = forms.ChoiceField(
        label=_("Le texte ci-dessous est"),
        widget=forms.RadioSelect,
        initial=SECTIONS,
        choices=[
            (SECTIONS, _("découpé en sections, une ligne « # Titre » pour chacune")),
            (
                DOCUMENT,
                _(
                    "une charte collée telle quelle depuis un document : relais trouve les "
                    "sections et les engagements, comme la commande d'import"
                ),
            ),
        ],
    )
    text = forms.CharField(
        label=_("Texte de la charte"),
        widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "true"}),
        help_text=_(
            "Une ligne « # Titre » commence chaque section ; ajoutez « [engagement] » à la fin "
            "du titre des sections que les signataires s'engagent à respecter. Le texte de la "
            "section suit, sur les lignes suivantes."
        ),
    )

    def clean(self) -> dict:
        data = super().clean()
        text, source = data.get("text"), data.get("source")
        if not text or not source:
            return data
        try:
            if source == self.DOCUMENT:
                parsed = parse_charter(text)
                data["sections"] = parsed.sections
                data["title"] = data.get("title") or parsed.title
            else:
                data["sections"] = parse_charter_text(text)
        except ValidationError as error:
            self.add_error("text", error)
            return data
        except CharterParseError as error:
            self.add_error("text", str(error))
            return data
        if not data.get("title"):
            self.add_error("title", _("Donnez un titre à la charte."))
        return data

    def sections(self) -> list[dict]:
        return self.cleaned_data["sections"]
