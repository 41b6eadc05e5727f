from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q
from django.utils import timezone

from .models import Country, NewsItem


class NewsSitemap(Sitemap):
    i18n = True  # every language version's URL, each listing the others as alternates
    alternates = True
    x_default = True
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return NewsItem.objects.published().only("title", "slug", "updated_at", "published_at")

    def get_languages_for_item(self, item):
        """Only the languages the item is translated into (others show the English)."""
        return item.translated_languages()

    def lastmod(self, item):
        return max(item.updated_at, item.published_at)


class CountrySitemap(Sitemap):
    i18n = True  # every language's URL, each listing the others as alternates
    alternates = True
    x_default = True
    changefreq = "weekly"

    def items(self):
        public = Q(news_items__status=NewsItem.Status.PUBLISHED) & Q(
            news_items__published_at__lte=timezone.now()
        )
        return Country.objects.annotate(
            latest=Max("news_items__published_at", filter=public)
        ).order_by("name")

    def lastmod(self, country):
        return country.latest
