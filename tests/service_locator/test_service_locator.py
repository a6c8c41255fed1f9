from io import BytesIO

import openpyxl
import pytest
from django.urls import reverse

from service_locator.demo import create_demo_centers
from service_locator.models import ServiceCenter
from service_locator.selectors import centers_in_city, coverage
from service_locator.services import service_centers_import

pytestmark = pytest.mark.django_db


def xlsx(rows) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Город", "Адрес", "Телефон", "Сервисный партнер", "Гарантия"])
    for row in rows:
        sheet.append(row)
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def center(city, address="ул. Баумана, 44", **fields):
    found = ServiceCenter(city=city, address=address, service_partner="ТехноСервис", serves_pl_cis=True, **fields)
    found.save()
    return found


def test_the_search_by_city_ignores_case_in_cyrillic():
    kazan = center("Казань")
    center("Москва", "ул. Лесная, 7")
    center("Орёл", "ул. Ленина, 1")
    assert list(centers_in_city("казань")) == [kazan]
    assert list(centers_in_city("  КАЗ ")) == [kazan]
    assert [c.city for c in centers_in_city("орел")] == ["Орёл"]  # ё typed as е
    assert centers_in_city("").count() == 3


def test_the_search_filters_by_warranty_type():
    center("Казань")
    nbd = center("Казань", "пр. Победы, 141", serves_nbd=True)
    assert list(centers_in_city("казань", warranty="nbd")) == [nbd]


def test_an_import_stores_the_valid_rows_reports_a_bad_one_and_updates_by_city_and_address(superuser):
    raw = xlsx([
        ["Казань", "ул. Баумана, 44", "+7 843 200-10-10", "ТехноСервис", "PL CIS, NBD"],
        ["Москва", "", "+7 495 1", "Сервис", "NBD"],
        ["Москва", "ул. Лесная, 7", "", "Сервис-Центр", "гарантия на всё"],
        ["Новосибирск", "Красный пр., 25", "", "СибСервис", "pl-cis"],
    ])  # fmt: skip
    result = service_centers_import(actor=superuser, raw=raw, filename="centers.xlsx")
    assert (result.created, result.updated) == (2, 0)
    assert result.errors[0] == (3, "Адрес не заполнен.")
    assert result.errors[1][0] == 4 and "PL CIS или NBD" in result.errors[1][1]
    kazan = ServiceCenter.objects.get(city="Казань")
    assert kazan.serves_pl_cis and kazan.serves_nbd

    again = xlsx([["КАЗАНЬ", "ул. баумана, 44", "+7 843 999-99-99", "ТехноСервис", "PL CIS"]])
    result = service_centers_import(actor=superuser, raw=again, filename="centers.xlsx")
    assert (result.created, result.updated, result.errors) == (0, 1, [])
    kazan = ServiceCenter.objects.get(pk=kazan.pk)
    assert kazan.phone == "+7 843 999-99-99" and not kazan.serves_nbd
    assert ServiceCenter.objects.count() == 2


def test_a_file_without_the_warranty_column_is_refused_whole(superuser):
    from toolkit.errors import PortalError

    workbook = openpyxl.Workbook()
    workbook.active.append(["Город", "Адрес", "Сервисный партнер"])
    out = BytesIO()
    workbook.save(out)
    with pytest.raises(PortalError):
        service_centers_import(actor=superuser, raw=out.getvalue(), filename="centers.xlsx")


def test_the_public_page_shows_live_counts_and_finds_kazan_without_a_login(client):
    create_demo_centers()
    assert create_demo_centers() == 0
    response = client.get(reverse("service_locator:centers"), {"city": "казань"})
    text = response.content.decode()
    assert response.status_code == 200
    counts = coverage()
    assert counts["centers"] == ServiceCenter.objects.count()
    assert f"{counts['cities']} городов" in text or f"{counts['cities']} город" in text
    assert text.count("data-center=") == 2 and "ул. Баумана, 44" in text
    assert "NBD" in text and "PL CIS" in text


def test_the_admin_import_page_reports_rows_in_russian(admin_client):
    raw = xlsx([["Казань", "", "", "ТехноСервис", "NBD"]])
    upload = BytesIO(raw)
    upload.name = "centers.xlsx"
    response = admin_client.post(reverse("admin:service_locator_servicecenter_import"), {"file": upload})
    assert response.status_code == 200
    assert "Адрес не заполнен." in response.content.decode()
