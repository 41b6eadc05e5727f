"""Editors write publications and their files (drafts; what is online stays a
Publisher's); Publishers also publish, schedule and unpublish them.

Frozen: adds what it added when it was written (see 0001_roles)."""

from django.db import migrations

EDIT = ("add", "change", "view", "delete")
GRANTS = {
    "Editor": [
        *(("publication", action) for action in EDIT),
        *(("publicationfile", action) for action in EDIT),
    ],
    "Publisher": [
        *(("publication", action) for action in (*EDIT, "publish")),
        *(("publicationfile", action) for action in EDIT),
    ],
}


def forwards(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    publications = apps.get_app_config("publications")
    publications.models_module = True  # as Django's post_migrate does for real app configs
    create_permissions(publications, verbosity=0, apps=apps)
    publications.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in GRANTS.items():
        group, _created = Group.objects.get_or_create(name=name)
        for model, action in grants:
            group.permissions.add(
                Permission.objects.get(
                    content_type__app_label="publications", codename=f"{action}_{model}"
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("iomsite", "0006_alerts_roles"),
        ("publications", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
