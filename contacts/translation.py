"""Which media-contact fields have Russian and Kazakh versions (django-modeltranslation).

Names are written as the press prints them in each language (title and script);
job titles and office names are translated.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import Contact


@register(Contact)
class ContactTranslation(TranslationOptions):
    fields = ("name", "job_title", "office")
    required_languages = ("en",)
