"""Settings shared by every environment. Secrets and hosts come from the environment."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_list(name, default=""):
    """A comma-separated environment variable as a list, blanks dropped."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "modeltranslation",  # before the admin, as its documentation asks
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",  # intcomma: counts grouped by the language (1,000; 1 000)
    "django.contrib.sitemaps",
    "django.contrib.syndication",
    "django.contrib.postgres",
    "ckeditor",
    "ckeditor_uploader",
    "reversion",
    "axes",
    # Three layers, each importing only the ones below it (README, "Layout"):
    "iomsite.apps.IomsiteConfig",  # composition: urls, home, site search, roles
    "pages",  # apps: content types with their views, admin, feeds, sitemaps
    "contacts",
    "news",
    "alerts",  # press-release alerts by e-mail (subscribers, mailings)
    "publications",  # the publications library (PDF reports, factsheets, data)
    "django_tasks",  # the task framework (django.tasks in Django 6)
    "django_tasks_db",  # its database queue, the embedded default
    "kernel",  # content bases, publishing, rich text, images, search, page cache
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "kernel.middleware.SecurityHeadersMiddleware",
    # Static files (pre-compressed, immutable names) are answered here, before all
    # the rest.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compresses what the page cache has not (staff pages, uncached ones); the page
    # cache keeps a compressed copy of each page. Above ConditionalGet, so that the
    # ETag is the uncompressed page's (Django's documented order).
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "kernel.cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "kernel.middleware.RedirectsMiddleware",  # on a 404: moved (301) or gone (410)
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "kernel.middleware.AdminLanguageMiddleware",  # the admin in each one's language
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: locks out repeated failed admin logins.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Admin login throttling (iomsite/throttling.py): 5 failures for the same user name
# from the same address lock that pair out for 15 minutes, and 20 failures from one
# address (any user names) lock the address out (HTTP 429 with an explanation); a
# success resets that user name's failures from that address.
AXES_FAILURE_LIMIT = 5
LOGIN_FAILURE_LIMIT_PER_ADDRESS = 20
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "kernel.throttling.ThrottlingHandler"
AXES_RESET_ON_SUCCESS = True
# The client's address: REMOTE_ADDR, or X-Forwarded-For when REMOTE_ADDR is one of
# TRUSTED_PROXIES (comma-separated addresses or networks, e.g. "127.0.0.1" for nginx
# on the same host; default none, so the header is never believed).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
AXES_CLIENT_IP_CALLABLE = "kernel.throttling.client_ip"
AXES_LOCKOUT_TEMPLATE = "admin/lockout.html"
AXES_HTTP_RESPONSE_CODE = 429

ROOT_URLCONF = "iomsite.urls"
WSGI_APPLICATION = "iomsite.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# One setting switches the database: DATABASE_URL (PostgreSQL in production and
# CI), or the embedded SQLite file when it is unset.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Local memory by default; Redis (Django's own backend) when REDIS_URL is set, so
# several app servers share one cache.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            # Django's RedisCache, made to log and carry on when Redis is down.
            "BACKEND": "kernel.cache.ResilientRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "iomsite",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    # Each process keeps its own: correct with several processes (the content
    # generation lives in the database, see kernel.cache), only less shared. Bounded.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("LOCAL_CACHE_MAX_ENTRIES", "500"))},
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

LANGUAGE_CODE = "en"
# English at /, Russian at /ru/, Kazakh at /kk/ (names shown in their own language).
LANGUAGES = [("en", "English"), ("ru", "Русский"), ("kk", "Қазақша")]
LOCALE_PATHS = [
    BASE_DIR / "locale",
    # What Django's admin lacks in Kazakh (Django 5.2: 59 messages and the date
    # picker's 33), for staff who work in the admin in Kazakh. Not ours to extract:
    # `make messages` leaves it alone.
    BASE_DIR / "iomsite" / "django_kk" / "locale",
]
# Content translations (django-modeltranslation, see */translation.py): English is
# required, Russian and Kazakh optional; a missing translation falls back to English,
# and templates mark such text lang="en" with a note.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
TIME_ZONE = "Asia/Almaty"
# Our additions to Django's date formats: weeks start on Monday (iomsite/formats/).
FORMAT_MODULE_PATH = ["iomsite.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Files chosen in an admin form that was refused (a form error), kept for the next
# try: private (never served), deleted by the worker after a day.
KEPT_UPLOADS_ROOT = Path(os.environ.get("KEPT_UPLOADS_ROOT", BASE_DIR / "kept-uploads"))
# Only the test suite's live server has Django serve uploads without DEBUG.
SERVE_MEDIA = False
# Publications' PDFs: never served as media (a withdrawn or draft file must not stay
# reachable); only the download view reads them. Production with object storage:
# a private bucket under this alias.
PUBLICATION_FILES_ROOT = Path(
    os.environ.get("PUBLICATION_FILES_ROOT", BASE_DIR / "private-media" / "publications")
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "publications": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PUBLICATION_FILES_ROOT, "base_url": "/publications/files/"},
    },
}

# Uploads: refuse anything big before it reaches a view.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
IMAGE_MAX_BYTES = 8 * 1024 * 1024
IMAGE_MAX_PIXELS = 40_000_000

# CKEditor 4 (django-ckeditor) is an admin widget only; see kernel/richtext.py.
# django-ckeditor warns (ckeditor.W001) that its bundled CKEditor 4.22 is past end
# of life. Mitigated here: the editor is only served to authenticated staff in the
# admin, uploads go through our own checked view, and every rich-text value is
# sanitised with an allowlist (nh3) on save, so nothing the editor produces reaches a
# public page unsanitised. See README "Security".
SILENCED_SYSTEM_CHECKS = ["ckeditor.W001"]
CKEDITOR_UPLOAD_PATH = "uploads/"
CKEDITOR_IMAGE_BACKEND = "ckeditor_uploader.backends.PillowBackend"
CKEDITOR_ALLOW_NONIMAGE_FILES = False
CKEDITOR_BROWSE_SHOW_DIRS = True
CKEDITOR_CONFIGS = {
    "default": {
        "toolbar": "Custom",
        "toolbar_Custom": [
            ["Format", "Bold", "Italic"],
            ["NumberedList", "BulletedList", "Blockquote"],
            ["Link", "Unlink"],
            ["Image", "Table"],
            ["PasteText", "RemoveFormat"],
            ["Undo", "Redo", "Source"],
        ],
        "format_tags": "p;h2;h3;h4",
        "height": 360,
        "width": "100%",
        "removePlugins": "exportpdf",
        "forcePasteAsPlainText": False,
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        # A database outage: per logger, one record per 10 s (the first with its
        # traceback), then how many were held back (iomsite/log.py).
        "database_outage": {"()": "kernel.log.DatabaseOutageFilter", "interval": 10},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["database_outage"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # On the logger too, so that no handler of "django" (mail_admins) gets the flood.
        "django.request": {"level": "WARNING", "filters": ["database_outage"]},
        # django-axes announces itself at INFO on every start; lock-outs are WARNING.
        "axes": {"level": "WARNING"},
        # One line per task run at INFO: the worker's own summaries say what was done.
        "django_tasks": {"level": "WARNING"},
        "django_tasks_db": {"level": "WARNING"},
    },
}

# Whole responses for anonymous visitors (kernel.cache); 0 turns it off.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
PAGE_CACHE_EXCLUDE = ("/admin/", "/media/", "/static/")
# Parts of pages rendered, and reference data read, once per content generation and
# kept (kernel.cache): menus, cards, a release's content, country lists, archive
# counts. Off (0) only to measure what the first visitor after a change waits for
# (bench/).
FRAGMENT_CACHE = os.environ.get("FRAGMENT_CACHE", "1") != "0"
# After a change, the first request for a page renders it; others asking for the same
# page meanwhile wait for that result up to this long, rather than render it too.
PAGE_CACHE_WAIT_SECONDS = float(os.environ.get("PAGE_CACHE_WAIT_SECONDS", "5"))
# How long a process trusts the content generation it last read from the database
# before reading it again: a change made by another process shows within this time.
CONTENT_GENERATION_CHECK_SECONDS = float(os.environ.get("CONTENT_GENERATION_CHECK_SECONDS", "0.5"))

# Site-wide settings the templates read.
SITE_NAME = os.environ.get("SITE_NAME", "IOM Central Asia")

# E-mail to staff (review notices), sent by the worker (`manage.py run_worker`) from
# an outbox table. An SMTP server from the environment; `make run` prints mails in
# its console instead (dev settings).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = 20
EMAIL_USE_LOCALTIME = True  # Date: headers with the office's offset (+0500), not "-0000"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "IOM Central Asia <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
NEWS_PER_PAGE = 10
PUBLICATIONS_PER_PAGE = 12
# The largest PDF a publication may have (the proxy in front must let it through).
PUBLICATION_MAX_BYTES = int(os.environ.get("PUBLICATION_MAX_BYTES", 40 * 1024 * 1024))

# The site's address as mail links give it (a worker has no request to ask).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Background work (kernel.worker): the database queue by default; RQ on Redis when
# TASK_QUEUE_URL is set (redis://host:6379/2). `manage.py run_worker` runs either.
TASK_QUEUES = ["default", "mail"]
TASK_QUEUE_URL = os.environ.get("TASK_QUEUE_URL", "")
if TASK_QUEUE_URL:
    INSTALLED_APPS.append("django_rq")
    RQ_QUEUES = {name: {"URL": TASK_QUEUE_URL, "DEFAULT_TIMEOUT": 900} for name in TASK_QUEUES}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": TASK_QUEUES}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": TASK_QUEUES}}
# Seconds between the clock's rounds (scheduled changes, alerts due, retries).
WORKER_CLOCK_SECONDS = float(os.environ.get("WORKER_CLOCK_SECONDS", "10"))

# Press-release alerts (alerts app).
ALERTS_MAX_PER_SECOND = float(os.environ.get("ALERTS_MAX_PER_SECOND", "10"))  # 0: no limit
ALERTS_MAX_ATTEMPTS = 8  # temporary failures retried, later and later, then given up
ALERTS_BOUNCES_TO_DISABLE = 3  # permanent failures in a row before an address is disabled
ALERTS_CONFIRM_DAYS = 7  # an unconfirmed subscription is forgotten after this
ALERTS_CONFIRMATIONS_PER_DAY = 3  # confirmation mails to one address
ALERTS_SUBSCRIBE_PER_HOUR = 10  # subscribe requests from one network address
ALERTS_LIST_ID = os.environ.get("ALERTS_LIST_ID", "press-releases.iom-centralasia.example")
