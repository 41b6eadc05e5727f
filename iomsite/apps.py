from django.apps import AppConfig


class IomsiteConfig(AppConfig):
    """The composition: root URLs, home page, site search, sitemap index, roles."""

    name = "iomsite"
    verbose_name = "IOM Central Asia site"

    def ready(self):
        from kernel.cache import vary_on_query_parameters

        # Site search (q, page) and the paginated sitemaps (p) read these.
        vary_on_query_parameters("q", "page", "p")
