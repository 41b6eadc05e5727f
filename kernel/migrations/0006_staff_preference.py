from django.conf import settings
from django.db import migrations, models
import django.db.models.deletion


class Migration(migrations.Migration):
    """Notice settings become a staff member's settings, with the admin's language."""

    dependencies = [
        ("kernel", "0005_draft_publish_at"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel("NoticePreference", "StaffPreference"),
        migrations.AlterModelOptions(
            name="staffpreference", options={"verbose_name": "staff settings"}
        ),
        migrations.AlterField(
            model_name="staffpreference",
            name="user",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="staff_preference",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="staffpreference",
            name="admin_language",
            field=models.CharField(
                choices=[("en", "English"), ("ru", "Русский"), ("kk", "Қазақша")],
                default="en",
                max_length=10,
                verbose_name="language of the admin",
            ),
        ),
    ]
