from .base import *  # noqa: F403
from .base import DATABASES, VAR_DIR

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
AXES_ENABLED = True
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# A second database standing for the read replica (relais.core.db_routing): a test database
# of its own, not a mirror of the default one, so that a test can tell which of the two a
# query read. pytest-django sets it up only in a run that has tests asking for it
# (`django_db(databases=["default", "replica"])`), and the routing stays off
# (RELAIS_READ_REPLICA = None: today's behaviour and query counts) unless a test turns it on.
_primary = DATABASES["default"]
_sqlite = _primary["ENGINE"] == "django.db.backends.sqlite3"
DATABASES["replica"] = {
    **_primary,
    "NAME": str(VAR_DIR / "relais-replica.sqlite3") if _sqlite else _primary["NAME"],
    # SQLite: an in-memory database of its own (named after the alias); PostgreSQL: a second
    # database on the same server.
    "TEST": {"NAME": None if _sqlite else f"test_{_primary['NAME']}_replica"},
}
RELAIS_READ_REPLICA = None
DATABASE_ROUTERS = ["relais.core.db_routing.ReplicaRouter"]
