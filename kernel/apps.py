from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KernelConfig(AppConfig):
    """What every content type builds on: content bases, publishing and revisions in
    the admin, rich text, images, search and the page cache. Imports no app."""

    name = "kernel"
    verbose_name = _("Images and addresses")  # the image library, redirects

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from kernel import (
            orphans,
            redirects,
            tasks,  # noqa: F401  (registers the periodic housekeeping)
        )
        from kernel.admin import drafts  # the admin modules load once the apps have
        from kernel.cache import invalidate_on_change
        from kernel.middleware import forget_admin_language
        from kernel.models import LibraryImage

        drafts.connect()
        redirects.connect()
        orphans.connect()
        invalidate_on_change(LibraryImage)  # the items showing it change with it
        user_logged_in.connect(forget_admin_language, dispatch_uid="forget_admin_language")
