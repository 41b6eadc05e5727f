"""Existing news items' images go into the image library (issue 13): one library image
per file, with the item's description, caption and credit; the item shows it.
No file is copied and no rendition is made again."""

from django.db import migrations

LANGUAGES = ("en", "ru", "kk")


def forwards(apps, schema_editor):
    Item = apps.get_model("news", "NewsItem")
    LibraryImage = apps.get_model("kernel", "LibraryImage")
    for item in Item._base_manager.exclude(image="").exclude(image__isnull=True):
        image = LibraryImage._base_manager.filter(file=item.image.name).first()
        if image is None:
            words = {}
            for code in LANGUAGES:
                words[f"alt_{code}"] = getattr(item, f"image_alt_{code}", "") or ""
                words[f"caption_{code}"] = getattr(item, f"image_caption_{code}", "") or ""
            image = LibraryImage._base_manager.create(
                title=(item.title_en or item.image.name)[:200],
                file=item.image.name,
                renditions=item.image_renditions or {},
                alt=words["alt_en"],
                caption=words["caption_en"],
                credit=getattr(item, "image_credit", "") or "",
                created_by_id=item.created_by_id,
                updated_by_id=item.updated_by_id,
                **words,
            )
        Item._base_manager.filter(pk=item.pk).update(image_from_library=image)


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0009_image_from_library"),
        ("kernel", "0008_image_library"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
