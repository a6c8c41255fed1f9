"""The eight federal districts, a starting list of specializations and the number sequences.
Districts are fixed by law; specializations are the vendor's list to change in the admin."""

from django.db import migrations

REGIONS = [
    ("central", "Центральный ФО", "Central FD"),
    ("north-west", "Северо-Западный ФО", "North-Western FD"),
    ("south", "Южный ФО", "Southern FD"),
    ("north-caucasus", "Северо-Кавказский ФО", "North Caucasian FD"),
    ("volga", "Приволжский ФО", "Volga FD"),
    ("urals", "Уральский ФО", "Ural FD"),
    ("siberia", "Сибирский ФО", "Siberian FD"),
    ("far-east", "Дальневосточный ФО", "Far Eastern FD"),
]

SPECIALIZATIONS = [
    ("Системный интегратор", "System integrator"),
    ("Реселлер", "Reseller"),
    ("Розничная сеть", "Retail chain"),
    ("Интернет-магазин", "Online store"),
    ("Сервисная компания", "Service company"),
    ("Облачный провайдер", "Cloud provider"),
    ("Разработчик ПО", "Software vendor"),
    ("Государственные закупки", "Public procurement"),
]


def load(apps, schema_editor):
    Region = apps.get_model("portal", "Region")
    Specialization = apps.get_model("portal", "Specialization")
    NumberSequence = apps.get_model("portal", "NumberSequence")
    for order, (code, name_ru, name_en) in enumerate(REGIONS):
        Region.objects.update_or_create(code=code, defaults={"name_ru": name_ru, "name_en": name_en, "sort_order": order})
    for order, (name_ru, name_en) in enumerate(SPECIALIZATIONS):
        Specialization.objects.get_or_create(name_ru=name_ru, defaults={"name_en": name_en, "sort_order": order})
    NumberSequence.objects.get_or_create(name="pr_number", defaults={"last_value": 0})
    NumberSequence.objects.get_or_create(name="dell_id", defaults={"last_value": 1_000_000})


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
