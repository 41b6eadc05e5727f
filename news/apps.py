from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("Newsroom")

    def ready(self):
        from kernel.cache import invalidate_on_change, vary_on_query_parameters

        from .forms import NewsFilterForm
        from .models import Boilerplate, Country, NewsItem, NewsItemContact, Topic
        from .views import NewsListView

        invalidate_on_change(NewsItem, NewsItemContact, Country, Topic, Boilerplate)
        vary_on_query_parameters(*NewsFilterForm.base_fields, NewsListView.page_kwarg)
