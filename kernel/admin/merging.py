"""Two people saving the same item: a three-way merge, field by field.

A form remembers the version it was opened on (its edit token). When someone else
saved in between, each field is compared three ways: as opened (the base), as
stored now (theirs) and as posted (mine). A field only they changed takes their
value; a field only I changed keeps mine; a field both changed to different values
is a conflict, and only those are asked about."""

from datetime import datetime

import reversion
from django.db import models
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _t
from reversion.models import Version

from kernel.models import RichTextField
from kernel.richtext import same_html

MINE, THEIRS = "mine", "theirs"


def stored_values(obj):
    """The item's stored values by column (many-to-many: the ids), as a version's
    ``field_dict`` has them."""
    values = {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}
    for field in obj._meta.many_to_many:
        values[field.attname] = list(getattr(obj, field.name).values_list("pk", flat=True))
    return values


def opened_values(obj, token):
    """The values of ``obj`` in the version its form was opened on (the edit token:
    the item's last save, and which save of its draft changes), or None when no
    version of it is kept (an item made outside the admin)."""
    saved_at, __, draft = token.partition(" draft-")
    versions = Version.objects.get_for_object(obj).select_related("revision")
    if draft:
        if not (draft.isdigit() and len(draft) <= 18):
            return None
        version = versions.filter(revision_id=int(draft)).first()
        return version.field_dict if version is not None else None
    try:
        when = parse_datetime(saved_at)
    except ValueError:  # well formed, but no such moment (a 13th month)
        return None
    if when is None:
        return None
    for version in versions.filter(revision__draft__isnull=True)[:50]:
        if _to_ms(version.field_dict.get("updated_at")) == _to_ms(when):
            return version.field_dict
    return None


def keep_a_baseline(obj):
    """Give an item that has no version yet (made outside the admin: demo content,
    imports) one, as it is, when its form is opened: what a later save is merged
    against (and the first entry of its history)."""
    if not reversion.is_registered(type(obj)) or Version.objects.get_for_object(obj).exists():
        return
    with reversion.create_revision(manage_manually=False):
        reversion.set_comment(_t("As found when first opened in the admin."))
        reversion.add_to_revision(obj)


def _to_ms(value):
    if isinstance(value, datetime):
        return value.replace(microsecond=value.microsecond // 1000 * 1000)
    return value


def comparable(model_field, value):
    """A value in a form that compares with the same value in a version: related
    items as ids, text without its line-ending and rich-text layout differences."""
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, models.QuerySet | list | tuple | set):
        return sorted(str(each.pk if isinstance(each, models.Model) else each) for each in value)
    if value is None:
        return ""
    if isinstance(value, str):
        if isinstance(model_field, RichTextField):
            return _HTML(value)
        return value.replace("\r\n", "\n").strip()
    return _to_ms(value)


class _HTML(str):
    """Rich text that equals another when they read the same (``same_html``)."""

    def __eq__(self, other):
        return isinstance(other, str) and same_html(str(self), str(other))

    __hash__ = str.__hash__


def as_raw(value):
    """A cleaned form value as a version stores it (ids for related items)."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, models.QuerySet | list | tuple | set):
        return [each.pk if isinstance(each, models.Model) else each for each in value]
    return value


def three_way(form, base, theirs, cleaned, skip=()):
    """(fields only they changed, fields both changed differently), by form field
    name, for the model fields of ``form`` (but those in ``skip``: answered already)."""
    merged, conflicts = [], []
    opts = form._meta.model._meta
    for name in form.fields:
        if name in skip:
            continue
        try:
            model_field = opts.get_field(name)
        except Exception:  # a form-only field (the edit token)
            continue
        if not (model_field.concrete or model_field.many_to_many) or name not in cleaned:
            continue
        attname = getattr(model_field, "attname", name)
        before = comparable(model_field, base.get(attname))
        now = comparable(model_field, theirs.get(attname))
        if before == now:
            continue  # they did not change it
        mine = comparable(model_field, cleaned[name])
        if mine == before:
            merged.append(name)
        elif mine != now:
            conflicts.append(name)
    return merged, conflicts


def python_value(form, name, raw):
    """A stored value (as a version keeps it) as the form's cleaned data has it."""
    field = form.fields[name]
    if hasattr(field, "queryset"):  # a related item, or several
        found = field.queryset.model._base_manager.filter(
            pk__in=raw if isinstance(raw, list) else [raw]
        )
        return found if isinstance(raw, list) else found.first()
    return raw


def show(form, name, raw):
    """Put a stored value in the form's data, as its widget posts it, so that a form
    shown again holds it."""
    field = form.fields[name]
    widget = field.widget
    key = form.add_prefix(name)
    value = field.prepare_value(python_value(form, name, raw))
    data = form.data
    for stale in [each for each in data if each == key or each.startswith(f"{key}_")]:
        data.pop(stale)
    if hasattr(widget, "widgets_names"):  # several inputs (date and time)
        parts = widget.decompress(value)
        for suffix, part in zip(widget.widgets_names, parts, strict=False):
            data[key + suffix] = "" if part is None else str(part)
    elif isinstance(value, list | tuple):
        data.setlist(key, [str(each) for each in value])
    elif value is True:
        data[key] = "on"
    elif value not in (None, False):
        data[key] = str(value)
