"""The catalog upload in the admin: a program administrator loads a file and reads the result in
Russian; a file that cannot be read is refused with the reason and the catalog stays as it was."""

from django.core.files.uploadedfile import SimpleUploadedFile

from catalog.models import Product

GOOD = b"sku,model,line,series,form_factor,diagonal\n210-ZZZZ,Vostro 3568,vostro,3xxx,notebook,\n210-ZZZY,Spaceship,nope,,notebook,\n"


def test_a_program_administrator_loads_the_catalog_and_reads_the_result(client, program_admin):
    client.force_login(program_admin)
    page = client.get("/admin/catalog/product/import/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    crumbs = page.split('<div class="breadcrumbs">', 1)[1].split("</div>", 1)[0]
    assert "Импорт каталога товаров" in crumbs and 'href="/admin/catalog/product/">Товары' in crumbs
    assert 'href="/admin/catalog/">Каталог' in crumbs

    response = client.post(
        "/admin/catalog/product/import/", {"file": SimpleUploadedFile("c.csv", GOOD)}, HTTP_ACCEPT_LANGUAGE="ru"
    )
    summary = response.content.decode()
    assert response.status_code == 200 and "Строк: 2; новых: 1, обновлено: 0, без изменений: 0, отклонено: 1" in summary
    assert "Неизвестная линейка «nope»" in summary  # the rejected row, with its reason
    assert Product.objects.filter(sku="210-ZZZZ").exists() and not Product.objects.filter(sku="210-ZZZY").exists()


def test_an_unreadable_file_is_refused_and_the_catalog_is_kept(client, program_admin):
    client.force_login(program_admin)
    before = Product.objects.count()
    response = client.post(
        "/admin/catalog/product/import/",
        {"file": SimpleUploadedFile("c.csv", b"\x00\x01 not a spreadsheet")},
        HTTP_ACCEPT_LANGUAGE="ru",
    )
    assert response.status_code == 200 and 'class="errorlist' in response.content.decode()
    assert Product.objects.count() == before


def test_the_admin_lists_have_no_english_blank_choice(client, program_admin):
    """Django 6.1's new "- Select an option -" has no Russian in Django's own catalogue yet."""
    client.force_login(program_admin)
    page = client.get("/admin/catalog/fiscalquarter/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "— Выберите —" in page and "Select an option" not in page
