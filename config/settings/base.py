"""Settings shared by every environment. Environment-specific files import from here."""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "dev-only-insecure-key-never-use-in-production")
DEBUG = False
ALLOWED_HOSTS: list[str] = ["127.0.0.1", "localhost"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "relais.core",
    "relais.accounts",
    "relais.network",
    "relais.directory",
    "relais.audit",
    "relais.persons",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "relais.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "relais.accounts.middleware.SessionLifetimeMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "relais.accounts.middleware.RequireSecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "axes.middleware.AxesMiddleware",
    "relais.core.middleware.PdfUnavailableMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "relais" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "relais.core.context_processors.navigation",
            ],
        },
    },
]


def _database(url: str) -> dict:
    database = dj_database_url.parse(
        url, conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0"))
    )
    if database["ENGINE"] == "django.db.backends.postgresql":
        # PostgreSQL's JIT compiles the directory's search queries before running them and
        # costs more than it saves on this workload (docs/performance.md).
        database.setdefault("OPTIONS", {})["options"] = "-c jit=off"
    elif database["ENGINE"] == "django.db.backends.sqlite3":
        # Development and demos (production runs on PostgreSQL): a write-ahead log, and a
        # commit that does not wait for the disk. Every read of a person's file commits its
        # audit row; with Django's defaults each of them waits for fsync (1 to 20 ms). After a
        # crash the database stays consistent; a power cut may lose the last transactions
        # (docs/operations.md, docs/performance.md).
        database.setdefault("OPTIONS", {}).setdefault(
            "init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL"
        )
    return database


DATABASES = {
    "default": _database(os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'relais.sqlite3'}"))
}
# A read replica of the primary (PostgreSQL streaming replication, docs/operations.md): the
# public directory's reads go there, nothing else (relais.core.db_routing).
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = _database(os.environ["DATABASE_REPLICA_URL"])
RELAIS_READ_REPLICA = "replica" if "replica" in DATABASES else None
DATABASE_ROUTERS = ["relais.core.db_routing.ReplicaRouter"] if RELAIS_READ_REPLICA else []
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# Sessions: 30 minutes idle, 12 hours in all (see SessionLifetimeMiddleware).
SESSION_IDLE_SECONDS = 30 * 60
SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_SECONDS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# django-allauth: username login, e-mail for password reset, second factor required by role.
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ADAPTER = "relais.accounts.adapters.AccountAdapter"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False  # no mail to an address that has no account
ACCOUNT_SESSION_REMEMBER = False  # shared computers (shelters, day centres): ends with the browser
# django-axes owns the lockout; allauth's own limit on failed logins (and second-factor codes)
# stays as a coarser backstop, set above axes' so that axes answers first.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,10/300s/key"}
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_TOTP_ISSUER = "relais"
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = False
MFA_FORMS = {"authenticate": "relais.accounts.forms.LockoutAuthenticateForm"}

# django-axes: lock a username + IP pair after 5 failures, web login and API token alike.
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The key under which axes finds the username in the credentials passed to authenticate():
# allauth's form field is `login`, but allauth (like the API) authenticates with `username`.
AXES_USERNAME_FORM_FIELD = "username"
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "relais.accounts.views.locked_out"
# The client address, read behind RELAIS_TRUSTED_PROXIES reverse proxies (none here, one in prod).
AXES_CLIENT_IP_CALLABLE = "relais.accounts.lockout.client_ip"
RELAIS_TRUSTED_PROXIES = 0

API_TOKEN_LIFETIME = timedelta(hours=8)

# The site's address, for links in e-mails sent outside a request (weekly reminders).
RELAIS_BASE_URL = os.environ.get("RELAIS_BASE_URL", "").rstrip("/")

# Directory map (Leaflet): the tile server and its attribution. Its origin is allowed in
# the CSP's img-src below ("{s}" subdomains become a wildcard).
DIRECTORY_TILE_URL = os.environ.get(
    "DIRECTORY_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
)
DIRECTORY_TILE_ATTRIBUTION = os.environ.get(
    "DIRECTORY_TILE_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
)
_tiles = urlsplit(DIRECTORY_TILE_URL)
DIRECTORY_TILE_SOURCES = (
    [f"{_tiles.scheme}://{_tiles.netloc.replace('{s}', '*')}"] if _tiles.netloc else []
)

# Content Security Policy (Django's built-in middleware): no inline script, no third party.
from django.utils.csp import CSP  # noqa: E402

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", *DIRECTORY_TILE_SOURCES],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

LANGUAGE_CODE = "fr"
LANGUAGES = [
    ("fr", "Français"),
    ("nl", "Nederlands"),
    ("de", "Deutsch"),
    ("en", "English"),
    ("ar", "العربية"),
    ("uk", "Українська"),
    ("ro", "Română"),
]
LOCALE_PATHS = [BASE_DIR / "relais" / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("RELAIS_MEDIA_ROOT", VAR_DIR / "media"))

MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "relais <noreply@example.org>")

TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

# Demo accounts are refused in production by a system check (relais.accounts.checks).
DEMO_PASSWORD = "relais-demo"  # noqa: S105 - documented demo password, refused in production
DEMO_TOTP_SECRET = "RELAISDEMOSECRETKEY234567ABCDEFG"  # noqa: S105 - documented demo secret

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Encryption at rest of person notes (relais.persons.crypto): comma-separated Fernet keys, the
# first encrypts. The development key below is refused in production (config/settings/prod.py).
DEV_ENCRYPTION_KEY = "ZGV2LW9ubHktcmVsYWlzLWtleS0wMTIzNDU2Nzg5YWI="
RELAIS_ENCRYPTION_KEYS = [
    k.strip()
    for k in os.environ.get("RELAIS_ENCRYPTION_KEYS", DEV_ENCRYPTION_KEY).split(",")
    if k.strip()
]
