from django.contrib.sitemaps import Sitemap

from .models import Page


class PageSitemap(Sitemap):
    i18n = True  # every language version's URL, each listing the others as alternates
    alternates = True
    x_default = True
    changefreq = "monthly"

    def items(self):
        """Published pages whose ancestors are all published too."""
        pages = list(Page.objects.published().only("title", "path", "updated_at"))
        public = {page.path for page in pages}
        return [
            page
            for page in pages
            if all(path in public for path in Page.ancestor_paths(page.path)[:-1])
        ]

    def get_languages_for_item(self, page):
        """Only the languages the page is translated into (others show the English)."""
        return page.translated_languages()

    def lastmod(self, page):
        return page.updated_at
