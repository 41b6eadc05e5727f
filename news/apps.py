from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("Newsroom")

    def ready(self):
        from iomsite.cache import vary_on_query_parameters

        from .forms import NewsFilterForm
        from .views import NewsListView

        vary_on_query_parameters(*NewsFilterForm.base_fields, NewsListView.page_kwarg)
