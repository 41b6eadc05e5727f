"""Data steps shared by the migrations that introduced content translations."""

from django.db.models import F

from kernel.languages import LANGUAGE_CODES, localized_name
from kernel.search import update_search_vector


def copy_into_english(model, names):
    """Fill ``<name>_en`` from the plain column for rows written before translations
    (one UPDATE for the whole table)."""
    model._base_manager.update(**{localized_name(name, "en"): F(name) for name in names})


def fill_paths(page_model):
    """Every page's path in every language: the English one, as nothing is translated."""
    page_model._base_manager.update(
        **{localized_name("path", code): F("path") for code in LANGUAGE_CODES}
    )


def rebuild_search_vectors(model, weighted_fields):
    """Per row, as on save (the text is cleaned in Python); rows are read in chunks so
    a large archive does not sit in memory at once."""
    for row in model._base_manager.all().iterator(chunk_size=500):
        update_search_vector(row, weighted_fields)
