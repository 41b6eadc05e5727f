from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = _("Pages")

    def ready(self):
        from kernel.cache import invalidate_on_change

        from .models import Page

        invalidate_on_change(Page)
