"""Releases already online when alerts arrive count as announced (without mails):
taken offline and put back later, they are not news."""

from django.db import migrations
from django.utils import timezone


def forwards(apps, schema_editor):
    NewsItem = apps.get_model("news", "NewsItem")
    Mailing = apps.get_model("alerts", "Mailing")
    now = timezone.now()
    public = NewsItem.objects.filter(status="published", published_at__lte=now).values_list(
        "pk", flat=True
    )
    Mailing.objects.bulk_create(
        (
            Mailing(
                item_id=pk, item_key=pk, number=1, silent=True, created_at=now, addressed_at=now
            )
            for pk in public.iterator()
        ),
        batch_size=1000,
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [("alerts", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
