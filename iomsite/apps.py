from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class IomsiteConfig(AppConfig):
    name = "iomsite"
    verbose_name = "IOM Central Asia site"

    def ready(self):
        """Any content change invalidates the page and reference-data caches."""
        from contacts.models import Contact, ContactEmail
        from iomsite.cache import bump_generation, vary_on_query_parameters
        from news.models import Boilerplate, Country, NewsItem, NewsItemContact, Topic
        from pages.models import Page

        for model in (NewsItem, NewsItemContact, Country, Topic, Boilerplate, Page, Contact,
                      ContactEmail):  # fmt: skip
            post_save.connect(bump_generation, sender=model, dispatch_uid=f"cache-{model}")
            post_delete.connect(bump_generation, sender=model, dispatch_uid=f"cache-del-{model}")
        for through in (NewsItem.countries.through, NewsItem.topics.through,
                        Country.contacts.through):  # fmt: skip
            m2m_changed.connect(bump_generation, sender=through, dispatch_uid=f"cache-{through}")
        # Site search (q, page) and the paginated sitemaps (p) read these.
        vary_on_query_parameters("q", "page", "p")
