"""The languages of the content, all taken from ``settings.LANGUAGES`` (English, the
first, is required; the others are optional versions with a column each)."""

from django.conf import settings
from django.utils import translation
from modeltranslation.manager import get_translatable_fields_for_model
from modeltranslation.utils import build_localized_fieldname

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]

# ``title``, ``ru`` -> ``title_ru``: the column django-modeltranslation adds.
localized_name = build_localized_fieldname


def language_name(code):
    """ "Russian", in the language of the page or admin being shown."""
    return translation.get_language_info(code)["name_translated"]


def editable_translated_fields(model):
    """The fields of ``model`` that have a column per language and that editors write
    (in the model's order, always the same): not ``path``, built from the slugs."""
    names = set(get_translatable_fields_for_model(model) or ())  # a set: no order
    return [field.name for field in model._meta.fields if field.name in names and field.editable]


def value_in(instance, name, language):
    """The text of field ``name`` a reader of ``language`` sees: theirs, else English.

    Reads the per-language columns directly, so it also works on the historical
    models of migrations (which have no translation descriptors)."""
    value = getattr(instance, localized_name(name, language), None)
    if not value and language != settings.LANGUAGE_CODE:
        value = getattr(instance, localized_name(name, settings.LANGUAGE_CODE), None)
    return value or ""
