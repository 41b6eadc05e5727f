"""Template helpers for every page: absolute URLs, language versions, share previews,
JSON-LD, share links."""

import html
import json
from urllib.parse import quote, urlencode

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from kernel import views
from kernel.models import Translatable

register = template.Library()

_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    """``{% absolute_url obj.get_absolute_url %}`` -> https://host/path."""
    request = context.get("request")
    return request.build_absolute_uri(path) if request else path


def resolved_path(request, language):
    """The address of the view that answered ``request``, in ``language``, reversed
    from what the URL resolver matched; None when nothing was matched.

    Never the requested path itself: ``//evil.example/x/`` reaches Django as a path,
    and read back as a URL it names another host (``reverse`` never starts a path
    with ``//``)."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return None
    with translation.override(language):
        try:
            return reverse(match.view_name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            return None


@register.simple_tag(takes_context=True)
def language_versions(context):
    """This page in every language: code, name, URL (with the query string), absolute
    URL (without), current or not.

    For a news item or page (the view's ``object``) each version is the object's own
    address in that language (its translated slug or path), and ``translated`` says
    whether the object has that language version; the ``canonical`` version is the
    current one, or the English one when the current one shows the English text.
    Other pages are the resolved view's address in each language, with the query of
    the page to index (``canonical_query``: a list's one filter, its page number)
    in the absolute URL. Addresses are never built from the requested path. A "not
    found" page (``not_found``, set by the 404 handler) is no page: no version is
    translated or canonical (so no alternate, canonical or og:url links) and the
    switcher leads to each home page."""
    request = context.get("request")
    if request is None:
        return []
    current = get_language()
    not_found = bool(context.get("not_found"))
    obj = None if not_found else context.get("object")
    if not (isinstance(obj, Translatable) and hasattr(obj, "get_absolute_url")):
        obj = None
    query = request.META.get("QUERY_STRING", "")
    # The query of the page to index, where a list's filters or page make one (a
    # view's ``canonical_query``, cleaned): the canonical link and the alternates name
    # the same page, each in its language.
    kept = "" if obj is not None or not_found else context.get("canonical_query") or ""
    versions = []
    for code, name in settings.LANGUAGES:
        with translation.override(code):
            if obj is not None:
                path, translated = obj.get_absolute_url(), obj.has_translation(code)
            else:
                path = None if not_found else resolved_path(request, code)
                translated = path is not None
            # The switcher keeps the query (filters, page); alternates and the
            # canonical link do not (tracking parameters and the like). Where there is
            # no page, it leads to the home page.
            url = (path + (f"?{query}" if query else "")) if path else reverse("home")
        versions.append(
            {
                "code": code,
                "name": name,
                "url": url,
                "absolute": request.build_absolute_uri(
                    path + (f"?{kept}" if kept else "") if path else url
                ),
                "current": code == current,
                "translated": translated,
            }
        )
    current_version = next((v for v in versions if v["current"]), versions[0])
    if not current_version["translated"]:
        current_version = versions[0]
    if current_version["translated"]:
        current_version["canonical"] = True
    return versions


class CaptureNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist, self.name = nodelist, name

    def render(self, context):
        context[self.name] = mark_safe(self.nodelist.render(context).strip())
        return ""


@register.tag
def capture(parser, token):
    """``{% capture as name %}…{% endcapture %}``: what is inside, rendered once (white
    space around it dropped), kept as ``name`` for the rest of the template. The
    layout renders a page's title block once, for its <title> and its share preview."""
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Usage: {% capture as name %}…{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


@register.filter
def without_site_name(title):
    """A page's title without the site's name after it, as share previews show it
    beside the site's name ("News | IOM Central Asia" -> "News")."""
    title = conditional_escape(title)
    suffix = conditional_escape(f" | {gettext('IOM Central Asia')}")
    if title.endswith(suffix) and len(title) > len(suffix):
        return mark_safe(title[: -len(suffix)])
    return title


@register.simple_tag(takes_context=True)
def share_image(context, image=None, renditions=None, alt=""):
    """``{% share_image item.image item.image_renditions item.image_alt as picture %}``:
    the picture of the page's share preview (kernel.views.share_image): the image
    given, else the site's own picture."""
    return views.share_image(context["request"], image, renditions, alt)


def _text(value):
    """A piece of the page rendered as HTML (a captured title), as plain text."""
    return html.unescape(str(value))


@register.simple_tag(takes_context=True)
def collection_page(context, items, start=1):
    """schema.org CollectionPage of a list page (JSON-LD): its title, description and
    canonical address (the layout's), and an ItemList of the addresses of ``items``
    (objects with ``get_absolute_url``), numbered from ``start``."""
    absolute = context["request"].build_absolute_uri
    return {
        "@context": "https://schema.org",
        "@type": "CollectionPage",
        "name": _text(without_site_name(context.get("page_title", ""))),
        "description": _text(context.get("page_description", "")),
        "url": _text(context.get("canonical_url", "")),
        "inLanguage": get_language(),
        "mainEntity": {
            "@type": "ItemList",
            "itemListElement": [
                {
                    "@type": "ListItem",
                    "position": position,
                    "url": absolute(item.get_absolute_url()),
                }
                for position, item in enumerate(items, start)
            ],
        },
    }


@register.simple_tag
def fallback_language(obj, name):
    """ "en" when ``obj.<name>`` is shown in English on a page in another language (an
    untranslated field); else "" (``{% fallback_language item "image_alt" as lang %}``)."""
    language = get_language()
    shown = obj.language_of(name, language)
    return shown if shown != language else ""


@register.simple_tag
def most_translated(objects, name):
    """The first of ``objects`` whose ``name`` is in the reader's language, else the
    first: labels a group (an office) by whichever member has it translated."""
    return next((obj for obj in objects if not fallback_language(obj, name)), objects[0])


@register.simple_tag
def lang_attr(obj, name):
    """`` lang="en"`` where ``obj.<name>`` is shown in English on a page in another
    language, so screen readers switch voice; else nothing."""
    shown = fallback_language(obj, name)
    return format_html(' lang="{}"', shown) if shown else ""


@register.inclusion_tag("includes/untranslated_note.html")
def translation_note(obj, *names):
    """A note when ``obj`` (or some of its ``names`` fields) is shown in English."""
    language = get_language()
    if language == settings.LANGUAGE_CODE:
        return {"state": None}
    if not obj.has_translation(language):
        return {"state": "missing"}
    partial = any(
        getattr(obj, f"{name}_{settings.LANGUAGE_CODE}", None)
        and obj.language_of(name, language) != language
        for name in names
    )
    return {"state": "partial" if partial else None}


@register.filter
def jsonld(data):
    """Render ``data`` as a schema.org JSON-LD script, safe inside HTML."""
    payload = json.dumps(data, ensure_ascii=False, default=str).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))


@register.simple_tag
def share_links(url, title):
    """Plain share links (no third-party scripts): e-mail, X, Facebook, LinkedIn, ..."""
    text = f"{title} {url}"
    return [
        (_("E-mail"), "mailto:?" + urlencode({"subject": title, "body": url}, quote_via=quote)),
        ("X", "https://x.com/intent/post?" + urlencode({"text": title, "url": url})),
        ("Facebook", "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url})),
        ("LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url})),
        ("Telegram", "https://t.me/share/url?" + urlencode({"url": url, "text": title})),
        ("WhatsApp", "https://wa.me/?" + urlencode({"text": text})),
    ]


@register.filter
def breakable_email(address):
    """An e-mail address that a narrow column may break before its "@", never inside
    its name or domain (a break at a hyphen would read as part of the address)."""
    local, at, domain = str(address).rpartition("@")
    if not at:
        return address
    return format_html(
        '<span class="nowrap">{}</span><wbr><span class="nowrap">@{}</span>', local, domain
    )
