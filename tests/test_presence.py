"""Issue 13 (6): who else has an item open while editing it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kernel.models import EditingPresence

from .support import elements

pytestmark = pytest.mark.django_db


@pytest.fixture
def release(make_news):
    return make_news("Labour mobility forum", slug="labour-mobility-forum")


def shown(response):
    boxes = elements(response.content.decode(), "div", id="presence")
    return [item["text"] for box in boxes for item in elements(box, "li")]


def beat(client, item, **fields):
    response = client.post(f"/admin/news/newsitem/{item.pk}/presence/", fields)
    assert response.status_code == 200
    return [other["text"] for other in response.json()["others"]]


def test_each_sees_who_else_has_the_item_open(as_editor, as_publisher, release):
    url = f"/admin/news/newsitem/{release.pk}/change/"
    assert shown(as_publisher.get(url)) == []  # alone
    (note,) = shown(as_editor.get(url))
    assert note.startswith("dana has it open too (since ")
    (seen,) = beat(as_publisher, release)  # and the first one, on their next beat
    assert seen.startswith("aigerim has it open too (since ") and "unsaved" not in seen
    # Typing in the form: the others are told there are unsaved changes.
    beat(as_editor, release, changes="1")
    (typing,) = beat(as_publisher, release)
    assert typing.startswith("aigerim has it open too") and "unsaved changes" in typing
    # Leaving the page: gone at once; a form gone quiet: gone after a while.
    beat(as_editor, release, leaving="1")
    assert beat(as_publisher, release) == []
    beat(as_editor, release)
    EditingPresence.objects.filter(user__username="aigerim").update(
        seen_at=timezone.now() - timedelta(minutes=2)
    )
    assert beat(as_publisher, release) == []


def test_only_staff_who_may_see_the_item(as_editor, release, client, django_user_model):
    url = f"/admin/news/newsitem/{release.pk}/presence/"
    assert client.post(url).status_code == 302  # to the log-in page
    assert as_editor.get(url).status_code == 405
    assert as_editor.post("/admin/news/newsitem/999999/presence/").status_code == 404
    nobody = django_user_model.objects.create_user("nobody", password="pw", is_staff=True)
    client.force_login(nobody)
    assert client.post(url).status_code == 403
    assert not EditingPresence.objects.exists()
