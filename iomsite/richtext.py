"""Rich text: the one module that knows about the editor and the sanitiser.

Rich text is stored in plain ``TextField``s. Every value is sanitised with an
allowlist (nh3) before it is saved, so whatever an editor pastes (Word markup,
scripts, ``on*=`` handlers, ``javascript:`` links) never reaches a public page.
The editor (CKEditor 4 via django-ckeditor) is only a widget in the admin; to
swap it, change ``RichTextWidget`` here.
"""

import nh3
from ckeditor_uploader.widgets import CKEditorUploadingWidget

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


class RichTextWidget(CKEditorUploadingWidget):
    """The admin's rich-text editor (CKEditor 4 with image upload)."""
