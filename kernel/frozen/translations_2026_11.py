"""Frozen: the data steps of the migrations that introduced content translations
(contacts 0003, news 0006, pages 0006). Do not edit (see kernel/frozen/__init__.py)."""

import re
from html import unescape

from django.contrib.postgres.search import SearchVector
from django.db.models import F, Value
from django.utils.html import strip_tags

LANGUAGES = ("en", "ru", "kk")
SEARCH_CONFIGS = {"en": "english", "ru": "russian", "kk": "simple"}
BLOCK_END_RE = re.compile(r"(</(p|h\d|li|td|th|blockquote|figcaption)>|<br\s*/?>)", re.I)


def copy_into_english(model, names):
    """Fill ``<name>_en`` from the plain column (one UPDATE for the whole table)."""
    model._base_manager.update(**{f"{name}_en": F(name) for name in names})


def fill_paths(page_model):
    """Every page's path in every language: the English one, as nothing is translated."""
    page_model._base_manager.update(**{f"path_{code}": F("path") for code in LANGUAGES})


def _plain_text(html):
    text = strip_tags(BLOCK_END_RE.sub(" ", html or ""))
    return re.sub(r"\s+", " ", unescape(text)).strip()


def _value_in(row, name, code):
    return getattr(row, f"{name}_{code}", None) or getattr(row, f"{name}_en", None) or ""


def _vector(weighted_texts, config):
    vector = None
    for weight, text in weighted_texts:
        part = SearchVector(Value(_plain_text(text)), weight=weight, config=config)
        vector = part if vector is None else vector + part
    return vector


def rebuild_search_vectors(model, weighted_fields, schema_editor):
    """Per row, the whole text and the title-and-lead vectors of every language
    (PostgreSQL only); rows read in chunks."""
    if schema_editor.connection.vendor != "postgresql":
        return
    for row in model._base_manager.all().iterator(chunk_size=500):
        vectors = {}
        for code in LANGUAGES:
            config = SEARCH_CONFIGS[code]
            texts = [(weight, _value_in(row, name, code)) for weight, name in weighted_fields]
            vectors[f"search_vector_{code}"] = _vector(texts, config)
            vectors[f"search_rank_vector_{code}"] = _vector(
                [(w, t) for w, t in texts if w in ("A", "B")], config
            )
        model._base_manager.filter(pk=row.pk).update(**vectors)
