"""Which news fields have Russian and Kazakh versions (django-modeltranslation).

Each field gets one column per language (``title_en``, ``title_ru``, ``title_kk``);
``item.title`` reads the reader's language and falls back to English. English is
required; an empty translation is stored as NULL where the field is unique, so many
items may lack it.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import Boilerplate, Country, NewsItem, Topic

# Country and topic names are short, few, and used inside translated sentences ("IOM
# in Uzbekistan: news", filter descriptions): the admin asks for them in every language,
# so that a Russian sentence never carries an English name.


@register(Country)
class CountryTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("en", "ru", "kk")
    empty_values = {"name": None}


@register(Topic)
class TopicTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("en", "ru", "kk")  # the description stays optional (blank)
    empty_values = {"name": None}


@register(Boilerplate)
class BoilerplateTranslation(TranslationOptions):
    fields = ("title", "body")
    required_languages = ("en",)


@register(NewsItem)
class NewsItemTranslation(TranslationOptions):
    fields = (
        "title",
        "slug",
        "dateline",
        "lead",
        "body",
        "image_alt",
        "image_caption",
        "seo_title",
        "seo_description",
    )
    required_languages = ("en",)
    empty_values = {"slug": None}
