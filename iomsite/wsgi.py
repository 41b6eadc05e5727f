"""WSGI entry point (gunicorn iomsite.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iomsite.settings.production")

application = get_wsgi_application()
