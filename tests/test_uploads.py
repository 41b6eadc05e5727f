"""The editor's image upload and how uploaded files are served: what is stored is an
image the server re-encoded, named after the format it found, and media responses
cannot run as a page of the site."""

import io
import json
import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageSequence

from .support import media_files, png_upload

pytestmark = pytest.mark.django_db
URL = "/admin/ckeditor/upload/"
MEDIA_CSP = "default-src 'none'; img-src 'self'; sandbox"
PAYLOAD = b"<script>alert(document.domain)</script>"


def image_bytes(image_format="GIF", size=(12, 8), **save):
    buffer = io.BytesIO()
    Image.new("RGB", size, (0, 51, 160)).save(buffer, format=image_format, **save)
    return buffer.getvalue()


def served(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response, b"".join(response.streaming_content)


def upload(client, name, content):
    return client.post(URL, {"upload": SimpleUploadedFile(name, content)})


@pytest.mark.parametrize("name", ["x.js", "x.html", "x.svg", "x.xhtml", "x"])
def test_editor_upload_is_stored_under_the_detected_format_without_payload(editor_client, name):
    # A valid GIF that carries a script after its trailer (a GIF/HTML polyglot).
    response = upload(editor_client, name, image_bytes("GIF") + PAYLOAD)
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["url"].startswith("/media/uploads/")
    assert re.search(r"/x-[0-9a-f]{8}\.gif$", data["url"])
    media, content = served(editor_client, data["url"])
    assert media["Content-Type"] == "image/gif"
    assert PAYLOAD not in content  # re-encoded: what follows the image is gone
    with Image.open(io.BytesIO(content)) as image:
        assert image.format == "GIF" and image.size == (12, 8)


@pytest.mark.parametrize(
    ("image_format", "extension"), [("JPEG", "jpg"), ("PNG", "png"), ("WEBP", "webp")]
)
def test_editor_upload_extension_comes_from_the_content(editor_client, image_format, extension):
    response = upload(editor_client, "Holiday Photo.gif", image_bytes(image_format))
    assert response.status_code == 200
    url = json.loads(response.content)["url"]
    assert re.search(rf"/holiday-photo-[0-9a-f]{{8}}\.{extension}$", url)
    media, _content = served(editor_client, url)
    assert media["Content-Type"] == f"image/{image_format.lower()}"


def test_animated_gif_keeps_its_frames(editor_client):
    frames = [Image.new("RGB", (10, 10), colour) for colour in ("red", "green", "blue")]
    buffer = io.BytesIO()
    frames[0].save(
        buffer, format="GIF", save_all=True, append_images=frames[1:], duration=[80, 120, 200]
    )
    response = upload(editor_client, "spinner.gif", buffer.getvalue() + PAYLOAD)
    url = json.loads(response.content)["url"]
    _media, content = served(editor_client, url)
    assert PAYLOAD not in content
    with Image.open(io.BytesIO(content)) as image:
        durations = [frame.info["duration"] for frame in ImageSequence.Iterator(image)]
    assert durations == [80, 120, 200]


@pytest.mark.parametrize("image_format", ["JPEG", "PNG"])
def test_truncated_image_is_refused_in_json_and_nothing_is_stored(editor_client, image_format):
    whole = image_bytes(image_format, size=(300, 200))
    before = media_files()
    response = upload(editor_client, f"cut.{image_format.lower()}", whole[: len(whole) // 2])
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    assert data["uploaded"] == 0
    assert "not an image we can read" in data["error"]["message"]
    assert media_files() == before


def test_a_failed_write_leaves_nothing_behind(editor_client, monkeypatch):
    from django.core.files.storage import FileSystemStorage

    real_save = FileSystemStorage.save
    calls = []

    def save_then_fail(self, name, content, max_length=None):
        calls.append(name)
        if len(calls) == 2:  # the thumbnail
            raise OSError("disk full")
        return real_save(self, name, content, max_length=max_length)

    monkeypatch.setattr(FileSystemStorage, "save", save_then_fail)
    before = media_files()
    response = editor_client.post(URL, {"upload": png_upload("photo.png")})
    assert response.status_code == 500
    assert json.loads(response.content)["uploaded"] == 0
    assert media_files() == before


def test_media_responses_cannot_run_script(client, editor_client):
    response = editor_client.post(URL, {"upload": png_upload("photo.png")})
    media, _content = served(client, json.loads(response.content)["url"])
    assert media["X-Content-Type-Options"] == "nosniff"
    assert media["Content-Security-Policy"] == MEDIA_CSP


def test_media_that_is_not_an_image_is_served_as_a_download(client):
    # Files stored before uploads were re-encoded may have any name.
    path = Path(settings.MEDIA_ROOT, "uploads", "old", "legacy.html")
    os.makedirs(path.parent, exist_ok=True)
    path.write_bytes(b"GIF89a" + PAYLOAD)
    media, _content = served(client, "/media/uploads/old/legacy.html")
    assert media["Content-Type"] == "application/octet-stream"
    assert media["Content-Disposition"].startswith("attachment")
    assert media["Content-Security-Policy"] == MEDIA_CSP
    assert media["X-Content-Type-Options"] == "nosniff"


def test_phone_camera_jpeg_with_extra_pictures_is_accepted_as_a_jpeg(editor_client):
    """Phones store JPEGs with appended pictures (MPO); they are still JPEGs."""
    buffer = io.BytesIO()
    first, depth = Image.new("RGB", (20, 10), (200, 0, 0)), Image.new("RGB", (20, 10))
    first.save(buffer, format="MPO", save_all=True, append_images=[depth])
    with Image.open(io.BytesIO(buffer.getvalue())) as check:
        assert check.format == "MPO"
    response = upload(editor_client, "IMG_2041.JPG", buffer.getvalue())
    assert response.status_code == 200, response.content
    url = json.loads(response.content)["url"]
    assert re.search(r"/img_2041-[0-9a-f]{8}\.jpg$", url)
    _media, content = served(editor_client, url)
    with Image.open(io.BytesIO(content)) as image:
        assert image.format == "JPEG" and image.size == (20, 10)


def test_uploads_are_kept_by_browsers_for_a_year_under_names_never_reused(editor_client):
    """An upload's address always names the same bytes, even once its file is deleted
    and another picture of the same name is uploaded: browsers may keep it a year."""
    first = json.loads(upload(editor_client, "chart.png", image_bytes("PNG")).content)["url"]
    response, _content = served(editor_client, first)
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    default_storage.delete(first.removeprefix(settings.MEDIA_URL))
    second = json.loads(upload(editor_client, "chart.png", image_bytes("GIF")).content)["url"]
    assert second.rsplit(".", 1)[0] != first.rsplit(".", 1)[0]
