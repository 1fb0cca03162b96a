"""The axes vocabulary shared by every app: the chain of actions from emergency to insertion.

The four Walloon relais sociaux use the first six axes (Namur four of them, Mons-Borinage all
six). Le Mans Solidaire organises its shared indicators around its own list, taken from the
charter's third part (accueil, publics, prestations).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Axis(models.TextChoices):
    URGENCE_SOCIALE = "urgence_sociale", _("Urgence sociale")
    ACCUEIL_DE_JOUR = "accueil_de_jour", _("Accueil de jour")
    ACCUEIL_DE_NUIT = "accueil_de_nuit", _("Accueil de nuit")
    TRAVAIL_DE_RUE = "travail_de_rue", _("Travail de rue")
    AIDE_ALIMENTAIRE = "aide_alimentaire", _("Aide alimentaire")
    LOGEMENT = "logement", _("Logement")
    # Le Mans Solidaire's own list.
    ACCUEIL_ECOUTE = "accueil_ecoute", _("Accueil et écoute")
    ACCES_AUX_DROITS = "acces_aux_droits", _("Accès aux droits")
    HYGIENE_SANTE = "hygiene_sante", _("Hygiène et soins")
    LIEN_SOCIAL = "lien_social", _("Lien social et ateliers")
    SAVOIRS_DE_BASE = "savoirs_de_base", _("Ateliers linguistiques et illettrisme")


RELAIS_SOCIAL_AXES = [
    Axis.URGENCE_SOCIALE,
    Axis.ACCUEIL_DE_JOUR,
    Axis.ACCUEIL_DE_NUIT,
    Axis.TRAVAIL_DE_RUE,
    Axis.AIDE_ALIMENTAIRE,
    Axis.LOGEMENT,
]

LE_MANS_AXES = [
    Axis.ACCUEIL_ECOUTE,
    Axis.AIDE_ALIMENTAIRE,
    Axis.HYGIENE_SANTE,
    Axis.ACCES_AUX_DROITS,
    Axis.LOGEMENT,
    Axis.LIEN_SOCIAL,
    Axis.SAVOIRS_DE_BASE,
]


def axis_label(code: str) -> str:
    try:
        return str(Axis(code).label)
    except ValueError:
        return code
