"""Editors and Publishers use the image library (add, change, view, delete; an image
in use cannot be deleted, and one shown online is a publisher's to change).

Frozen: adds what it added when it was written (see 0001_roles)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    kernel = apps.get_app_config("kernel")
    kernel.models_module = True  # as Django's post_migrate does for real app configs
    create_permissions(kernel, verbosity=0, apps=apps)
    kernel.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    granted = Permission.objects.filter(
        content_type__app_label="kernel",
        codename__in=[
            f"{action}_libraryimage" for action in ("add", "change", "view", "delete")
        ],
    )
    for name in ("Editor", "Publisher"):
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*granted)


class Migration(migrations.Migration):
    dependencies = [
        ("iomsite", "0004_delete_contentgeneration"),
        ("kernel", "0008_image_library"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
