from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactsConfig(AppConfig):
    name = "contacts"
    verbose_name = _("Media contacts")

    def ready(self):
        from kernel.cache import invalidate_on_change

        from .models import Contact, ContactEmail

        invalidate_on_change(Contact, ContactEmail)
