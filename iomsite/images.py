"""Checks for uploaded images, shared by model fields and the editor's upload view."""

import io
import posixpath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

ALLOWED_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}


def validate_image(upload):
    """Refuse files that are too big, not really images, or decompression bombs."""
    size = getattr(upload, "size", None)
    if size is not None and size > settings.IMAGE_MAX_BYTES:
        raise ValidationError(
            _("This file is %(size)s; images may be at most %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(settings.IMAGE_MAX_BYTES)},
            code="file_too_large",
        )
    position = upload.tell() if hasattr(upload, "tell") else None
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            width, height = image.size
            image_format = image.format
    except Exception as exc:  # Pillow raises many types for broken files
        raise ValidationError(
            _("This file is not an image we can read. Upload a JPEG, PNG, GIF or WebP file."),
            code="invalid_image",
        ) from exc
    finally:
        if position is not None:
            upload.seek(position)
    if image_format not in ALLOWED_FORMATS:
        raise ValidationError(
            _("%(format)s images are not accepted. Upload a JPEG, PNG, GIF or WebP file.")
            % {"format": image_format},
            code="invalid_image_format",
        )
    if width * height > settings.IMAGE_MAX_PIXELS:
        raise ValidationError(
            _(
                "This image is %(width)s × %(height)s pixels, too large to process; "
                "reduce it to at most %(limit)s megapixels."
            )
            % {"width": width, "height": height, "limit": settings.IMAGE_MAX_PIXELS // 1_000_000},
            code="image_too_many_pixels",
        )


# Responsive renditions, made once when an image is saved (never per request).
RENDITION_WIDTHS = (480, 800, 1200, 1600)
RENDITION_FORMATS = (("image/webp", "WEBP", "webp"), ("image/jpeg", "JPEG", "jpg"))


def make_renditions(fieldfile):
    """Write resized WebP and JPEG copies of ``fieldfile`` next to the original.

    Returns what templates need to build ``srcset`` without touching storage:
    ``{"source": name, "width": w, "height": h, "sources": {mime: [[w, name], ...]}}``.
    The original file is kept untouched.
    """
    storage = fieldfile.storage
    with fieldfile.open("rb") as handle, Image.open(handle) as original:
        image = ImageOps.exif_transpose(original)
        image = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB")
        width, height = image.size
    stem, _ext = posixpath.splitext(fieldfile.name)
    directory, base = posixpath.split(stem)
    widths = [w for w in RENDITION_WIDTHS if w < width] + [min(width, RENDITION_WIDTHS[-1])]
    sources = {}
    for mime, pil_format, extension in RENDITION_FORMATS:
        sources[mime] = []
        for target in sorted(set(widths)):
            resized = image.resize((target, max(1, round(height * target / width))), Image.LANCZOS)
            if pil_format == "JPEG" and resized.mode != "RGB":
                flattened = Image.new("RGB", resized.size, (255, 255, 255))
                flattened.paste(resized, mask=resized.getchannel("A"))
                resized = flattened
            buffer = io.BytesIO()
            resized.save(buffer, format=pil_format, quality=82, optimize=True)
            name = posixpath.join(directory, "renditions", f"{base}-{target}w.{extension}")
            if storage.exists(name):
                storage.delete(name)
            sources[mime].append([target, storage.save(name, ContentFile(buffer.getvalue()))])
    return {"source": fieldfile.name, "width": width, "height": height, "sources": sources}


def refresh_renditions(fieldfile, renditions):
    """Renditions for ``fieldfile``: reused if made from the same file, else made anew."""
    if not fieldfile:
        return {}
    if renditions and renditions.get("source") == fieldfile.name:
        return renditions
    try:
        return make_renditions(fieldfile)
    except (OSError, ValueError):  # unreadable file: serve the original only
        return {}


def sync_renditions(instance, image_field, renditions_field):
    """After ``instance`` is saved (so its upload is stored), keep its renditions in step."""
    fieldfile = getattr(instance, image_field)
    current = getattr(instance, renditions_field)
    fresh = refresh_renditions(fieldfile, current)
    if fresh != current:
        setattr(instance, renditions_field, fresh)
        type(instance)._base_manager.filter(pk=instance.pk).update(**{renditions_field: fresh})
