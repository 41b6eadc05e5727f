"""Which page fields have Russian and Kazakh versions (django-modeltranslation).

``path`` is translated too: each language has its own nested address, built from
the page's and its ancestors' slugs in that language (English where a slug is not
translated), so /ru/kto-my/o-nas/ and /who-we-are/about/ are the same page.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import Page


@register(Page)
class PageTranslation(TranslationOptions):
    fields = (
        "title",
        "slug",
        "path",
        "intro",
        "body",
        "hero_image_alt",
        "seo_title",
        "seo_description",
    )
    required_languages = ("en",)
    empty_values = {"slug": None, "path": None}
