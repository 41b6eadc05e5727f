"""Editors see the mailings of releases by e-mail; Publishers also resend their
failed mails and see, export and delete subscribers (nobody adds them: their owners
subscribe and confirm).

Frozen: adds what it added when it was written (see 0001_roles)."""

from django.db import migrations

GRANTS = {
    "Editor": [("mailing", "view")],
    "Publisher": [
        ("mailing", "view"),
        ("mailing", "change"),
        ("subscriber", "view"),
        ("subscriber", "change"),
        ("subscriber", "delete"),
    ],
}


def forwards(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    alerts = apps.get_app_config("alerts")
    alerts.models_module = True  # as Django's post_migrate does for real app configs
    create_permissions(alerts, verbosity=0, apps=apps)
    alerts.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in GRANTS.items():
        group, _created = Group.objects.get_or_create(name=name)
        for model, action in grants:
            group.permissions.add(
                Permission.objects.get(
                    content_type__app_label="alerts", codename=f"{action}_{model}"
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("iomsite", "0005_image_library_roles"),
        ("alerts", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
