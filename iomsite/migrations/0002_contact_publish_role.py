"""Publishers may make media contacts public (``publish_contact``).

Frozen: adds what it added when it was written (see 0001_roles)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    contacts = apps.get_app_config("contacts")
    contacts.models_module = True  # as Django's post_migrate does for real app configs
    create_permissions(contacts, verbosity=0, apps=apps)
    contacts.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    publisher, _created = Group.objects.get_or_create(name="Publisher")
    publisher.permissions.add(
        Permission.objects.get(content_type__app_label="contacts", codename="publish_contact")
    )


class Migration(migrations.Migration):
    """Publishers may make media contacts public (``publish_contact``)."""

    dependencies = [
        ("iomsite", "0001_roles"),
        ("contacts", "0004_publish_permission"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
