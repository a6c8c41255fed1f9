"""Reference rows every installation has: the eight federal districts (fixed by law), a starting
list of specializations (the vendor edits it in the admin) and the number sequences.

Used by migration 0002 (with historical models) and by seed_program, so a flushed database
(transactional tests) gets them back the same way."""

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

# Dell IDs are numeric and start at DELL_ID_START (settings); PR numbers count from 1.
SEQUENCES = {"pr_number": 0, "dell_id": 1_000_000}


def load_reference_data(Region, Specialization, NumberSequence):
    """Create what is missing; never overwrites what vendor staff changed."""
    for order, (code, name_ru, name_en) in enumerate(REGIONS):
        Region.objects.get_or_create(code=code, defaults={"name_ru": name_ru, "name_en": name_en, "sort_order": order})
    for order, (name_ru, name_en) in enumerate(SPECIALIZATIONS):
        Specialization.objects.get_or_create(name_ru=name_ru, defaults={"name_en": name_en, "sort_order": order})
    for name, last_value in SEQUENCES.items():
        NumberSequence.objects.get_or_create(name=name, defaults={"last_value": last_value})
