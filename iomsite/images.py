"""Checks for uploaded images, shared by model fields and the editor's upload view."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image

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
