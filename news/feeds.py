"""RSS 2.0 and Atom feeds: site-wide, per country and per topic."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.html import escape
from django.utils.timezone import localtime
from django.utils.translation import get_language, gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from kernel.feeds import EntryLanguageMixin, RssFeed

from .models import Country, NewsItem, Topic

FEED_SIZE = 20


class LatestNewsFeed(EntryLanguageMixin, Feed):
    """The newest published news, with full lead and link."""

    feed_type = RssFeed

    title = _("IOM Central Asia — news")
    description = _("Press releases and news from IOM in Kazakhstan and Central Asia.")

    def link(self, obj=None):
        return reverse("news:list")

    def filter_items(self, queryset, obj):
        return queryset

    def items(self, obj=None):
        queryset = NewsItem.objects.published().for_list()
        return self.filter_items(queryset, obj)[:FEED_SIZE]

    # An identifier that stays when the item's address changes (a translation adds its
    # own slug), so feed readers do not show it again as new; one per language version.
    item_guid_is_permalink = False

    def item_guid(self, item):
        return f"tag:iom.int,2018:central-asia/news/{item.pk}/{get_language()}"

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # The RSS description and the Atom summary (type="html") are HTML to feed
        # readers; the lead is plain text, so it goes in escaped once and readers show
        # its characters ("<svg…>" as text, not markup). Titles, categories, the
        # channel's title and description and the Atom subtitle are plain text
        # (Atom: type="text"), for which the XML escaping alone is right.
        return escape(item.lead)

    def item_pubdate(self, item):
        return localtime(item.published_at)

    def item_updateddate(self, item):
        return localtime(max(item.updated_at, item.published_at))

    def item_categories(self, item):
        return [country.name for country in item.country_list] + [
            topic.name for topic in item.topic_list
        ]

    def item_author_name(self, item):
        return settings.SITE_NAME


class TermNewsFeed(LatestNewsFeed):
    """The news of one country or topic (``model``, found by the slug in the address;
    ``lookup`` filters the items). An unknown slug is a 404 that says so in the
    reader's language (get_object_or_404's message names the model in English)."""

    model = lookup = not_found = None
    # Marked for translation, translated per request; %(country)s or %(topic)s (the
    # model's name) stands for the term's name.
    title_text = description_text = None

    def get_object(self, request, slug):
        found = self.model.objects.filter(slug=slug).first()
        if found is None:
            raise Http404(gettext(self.not_found) % {"slug": slug, "value": slug})
        return found

    def link(self, obj):
        return obj.get_absolute_url()

    def filter_items(self, queryset, obj):
        return queryset.filter(**{self.lookup: obj})

    def title(self, obj):
        return gettext(self.title_text) % {self.model._meta.model_name: obj.name}

    def description(self, obj):
        """The term's own description where it has one (topics), else a sentence."""
        own = getattr(obj, "description", "")
        return own or gettext(self.description_text) % {self.model._meta.model_name: obj.name}


class CountryNewsFeed(TermNewsFeed):
    model, lookup = Country, "countries"
    not_found = gettext_noop("There is no country “%(slug)s” in the newsroom.")
    title_text = gettext_noop("IOM Central Asia — news from %(country)s")
    description_text = gettext_noop("Press releases and news about %(country)s.")


class TopicNewsFeed(TermNewsFeed):
    model, lookup = Topic, "topics"
    # The same words as the newsroom filter's error (one translation for both).
    not_found = gettext_noop("There is no topic “%(value)s” in the newsroom.")
    title_text = gettext_noop("IOM Central Asia — news on %(topic)s")
    description_text = gettext_noop("Press releases and news on %(topic)s.")
