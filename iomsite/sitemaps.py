from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from news.sitemaps import CountrySitemap, NewsSitemap
from pages.sitemaps import PageSitemap


class StaticSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return ["home", "news:list", "contacts:list"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "static": StaticSitemap,
    "pages": PageSitemap,
    "news": NewsSitemap,
    "countries": CountrySitemap,
}
