"""Stored files that nothing refers to any more (orphans), found and removed.

A file is referred to when a row's file field names it, when a row's renditions
(a JSON field of an image) list it, when rich text shows it (an editor's upload, by
its media address), or when a version in an item's history does one of these (so a
restore never brings back a missing picture). An editor's upload's thumbnail goes
with its upload.

Files go by themselves once nothing refers to them: when a row with files is deleted
(a library image, say), its files and renditions are deleted after the commit unless
something else still names them. ``manage.py orphaned_files`` lists the others (files
left by a crash, or by code before this) and, with ``--delete``, removes them.
"""

import json
import logging
import operator
import posixpath
import re
import time
from functools import reduce

from django.apps import apps
from django.conf import settings
from django.core.files.storage import default_storage, storages
from django.db import models, transaction

from kernel.images import rendition_names

logger = logging.getLogger(__name__)

# A file younger than this is never an orphan (an upload being saved right now).
GRACE_SECONDS = 24 * 60 * 60
THUMB_RE = re.compile(r"^(?P<stem>.+)_thumb(?P<ext>\.[A-Za-z0-9]+)$")


def _file_fields(model):
    return [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]


def _json_fields(model):
    return [f for f in model._meta.concrete_fields if isinstance(f, models.JSONField)]


def _text_fields(model):
    return [f for f in model._meta.concrete_fields if isinstance(f, models.TextField)]


def _names_in_json(value):
    """Stored names a renditions dict lists (and the ``source`` it was made from)."""
    if not isinstance(value, dict) or "sources" not in value:
        return set()
    names = set(rendition_names(value))
    if value.get("source"):
        names.add(value["source"])
    return names


def _names_in_text(text, prefix):
    """Media paths an HTML text shows (``<prefix>uploads/x.png``)."""
    if not text or prefix not in text:
        return set()
    pattern = re.compile(re.escape(prefix) + r"([^\"'\s)<>?#]+)")
    return {match.group(1) for match in pattern.finditer(text)}


def referenced():
    """Every stored name something refers to: rows and the versions of the history."""
    from reversion.models import Version

    prefix = settings.MEDIA_URL
    names = set()
    for model in apps.get_models():
        files, jsons, texts = _file_fields(model), _json_fields(model), _text_fields(model)
        if model is Version or not (files or jsons):
            if model is not Version and texts:
                for row in model._base_manager.values_list(*(f.attname for f in texts)):
                    for text in row:
                        names |= _names_in_text(text, prefix)
            continue
        columns = [f.attname for f in (*files, *jsons, *texts)]
        for row in model._base_manager.values_list(*columns).iterator():
            for value in row[: len(files)]:
                if value:
                    names.add(value)
            for value in row[len(files) : len(files) + len(jsons)]:
                names |= _names_in_json(value)
            for value in row[len(files) + len(jsons) :]:
                names |= _names_in_text(value, prefix)
    for data in Version.objects.values_list("serialized_data", flat=True).iterator():
        names |= _names_in_version(data, prefix)
    return names


def _names_in_version(data, prefix):
    try:
        objects = json.loads(data)
    except ValueError:
        return set()
    names = set()
    for obj in objects if isinstance(objects, list) else []:
        for value in (obj.get("fields") or {}).values():
            if isinstance(value, str):
                if "/" in value and "." in value.rsplit("/", 1)[-1] and " " not in value:
                    names.add(value)  # a file field's name
                names |= _names_in_text(value, prefix)
            elif isinstance(value, dict):
                names |= _names_in_json(value)
    return names


def _walk(storage, directory=""):
    folders, files = storage.listdir(directory)
    for name in files:
        yield posixpath.join(directory, name) if directory else name
    for folder in folders:
        yield from _walk(storage, posixpath.join(directory, folder) if directory else folder)


def _storages():
    """The storages files are kept in: the default (media) and the apps' own ones."""
    candidates = [default_storage]
    candidates += [f.storage for model in apps.get_models() for f in _file_fields(model)]
    candidates += [storages[alias] for alias in settings.STORAGES if alias != "staticfiles"]
    found = {}
    for storage in candidates:  # one each, however many objects stand for it
        key = (type(storage), str(getattr(storage, "location", id(storage))))
        found.setdefault(key, storage)
    return list(found.values())


def _is_referred(name, names):
    if name in names:
        return True
    thumb = THUMB_RE.match(name)
    return bool(thumb and f"{thumb['stem']}{thumb['ext']}" in names)


def find(now=None, grace=GRACE_SECONDS):
    """[(storage, name, size)] of the files nothing refers to, older than ``grace``."""
    names = referenced()
    limit = (now or time.time()) - grace
    orphans = []
    for storage in _storages():
        try:
            stored = list(_walk(storage))
        except (FileNotFoundError, NotImplementedError):
            continue
        for name in stored:
            if _is_referred(name, names):
                continue
            try:
                if storage.get_modified_time(name).timestamp() > limit:
                    continue
                size = storage.size(name)
            except (OSError, NotImplementedError):
                continue
            orphans.append((storage, name, size))
    return orphans


def delete(orphans):
    for storage, name, _size in orphans:
        try:
            storage.delete(name)
        except OSError:
            logger.warning("Could not delete the orphaned file %s", name)


def files_of(instance):
    """(storage, name) of the files a row names: its file fields and renditions."""
    found = []
    for field in _file_fields(type(instance)):
        value = getattr(instance, field.attname)
        if value:
            found.append((field.storage, str(value)))
            for json_field in _json_fields(type(instance)):
                for name in _names_in_json(getattr(instance, json_field.attname)):
                    if name != str(value):
                        found.append((field.storage, name))
    return found


def still_referred(names):
    """The ones of ``names`` that a row or a version still names (one query a field)."""
    from reversion.models import Version

    names = set(names)
    found = set()

    def matching(column, lookup):
        condition = reduce(operator.or_, (models.Q(**{f"{column}__{lookup}": n}) for n in names))
        return condition

    for model in apps.get_models():
        fields = [
            *((f, "in") for f in _file_fields(model)),
            *((f, "icontains") for f in (*_json_fields(model), *_text_fields(model))),
        ]
        for field, lookup in fields:
            if lookup == "in":
                hits = model._base_manager.filter(**{f"{field.attname}__in": names})
                found |= set(hits.values_list(field.attname, flat=True))
                continue
            rows = model._base_manager.filter(matching(field.attname, lookup))
            for value in rows.values_list(field.attname, flat=True):
                text = json.dumps(value) if not isinstance(value, str) else value
                found |= {n for n in names if n in text}
    versions = Version.objects.filter(matching("serialized_data", "contains"))
    for data in versions.values_list("serialized_data", flat=True):
        found |= {n for n in names if n in data}
    return found


def delete_when_unreferred(sender, instance, **kwargs):
    """post_delete of a row with files: once committed, its files go unless something
    else (another row, the history) still names them."""
    files = files_of(instance)
    if not files:
        return

    def clean_up():
        kept = still_referred(name for _storage, name in files)
        for storage, name in files:
            if name not in kept:
                try:
                    storage.delete(name)
                except OSError:
                    logger.warning("Could not delete %s", name)

    transaction.on_commit(clean_up)


def connect():
    from django.db.models.signals import post_delete

    for model in apps.get_models():
        if _file_fields(model):
            post_delete.connect(
                delete_when_unreferred, sender=model, dispatch_uid=f"orphans-{model._meta.label}"
            )
