"""Uploaded images: checked, re-encoded and named by the server, shared by model fields
and the editor's upload view; responsive renditions; no file left behind by a save that
does not commit.

What is stored is never the client's bytes or the client's extension: the file is
decoded in full (truncated files are refused), re-encoded in the format Pillow found
(JPEG, PNG, GIF or WebP) without EXIF/GPS or other metadata (the ICC colour profile is
kept, the EXIF orientation applied), and named ``<slugified stem>-<hex>.<that format's
extension>`` with a random part. Whatever was appended to the image, or hidden in its
metadata, is gone.
"""

import contextlib
import io
import logging
import posixpath
import secrets
import weakref
from contextvars import ContextVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models, router, transaction
from django.template.defaultfilters import filesizeformat
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, ImageOps, ImageSequence

logger = logging.getLogger(__name__)

# Pillow's format name -> the extension stored files get.
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
# Phone cameras save JPEGs with extra pictures appended (Pillow reads them as MPO):
# they are JPEGs, stored as their first picture.
FORMAT_ALIASES = {"MPO": "JPEG"}
ALLOWED_FORMATS = set(EXTENSIONS) | set(FORMAT_ALIASES)
_ENCODER_OPTIONS = {
    "JPEG": {"quality": 90, "optimize": True},
    "PNG": {"optimize": False},
    "GIF": {},
    "WEBP": {"quality": 90, "method": 4},
}
# Colour profiles describe RGB or grey pixels; one survives a conversion within a family.
_RGB_MODES = {"RGB", "RGBA", "RGBa", "P", "PA"}
_GREY_MODES = {"L", "LA", "La", "1"}


def _unreadable():
    return ValidationError(
        _("This file is not an image we can read. Upload a JPEG, PNG, GIF or WebP file."),
        code="invalid_image",
    )


@contextlib.contextmanager
def _opened(upload):
    """``upload`` opened with Pillow, checked and decoded in full (every frame)."""
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
        try:
            image = Image.open(upload)
        except Exception as exc:  # Pillow raises many types for broken files
            raise _unreadable() from exc
        with image:
            _check(image)
            try:  # decode everything now: a truncated file is refused, not stored
                for frame in ImageSequence.Iterator(image):
                    frame.load()
                image.seek(0)
            except Exception as exc:
                raise _unreadable() from exc
            yield image
    finally:
        if position is not None:
            upload.seek(position)


def _check(image):
    """Format and pixel count, read from the header before anything is decoded."""
    if image.format not in ALLOWED_FORMATS:
        raise ValidationError(
            _("%(format)s images are not accepted. Upload a JPEG, PNG, GIF or WebP file.")
            % {"format": image.format},
            code="invalid_image_format",
        )
    width, height = image.size
    if width * height > settings.IMAGE_MAX_PIXELS:
        raise ValidationError(
            _(
                "This image is %(width)s × %(height)s pixels, too large to process; "
                "reduce it to at most %(limit)s megapixels."
            )
            % {"width": width, "height": height, "limit": settings.IMAGE_MAX_PIXELS // 1_000_000},
            code="image_too_many_pixels",
        )
    try:
        frames = getattr(image, "n_frames", 1)
    except Exception as exc:
        raise _unreadable() from exc
    if width * height * frames > settings.IMAGE_MAX_PIXELS:
        raise ValidationError(
            _(
                "This animation has %(frames)s frames of %(width)s × %(height)s pixels, "
                "too many to process; shorten it or make it smaller."
            )
            % {"frames": frames, "width": width, "height": height},
            code="image_too_many_pixels",
        )


def validate_image(upload):
    """Refuse files that are too big, not really images, truncated, or decompression bombs."""
    with _opened(upload):
        pass


def image_field(upload_to):
    """An optional picture; each upload is checked here and re-encoded (clean_image)."""
    return models.ImageField(
        gettext_lazy("image"),
        upload_to=upload_to,
        blank=True,
        validators=[validate_image],
        help_text=gettext_lazy("JPEG, PNG, GIF or WebP, at most 8 MB."),
    )


def alt_text_field():
    """The description of a picture for readers who cannot see it."""
    return models.CharField(
        gettext_lazy("image description (alt text)"),
        max_length=255,
        blank=True,
        help_text=gettext_lazy(
            "What the picture shows, for readers who cannot see it. Required with an image."
        ),
    )


def credit_field():
    """Who took or made a picture, shown with it."""
    return models.CharField(
        gettext_lazy("image credit"),
        max_length=255,
        blank=True,
        help_text=gettext_lazy("E.g. “© IOM 2018/Photographer name”."),
    )


def _normalised(image, image_format):
    """A copy of ``image`` in a mode ``image_format`` stores, with no metadata left."""
    if image_format == "JPEG":
        target = image.mode if image.mode in ("L", "RGB") else "RGB"
    elif image_format == "GIF" and image.mode in ("P", "L"):
        target = image.mode  # palette kept as it is, transparency passed explicitly
    elif image.mode in ("RGB", "RGBA", "L", "LA"):
        target = image.mode
    else:
        target = "RGBA" if image.has_transparency_data else "RGB"
    converted = image.convert(target) if target != image.mode else image.copy()
    converted.info = {}
    return converted


def _keeps_profile(source_mode, target_mode):
    return {source_mode, target_mode} <= _RGB_MODES or {source_mode, target_mode} <= _GREY_MODES


def _encode(image, image_format):
    """Re-encode a decoded image: EXIF orientation applied, metadata dropped."""
    options = dict(_ENCODER_OPTIONS[image_format])
    icc = image.info.get("icc_profile")
    if getattr(image, "n_frames", 1) > 1 and image_format in ("GIF", "WEBP", "PNG"):
        # Animations keep their frames and timing (no EXIF to apply to them).
        frames, durations = [], []
        for frame in ImageSequence.Iterator(image):
            durations.append(frame.info.get("duration", 100))
            copy = frame.convert("RGBA")
            copy.info = {}
            frames.append(copy)
        first, rest = frames[0], frames[1:]
        options.update(save_all=True, append_images=rest, duration=durations)
        if "loop" in image.info:
            options["loop"] = image.info["loop"]
        if image_format == "GIF":
            options["disposal"] = 2
    else:
        source = image
        image = ImageOps.exif_transpose(image)
        first = _normalised(image, image_format)
        if image_format == "GIF" and "transparency" in source.info and first.mode == "P":
            options["transparency"] = source.info["transparency"]
        if icc and not _keeps_profile(source.mode, first.mode):
            icc = None
    if icc:
        options["icc_profile"] = icc
    buffer = io.BytesIO()
    first.save(buffer, format=image_format, **options)
    return buffer.getvalue()


def clean_image(upload):
    """``upload`` checked (as :func:`validate_image`) and re-encoded.

    Returns a :class:`ContentFile` named ``<slugified stem>-<8 random hex>.<extension
    of the detected format>``: a stored name is never used again for other bytes (even
    after its file was deleted), so browsers may keep uploads and their renditions for
    a year. Raises :class:`ValidationError` for anything that is not such an image.
    """
    with _opened(upload) as image:
        image_format = FORMAT_ALIASES.get(image.format, image.format)
        try:
            data = _encode(image, image_format)
        except ValidationError:
            raise
        except Exception as exc:  # e.g. a mode Pillow cannot convert
            raise _unreadable() from exc
    stem = posixpath.splitext(posixpath.basename(getattr(upload, "name", "") or ""))[0]
    stem = slugify(stem)[:60].strip("-_") or "image"
    return ContentFile(data, name=f"{stem}-{secrets.token_hex(4)}.{EXTENSIONS[image_format]}")


# Responsive renditions, made once when an image is saved (never per request).
RENDITION_WIDTHS = (480, 800, 1200, 1600)
RENDITION_FORMATS = (("image/webp", "WEBP", "webp"), ("image/jpeg", "JPEG", "jpg"))
# The crop that lists show (news cards, 40:21), cut around the image's focal point.
CARD_RATIO = (40, 21)
CARD_WIDTHS = (480, 800)
CENTRE = (0.5, 0.5)


def crop_around(image, ratio, focal):
    """The largest part of ``image`` with the proportions ``ratio`` (w, h) whose
    centre is as near the focal point (fractions of width and height) as fits."""
    width, height = image.size
    crop_w = min(width, round(height * ratio[0] / ratio[1]))
    crop_h = min(height, round(width * ratio[1] / ratio[0]))
    left = min(max(round(focal[0] * width - crop_w / 2), 0), width - crop_w)
    top = min(max(round(focal[1] * height - crop_h / 2), 0), height - crop_h)
    return image.crop((left, top, left + crop_w, top + crop_h))


def _write_sizes(image, storage, stem, widths, written):
    """Resized WebP and JPEG copies of ``image`` at ``widths`` (files named from
    ``stem``): ``{mime: [[w, name], ...]}``; their names are added to ``written``."""
    width, height = image.size
    sources = {}
    for mime, pil_format, extension in RENDITION_FORMATS:
        sources[mime] = []
        for target in sorted(set(widths)):
            size = (target, max(1, round(height * target / width)))
            resized = image.resize(size, Image.LANCZOS)
            if pil_format == "JPEG" and resized.mode != "RGB":
                flattened = Image.new("RGB", resized.size, (255, 255, 255))
                flattened.paste(resized, mask=resized.getchannel("A"))
                resized = flattened
            buffer = io.BytesIO()
            resized.save(buffer, format=pil_format, quality=82, optimize=True)
            name = f"{stem}-{target}w.{extension}"
            if storage.exists(name):
                storage.delete(name)
            written.append(storage.save(name, ContentFile(buffer.getvalue())))
            sources[mime].append([target, written[-1]])
    return sources


def _opened_image(fieldfile):
    with fieldfile.open("rb") as handle, Image.open(handle) as original:
        image = ImageOps.exif_transpose(original)
        return image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB")


def _rendition_folder(fieldfile):
    stem, _ext = posixpath.splitext(fieldfile.name)
    directory, base = posixpath.split(stem)
    return posixpath.join(directory, "renditions", base)


def _card(image, storage, folder, focal, written):
    """The list crop of ``image`` around ``focal``; its files are named after the
    focal point, so a new one never overwrites the one pages show now."""
    card = crop_around(image, CARD_RATIO, focal)
    widths = [w for w in CARD_WIDTHS if w < card.width] or [card.width]
    at = f"{int(focal[0] * 1000)}x{int(focal[1] * 1000)}"
    sources = _write_sizes(card, storage, f"{folder}-card-{at}", widths, written)
    largest = sources["image/jpeg"][-1]
    return {
        "src": largest[1],
        "width": largest[0],
        "height": round(largest[0] * card.height / card.width),
        "sources": sources,
    }


def make_renditions(fieldfile, focal=None, reuse=None):
    """Write resized WebP and JPEG copies of ``fieldfile`` next to the original, and
    the list crop (``card``) around ``focal`` (fractions; the centre when None).
    ``reuse``: renditions of the same file whose sizes are kept (only the crop is
    made again: a new focal point).

    Returns what templates need to build ``srcset`` without touching storage:
    ``{"source": name, "focal": [x, y], "width": w, "height": h,
    "sources": {mime: [[w, name], ...]}, "card": {"src": name, "width": w,
    "height": h, "sources": {...}}}``. The original file is kept untouched; if a copy
    cannot be written, those already written are deleted.
    """
    storage = fieldfile.storage
    focal = tuple(focal) if focal else CENTRE
    image = _opened_image(fieldfile)
    width, height = image.size
    folder = _rendition_folder(fieldfile)
    written = []
    try:
        if reuse:
            sources = reuse["sources"]
        else:
            widths = [w for w in RENDITION_WIDTHS if w < width]
            sources = _write_sizes(
                image, storage, folder, [*widths, min(width, RENDITION_WIDTHS[-1])], written
            )
        card = _card(image, storage, folder, focal, written)
    except BaseException:
        _delete(storage, written)
        raise
    return {
        "source": fieldfile.name,
        "focal": list(focal),
        "width": width,
        "height": height,
        "sources": sources,
        "card": card,
    }


# Share previews (Open Graph, Twitter cards) show images about 1200 pixels wide.
SHARE_WIDTH = 1200


def share_rendition(fieldfile, renditions):
    """(URL, width, height) of the copy of an image that share previews show: its
    JPEG rendition nearest 1200 pixels wide (the narrowest at least that wide, else
    the widest), else the original (width and height None when not recorded)."""
    renditions = renditions or {}
    sizes = (renditions.get("sources") or {}).get("image/jpeg") or []
    width, height = renditions.get("width"), renditions.get("height")
    if sizes and width and height:
        wide_enough = [size for size in sizes if size[0] >= SHARE_WIDTH]
        shown, name = min(wide_enough) if wide_enough else max(sizes)
        return fieldfile.storage.url(name), shown, round(height * shown / width)
    return fieldfile.url, width, height


def rendition_names(renditions):
    renditions = renditions or {}
    return [
        name
        for part in (renditions, renditions.get("card") or {})
        for names in part.get("sources", {}).values()
        for _w, name in names
    ]


def refresh_renditions(fieldfile, renditions, focal=None):
    """Renditions for ``fieldfile``: reused if made from the same file (and, when
    ``focal`` is given, around the same focal point), else made anew."""
    if not fieldfile:
        return {}
    same_file = renditions and renditions.get("source") == fieldfile.name
    if same_file and (focal is None or renditions.get("focal") == list(focal)):
        return renditions
    try:
        return make_renditions(fieldfile, focal, reuse=renditions if same_file else None)
    except (OSError, ValueError):  # unreadable file: serve the original only
        return {}


def sync_renditions(instance, image_field, renditions_field):
    """After ``instance`` is saved (so its upload is stored), keep its renditions in step
    (around its ``focal_point``, for an image that has one).

    Returns the names of the files it wrote."""
    fieldfile = getattr(instance, image_field)
    current = getattr(instance, renditions_field)
    fresh = refresh_renditions(fieldfile, current, getattr(instance, "focal_point", None))
    if fresh == current:
        return []
    kept = set(rendition_names(current))  # sizes reused for a new focal point stay
    written = [] if fresh is current else [n for n in rendition_names(fresh) if n not in kept]
    try:
        setattr(instance, renditions_field, fresh)
        type(instance)._base_manager.filter(pk=instance.pk).update(**{renditions_field: fresh})
    except BaseException:
        setattr(instance, renditions_field, current)
        _delete(fieldfile.storage, written)
        raise
    return written


# Files written while a model is saved belong to its transaction: kept if it commits,
# deleted if it does not.


def _delete(storage, names):
    for name in names:
        try:
            storage.delete(name)
        except Exception:  # best effort: log it, never hide the error being handled
            logger.exception("Could not delete %s after a failed save", name)


def _delete_files(files):
    for storage, name in files:
        _delete(storage, [name])


_keeping_files = ContextVar("keeping_files", default=False)


@contextlib.contextmanager
def keeping_files():
    """Files that saves write inside this block are kept even if their transaction is
    rolled back (draft changes are captured by a save that is rolled back, and refer
    to the uploads it stored). A save that fails still deletes its files."""
    token = _keeping_files.set(True)
    try:
        yield
    finally:
        _keeping_files.reset(token)


def files_kept():
    """Whether saves now are inside ``keeping_files()`` (capturing draft changes)."""
    return _keeping_files.get()


class _FilesOfATransaction:
    """Files written in the current transaction, deleted unless it commits.

    Django has no on_rollback hook; but a transaction (or savepoint) that is rolled back
    drops the on_commit callbacks registered in it, and with them this object, whose
    finalizer then deletes the files. When the callback runs (the transaction
    committed) they are kept. A commit whose earlier on_commit callback raised also
    drops the later callbacks: the connection still says it is running commit hooks
    then, and the files are kept (an orphan file is better than a lost image).
    """

    def __init__(self, using):
        self.files = []  # (storage, name)
        self._state = {"settled": _keeping_files.get()}
        finalizer = weakref.finalize(
            self, self._not_committed, self.files, self._state, transaction.get_connection(using)
        )
        finalizer.atexit = False  # leave files alone when the process ends
        transaction.on_commit(self._committed, using=using)

    def add(self, storage, names):
        self.files.extend((storage, name) for name in names)

    def _committed(self):
        self._state["settled"] = True

    def delete_now(self):
        self._state["settled"] = True
        _delete_files(self.files)

    @staticmethod
    def _not_committed(files, state, connection):
        if not state["settled"] and not connection.run_commit_hooks_on_set_autocommit_on:
            _delete_files(files)


@contextlib.contextmanager
def saving_images(instance, **renditions_fields):
    """Around a model's save: ``with saving_images(self, image="image_renditions"):``.

    Before the save, new uploads in those image fields are replaced by cleaned,
    re-encoded copies (:func:`clean_image`); after it, renditions are made. The save
    and the renditions run in one transaction; every file written is deleted if the
    save raises or that transaction (or an enclosing one) is rolled back. After a
    failed save the instance holds the upload again, so a new save stores it anew.
    """
    uploads = {}
    for field in renditions_fields:
        fieldfile = getattr(instance, field)
        if fieldfile and not fieldfile._committed:
            uploads[field] = fieldfile
            setattr(instance, field, clean_image(fieldfile))
    using = router.db_for_write(type(instance), instance=instance)
    written = None
    try:
        with transaction.atomic(using=using):
            written = _FilesOfATransaction(using)
            try:
                yield
            finally:  # the uploads the save stored, even if it failed afterwards
                for field in uploads:
                    stored = getattr(instance, field)
                    if stored._committed:
                        written.add(stored.storage, [stored.name])
            for field, renditions_field in renditions_fields.items():
                names = sync_renditions(instance, field, renditions_field)
                written.add(getattr(instance, field).storage, names)
    except BaseException:
        if written is not None:
            written.delete_now()
        for field, upload in uploads.items():
            setattr(instance, field, upload)
        raise
