"""RSS 2.0 and Atom feeds: site-wide, per country and per topic."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from .models import Country, NewsItem, Topic

FEED_SIZE = 20


class LatestNewsFeed(Feed):
    """The newest published news, with full lead and link."""

    title = _("IOM Central Asia — news")
    description = _("Press releases and news from IOM in Kazakhstan and Central Asia.")

    def link(self, obj=None):
        return reverse("news:list")

    def filter_items(self, queryset, obj):
        return queryset

    def items(self, obj=None):
        queryset = NewsItem.objects.published().for_list()
        return self.filter_items(queryset, obj)[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.lead

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


class AtomVariant:
    """The same feed as Atom 1.0; its subtitle is the RSS feed's description."""

    feed_type = Atom1Feed

    def subtitle(self, obj=None):
        return self.description(obj) if callable(self.description) else self.description


class LatestNewsAtomFeed(AtomVariant, LatestNewsFeed):
    pass


class CountryNewsFeed(LatestNewsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Country, slug=slug)

    def title(self, obj):
        return _("IOM Central Asia — news from %(country)s") % {"country": obj.name}

    def description(self, obj):
        return _("Press releases and news about %(country)s.") % {"country": obj.name}

    def link(self, obj):
        return obj.get_absolute_url()

    def filter_items(self, queryset, obj):
        return queryset.filter(countries=obj)


class CountryNewsAtomFeed(AtomVariant, CountryNewsFeed):
    pass


class TopicNewsFeed(LatestNewsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Topic, slug=slug)

    def title(self, obj):
        return _("IOM Central Asia — news on %(topic)s") % {"topic": obj.name}

    def description(self, obj):
        return obj.description or _("Press releases and news on %(topic)s.") % {"topic": obj.name}

    def link(self, obj):
        return obj.get_absolute_url()

    def filter_items(self, queryset, obj):
        return queryset.filter(topics=obj)


class TopicNewsAtomFeed(AtomVariant, TopicNewsFeed):
    pass
