"""The brochure's rewards (approximate costs) and the first version of the rules."""

from django.db import migrations

RULES_RU = """1. Участвовать могут директора компаний, сотрудники отделов продаж и технические представители партнеров (Preferred и Dell Registered).
2. Баллы Advantage начисляются за продажи выделенных продуктов и решений Dell, подтвержденные отчетами дистрибьюторов, и за пройденные обучающие курсы в рамках действующих кампаний.
3. Одна проданная единица засчитывается один раз для всех сотрудников компании. При возврате товара баллы списываются.
4. Баллы действуют 24 месяца с даты начисления; раньше расходуются более ранние баллы.
5. Баллы обмениваются на вознаграждения из каталога; при отмене заказа баллы возвращаются."""

RULES_EN = """1. Company directors, sales staff and technical representatives of partners (Preferred and Dell Registered) may take part.
2. Advantage Points are earned for sales of selected Dell products and solutions confirmed by distributors' reports, and for completed training courses, within running campaigns.
3. A sold unit counts once across all of a company's people. Returned goods take their points back.
4. Points last 24 months from the day they are earned; older points are spent first.
5. Points are exchanged for rewards from the catalog; a cancelled order returns its points."""

REWARDS = [
    ("Солнцезащитные очки", "Sunglasses", 9620, 20, "advantage/reward-sunglasses.svg"),
    ("Набор чемоданов на колесах", "Trolley set", 20170, 10, "advantage/reward-trolley.svg"),
    ("Планшет Dell Latitude 10.1\"", "Dell Latitude 10.1\" tablet", 64310, 5, "advantage/reward-tablet.svg"),
    ("Услуги консьержа (по запросу)", "Concierge experience (on request)", None, None, "advantage/reward-concierge.svg"),
]


def seed(apps, schema_editor):
    Rules = apps.get_model("advantage", "Rules")
    Reward = apps.get_model("advantage", "Reward")
    Rules.objects.get_or_create(version="2016.1", defaults={"text_ru": RULES_RU, "text_en": RULES_EN})
    for position, (name_ru, name_en, cost, stock, picture) in enumerate(REWARDS):
        Reward.objects.get_or_create(
            name_en=name_en,
            defaults={"name_ru": name_ru, "points_cost": cost, "stock": stock, "picture": picture, "position": position},
        )


class Migration(migrations.Migration):
    dependencies = [("advantage", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
