"""Addresses that never break: redirects and 410 Gone, kept by the site itself.

- A public item whose address changes in any language (a slug; a page moved, with
  its sub-pages) leaves a redirect from each old address to the new one
  (``Content.save`` snapshots the addresses of the item and of those that move with
  it, ``Content.address_family()``, before writing and compares after).
- A public item deleted leaves its addresses "gone" (410, with a page that says so).
- Chains stay one hop: whatever pointed to an address that moves now points to where
  it went. An address that is live again (an item back at its old slug, a deleted
  item recovered) stops redirecting. A redirect that would lead back to itself is
  refused.
- ``answer(request)`` is asked for 404 responses only (kernel.middleware.
  RedirectsMiddleware): a normal page view runs no query for it.
"""

from urllib.parse import unquote, urlsplit

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.http import HttpResponseGone, HttpResponsePermanentRedirect
from django.template import loader
from django.utils import translation
from django.utils.translation import gettext as _

from kernel.languages import LANGUAGE_CODES

MAX_HOPS = 20


def public_addresses(model, pks):
    """{pk: {language: path}} of the public items among ``pks``."""
    if not pks:
        return {}
    found = {}
    for item in model.objects.published().filter(pk__in=list(pks)):
        found[item.pk] = {}
        for code in LANGUAGE_CODES:
            with translation.override(code):
                found[item.pk][code] = item.get_absolute_url()
    return found


def addresses_before(instance):
    """The public addresses of ``instance`` and of the items whose addresses follow
    it, as stored now (before a save changes them)."""
    if instance.pk is None:
        return {}
    family = instance.address_family()
    return public_addresses(type(instance), family)


def record_moves(model, pk, before):
    """After item ``pk`` of ``model`` was written: a redirect from each address that
    changed (``before``: ``addresses_before`` as it was)."""
    from kernel.models import Redirect

    after = public_addresses(model, {*before, pk})
    live = [path for addresses in after.values() for path in addresses.values()]
    if live:  # live again: an address that shows an item never redirects, and what
        # led to it (gone while it was deleted) leads to it again
        Redirect.objects.filter(old_path__in=live).delete()
        Redirect.objects.filter(new_path__in=live, gone=True).update(gone=False)
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    for item, addresses in before.items():
        for code, old in addresses.items():
            new = after.get(item, {}).get(code)
            if new and new != old:
                point(old, new, origin=Redirect.Origin.MOVED, item=(content_type, item))


def record_gone(sender, instance, **kwargs):
    """pre_delete of a content item: if it is public, its addresses are gone."""
    from kernel.models import Redirect

    addresses = public_addresses(sender, [instance.pk]).get(instance.pk, {})
    content_type = ContentType.objects.get_for_model(sender, for_concrete_model=False)
    for path in dict.fromkeys(addresses.values()):
        # What led here is gone too, but keeps where it led: if the address is live
        # again (the item recovered, another at its address), it leads there again.
        Redirect.objects.filter(new_path=path).update(gone=True)
        Redirect.objects.update_or_create(
            old_path=path,
            defaults={
                "new_path": "",
                "gone": True,
                "origin": Redirect.Origin.DELETED,
                "content_type": content_type,
                "object_id": instance.pk,
            },
        )


def point(old, new, *, origin, item=(None, None), user=None):
    """``old`` now leads to ``new``: one hop (``new`` followed to its end, and what
    pointed to ``old`` pointed on); a loop raises ``ValidationError``."""
    from kernel.models import Redirect

    final, gone = follow(new)
    if final == old or old == new:
        raise ValidationError(
            _("%(old)s would lead back to itself (through %(new)s).") % {"old": old, "new": new}
        )
    Redirect.objects.filter(new_path=old).update(new_path=final, gone=gone)
    content_type, object_id = item
    redirect, _created = Redirect.objects.update_or_create(
        old_path=old,
        defaults={
            "new_path": final,
            "gone": gone,
            "origin": origin,
            "content_type": content_type,
            "object_id": object_id,
            **({"created_by": user} if user is not None else {}),
        },
    )
    return redirect


def follow(path):
    """(where ``path`` ends up through the redirects, whether it is gone: then the
    address that went, which leads on again if it comes back)."""
    from kernel.models import Redirect

    seen = {path}
    for _hop in range(MAX_HOPS):
        step = Redirect.objects.filter(old_path=path).values_list("new_path", "gone").first()
        if step is None:
            return path, False
        target, gone = step
        if gone:
            return path, True
        if target in seen:
            raise ValidationError(_("%(path)s is part of a loop of redirects.") % {"path": path})
        seen.add(target)
        path = target
    raise ValidationError(_("%(path)s leads through too many redirects.") % {"path": path})


MAX_LENGTH = 1000  # a page 500 characters deep, under a language prefix, fits


def _plain(value, what):
    value = (value or "").strip()
    if len(value) > MAX_LENGTH or any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        raise ValidationError(
            _("The %(what)s must be one line of at most %(limit)d characters.")
            % {"what": what, "limit": MAX_LENGTH}
        )
    return value


def clean_old_path(value):
    """An old address as redirects keep it: a path of this site as requests carry it
    (percent-escapes decoded), without host or fragment. A query is refused: it is
    never part of what is matched, so ``/news.php?id=5`` would catch every id."""
    value = _plain(value, _("old address"))
    parts = urlsplit(value)
    if parts.query:
        raise ValidationError(
            _(
                "Old addresses are matched without their query (the part after “?”), so "
                "this one would catch every %(path)s?…; give the path alone."
            )
            % {"path": parts.path}
        )
    path = unquote(parts.path) if (parts.scheme or parts.netloc) else unquote(value.split("#")[0])
    if "\\" in path or not path.startswith("/") or path.startswith("//"):
        raise ValidationError(_("The old address must be a path on this site, starting with /."))
    return path


def clean_new_path(value):
    value = _plain(value, _("new address"))
    if "\\" in value:  # browsers read /\\host as //host: another site
        raise ValidationError(
            _("The new address must be a path on this site (/news/…) or a full http(s) address.")
        )
    parts = urlsplit(value)
    if parts.scheme in ("http", "https") and parts.netloc:
        return value
    if value.startswith("/") and not value.startswith("//") and not parts.scheme:
        return value
    raise ValidationError(
        _("The new address must be a path on this site (/news/…) or a full http(s) address.")
    )


def answer(request):
    """The redirect or "gone" page for a request that would be a 404, or None."""
    from kernel.models import Redirect

    path = request.path
    if "\x00" in path or len(path) > MAX_LENGTH:  # never stored (PostgreSQL refuses NUL)
        return None
    try:
        found = Redirect.objects.filter(old_path=path).first()
    except DatabaseError:
        return None
    if found is None:
        return None
    if found.gone:
        html = loader.render_to_string("410.html", {"not_found": True}, request)
        return HttpResponseGone(html)
    query = request.META.get("QUERY_STRING", "")
    target = found.new_path
    if query and "?" not in target:
        target = f"{target}?{query}"
    return HttpResponsePermanentRedirect(target)


def connect():
    """Deleting a public item of any content type leaves its addresses gone."""
    from django.apps import apps
    from django.db.models.signals import pre_delete

    from kernel.models import Content

    for model in apps.get_models():
        if issubclass(model, Content):
            pre_delete.connect(record_gone, sender=model, dispatch_uid=f"gone-{model._meta.label}")
