"""Production: secrets and hosts from the environment, refusing to start without them."""

import ipaddress
import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool, env_list

DEBUG = False

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("Set SECRET_KEY in the environment (at least 50 random characters).")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS in the environment (comma-separated host names).")
# Links in mails: the site's public address, e.g. https://kazakhstan.iom.int
SITE_URL = os.environ.get("SITE_URL", f"https://{ALLOWED_HOSTS[0].lstrip('.')}").rstrip("/")

# Proxies whose X-Forwarded-For is believed (kernel.throttling): refuse a typo at
# start-up rather than fail on the first admin log-in.
for proxy in TRUSTED_PROXIES:  # noqa: F405
    try:
        ipaddress.ip_network(proxy, strict=False)
    except ValueError as exc:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES: {exc}") from exc

# HTTPS everywhere; the proxy in front terminates TLS and sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
# Only over HTTPS (base already makes them HttpOnly, with nosniff, a referrer policy
# and frame denial for every environment).
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# Hashed, compressed static files served by WhiteNoise.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
