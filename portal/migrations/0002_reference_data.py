from django.db import migrations

from portal.reference_data import load_reference_data


def load(apps, schema_editor):
    load_reference_data(
        apps.get_model("portal", "Region"), apps.get_model("portal", "Specialization"), apps.get_model("portal", "NumberSequence")
    )


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
