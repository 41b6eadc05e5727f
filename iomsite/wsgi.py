"""WSGI entry point (gunicorn iomsite.wsgi)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iomsite.settings.production")

application = get_wsgi_application()

# What start-up made (settings, models, URL patterns, translations) lives as long as
# the process: out of the garbage collector's sight, its full passes stay short, so
# they no longer hold up whichever request is running (the slowest 1%). bench/
# measures p99 against p50.
gc.freeze()
