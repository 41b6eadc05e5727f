"""Data steps shared by the migrations that introduced content translations."""

from iomsite.models import LANGUAGE_CODES, localized_name
from iomsite.search import update_search_vector


def copy_into_english(model, names):
    """Fill ``<name>_en`` from the plain column for rows written before translations."""
    for row in model._base_manager.all():
        for name in names:
            setattr(row, localized_name(name, "en"), getattr(row, name))
        row.save(update_fields=[localized_name(name, "en") for name in names])


def fill_paths(page_model):
    """Every page's path in every language: the English one, as nothing is translated."""
    for page in page_model._base_manager.all():
        for code in LANGUAGE_CODES:
            setattr(page, localized_name("path", code), page.path)
        page.save(update_fields=[localized_name("path", code) for code in LANGUAGE_CODES])


def rebuild_search_vectors(model, weighted_fields):
    for row in model._base_manager.all():
        update_search_vector(row, weighted_fields)
