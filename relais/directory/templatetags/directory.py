"""Template helpers of the directory's pages: labels of the vocabularies, a service's text in
the viewer's language (French as fallback, field by field), its hours in words and where it
stands now (open, closing time, next opening), freshness and distances."""

from dataclasses import dataclass, field
from datetime import datetime

from data_inclusion.schema.v1 import Public, Thematique
from django import template
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from relais.core.axes import axis_label as core_axis_label
from relais.directory import hours
from relais.directory import tasks as freshness
from relais.directory import vocabularies as v

register = template.Library()

TRANSLATED_FIELDS = ("name", "description", "conditions")


def _label(choices, code) -> str:
    try:
        return str(choices(code).label)
    except ValueError:
        return str(code)


@register.filter
def axis_label(code) -> str:
    return core_axis_label(code)


@register.filter
def welcome_label(code) -> str:
    return _label(v.Welcome, code)


@register.filter
def access_mode_label(code) -> str:
    return _label(v.AccessMode, code)


@register.filter
def language_name(code) -> str:
    return v.LANGUAGES.get(code, code)


@register.filter
def public_label(code) -> str:
    try:
        return Public(code).label
    except ValueError:
        return str(code)


@register.filter
def thematique_label(code) -> str:
    try:
        return Thematique(code).label
    except ValueError:
        return str(code)


def current_language() -> str:
    return (translation.get_language() or "fr").split("-")[0]


@dataclass(frozen=True)
class LocalText:
    """A field of a service in the viewer's language, or in French when the organisation has
    not translated it; `language` says which, for the `lang` attribute of the page."""

    text: str
    language: str

    @property
    def fallback(self) -> bool:
        return self.language != current_language()

    @property
    def bidi(self) -> bool:
        return translation.get_language_info(self.language)["bidi"]

    def __str__(self) -> str:
        return self.text


def localised_text(service, field_name: str, language: str | None = None) -> LocalText:
    """`service.<field_name>` in `language` (default: the active one), from its prefetched
    translations, or from a `local_<field_name>` annotation (lists), with the French text as
    fallback for an empty field."""
    language = language or current_language()
    if language != "fr":
        annotation = f"local_{field_name}"
        if hasattr(service, annotation):
            # A list: the translation came with the list's query (None when there is none).
            text = getattr(service, annotation)
            if text and text.strip():
                return LocalText(text, language)
        else:
            for item in service.translations.all():
                if item.language == language and getattr(item, field_name).strip():
                    return LocalText(getattr(item, field_name), language)
    return LocalText(getattr(service, field_name), "fr")


@register.simple_tag
def localised(service, field_name: str) -> LocalText:
    """`{% localised service "description" as description %}` — see `localised_text`."""
    return localised_text(service, field_name)


@register.simple_tag
def hours_in_words(service) -> list[str]:
    """The service's hours in plain words, one line per group of days, in the page's
    language (`hours.describe`)."""
    country = service.network.country if service.network_id else None
    return hours.describe(service.opening_hours, current_language(), country=country)


@register.filter
def hours_vary(value: str) -> bool:
    """Whether hours depend on the date (`hours.is_irregular`): the n-th weekday of the
    month, dates, weeks."""
    return hours.is_irregular(value or "")


@register.simple_tag
def hours_text(value: str, country: str | None = None) -> list[str]:
    return hours.describe(value, current_language(), country=country)


@dataclass
class Status:
    """What a list or a sheet says about a service at a moment."""

    open_now: bool
    label: str
    detail: str = ""
    notices: list = field(default_factory=list)
    known: bool = True


# Languages whose day-and-month dates take the genitive month ("25 листопада"): Django's "E".
GENITIVE_MONTHS = {"uk", "ru", "pl", "cs", "sk", "hr", "sr", "lt", "be"}


def _day_month_format(with_year: bool = False) -> str:
    month = "E" if current_language() in GENITIVE_MONTHS else "F"
    return f"j {month} Y" if with_year else f"j {month}"


@register.filter
def day_month(value) -> str:
    """ "25 novembre", "25 листопада" (in the page's language)."""
    if not value:
        return ""
    return formats.date_format(value, _day_month_format())


@register.filter
def full_date(value) -> str:
    """ "25 novembre 2026", "25 листопада 2026" (local date of a datetime)."""
    if not value:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date()
    return formats.date_format(value, _day_month_format(with_year=True))


def _when(moment: datetime, now: datetime, words) -> tuple[int, dict]:
    """How far `moment` is (0 today, 1 tomorrow, 2–6 this week, 7 later) and its words."""
    local_now = timezone.localtime(now, moment.tzinfo)
    days = max(0, (moment.date() - local_now.date()).days)
    parts = {
        "time": words.time(moment.hour * 60 + moment.minute),
        "day": words.days[moment.weekday()],
        "date": formats.date_format(moment.date(), _day_month_format()),
    }
    return min(days, 7), parts


def _closes(moment: datetime, now: datetime, words) -> str:
    days, parts = _when(moment, now, words)
    if days == 0:
        return _("jusqu'à %(time)s") % parts
    if days == 1:
        return _("jusqu'à demain %(time)s") % parts
    if days < 7:
        return _("jusqu'à %(day)s %(time)s") % parts
    return _("jusqu'au %(date)s") % parts


def _opens(moment: datetime, now: datetime, words) -> str:
    days, parts = _when(moment, now, words)
    if days == 0:
        return _("ouvre à %(time)s") % parts
    if days == 1:
        return _("ouvre demain à %(time)s") % parts
    if days < 7:
        return _("ouvre %(day)s à %(time)s") % parts
    return _("ouvre le %(date)s à %(time)s") % parts


def service_status(service, now: datetime | None = None) -> Status:
    """Open now (and until when) or closed (and the next opening), with the notices that
    still run or are to come, from the service's slots and prefetched notices (no query)."""
    now = now or timezone.now()
    state = hours.open_state(service, now)
    words = hours.WORDS.get(current_language(), hours.WORDS["fr"])
    if state.open_now:
        detail = _closes(state.closes_at, now, words) if state.closes_at else ""
        return Status(True, _("Ouvert maintenant"), detail, state.notices)
    if not service.opening_hours and not state.next_opening:
        if getattr(service, "hours_text", ""):
            return Status(False, _("Voir les horaires"), "", state.notices, known=False)
        return Status(False, _("Horaires non précisés"), "", state.notices, known=False)
    if hours.is_irregular(service.opening_hours):
        # Hours that depend on the date (the first Saturday of the month, a winter season):
        # the weekly rows hold only what is open every week, so "closed" may be wrong today.
        return Status(
            False, _("Horaires variables"), _("voir les horaires"), state.notices, known=False
        )
    detail = (
        _opens(state.next_opening, now, words)
        if state.next_opening
        else _("pas d'ouverture prévue dans les deux semaines")
    )
    return Status(False, _("Fermé"), detail, state.notices)


@register.simple_tag(takes_context=True)
def status_of(context, service) -> Status:
    """`{% status_of service as status %}`: see `service_status` (the view may give `now`)."""
    return service_status(service, context.get("now"))


@register.filter
def is_stale(service) -> bool:
    """Not verified for six months: the sheet shows "à vérifier"."""
    return freshness.is_stale(service)


@register.filter
def distance(km) -> str:
    """ "350 m", "1,2 km", "12 km" in the page's number format."""
    if km is None or km == "":
        return ""
    km = float(km)
    if km < 1:
        return _("%(metres)s m") % {"metres": max(10, round(km * 100) * 10)}
    if km < 10:
        return _("%(km)s km") % {"km": formats.number_format(round(km, 1), 1)}
    return _("%(km)s km") % {"km": formats.number_format(round(km), 0)}


@register.filter
def notice_running(notice, today=None) -> bool:
    today = today or timezone.localdate()
    return notice.starts_on <= today <= notice.ends_on
