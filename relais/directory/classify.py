"""Guessing a service's axes from its own words, for imports that carry no relais axis.

Most real feeds (HSDS, data·inclusion, spreadsheets) know nothing of the relais-social axes.
The importer first looks at what the record says about itself in a shared vocabulary (HSDS
taxonomy terms, data·inclusion thématiques), then at its words: its name, then its
description, read against the table below. What nothing matches is imported "à classer":
hidden until a coordinator of the network or an admin of the organisation chooses its axes.

The table is data. Each `Kind` is a kind of service found in every relais social, the words
feeds use for it in French and Dutch (a few in English), and its axes: `axes` are kept when
the network uses them, else `fallback` (those the network uses). A network without an
"aide alimentaire" axis (Namur) files food parcels under "urgence sociale", as its members do.

Matching is on words, never on bits of words: the text is folded (lower case, no accents,
œ → oe), cut into words, one-letter elisions dropped ("d'urgence" → "urgence") and French
plurals reduced ("abris" → "abri", "colis" → "coli" on both sides). A phrase matches when its
words follow each other in the text. A word ending with `*` also matches the words it starts
(Dutch compounds: "nachtopvang*" matches "nachtopvangcentrum").

How a kind is chosen:
1. a kind named in the service's **name** wins (the earliest in the name; at the same place,
   the longest phrase): "Douches et lessive", "Abri de nuit pour femmes";
2. otherwise the kind whose phrases are found most often in the **description** (at equal
   count, the one found first).

`tests/directory/test_classify.py` checks the table against the demo catalogue: with their axes
removed, at least 90 % of the demo services get exactly their own axes back.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from relais.core.axes import Axis

from .services import fold

URGENCE = Axis.URGENCE_SOCIALE.value
JOUR = Axis.ACCUEIL_DE_JOUR.value
NUIT = Axis.ACCUEIL_DE_NUIT.value
RUE = Axis.TRAVAIL_DE_RUE.value
ALIMENTAIRE = Axis.AIDE_ALIMENTAIRE.value
LOGEMENT = Axis.LOGEMENT.value
ECOUTE = Axis.ACCUEIL_ECOUTE.value
DROITS = Axis.ACCES_AUX_DROITS.value
SANTE = Axis.HYGIENE_SANTE.value
LIEN = Axis.LIEN_SOCIAL.value
SAVOIRS = Axis.SAVOIRS_DE_BASE.value


@dataclass(frozen=True)
class Kind:
    """A kind of service: its words and its axes (see the module docstring)."""

    key: str
    words: tuple[str, ...]
    axes: tuple[str, ...]
    fallback: tuple[str, ...] = ()

    def axes_for(self, network_axes: Iterable[str]) -> list[str]:
        """Its axes the network uses, else its fallback axes the network uses, in the
        network's order."""
        network_axes = list(network_axes)
        chosen = [a for a in network_axes if a in self.axes]
        return chosen or [a for a in network_axes if a in self.fallback]


# The order matters only between two phrases found at the same place of a name; otherwise
# the earliest (name) or the most frequent (description) wins.
KINDS: tuple[Kind, ...] = (
    Kind(
        "plan_hiver",
        (
            "plan hiver", "plan grand froid", "plan froid", "places hivernales",
            "place hivernale", "accueil hivernal", "dispositif hivernal", "hebergement hivernal",
            "abri hivernal", "renfort hivernal",
            "winterplan", "winteropvang*", "koudeplan", "vorstplan",
        ),
        (NUIT, URGENCE),
        (LOGEMENT,),
    ),
    Kind(
        "abri_de_nuit",
        (
            "abri de nuit", "asile de nuit", "accueil de nuit", "hebergement de nuit",
            "hebergement d urgence", "hebergement urgence", "centre d hebergement d urgence",
            "halte de nuit", "lits de nuit", "lit pour la nuit", "places de nuit",
            "mise a l abri", "dortoir", "night shelter",
            "nachtopvang*", "nachtasiel", "nachtcentrum", "slaapplaats*", "daklozenopvang*",
            "noodopvang*", "nachthuis",
        ),
        (NUIT,),
        (LOGEMENT, URGENCE),
    ),
    Kind(
        "maison_accueil",
        (
            "maison d accueil", "maison d hebergement", "centre d hebergement",
            "hebergement d insertion", "chrs", "logement de transit", "logements de transit",
            "logement d urgence", "logements d urgence", "logement temporaire",
            "residence sociale", "pension de famille", "maison relais", "foyer d hebergement",
            "hebergement temporaire", "logement accompagne", "appartement supervise",
            "opvangtehuis*", "opvanghuis*", "thuislozenzorg", "doorgangswoning*",
            "transitwoning*", "crisiswoning*", "noodwoning*", "beschut wonen",
        ),
        (LOGEMENT,),
        (NUIT, URGENCE),
    ),
    Kind(
        "housing_first",
        (
            "housing first", "agence immobiliere sociale", "ais", "logement social",
            "logements sociaux", "societe de logement", "recherche de logement",
            "chercher un logement", "aide au logement", "acces au logement",
            "accompagnement au logement", "captation de logement", "guidance a domicile",
            "permanence logement", "service logement", "logement", "locataire",
            "woonbegeleiding", "sociaal wonen", "sociaal verhuurkantoor*", "svk",
            "sociale huisvesting", "huisvesting", "woonwinkel", "woonloket",
        ),
        (LOGEMENT,),
        (URGENCE,),
    ),
    Kind(
        "accueil_de_jour",
        (
            "accueil de jour", "centre de jour", "centre d accueil de jour", "espace de jour",
            "halte de jour", "halte accueil", "lieu d accueil", "maison d accueil de jour",
            "accueil bas seuil", "day centre", "drop in",
            "dagopvang*", "dagcentrum*", "inloopcentrum*", "inloophuis*", "onthaalcentrum*",
            "ontmoetingshuis*", "laagdrempelig onthaal",
        ),
        (JOUR,),
        (ECOUTE, SANTE),
    ),
    Kind(
        "repas",
        (
            "restaurant social", "restaurants sociaux", "resto social", "restaurant du coeur",
            "restaurants du coeur", "resto du coeur", "restos du coeur", "repas",
            "repas chaud", "soupe", "soupe populaire", "petit dejeuner", "table d hote",
            "cuisine de rue", "soup kitchen",
            "sociaal restaurant", "soepbar", "soepkeuken", "maaltijd*", "ontbijt*",
        ),
        (ALIMENTAIRE, JOUR),
    ),
    Kind(
        "colis",
        (
            "colis", "colis alimentaire", "aide alimentaire", "distribution alimentaire",
            "distribution de vivres", "banque alimentaire", "epicerie sociale",
            "epicerie solidaire", "libre service alimentaire", "panier", "denree",
            "frigo solidaire", "food bank",
            "voedselpakket*", "voedselbank*", "voedselhulp", "voedselbedeling",
            "sociale kruidenier*", "sociale supermarkt", "voedselwinkel",
        ),
        (ALIMENTAIRE,),
        (URGENCE,),
    ),
    Kind(
        "travail_de_rue",
        (
            "travail de rue", "travailleur de rue", "travailleuse de rue", "educateur de rue",
            "educatrice de rue", "travail social de rue", "maraude", "tournee de rue",
            "equipe de rue", "aller vers", "street work", "outreach",
            "straathoekwerk*", "straatwerk*", "outreachend",
        ),
        (RUE,),
        (ECOUTE,),
    ),
    Kind(
        "equipe_mobile",
        (
            "equipe mobile", "psychiatrie", "psychiatrique", "precarite psychique",
            "mobiel team", "mobiele equipe",
        ),
        (RUE,),
        (SANTE,),
    ),
    Kind(
        "urgence_sociale",
        (
            "urgence sociale", "urgences sociales", "dispositif d urgence", "garde sociale",
            "115", "permanence telephonique", "numero d urgence", "cellule d urgence",
            "sortie d hopital", "service social des urgence", "service social de l hopital",
            "sociale noodhulp", "crisismeldpunt", "crisisopvang",
        ),
        (URGENCE,),
        (LOGEMENT, ECOUTE),
    ),
    Kind(
        "permanence_sociale",
        (
            "permanence sociale", "accueil social", "service social", "antenne sociale",
            "assistant social", "assistante sociale", "travailleur social", "cpas", "ccas",
            "adresse de reference", "domiciliation", "revenu d integration", "aide sociale",
            "mediation de dette", "guidance budgetaire", "surendettement", "droit des etranger",
            "information juridique", "permanence juridique", "aide juridique", "ecrivain public",
            "acces aux droit", "demarche administrative", "papiers", "rsa",
            "sociale dienst", "ocmw", "referentieadres", "schuldbemiddeling", "budgetbegeleiding",
            "juridische bijstand", "sociale permanentie", "openbaar schrijver",
        ),
        (URGENCE,),
        (DROITS,),
    ),
    Kind(
        "violences",
        (
            "violence conjugale", "violences conjugales", "victimes de violence",
            "femmes victimes", "violences intrafamiliales", "partnergeweld",
            "intrafamiliaal geweld", "vluchthuis",
        ),
        (URGENCE, LOGEMENT),
        (ECOUTE,),
    ),
    Kind(
        "douches",
        (
            "douche", "douches", "lavoir", "laverie", "lessive", "buanderie", "hygiene",
            "espace hygiene", "bains douches", "consigne", "bagagerie",
            "douchen", "wasserette*", "wassalon", "hygienepost",
        ),
        (JOUR,),
        (SANTE,),
    ),
    Kind(
        "soins",
        (
            "soins", "soin", "soins infirmiers", "infirmier", "infirmiere", "consultation",
            "consultations medicales", "medecine generale", "maison medicale", "medecin",
            "antenne medicale", "acces aux soins", "pass", "sante", "sante mentale",
            "depistage", "premier accueil psy",
            "medisch*", "verpleeg*", "wijkgezondheidscentrum*", "huisarts*", "gezondheid*",
            "geestelijke gezondheid",
        ),
        (SANTE,),
        (URGENCE,),
    ),
    Kind(
        "assuetudes",
        (
            "assuetude", "assuetudes", "toxicomanie", "addiction", "drogue", "alcool",
            "echange de seringue", "comptoir d echange", "reduction des risque",
            "reduction de risque", "salle de consommation",
            "drugs", "verslaving*", "spuitenruil", "middelengebruik",
        ),
        (JOUR, RUE),
        (SANTE,),
    ),
    Kind(
        "vestiaire",
        (
            "vestiaire", "vestiboutique", "vetement", "vetements", "boutique solidaire",
            "friperie", "kledij", "kledingbank", "kledingwinkel", "tweedehandskledij",
        ),
        (JOUR,),
        (ECOUTE,),
    ),
    Kind(
        "numerique",
        (
            "espace public numerique", "epn", "point numerique", "accompagnement numerique",
            "ordinateur", "ordinateurs", "informatique", "demarches en ligne",
            "digitale inclusie", "computerklas", "digipunt",
        ),
        (DROITS, JOUR),
        (URGENCE,),
    ),
    Kind(
        "alphabetisation",
        (
            "alphabetisation", "alpha", "ateliers de francais", "cours de francais",
            "francais langue etrangere", "fle", "sociolinguistique", "ateliers sociolinguistiques",
            "apprendre a lire", "illettrisme",
            "alfabetisering", "nederlandse les", "taalles*",
        ),
        (SAVOIRS, JOUR),
    ),
    Kind(
        "ecoute",
        (
            "accueil et ecoute", "ecoute", "lieu d ecoute", "groupe de parole",
            "soutien a la parentalite", "accueil des famille", "lieu d accueil parent",
            "luisterend oor", "onthaal",
        ),
        (ECOUTE, JOUR),
    ),
    Kind(
        "lien_social",
        (
            "cafe social", "cafe solidaire", "cafe associatif", "lien social", "atelier",
            "ateliers", "jardin partage", "jardins partages", "centre social", "maison de quartier",
            "visite aux personne", "rompre l isolement", "activites", "convivialite",
            "ontmoeting*", "buurthuis*", "sociaal cafe", "buurtwerk*",
        ),
        (LIEN, JOUR),
    ),
)  # fmt: skip


# --- Words --------------------------------------------------------------------------------

_WORD = re.compile(r"[a-z0-9]+")


def _stem(word: str) -> str:
    """French plurals: "abris" → "abri", "locaux" → "locau" (the same on both sides)."""
    if len(word) > 3 and word[-1] in "sx" and not word.endswith("ss"):
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    """The words of a text as the table reads them (see the module docstring)."""
    return [_stem(w) for w in _WORD.findall(fold(text)) if len(w) > 1 or w.isdigit()]


@dataclass(frozen=True)
class _Phrase:
    kind: Kind
    text: str
    parts: tuple[str, ...]  # stemmed words; a last "*" marks a prefix

    def positions(self, tokens: Sequence[str]) -> list[int]:
        """Where the phrase starts in `tokens`."""
        found = []
        size = len(self.parts)
        for start in range(len(tokens) - size + 1):
            if all(_same(self.parts[i], tokens[start + i]) for i in range(size)):
                found.append(start)
        return found


def _same(part: str, token: str) -> bool:
    if part.endswith("*"):
        return token.startswith(part[:-1])
    return part == token


@lru_cache(maxsize=1)
def _phrases() -> tuple[_Phrase, ...]:
    phrases = []
    for kind in KINDS:
        for text in kind.words:
            prefix = text.endswith("*")
            parts = words(text.rstrip("*"))
            if prefix:
                # The prefix is matched unstemmed: "opvanghuis*" must not lose its "s".
                raw = _WORD.findall(fold(text.rstrip("*")))
                parts = [*parts[:-1], raw[-1] + "*"]
            phrases.append(_Phrase(kind=kind, text=text, parts=tuple(parts)))
    return tuple(phrases)


# --- Inference ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Guess:
    """The axes guessed for a service, the kind of service recognised, and the words that
    told it (for the import report)."""

    axes: list[str]
    kind: str = ""
    phrase: str = ""
    where: str = ""  # "name" or "description"


NO_GUESS = Guess(axes=[])


def _kind_in_name(tokens: list[str]) -> tuple[Kind, str] | None:
    best: tuple[int, int, int] | None = None
    chosen = None
    for order, phrase in enumerate(_phrases()):
        for start in phrase.positions(tokens):
            key = (start, -len(phrase.parts), order)
            if best is None or key < best:
                best, chosen = key, (phrase.kind, phrase.text)
    return chosen


def _kind_in_description(tokens: list[str]) -> tuple[Kind, str] | None:
    scores: dict[str, list] = {}
    for phrase in _phrases():
        found = phrase.positions(tokens)
        if not found:
            continue
        entry = scores.setdefault(phrase.kind.key, [0, len(tokens), phrase.kind, phrase.text])
        entry[0] += 1
        if found[0] < entry[1]:
            entry[1], entry[3] = found[0], phrase.text
    if not scores:
        return None
    _count, _first, kind, text = min(scores.values(), key=lambda e: (-e[0], e[1]))
    return kind, text


def guess_axes(*, name: str, description: str = "", network_axes: Iterable[str]) -> Guess:
    """The axes of the network that a service's own words suggest, or no axis.

    >>> guess_axes(name="Abri de nuit Saint-Nicolas", network_axes=["accueil_de_nuit"]).axes
    ['accueil_de_nuit']
    """
    network_axes = list(network_axes)
    for where, text, find in (
        ("name", name, _kind_in_name),
        ("description", description, _kind_in_description),
    ):
        found = find(words(text or ""))
        if found is None:
            continue
        kind, phrase = found
        axes = kind.axes_for(network_axes)
        if axes:
            return Guess(axes=axes, kind=kind.key, phrase=phrase, where=where)
    return NO_GUESS
