from django.contrib.sitemaps import Sitemap

from .models import Page


class PageSitemap(Sitemap):
    i18n = True  # every language version's URL, each listing the others as alternates
    alternates = True
    x_default = True
    changefreq = "monthly"

    def items(self):
        """Public pages (published, and so are all their ancestors)."""
        return Page.objects.published().only("title", "path", "updated_at")

    def get_languages_for_item(self, page):
        """Only the languages the page is translated into (others show the English)."""
        return page.translated_languages()

    def lastmod(self, page):
        return page.updated_at
