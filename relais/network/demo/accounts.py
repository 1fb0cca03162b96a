"""Demo accounts: password settings.DEMO_PASSWORD, TOTP secret settings.DEMO_TOTP_SECRET.

(username, display name, scope, slug, role): scope "network" gives a NetworkRole, scope
"organisation" an OrganisationRole. Names are invented.
"""

from relais.accounts.models import NetworkRole, OrganisationRole

COORDINATOR = NetworkRole.Role.COORDINATOR
DPO = NetworkRole.Role.DPO
ADMIN = OrganisationRole.Role.ADMIN
WORKER = OrganisationRole.Role.WORKER
VOLUNTEER = OrganisationRole.Role.VOLUNTEER

ACCOUNTS = [
    ("coord.luxembourg", "Véronique Masson", "network", "luxembourg", COORDINATOR),
    ("coord.brabant-wallon", "Benoît Jacquet", "network", "brabant-wallon", COORDINATOR),
    ("coord.namur", "Claire Dumont", "network", "namur", COORDINATOR),
    ("coord.mons-borinage", "Olivier Bodart", "network", "mons-borinage", COORDINATOR),
    ("coord.le-mans", "Inès Poncelet", "network", "le-mans", COORDINATOR),
    ("dpo.namur", "Marc Lejeune", "network", "namur", DPO),
    ("admin.cpas-namur", "Sophie Lambert", "organisation", "cpas-namur", ADMIN),
    ("worker.cpas-namur", "Julien Renard", "organisation", "cpas-namur", WORKER),
    ("admin.restos-namur", "Chantal Gillet", "organisation", "restos-namur", ADMIN),
    ("worker.restos-namur", "Nadia Collignon", "organisation", "restos-namur", WORKER),
    ("volunteer.restos-namur", "Luc Marchal", "organisation", "restos-namur", VOLUNTEER),
    ("worker.croix-rouge-namur", "Élodie Piron", "organisation", "croix-rouge-namur", WORKER),
    ("worker.cpas-arlon", "Thomas Hubert", "organisation", "cpas-arlon", WORKER),
    ("worker.cpas-wavre", "Isabelle Gérard", "organisation", "cpas-wavre", WORKER),
    ("worker.cpas-mons", "Karim Delvaux", "organisation", "cpas-mons", WORKER),
    ("worker.ccas-le-mans", "Laura Mathieu", "organisation", "ccas-le-mans", WORKER),
]
