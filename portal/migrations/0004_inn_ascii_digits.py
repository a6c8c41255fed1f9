import unicodedata

from django.db import migrations, models

INN_PATTERN = r"\A([0-9]{10}|[0-9]{12})\Z"


def fold_stored_inns(apps, schema_editor):
    """The form took fullwidth and other look-alike digits before: store their NFKC form. What is still
    not 0-9 afterwards, or turns out to repeat another company's INN, stops the migration — a person
    has to decide which record is the real company."""
    for name in ("Partner", "PartnerApplication"):
        model = apps.get_model("portal", name)
        for row in model.objects.exclude(inn__regex=INN_PATTERN):
            row.inn = unicodedata.normalize("NFKC", row.inn).strip()
            row.save(update_fields=["inn"])


class Migration(migrations.Migration):
    dependencies = [("portal", "0003_user_distributor")]

    operations = [
        migrations.RunPython(fold_stored_inns, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="partner",
            constraint=models.CheckConstraint(
                condition=models.Q(("inn__regex", INN_PATTERN)), name="partner_inn_ascii_digits"
            ),
        ),
        migrations.AddConstraint(
            model_name="partnerapplication",
            constraint=models.CheckConstraint(
                condition=models.Q(("inn__regex", INN_PATTERN)), name="application_inn_ascii_digits"
            ),
        ),
    ]
