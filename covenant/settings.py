"""Django settings for Covenant, read from the environment (twelve-factor).

Without DATABASE_URL the embedded SQLite database is used; without REDIS_URL tasks run
in-process and the cache is local memory. Production (COVENANT_ENV=production) refuses to
start without SECRET_KEY and ALLOWED_HOSTS.
"""

import os
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


ENVIRONMENT = os.environ.get("COVENANT_ENV", "development")
if ENVIRONMENT not in {"development", "test", "production"}:
    raise ImproperlyConfigured("COVENANT_ENV must be one of development, test or production")
PRODUCTION = ENVIRONMENT == "production"

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when COVENANT_ENV=production")
    # Only ever used on a developer's own machine; production refuses to start without a key.
    SECRET_KEY = "development-only-insecure-key-never-use-in-production-0123456789"
# Encrypts the private keys that sign verifiable credentials (an encryption key is derived from it by HKDF).
# Set it separately so that rotating SECRET_KEY does not lock the signing keys away.
CREDENTIAL_SIGNING_SECRET = os.environ.get("CREDENTIAL_SIGNING_SECRET", "") or SECRET_KEY
# Encrypts grant applicants' bank details at rest, the same way; set it on its own for the same reason.
BANK_DETAILS_SECRET = os.environ.get("BANK_DETAILS_SECRET", "") or SECRET_KEY

DEBUG = env_bool("DEBUG", default=not PRODUCTION)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=[] if PRODUCTION else ["localhost", "127.0.0.1", "[::1]", "testserver"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when COVENANT_ENV=production")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SERVICE_NAME = "Covenant"
# Where people send feedback and questions about this instance (also its data protection contact).
CONTACT_EMAIL = os.environ.get("CONTACT_EMAIL", "help@covenant.localhost")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_celery_beat",
    "crispy_forms",
    "crispy_forms_gds",
    "csp",
    "rules.apps.AutodiscoverRulesConfig",
    # The shared core: the domain apps depend on these, never the other way round.
    "covenant.core",
    "covenant.audit",
    "covenant.accounts",
    "covenant.places",
    "covenant.organisations",
    "covenant.notifications",
    # The domain apps.
    "volunteers",
    "parishes",
    "funds",
    "services",
    # The parts of services/, each an app with its own models and migrations.
    "services.catalogue",
    "services.codesign",
    "services.challenge",
    "services.assets",
    "services.commissioning",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "covenant.core.middleware.RememberSettingsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "covenant.accounts.middleware.StaffMFAMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "covenant.urls"
WSGI_APPLICATION = "covenant.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "covenant.core.context_processors.layout",
                "covenant.notifications.context_processors.unread",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL and os.environ.get("PYTEST_XDIST_WORKER", "").startswith("gw"):
    # Parallel test processes each take their own Redis database (cache and broker): tests clear the cache, and
    # a real worker must take only its own process's tasks.
    _redis = urlsplit(REDIS_URL)
    _database = (int(_redis.path.strip("/") or 0) + int(os.environ["PYTEST_XDIST_WORKER"][2:])) % 16
    REDIS_URL = urlunsplit(_redis._replace(path=f"/{_database}"))
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "core:home"

# django-allauth: email is the login, verified before first use.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Covenant] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"
ACCOUNT_ADAPTER = "covenant.accounts.adapters.AccountAdapter"
# allauth's forms with GOV.UK labels, hints and error messages.
ACCOUNT_FORMS = {
    name: f"covenant.accounts.allauth_forms.{form}"
    for name, form in {
        "login": "LoginForm",
        "signup": "SignupForm",
        "reset_password": "ResetPasswordForm",
        "reset_password_from_key": "ResetPasswordKeyForm",
        "change_password": "ChangePasswordForm",
        "set_password": "SetPasswordForm",
        "add_email": "AddEmailForm",
        "change_email": "ChangeEmailForm",
        "reauthenticate": "ReauthenticateForm",
    }.items()
}
ACCOUNT_RATE_LIMITS = False if env_bool("ACCOUNT_RATE_LIMITS_OFF") else {}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Covenant"
MFA_ADAPTER = "covenant.accounts.adapters.MFAAdapter"
MFA_FORMS = {
    "authenticate": "covenant.accounts.allauth_forms.MFAAuthenticateForm",
    "reauthenticate": "covenant.accounts.allauth_forms.MFAReauthenticateForm",
    "activate_totp": "covenant.accounts.allauth_forms.ActivateTOTPForm",
}
# Official roles must enrol in MFA before reaching these paths (and views marked @staff_area).
STAFF_AREA_PREFIXES = env_list("STAFF_AREA_PREFIXES", default=["/django-admin/", "/audit/"])

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION else "django.core.mail.backends.console.EmailBackend",
)
# Only read by the file-based backend (EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend).
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH") or None
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Covenant <no-reply@covenant.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# GOV.UK Notify is used for email and SMS when a key is configured.
NOTIFY_API_KEY = os.environ.get("NOTIFY_API_KEY", "")
NOTIFY_BASE_URL = os.environ.get("NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk")
NOTIFY_EMAIL_TEMPLATE_ID = os.environ.get("NOTIFY_EMAIL_TEMPLATE_ID", "")
NOTIFY_SMS_TEMPLATE_ID = os.environ.get("NOTIFY_SMS_TEMPLATE_ID", "")

# Places: "local" reads the imported ONS Postcode Directory, "postcodes_io" asks the API (cached).
GEOCODER_BACKEND = os.environ.get("GEOCODER_BACKEND", "local")
POSTCODES_IO_URL = os.environ.get("POSTCODES_IO_URL", "https://api.postcodes.io")
GEOCODER_CACHE_SECONDS = int(os.environ.get("GEOCODER_CACHE_SECONDS", str(60 * 60 * 24 * 30)))

LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", _("English")), ("cy", _("Cymraeg"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "covenant.core.api.Pagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_THROTTLE_ANON", "120/minute"),
        "user": os.environ.get("API_THROTTLE_USER", "1200/minute"),
    },
    "EXCEPTION_HANDLER": "covenant.core.api.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Covenant API",
    "DESCRIPTION": "Open API of Covenant: volunteering, pop-up parishes, community funds and community power.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # Swagger UI is served from our own static files: no CDN, and the CSP stays strict.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several models have a "kind" or "source"; name each choice set so the schema's enums stay stable.
    "ENUM_NAME_OVERRIDES": {
        "SkillKindEnum": "volunteers.models.SkillKind",
        "CredentialKindEnum": "volunteers.models.CredentialKind",
        "TaxonomySourceEnum": "volunteers.models.TaxonomySource",
        "NeedStatusEnum": "volunteers.models.NeedStatus",
        "BookingStatusEnum": "volunteers.models.BookingStatus",
        "HoursStatusEnum": "volunteers.models.HoursStatus",
        "ProposalStatusEnum": "parishes.models.ProposalStatus",
    },
}

# Celery: Redis when REDIS_URL is set, otherwise tasks run in-process (the embedded default).
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = int(os.environ.get("CELERY_TASK_TIME_LIMIT", "300"))
CELERY_TASK_SOFT_TIME_LIMIT = int(os.environ.get("CELERY_TASK_SOFT_TIME_LIMIT", "240"))
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = TIME_ZONE
# Periodic tasks; django-celery-beat copies these into its database schedule when beat starts.
CELERY_BEAT_SCHEDULE = {
    "volunteers-credentials-daily": {"task": "volunteers.tasks.credentials_daily", "schedule": crontab(hour=6, minute=0)},
    "volunteers-bookings-expire-offers": {"task": "volunteers.tasks_bookings.bookings_expire_offers_task",
                                          "schedule": crontab(minute="*/5")},
    "volunteers-bookings-reminders": {"task": "volunteers.tasks_bookings.bookings_send_reminders_task",
                                      "schedule": crontab(minute="*/15")},
    "volunteers-matching-batch": {"task": "volunteers.tasks_matching.matching_batch_task",
                                  "schedule": crontab(minute="*/15")},
    "volunteers-matching-expire-offers": {"task": "volunteers.tasks_matching.offers_expire_task",
                                          "schedule": crontab(minute="*/5")},
    "volunteers-matching-digests": {"task": "volunteers.tasks_matching.offers_send_digests_task",
                                    "schedule": crontab(hour=8, minute=0)},
    "volunteers-matching-tell-untold": {"task": "volunteers.tasks_matching.offers_tell_untold_task",
                                        "schedule": crontab(minute="*/5")},
    "notifications-requeue-pending": {"task": "covenant.notifications.tasks.deliveries_requeue_pending_task",
                                      "schedule": crontab(minute="*/5")},
    # Tells the followers of commissioning exercises, once each, that bids opened or closed (dates are UK days).
    "services-commissioning-announce": {"task": "services.commissioning.tasks.exercises_announce_task",
                                        "schedule": crontab(minute=5)},
    # Just after midnight in UK time, so followers of a co-design process hear of a phase on its first morning.
    "services-codesign-phases-announce": {"task": "services.codesign.tasks.codesign_phases_announce_task",
                                          "schedule": crontab(hour=0, minute=5)},
    # Just after midnight, so a parish's powers lapse on the first morning after its sunset date.
    "parishes-end-expired": {"task": "parishes.tasks.parishes_end_expired_task",
                             "schedule": crontab(hour=0, minute=10)},
    "parishes-sunset-reminders": {"task": "parishes.tasks.parishes_send_sunset_reminders_task",
                                  "schedule": crontab(hour=7, minute=30)},
    "funds-report-reminders": {"task": "funds.tasks.monitoring_reports_remind_task",
                               "schedule": crontab(hour=7, minute=45)},
    # Warms the 360Giving export, and refreshes it should an award's change have found the broker down.
    "funds-open-data-republish": {"task": "funds.tasks.open_data_republish_task",
                                  "schedule": crontab(minute=20)},
}

# The Community Right to Challenge: days a council has to decide an expression of interest in writing, from its
# receipt or from the close of the submission window it came in (Localism Act 2011, s.83; 30 by regulation here).
CHALLENGE_DECISION_DAYS = int(os.environ.get("CHALLENGE_DECISION_DAYS", "30"))

# Community funds (funds/): each fund starts from these and its administrators may set its own.
FUNDS_FAST_TRACK_LIMIT = Decimal(os.environ.get("FUNDS_FAST_TRACK_LIMIT", "10000"))
FUNDS_FAST_TRACK_TARGET_WORKING_DAYS = int(os.environ.get("FUNDS_FAST_TRACK_TARGET_WORKING_DAYS", "10"))
FUNDS_SECOND_APPROVAL_THRESHOLD = Decimal(os.environ.get("FUNDS_SECOND_APPROVAL_THRESHOLD", "50000"))
# An endowment's spending limit for a year: this share of the average of its last years' valuations.
FUNDS_DRAWDOWN_RATE = Decimal(os.environ.get("FUNDS_DRAWDOWN_RATE", "0.035"))
FUNDS_DRAWDOWN_YEARS = int(os.environ.get("FUNDS_DRAWDOWN_YEARS", "3"))
# Days before a monitoring report is due (and after, 0 meaning the day itself) on which its grantee is reminded.
FUNDS_REPORT_REMINDER_DAYS = tuple(int(day) for day in env_list("FUNDS_REPORT_REMINDER_DAYS",
                                                                default=["14", "3", "0"]))
FUNDS_UPLOAD_MAX_BYTES = int(os.environ.get("FUNDS_UPLOAD_MAX_BYTES", str(10 * 1024 * 1024)))

# Maps draw on a plain background with an outline of the UK, so they work offline and ask no other site.
# A tile server may be named (a Leaflet URL template such as https://tile.example.org/{z}/{x}/{y}.png);
# its origin is then let into the policy's img-src below.
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = os.environ.get("MAP_TILE_ATTRIBUTION", "")
_MAP_TILE_ORIGIN = "/".join(MAP_TILE_URL.replace("{s}.", "*.").split("/")[:3]) if "://" in MAP_TILE_URL else ""

# Content Security Policy: no inline script or style except with the per-request nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *([_MAP_TILE_ORIGIN] if _MAP_TILE_ORIGIN else [])],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
CSRF_FAILURE_VIEW = "covenant.core.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
