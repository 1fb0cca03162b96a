"""Forms of the directory's pages: the search (GET, works without JavaScript), the public
directory's search, and the organisation admin's forms (service, locations, notice,
translation, verification)."""

from data_inclusion.schema.v1 import Public, Thematique
from data_inclusion.schema.v1.thematiques import Categorie
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from relais.core.axes import Axis, axis_label
from relais.network.models import Membership, Network

from . import geocode, selectors
from . import vocabularies as v
from .models import AxesOrigin, Location, Notice, Service, ServiceTranslation

RADIUS_CHOICES = [
    ("", _("dans la commune")),
    ("1", _("à 1 km")),
    ("2", _("à 2 km")),
    ("5", _("à 5 km")),
    ("10", _("à 10 km")),
    ("25", _("à 25 km")),
]
WHEN_CHOICES = [
    ("", _("peu importe")),
    ("now", _("ouvert maintenant")),
]
SORT_CHOICES = [
    ("relevance", _("pertinence")),
    ("distance", _("distance")),
    ("name", _("nom")),
]


def thematique_choices() -> list:
    """data·inclusion thématiques grouped by their category (optgroups)."""
    groups: dict[str, list[tuple[str, str]]] = {c.value: [] for c in Categorie}
    for thematique in Thematique:
        groups.setdefault(thematique.value.split("--")[0], []).append(
            (thematique.value, thematique.label)
        )
    return [
        (Categorie(code).label, sorted(items, key=lambda i: i[1]))
        for code, items in groups.items()
        if items
    ]


def _blank(label) -> list[tuple[str, str]]:
    return [("", label)]


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class SearchForm(forms.Form):
    """The directory's search: one box and filters, as a GET form (the results are a list
    with pagination; the map only adds to it)."""

    q = forms.CharField(
        label=_("Que cherchez-vous ?"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": _("abri de nuit, douche, colis alimentaire…"),
                "autocomplete": "off",
                "enterkeyhint": "search",
            }
        ),
    )
    near = forms.CharField(
        label=_("Près de (commune ou code postal)"),
        required=False,
        max_length=120,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
    )
    radius = forms.ChoiceField(label=_("Distance"), required=False, choices=RADIUS_CHOICES)
    when = forms.ChoiceField(label=_("Ouverture"), required=False, choices=WHEN_CHOICES)
    at = forms.DateTimeField(
        label=_("Ouvert le (date et heure)"),
        required=False,
        widget=DateTimeLocalInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    network = forms.ChoiceField(label=_("Réseau"), required=False)
    axis = forms.ChoiceField(label=_("Axe"), required=False)
    thematique = forms.ChoiceField(label=_("Thématique"), required=False)
    welcome = forms.ChoiceField(label=_("Qui peut venir"), required=False)
    public = forms.ChoiceField(label=_("Public (data·inclusion)"), required=False)
    language = forms.ChoiceField(label=_("Langue parlée"), required=False)
    free = forms.BooleanField(label=_("Gratuit uniquement"), required=False)
    sort = forms.ChoiceField(label=_("Trier par"), required=False, choices=SORT_CHOICES)

    # Filters folded under "more filters" (the box, place and opening stay visible).
    MORE = ("at", "network", "axis", "thematique", "welcome", "public", "language", "free", "sort")

    def __init__(self, data=None, *, networks=(), network: Network | None = None, **kwargs):
        # A search form reads better without "label :" colons (and "؟:" in Arabic).
        kwargs.setdefault("label_suffix", "")
        super().__init__(data, **kwargs)
        self.network = network
        if network is not None:
            del self.fields["network"]
            axes = list(network.axes)
        else:
            self.fields["network"].choices = _blank(_("tous les réseaux")) + [
                (n.slug, n.name) for n in networks
            ]
            axes = list(Axis.values)
        self.fields["axis"].choices = _blank(_("tous les axes")) + [
            (code, Axis(code).label) for code in axes
        ]
        self.fields["thematique"].choices = _blank(_("toutes les thématiques")) + (
            thematique_choices()
        )
        self.fields["welcome"].choices = _blank(_("tout le monde")) + list(v.Welcome.choices)
        self.fields["public"].choices = _blank(_("tous les publics")) + [
            (p.value, p.label) for p in Public
        ]
        self.fields["language"].choices = _blank(_("toutes les langues")) + sorted(
            v.LANGUAGES.items(), key=lambda item: item[1].casefold()
        )
        for name in ("radius", "when", "sort"):
            self.fields[name].widget.attrs["class"] = "select-short"

    def more_fields(self):
        return [self[name] for name in self.MORE if name in self.fields]

    def more_open(self) -> bool:
        """Open the folded filters when one of them is used or wrong."""
        if not self.is_bound:
            return False
        return any(
            (self.data.get(name) not in (None, "", "relevance")) or self[name].errors
            for name in self.MORE
            if name in self.fields
        )

    def clean(self):
        data = super().clean()
        if data.get("radius") and not (data.get("near") or "").strip():
            self.add_error("near", _("Indiquez une commune ou un code postal pour la distance."))
        if data.get("sort") == "distance" and not (data.get("near") or "").strip():
            self.add_error(
                "near", _("Indiquez une commune ou un code postal pour trier par distance.")
            )
        return data

    def search_arguments(self, *, now=None) -> dict:
        """The keyword arguments of `selectors.services_search` (the form must be valid)."""
        data = self.cleaned_data
        arguments = {
            "q": data.get("q") or None,
            "network": self.network or data.get("network") or None,
            "axis": data.get("axis") or None,
            "thematique": data.get("thematique") or None,
            "welcome": data.get("welcome") or None,
            "public": data.get("public") or None,
            "language": data.get("language") or None,
            "free": True if data.get("free") else None,
            "sort": data.get("sort") or "relevance",
        }
        if data.get("at"):
            arguments["open_at"] = data["at"]
        elif data.get("when") == "now":
            arguments["open_at"] = now or timezone.now()
        near = (data.get("near") or "").strip()
        if near:
            if geocode.postcode_country(near.upper().removeprefix("B-").removeprefix("F-")):
                arguments["postcode"] = near
            else:
                arguments["municipality"] = near
            if data.get("radius"):
                arguments["radius_km"] = float(data["radius"])
        return arguments

    def add_search_error(self, error: selectors.SearchError) -> None:
        """Show the selector's refusal on the field the visitor typed it in."""
        names = {"municipality": "near", "postcode": "near", "radius_km": "radius", "open_at": "at"}
        name = names.get(error.field, error.field)
        self.add_error(name if name in self.fields else None, error.message)


class PublicSearchForm(SearchForm):
    """The public directory's search: the box, the place, open now, the axis."""

    MORE = ("axis", "welcome", "language", "free")

    def __init__(self, data=None, *, network: Network, **kwargs):
        super().__init__(data, network=network, **kwargs)
        for name in ("thematique", "public", "sort", "at"):
            del self.fields[name]

    def clean(self):
        data = forms.Form.clean(self)
        if data.get("radius") and not (data.get("near") or "").strip():
            self.add_error("near", _("Indiquez une commune ou un code postal pour la distance."))
        return data


# --- Organisation admins ---------------------------------------------------------------------


class MultipleChoiceList(forms.TypedMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)


def networks_for(organisation, service: Service | None = None):
    """The networks a service of `organisation` may belong to: those it is an active member
    of (and the service's current one)."""
    networks = Network.objects.filter(
        memberships__organisation=organisation, memberships__status=Membership.Status.ACTIVE
    )
    if service is not None and service.network_id:
        networks = networks | Network.objects.filter(pk=service.network_id)
    return networks.distinct().order_by("name")


class ServiceForm(forms.ModelForm):
    """A service's sheet. The locations come from `LocationFormSet`; everything is checked
    again and saved by `services.service_save`."""

    axes = MultipleChoiceList(label=_("Axes"))
    thematiques = MultipleChoiceList(label=_("Thématiques (data·inclusion)"))
    publics = MultipleChoiceList(label=_("Publics (data·inclusion)"))
    welcomes = MultipleChoiceList(label=_("Qui peut venir"), choices=v.Welcome.choices)
    languages = MultipleChoiceList(label=_("Langues parlées"))
    access_modes = MultipleChoiceList(label=_("Comment venir"), choices=v.AccessMode.choices)

    class Meta:
        model = Service
        fields = [
            "network",
            "name",
            "description",
            "axes",
            "thematiques",
            "publics",
            "welcomes",
            "conditions",
            "languages",
            "cost",
            "cost_details",
            "access_modes",
            "phone",
            "email",
            "website",
            "opening_hours",
            "hours_text",
            "capacity",
            "capacity_unit",
            "visibility",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "conditions": forms.Textarea(attrs={"rows": 3}),
            "hours_text": forms.Textarea(attrs={"rows": 2}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "visibility": forms.RadioSelect,
            "cost": forms.RadioSelect,
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        networks = networks_for(organisation, self.instance if self.instance.pk else None)
        self.fields["network"].queryset = networks
        self.fields["network"].empty_label = None
        axes: list[str] = []
        for network in networks:
            axes += [code for code in network.axes if code not in axes]
        self.fields["axes"].choices = [
            (code, Axis(code).label) for code in Axis.values if code in axes
        ]
        self.fields["thematiques"].choices = [
            (t.value, t.label) for t in sorted(Thematique, key=lambda t: t.value)
        ]
        self.fields["publics"].choices = [(p.value, p.label) for p in Public]
        self.fields["languages"].choices = list(v.LANGUAGES.items())
        self.fields["opening_hours"].widget.attrs.update(
            {"spellcheck": "false", "autocapitalize": "off", "class": "monospace"}
        )
        self.fields["opening_hours"].help_text = _(
            "Au format OpenStreetMap, par exemple « Mo-Fr 09:00-12:00,13:30-16:00; PH off » "
            "(Mo lundi, Tu mardi, We mercredi, Th jeudi, Fr vendredi, Sa samedi, Su dimanche, "
            "PH jours fériés ; « Sa[1] 10:00-12:00 » : le premier samedi du mois). Les "
            "fermetures temporaires et le plan hiver sont des avis."
        )

    def save(self, commit=True):
        service = super().save(commit=False)
        service.axes_origin = AxesOrigin.CHOSEN  # the person saving the sheet chose them
        if commit:
            service.save()
        return service

    def thematique_groups(self):
        """The thématique checkboxes grouped by category, for one fieldset each."""
        labels = {c.value: c.label for c in Categorie}
        groups: dict[str, list] = {}
        for widget in self["thematiques"]:
            code = widget.data["value"]
            groups.setdefault(code.split("--")[0], []).append(widget)
        selected = set(self["thematiques"].value() or [])
        return [
            {
                "label": labels.get(category, category),
                "widgets": widgets,
                "selected": sum(w.data["value"] in selected for w in widgets),
            }
            for category, widgets in groups.items()
        ]

    def add_service_error(self, error: ValidationError) -> None:
        if hasattr(error, "error_dict"):
            for name, messages in error.message_dict.items():
                self.add_error(name if name in self.fields else None, messages)
        else:
            self.add_error(None, error.messages)


class LocationForm(forms.ModelForm):
    class Meta:
        model = Location
        fields = [
            "name",
            "is_mobile",
            "area_served",
            "address",
            "postcode",
            "municipality",
            "latitude",
            "longitude",
        ]
        widgets = {
            "latitude": forms.NumberInput(attrs={"step": "any"}),
            "longitude": forms.NumberInput(attrs={"step": "any"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["postcode"].widget.attrs["autocomplete"] = "postal-code"
        self.fields["address"].widget.attrs["autocomplete"] = "street-address"
        self.fields["latitude"].help_text = _(
            "Laissez vide : la position est déduite du code postal."
        )

    def clean(self):
        data = super().clean()
        if self.errors or not self.has_changed():
            return data
        if (
            not data.get("is_mobile")
            and data.get("latitude") is None
            and data.get("longitude") is None
            and data.get("postcode")
        ):
            place = geocode.geocode_postcode(data["postcode"])
            if place is not None:
                data["latitude"], data["longitude"] = place.latitude, place.longitude
        location = Location(**{name: data.get(name) for name in self.Meta.fields})
        try:
            location.full_clean(exclude=["service"])
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for name, messages in error.message_dict.items():
                    self.add_error(name if name in self.fields else None, messages)
            else:
                self.add_error(None, error.messages)
        return data

    def location(self) -> Location:
        return Location(**{name: self.cleaned_data.get(name) for name in self.Meta.fields})


class BaseLocationFormSet(forms.BaseFormSet):
    def locations(self) -> list[Location]:
        """The locations to keep (the formset must be valid): filled rows not ticked for
        deletion; an empty extra row is ignored."""
        return [
            form.location()
            for form in self.forms
            if form.cleaned_data and not self._should_delete_form(form)
        ]


LocationFormSet = forms.formset_factory(
    LocationForm, formset=BaseLocationFormSet, extra=1, can_delete=True, max_num=20
)


def location_initial(service: Service) -> list[dict]:
    return [
        {name: getattr(location, name) for name in LocationForm.Meta.fields}
        for location in service.locations.all()
    ]


class NoticeForm(forms.ModelForm):
    class Meta:
        model = Notice
        fields = ["starts_on", "ends_on", "message", "effect"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "effect": forms.RadioSelect,
        }
        help_texts = {
            "message": _(
                "Par exemple « Fermé pour travaux », « Plan hiver : ouvert jour et nuit »."
            ),
        }

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["starts_on"] > data["ends_on"]:
            self.add_error("ends_on", _("La fin est avant le début."))
        return data


class TranslationForm(forms.ModelForm):
    """One language of a service: each empty field shows the French text instead."""

    class Meta:
        model = ServiceTranslation
        fields = ["name", "description", "conditions"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "conditions": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.language = language
        bidi = language in ("ar", "fa", "ps")
        for field in self.fields.values():
            field.required = False
            field.widget.attrs.update({"lang": language, "dir": "rtl" if bidi else "ltr"})


class HoursCheckForm(forms.Form):
    opening_hours = forms.CharField(required=False, max_length=500)


class ClassifyForm(forms.Form):
    """The axes of a service "à classer": the network's axes, at least one."""

    axes = forms.MultipleChoiceField(
        label=_("Axes"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choisissez au moins un axe.")},
    )

    def __init__(self, *args, service: Service, **kwargs):
        kwargs.setdefault("prefix", f"service-{service.pk}")
        super().__init__(*args, **kwargs)
        self.service = service
        self.fields["axes"].choices = [(code, axis_label(code)) for code in service.network.axes]
        self.fields["axes"].label = _("Axes de « %(name)s »") % {"name": service.name}

    def add_service_error(self, error: ValidationError) -> None:
        messages = error.message_dict.get("axes") if hasattr(error, "error_dict") else None
        self.add_error("axes", messages or error.messages)
