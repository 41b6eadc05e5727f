"""pytest settings: fast hashing, media in a temporary folder, the live server serves
uploads; the cache is base's (local memory, or Redis when REDIS_URL is set)."""

import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The cache from base: local memory, or Redis when REDIS_URL is set (CI sets it).
MEDIA_ROOT = tempfile.mkdtemp(prefix="iomsite-test-media-")
KEPT_UPLOADS_ROOT = tempfile.mkdtemp(prefix="iomsite-test-kept-")
PUBLICATION_FILES_ROOT = tempfile.mkdtemp(prefix="iomsite-test-publications-")
STORAGES = {
    **STORAGES,  # noqa: F405
    "publications": {
        **STORAGES["publications"],  # noqa: F405
        "OPTIONS": {"location": PUBLICATION_FILES_ROOT, "base_url": "/publications/files/"},
    },
}
# Serve static files through the finders: no collectstatic needed for tests.
WHITENOISE_AUTOREFRESH = True
SERVE_MEDIA = True
# Tests change content in this process (which forgets its generation at once): the
# generation read at most once after each change keeps query counts deterministic.
CONTENT_GENERATION_CHECK_SECONDS = 3600

# The demo content is tested too (tests/test_demo.py).
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]  # noqa: F405
DEMO_CONTENT = True
ALERTS_MAX_PER_SECOND = 0  # the throttle's own test sets a rate
