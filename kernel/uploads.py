"""The rich-text editor's image upload, and how the app serves uploaded files.

The upload is django-ckeditor's protocol but not its view: upstream stores the client's
bytes under the client's file name (so a GIF that is also HTML, named ``x.html``, is
served as a page of this site) and answers some errors with a 200 and a script. Here
the image is checked and re-encoded like every other upload (``kernel.images``),
named after the format found, and every error is CKEditor's JSON with a 4xx/5xx.
"""

import io
import logging
import posixpath

from ckeditor_uploader import views as ckeditor_views
from ckeditor_uploader.utils import get_thumb_filename, storage
from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import static
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from PIL import Image

from kernel.images import clean_image

logger = logging.getLogger(__name__)
THUMBNAIL_SIZE = getattr(settings, "CKEDITOR_THUMBNAIL_SIZE", (75, 75))
# The only types media are served as; anything else is a download.
MEDIA_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp"}


def _error(message, status=400):
    # CKEditor 4's JSON upload protocol: {"uploaded": 0, "error": {"message": ...}}
    return JsonResponse({"uploaded": 0, "error": {"message": message}}, status=status)


def _same_origin(request):
    """CKEditor 4 cannot send Django's CSRF token with uploads (upstream's view is
    csrf_exempt too), so a cross-site POST is refused by its Origin header instead."""
    origin = request.headers.get("Origin")
    return origin is None or origin == f"{request.scheme}://{request.get_host()}"


def _thumbnail(image_file):
    """The small copy the editor's file browser shows, in the image's own format."""
    image_file.seek(0)
    with Image.open(image_file) as image:
        image_format = image.format
        image.thumbnail(THUMBNAIL_SIZE, Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        image.save(buffer, format=image_format)
    return ContentFile(buffer.getvalue())


@csrf_exempt
@staff_member_required
@require_POST
def upload(request):
    if not _same_origin(request):
        return _error(_("Uploads are only accepted from this site's own editor."), status=403)
    uploaded = request.FILES.get("upload")
    if uploaded is None:
        return _error(_("No file was sent. Choose an image to upload."))
    try:
        image_file = clean_image(uploaded)  # named <slug>.<detected format's extension>
    except ValidationError as exc:
        return _error(" ".join(exc.messages))
    written = []
    try:
        # Upstream's naming (upload path, date folders, a free name), our name.
        name = storage.save(
            ckeditor_views.get_upload_filename(image_file.name, request), image_file
        )
        written.append(name)
        written.append(storage.save(get_thumb_filename(name), _thumbnail(image_file)))
    except Exception:
        logger.exception("Could not store an editor upload")
        for stored in written:
            try:
                storage.delete(stored)
            except Exception:
                logger.exception("Could not delete %s after a failed upload", stored)
        return _error(_("The image could not be stored. Try again in a moment."), status=500)
    return JsonResponse(
        {"url": storage.url(name), "uploaded": "1", "fileName": posixpath.basename(name)}
    )


browse = never_cache(staff_member_required(ckeditor_views.browse))


MEDIA_CACHE_CONTROL = "public, max-age=31536000, immutable"


def serve_media(request, path, document_root=None):
    """Django's static ``serve`` for uploads (development and the test server only),
    limited to image types: any other file (e.g. one stored before uploads were
    re-encoded) is sent as a download. Headers: ``SecurityHeadersMiddleware``."""
    response = static.serve(request, path, document_root=document_root)
    if response.status_code == 200 and (
        response.get("Content-Type") not in MEDIA_TYPES or response.has_header("Content-Encoding")
    ):
        del response["Content-Encoding"]
        response["Content-Type"] = "application/octet-stream"
        response["Content-Disposition"] = "attachment"
    if response.status_code == 200:
        # A stored name never names other bytes (kernel.images.clean_image): kept a
        # year, as the proxy sends them in production (README).
        response["Cache-Control"] = MEDIA_CACHE_CONTROL
    return response
