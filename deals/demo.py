"""Demo deals for `make run` (rebates' seed_demo calls it): one in every state, and a conflict."""

from datetime import timedelta

from django.utils import timezone

from catalog.models import Product, ProductLine
from deals import services
from deals.models import Deal
from portal.models import Region
from toolkit.validators import inn_with_check_digits

CUSTOMERS = {
    "romashka": ("ООО «Ромашка»", inn_with_check_digits("772100001"), "central"),
    "sever": ("АО «Северная верфь»", inn_with_check_digits("781100002"), "north-west"),
    "tayga": ("ООО «Тайга-Логистика»", inn_with_check_digits("540100003"), "siberia"),
    "kama": ("ПАО «Кама-Энерго»", inn_with_check_digits("165100004"), "volga"),
}


def _register(user, customer, project, items, *, amount, presale=()):
    name, inn, region = CUSTOMERS[customer]
    lines = []
    for item, quantity in items:
        product = Product.objects.select_related("line").filter(sku=item).first()
        line = product.line if product else ProductLine.objects.filter(code=item).first()
        if line is not None:
            lines.append({"product": product, "product_line": line, "quantity": quantity})
    fields = {
        "customer_name": name,
        "customer_inn": inn,
        "customer_region": Region.objects.get(code=region),
        "contact_name": "Ольга Закупкина",
        "contact_email": f"zakupki@{customer}.example",
        "project": project,
        "close_date": timezone.localdate() + timedelta(days=75),
        "amount": amount,
        "presale_help": list(presale),
        "presale_details": "Демонстрационные ноутбуки на две недели" if presale else "",
    }
    return services.deal_save(actor=user, fields=fields, lines=lines)


def create_demo_deals(*, staff, partner_user, other_partner_user) -> int:
    """Idempotent: nothing when the partner has deals already. Returns how many were created."""
    if Deal.objects.filter(partner=partner_user.partner).exists():
        return 0
    submit = services.deal_submit
    protected = submit(actor=partner_user, deal_id=_register(
        partner_user, "romashka", "Обновление ноутбуков бухгалтерии", [("latitude", 40)], amount="3200000", presale=["demo"]
    ).pk)  # fmt: skip
    services.deal_approve(actor=staff, deal_id=protected.pk)
    # The other partner names the same customer and line: flagged as a conflict, awaiting decision.
    submit(actor=other_partner_user, deal_id=_register(
        other_partner_user, "romashka", "Ноутбуки для офиса", [("latitude", 25)], amount="2100000"
    ).pk)  # fmt: skip
    submit(actor=partner_user, deal_id=_register(
        partner_user, "sever", "Рабочие станции для КБ", [("precision", 12)], amount="4800000", presale=["configuration"]
    ).pk)  # fmt: skip
    _register(partner_user, "kama", "Мониторы для диспетчерской", [("ultrasharp", 30)], amount="950000")  # a draft
    returned = submit(actor=partner_user, deal_id=_register(
        partner_user, "tayga", "Серверы для склада", [("poweredge", 4)], amount="2600000"
    ).pk)  # fmt: skip
    services.deal_return(actor=staff, deal_id=returned.pk, request="Уточните модели серверов и срок закупки.")
    won = submit(actor=partner_user, deal_id=_register(
        partner_user, "kama", "Ноутбуки для инженеров", [("vostro", 15)], amount="1100000"
    ).pk)  # fmt: skip
    services.deal_approve(actor=staff, deal_id=won.pk)
    services.deal_record_outcome(actor=partner_user, deal_id=won.pk, won=True, invoices="СФ-1024, СФ-1025")
    return Deal.objects.filter(partner__in=[partner_user.partner, other_partner_user.partner]).count()
