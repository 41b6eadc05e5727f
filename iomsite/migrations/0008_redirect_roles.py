"""Editors see the redirects; Publishers also add, change, delete and import them.

Frozen: adds what it added when it was written (see 0001_roles)."""

from django.db import migrations

GRANTS = {
    "Editor": [("redirect", "view")],
    "Publisher": [("redirect", action) for action in ("add", "change", "view", "delete")],
}


def forwards(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    kernel = apps.get_app_config("kernel")
    kernel.models_module = True  # as Django's post_migrate does for real app configs
    create_permissions(kernel, verbosity=0, apps=apps)
    kernel.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in GRANTS.items():
        group, _created = Group.objects.get_or_create(name=name)
        for model, action in grants:
            group.permissions.add(
                Permission.objects.get(content_type__app_label="kernel", codename=f"{action}_{model}")
            )


class Migration(migrations.Migration):
    dependencies = [
        ("iomsite", "0007_publications_roles"),
        ("kernel", "0010_redirects"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
