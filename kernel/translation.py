"""Which kernel fields have Russian and Kazakh versions (django-modeltranslation):
a library image's description and caption."""

from modeltranslation.translator import TranslationOptions, register

from .models import LibraryImage


@register(LibraryImage)
class LibraryImageTranslation(TranslationOptions):
    fields = ("alt", "caption")
    required_languages = ("en",)
