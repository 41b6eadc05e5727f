from kernel.sitemaps import ContentSitemap

from .models import Page


class PageSitemap(ContentSitemap):
    def items(self):
        """Public pages (published, and so are all their ancestors)."""
        return Page.objects.published().only("title", "path", "updated_at")
