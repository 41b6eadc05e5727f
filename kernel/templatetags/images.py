"""``{% responsive_image %}``: <picture> with WebP and JPEG srcsets from stored renditions."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def responsive_image(
    fieldfile, renditions, alt, sizes="100vw", loading="lazy", css_class="", lang=""
):
    """Render an image with its renditions; falls back to the original alone.

    ``renditions`` may be a crop of it (``renditions.card``, the list crop around the
    focal point), whose own ``src`` replaces the original. ``lang`` marks the alt
    text's language when it differs from the page's."""
    if not fieldfile:
        return ""
    sources = (renditions or {}).get("sources") or {}
    width = (renditions or {}).get("width") or getattr(fieldfile, "width", None)
    height = (renditions or {}).get("height") or getattr(fieldfile, "height", None)

    def srcset(mime):
        storage = fieldfile.storage  # renditions live beside the original
        return ", ".join(f"{storage.url(name)} {w}w" for w, name in sources.get(mime, []))

    webp, jpeg = srcset("image/webp"), srcset("image/jpeg")
    cropped = (renditions or {}).get("src")
    img = format_html(
        '<img src="{}"{} sizes="{}" alt="{}"{}{} loading="{}" decoding="async"{}>',
        fieldfile.storage.url(cropped) if cropped else fieldfile.url,
        format_html(' srcset="{}"', jpeg) if jpeg else "",
        sizes,
        alt,
        format_html(' lang="{}"', lang) if lang else "",
        format_html(' width="{}" height="{}"', width, height) if width and height else "",
        loading,
        format_html(' class="{}"', css_class) if css_class else "",
    )
    if not webp:
        return img
    return format_html(
        '<picture><source type="image/webp" srcset="{}" sizes="{}">{}</picture>',
        webp,
        sizes,
        img,
    )
