from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationsConfig(AppConfig):
    """The publications library: reports, studies, factsheets and data snapshots as
    PDF files in several languages, read by the worker (text for search, a cover)."""

    name = "publications"
    verbose_name = _("Data and resources")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from kernel.cache import invalidate_on_change, vary_on_query_parameters
        from kernel.views import add_related
        from news.models import NewsItem

        from . import tasks
        from .forms import PublicationFilterForm
        from .models import Publication, PublicationFile
        from .views import PublicationListView, publications_citing

        invalidate_on_change(Publication, PublicationFile)
        vary_on_query_parameters(*PublicationFilterForm.base_fields, PublicationListView.page_kwarg)
        post_save.connect(tasks.read_soon, sender=PublicationFile, dispatch_uid="publications-read")
        post_delete.connect(
            tasks.file_removed, sender=PublicationFile, dispatch_uid="publications-removed"
        )
        # A release lists the publications that name it (a query of this app's).
        add_related(NewsItem, _("Related publications"), publications_citing)
