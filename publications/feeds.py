"""The newest publications as RSS 2.0 and Atom, each with its PDFs as enclosures."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Enclosure
from django.utils.html import escape
from django.utils.timezone import localtime
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kernel.feeds import EntryLanguageMixin, RssFeed

from .models import Publication

FEED_SIZE = 20


class LatestPublicationsFeed(EntryLanguageMixin, Feed):
    feed_type = RssFeed

    title = _("IOM Central Asia — publications")
    description = _("Reports, studies, factsheets and data from IOM in Central Asia.")

    def get_object(self, request):
        return request  # the items' enclosures need absolute addresses

    def link(self, request):
        return reverse("publications:list")

    def items(self, request):
        items = list(Publication.objects.published().for_list()[:FEED_SIZE])
        for item in items:
            # RSS allows one enclosure per item: the file in the reader's language,
            # else the first (English first).
            files = item.file_list  # English first
            ours = [f for f in files if f.language == get_language()] or files[:1]
            item.enclosures = [
                Enclosure(request.build_absolute_uri(f.get_absolute_url()), str(f.size),
                          "application/pdf")
                for f in ours
            ]  # fmt: skip
        return items

    item_guid_is_permalink = False

    def item_guid(self, item):
        return f"tag:iom.int,2026:central-asia/publications/{item.pk}/{get_language()}"

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return escape(item.summary)  # plain text, as HTML to feed readers (news.feeds)

    def item_pubdate(self, item):
        return localtime(item.published_at)

    def item_updateddate(self, item):
        return localtime(max(item.updated_at, item.published_at))

    def item_categories(self, item):
        return [str(item.get_kind_display())] + [
            term.name for term in (*item.country_list, *item.topic_list)
        ]

    def item_author_name(self, item):
        return item.authors or settings.SITE_NAME

    def item_enclosures(self, item):
        return item.enclosures
