from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from news.sitemaps import CountrySitemap, NewsSitemap
from pages.sitemaps import PageSitemap


class StaticSitemap(Sitemap):
    i18n = True  # every language's URL, each listing the others as alternates
    alternates = True
    x_default = True
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
