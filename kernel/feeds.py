"""Feed generators that never fail on text editors pasted.

XML 1.0 forbids most control characters (a vertical tab from a Word paste, say);
Django's feed generators refuse them with an error, which would break the feed for
every reader. These leave them out of every value, titles and categories included.
"""

import re

from django.conf import settings
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value):
    if isinstance(value, str):
        return XML_INVALID.sub("", value)
    if isinstance(value, list | tuple):
        return type(value)(xml_text(part) for part in value)
    return value


class XmlSafeFeedMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*map(xml_text, args), **{k: xml_text(v) for k, v in kwargs.items()})

    def add_item(self, *args, **kwargs):
        super().add_item(*map(xml_text, args), **{k: xml_text(v) for k, v in kwargs.items()})


class RssFeed(XmlSafeFeedMixin, Rss201rev2Feed):
    """RSS 2.0 has a language for the channel only; an item in another language
    carries Dublin Core's ``dc:language``, the extension RSS readers know for it."""

    def rss_attributes(self):
        attrs = super().rss_attributes()
        if any(item.get("language") for item in self.items):
            attrs["xmlns:dc"] = "http://purl.org/dc/elements/1.1/"
        return attrs

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("language"):
            handler.addQuickElement("dc:language", item["language"])


class AtomFeed(XmlSafeFeedMixin, Atom1Feed):
    """Atom says an entry's language with ``xml:lang``, inherited from the feed."""

    def item_attributes(self, item):
        attrs = super().item_attributes(item)
        if item.get("language"):
            attrs["xml:lang"] = item["language"]
        return attrs


class EntryLanguageMixin:
    """For a syndication Feed of translated content (kernel.models.Content): an entry
    not translated into the feed's language is shown in English (the fallback), and
    says so. The office publishes in English first; a Russian or Kazakh feed still
    lists every release, each marked with the language its text is in."""

    def item_extra_kwargs(self, item):
        kwargs = super().item_extra_kwargs(item)
        language = translation.get_language()
        if language != settings.LANGUAGE_CODE and not item.has_translation(language):
            kwargs["language"] = settings.LANGUAGE_CODE
        return kwargs


def atom(feed_class):
    """The same feed as Atom 1.0 (an instance, for a URL pattern); its subtitle is
    the RSS feed's description."""

    class Atom(feed_class):
        feed_type = AtomFeed

        def subtitle(self, obj=None):
            return self.description(obj) if callable(self.description) else self.description

    Atom.__name__ = Atom.__qualname__ = f"{feed_class.__name__}Atom"
    return Atom()
