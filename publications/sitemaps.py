from kernel.sitemaps import ContentSitemap

from .models import Publication, PublicationQuerySet


class PublicationSitemap(ContentSitemap):
    def items(self):
        return Publication.objects.published().defer(*PublicationQuerySet.text_fields)

    def lastmod(self, item):
        return max(item.updated_at, item.published_at)
