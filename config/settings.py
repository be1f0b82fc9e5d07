"""Kipinä settings. Everything that differs between machines comes from the environment."""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_path, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

KIPINA_ENV = env_str("KIPINA_ENV", "development")
if KIPINA_ENV not in {"development", "test", "production"}:
    raise ImproperlyConfigured("KIPINA_ENV must be development, test or production")
PRODUCTION = KIPINA_ENV == "production"

DEBUG = env_bool("KIPINA_DEBUG", not PRODUCTION)

SECRET_KEY = env_str("KIPINA_SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("KIPINA_SECRET_KEY must be set in production")
    SECRET_KEY = "development-only-insecure-key-kipina-not-for-production-use-0123456789"

ALLOWED_HOSTS = env_list("KIPINA_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("KIPINA_CSRF_TRUSTED_ORIGINS", [])

DATA_DIR = env_path("KIPINA_DATA_DIR", BASE_DIR / "var")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "django_tasks_db",
    "simple_history",
    "kipina.core",
    "kipina.org",
    "kipina.agents",
    "kipina.orders",
    "kipina.toolkit",
    "kipina.learning",
    "kipina.networks",
    "kipina.training",
    "kipina.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kipina.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = env_str("KIPINA_URLCONF", "config.urls")
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "kipina" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kipina.core.context_processors.navigation",
                "kipina.core.context_processors.unread_notifications",
            ],
        },
    },
]

# --- database -------------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=env_int("KIPINA_CONN_MAX_AGE", 60), conn_health_checks=True
        )
    }
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # Planner settings for short statements on SSD storage, per connection (a DBA's
        # server-wide choice can override them with KIPINA_PG_OPTIONS):
        # - jit off: compiling a statement costs ~40 ms, and the catalogue's search statement is
        #   priced above jit_above_cost although it runs in tens of milliseconds;
        # - random_page_cost 1.1 (the default 4 is for spinning disks): with it the planner
        #   reads the search index instead of scanning every search entry (3× faster).
        _pg_options = DATABASES["default"].setdefault("OPTIONS", {})
        _pg_options["options"] = " ".join(
            part
            for part in (
                env_str("KIPINA_PG_OPTIONS", "-c jit=off -c random_page_cost=1.1"),
                _pg_options.get("options", ""),
            )
            if part
        )
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "kipina.sqlite3"),
            "CONN_MAX_AGE": env_int("KIPINA_CONN_MAX_AGE", 60),
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                # WAL lets readers go on while one writer writes; IMMEDIATE takes the write lock
                # at BEGIN so two writers queue (busy timeout) instead of failing mid-transaction.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- auth -----------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "kipina.core.auth_backends.UsernameOrEmailBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AXES_FAILURE_LIMIT = env_int("KIPINA_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("KIPINA_LOGIN_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "kipina.core.views.lockout"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_ENABLED = env_bool("KIPINA_LOGIN_LOCKOUT", True)

# --- i18n -----------------------------------------------------------------------------------
LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "kipina" / "locale"]
USE_I18N = True
TIME_ZONE = env_str("KIPINA_TIME_ZONE", "Europe/Helsinki")
USE_TZ = True
LANGUAGE_COOKIE_SECURE = PRODUCTION
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- static ---------------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024
KIPINA_IMPORT_MAX_BYTES = env_int("KIPINA_IMPORT_MAX_BYTES", 30 * 1024 * 1024)

# --- mail -----------------------------------------------------------------------------------
_MAIL_BACKEND = env_str(
    "KIPINA_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
_MAIL_OPTIONS: dict = {}
if _MAIL_BACKEND.endswith("smtp.EmailBackend"):
    _MAIL_OPTIONS = {
        "host": env_str("KIPINA_EMAIL_HOST", "localhost"),
        "port": env_int("KIPINA_EMAIL_PORT", 25),
        "username": env_str("KIPINA_EMAIL_USER"),
        "password": env_str("KIPINA_EMAIL_PASSWORD"),
        "use_tls": env_bool("KIPINA_EMAIL_TLS", False),
    }
MAILERS = {"default": {"BACKEND": _MAIL_BACKEND, "OPTIONS": _MAIL_OPTIONS}}
DEFAULT_FROM_EMAIL = env_str("KIPINA_FROM_EMAIL", "kipina@localhost")
# Links in emails and calendar feeds point here (scheme and host, no trailing slash).
KIPINA_BASE_URL = env_str("KIPINA_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

# --- security -------------------------------------------------------------------------------
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("KIPINA_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("KIPINA_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("KIPINA_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("KIPINA_LOG_LEVEL", "WARNING")},
}

# Mails, reminders and follow-ups run as django.tasks. In production they are stored in the
# database and a separate `manage.py db_worker` process runs them, so no request waits for a
# mail server; development and tests run them at once, in the same process.
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
}
_TASKS_MODE = env_str("KIPINA_TASKS", "database" if PRODUCTION else "immediate")
if _TASKS_MODE not in _TASK_BACKENDS:
    raise ImproperlyConfigured("KIPINA_TASKS must be database or immediate")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[_TASKS_MODE]}}


if KIPINA_ENV == "test":
    # Tests create many accounts; a deliberately slow hasher would dominate their run time.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
