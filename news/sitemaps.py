from django.db.models import Max, Q
from django.utils import timezone

from kernel.sitemaps import ContentSitemap, MultilingualSitemap

from .models import Country, NewsItem


class NewsSitemap(ContentSitemap):
    def items(self):
        return NewsItem.objects.published().only("title", "slug", "updated_at", "published_at")

    def lastmod(self, item):
        return max(item.updated_at, item.published_at)


class CountrySitemap(MultilingualSitemap):
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
