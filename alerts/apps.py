from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    """Press-release alerts: people subscribe (double opt-in) to the releases they
    care about and get each one by e-mail when it goes online, from the worker."""

    name = "alerts"
    verbose_name = _("Alerts")

    def ready(self):
        from django.db.models.signals import post_save, pre_save

        from kernel.announcing import announce, changes_published
        from news.models import NewsItem

        from . import tasks

        announce(NewsItem)  # "Publish changes" offers "Notify subscribers"
        pre_save.connect(tasks.note_whether_public, sender=NewsItem, dispatch_uid="alerts-was")
        post_save.connect(tasks.announce_soon, sender=NewsItem, dispatch_uid="alerts-announce")
        changes_published.connect(
            tasks.mail_changes, sender=NewsItem, dispatch_uid="alerts-changes"
        )
