"""Demo service centers for `make run` (seed_service_centers, run by seed_tools)."""

from service_locator.models import ServiceCenter, search_key

# (city, address, phone, service partner, PL CIS, NBD)
DEMO_CENTERS = [
    ("Казань", "ул. Баумана, 44", "+7 843 200-10-10", "ТехноСервис Поволжье", True, True),
    ("Казань", "пр. Победы, 141", "+7 843 200-20-20", "КомпСервис", True, False),
    ("Москва", "ул. Лесная, 7", "+7 495 777-00-01", "Сервис-Центр Лесная", True, True),
    ("Санкт-Петербург", "Невский пр., 100", "+7 812 600-00-02", "НеваТехСервис", True, True),
    ("Новосибирск", "Красный пр., 25", "+7 383 300-00-03", "СибСервис", True, False),
    ("Алматы", "пр. Абая, 52", "+7 727 300-00-04", "Asia Service", True, False),
]  # fmt: skip


def create_demo_centers() -> int:
    """Idempotent: a center of the same city and address is left alone. Returns how many were made."""
    made = 0
    for city, address, phone, partner, pl_cis, nbd in DEMO_CENTERS:
        if ServiceCenter.objects.filter(city_key=search_key(city), address_key=search_key(address)).exists():
            continue
        ServiceCenter(
            city=city, address=address, phone=phone, service_partner=partner, serves_pl_cis=pl_cis, serves_nbd=nbd
        ).save()
        made += 1
    return made
