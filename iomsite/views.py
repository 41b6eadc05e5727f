from django.conf import settings
from django.views.generic import TemplateView

from news.models import NewsItem
from pages.models import Page


class HomeView(TemplateView):
    """The office's introduction, its main sections and the latest news."""

    template_name = "iomsite/home.html"
    latest_news_count = 6

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sections"] = Page.objects.menu().filter(depth=1)
        context["latest_news"] = NewsItem.objects.published().for_list()[: self.latest_news_count]
        context["site_name"] = settings.SITE_NAME
        return context
