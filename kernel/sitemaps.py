"""Sitemap bases: every language's address, each listing the others as alternates."""

from django.contrib.sitemaps import Sitemap


class MultilingualSitemap(Sitemap):
    """Each URL in every language (``/``, ``/ru/``, ``/kk/``) with hreflang alternates
    and an x-default."""

    i18n = True
    alternates = True
    x_default = True


class ContentSitemap(MultilingualSitemap):
    """Content items (``kernel.models.Content``): only the languages an item is
    translated into (the others show the English version), last changed when saved."""

    changefreq = "monthly"
    limit = 5000  # URLs per sitemap page, within the protocol's 50,000

    def get_languages_for_item(self, item):
        return item.translated_languages()

    def lastmod(self, item):
        return item.updated_at
