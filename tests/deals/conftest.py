from datetime import timedelta

import pytest
from django.utils import timezone

from toolkit.validators import inn_with_check_digits

CUSTOMER_INN = inn_with_check_digits("772000001")


@pytest.fixture
def deal_catalog(brochure):
    from catalog.imports import import_products

    import_products(
        b"sku,model,line,series,form_factor,diagonal\nV-1,Vostro 3558,vostro,3xxx,notebook,\n"
        b"P-1,Precision 7510,precision,7xxx,notebook,\nU-1,U2414H,ultrasharp,U,monitor,23.8\n",
        "c.csv",
    )


@pytest.fixture
def register(deal_catalog):
    """register(user, customer=…, inn=…, items=[("V-1", 10)], submit=True) → the deal."""
    from catalog.models import Product, ProductLine
    from deals import services
    from portal.models import Region

    def deal(user, *, customer="ООО «Ромашка»", inn=CUSTOMER_INN, items=(("V-1", 10),), submit=True, now=None):
        lines = []
        for item, quantity in items:
            product = Product.objects.filter(sku=item).select_related("line").first()
            line = product.line if product else ProductLine.objects.get(code=item)
            lines.append({"product": product, "product_line": line, "quantity": quantity})
        fields = {
            "customer_name": customer,
            "customer_inn": inn,
            "customer_region": Region.objects.get(code="central"),
            "contact_name": "Иван Петров",
            "project": "Ноутбуки для офиса",
            "close_date": timezone.localdate() + timedelta(days=60),
            "amount": "1500000.00",
            "presale_help": ["demo"],
        }
        saved = services.deal_save(actor=user, fields=fields, lines=lines)
        return services.deal_submit(actor=user, deal_id=saved.pk, now=now) if submit else saved

    return deal
