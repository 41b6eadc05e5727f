"""Feed generators that never fail on text editors pasted.

XML 1.0 forbids most control characters (a vertical tab from a Word paste, say);
Django's feed generators refuse them with an error, which would break the feed for
every reader. These leave them out of every value, titles and categories included.
"""

import re

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
    pass


class AtomFeed(XmlSafeFeedMixin, Atom1Feed):
    pass


def atom(feed_class):
    """The same feed as Atom 1.0 (an instance, for a URL pattern); its subtitle is
    the RSS feed's description."""

    class Atom(feed_class):
        feed_type = AtomFeed

        def subtitle(self, obj=None):
            return self.description(obj) if callable(self.description) else self.description

    Atom.__name__ = Atom.__qualname__ = f"{feed_class.__name__}Atom"
    return Atom()
