from django.urls import reverse

from kernel.sitemaps import MultilingualSitemap
from news.sitemaps import CountrySitemap, NewsSitemap
from pages.sitemaps import PageSitemap
from publications.sitemaps import PublicationSitemap


class StaticSitemap(MultilingualSitemap):
    changefreq = "daily"

    def items(self):
        return ["home", "news:list", "publications:list", "contacts:list"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "static": StaticSitemap,
    "pages": PageSitemap,
    "news": NewsSitemap,
    "publications": PublicationSitemap,
    "countries": CountrySitemap,
}
