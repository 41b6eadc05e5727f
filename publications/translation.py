"""Which publication fields have Russian and Kazakh versions (django-modeltranslation).

``document_text`` is the text of each language's file, kept by the worker: search in
Russian reads the Russian file's text, else the English one's.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import Publication


@register(Publication)
class PublicationTranslation(TranslationOptions):
    fields = (
        "title",
        "slug",
        "summary",
        "authors",
        "cover_alt",
        "seo_title",
        "seo_description",
        "document_text",
    )
    required_languages = ("en",)
    empty_values = {"slug": None}
