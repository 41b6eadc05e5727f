"""Rich text: the sanitiser and the plain-text view of stored HTML.

Rich text is stored in plain ``TextField``s. Every value is sanitised with an
allowlist (nh3) before it is saved, so whatever an editor pastes (Word markup,
scripts, ``on*=`` handlers, ``javascript:`` links) never reaches a public page.
The editor itself is only a widget in the admin (``kernel.widgets``); the model
layer never loads it.
"""

import re
from html import unescape

import nh3
from django import forms
from django.utils.html import strip_tags

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "s", "sub", "sup",
    "ul", "ol", "li", "a", "blockquote", "img", "figure", "figcaption",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}


def sanitize_html(value):
    """Return ``value`` with everything outside the allowlist removed."""
    if not value:
        return ""
    return nh3.clean(
        value,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


BLOCK_END_RE = re.compile(r"(</(p|h\d|li|td|th|blockquote|figcaption)>|<br\s*/?>)", re.I)


def plain_text(html):
    """Text of ``html`` with block boundaries kept as spaces."""
    text = strip_tags(BLOCK_END_RE.sub(" ", html or ""))
    return re.sub(r"\s+", " ", unescape(text)).strip()


def same_html(old, new):
    """Whether two pieces of rich text read the same once sanitised: the editor's
    own line breaks and indentation, and what the sanitiser removes, do not count."""
    return _layout_free(sanitize_html(old)) == _layout_free(sanitize_html(new))


def _layout_free(html):
    return re.sub(r"\s+", " ", re.sub(r">\s+", ">", re.sub(r"\s+<", "<", html)))


class RichTextFormField(forms.CharField):
    """Rich text in a form: changed only when it reads differently (``same_html``),
    so a save that leaves it alone does not log it as changed."""

    def has_changed(self, initial, data):
        if self.disabled:
            return False
        return not same_html(initial or "", self.to_python(data) or "")
