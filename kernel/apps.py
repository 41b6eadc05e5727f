from django.apps import AppConfig


class KernelConfig(AppConfig):
    """What every content type builds on: content bases, publishing and revisions in
    the admin, rich text, images, search and the page cache. Imports no app."""

    name = "kernel"
    verbose_name = "Content kernel"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from kernel.admin import drafts  # the admin modules load once the apps have
        from kernel.middleware import forget_admin_language

        drafts.connect()
        user_logged_in.connect(forget_admin_language, dispatch_uid="forget_admin_language")
