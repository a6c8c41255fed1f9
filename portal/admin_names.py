"""How the Russian admin names each model in Django's own sentences. Django builds "Select %s to
change", "Add %s" and "5 %s" from the nominative `verbose_name`, which Russian declines: "Выберите
заявка партнера", "5 заявки партнеров". This is the one place with the declined forms: the admin
site puts them into page titles (`portal.admin_site`) and the templates under templates/admin/ into
the counter, the "Add" button and the selection note (`admin_names` template tags).

Keys are model labels (a name, not an import: the mapping knows no app's code). A model missing here
keeps Django's wording; `tests/portal/test_admin_russian.py` fails on a registered model without one."""

from django.utils.translation import get_language

# label: (accusative singular — "Выберите …", "Добавить …"; then the forms after a number: 1, 2–4, 5–20)
RUSSIAN = {
    "auth.group": ("роль", "роль", "роли", "ролей"),
    "account.emailaddress": (
        "адрес электронной почты",
        "адрес электронной почты",
        "адреса электронной почты",
        "адресов электронной почты",
    ),
    "mfa.authenticator": ("аутентификатор", "аутентификатор", "аутентификатора", "аутентификаторов"),
    "portal.user": ("пользователя", "пользователь", "пользователя", "пользователей"),
    "portal.region": ("федеральный округ", "федеральный округ", "федеральных округа", "федеральных округов"),
    "portal.specialization": ("специализацию", "специализация", "специализации", "специализаций"),
    "portal.accountmanager": (
        "менеджера по работе с партнерами",
        "менеджер по работе с партнерами",
        "менеджера по работе с партнерами",
        "менеджеров по работе с партнерами",
    ),
    "portal.partnerapplication": ("заявку партнера", "заявка партнера", "заявки партнеров", "заявок партнеров"),
    "portal.partner": ("партнера", "партнер", "партнера", "партнеров"),
    "benefits.certificate": ("сертификат", "сертификат", "сертификата", "сертификатов"),
    "benefits.listingrequest": (
        "заявку в «Где купить»",
        "заявка в «Где купить»",
        "заявки в «Где купить»",
        "заявок в «Где купить»",
    ),
    "benefits.listing": (
        "запись в «Где купить»",
        "запись в «Где купить»",
        "записи в «Где купить»",
        "записей в «Где купить»",
    ),
    "newsletter.issue": ("выпуск рассылки", "выпуск рассылки", "выпуска рассылки", "выпусков рассылки"),
    "newsletter.subscription": (
        "подписку на рассылку",
        "подписка на рассылку",
        "подписки на рассылку",
        "подписок на рассылку",
    ),
    "advantage.campaign": (
        "кампанию PartnerAdvantage",
        "кампания PartnerAdvantage",
        "кампании PartnerAdvantage",
        "кампаний PartnerAdvantage",
    ),
    "advantage.claim": ("заявку о продаже", "заявка о продаже", "заявки о продажах", "заявок о продажах"),
    "advantage.order": (
        "заказ вознаграждения",
        "заказ вознаграждения",
        "заказа вознаграждений",
        "заказов вознаграждений",
    ),
    "advantage.reward": ("вознаграждение", "вознаграждение", "вознаграждения", "вознаграждений"),
    "advantage.member": (
        "участника PartnerAdvantage",
        "участник PartnerAdvantage",
        "участника PartnerAdvantage",
        "участников PartnerAdvantage",
    ),
    "advantage.entry": ("запись о баллах", "запись о баллах", "записи о баллах", "записей о баллах"),
    "advantage.rules": ("версию правил", "версия правил", "версии правил", "версий правил"),
    "portal.legaldatarequest": (
        "изменение юридических данных",
        "изменение юридических данных",
        "изменения юридических данных",
        "изменений юридических данных",
    ),
    "service_locator.servicecenter": (
        "сервисный центр",
        "сервисный центр",
        "сервисных центра",
        "сервисных центров",
    ),
    "leads.lead": ("потенциального клиента", "потенциальный клиент", "потенциальных клиента", "потенциальных клиентов"),
    "news.newsitem": ("новость", "новость", "новости", "новостей"),
    "news.webinar": ("запись вебинара", "запись вебинара", "записи вебинаров", "записей вебинаров"),
    "library.asset": ("материал библиотеки", "материал библиотеки", "материала библиотеки", "материалов библиотеки"),
    "deals.deal": ("регистрацию сделки", "регистрация сделки", "регистрации сделок", "регистраций сделок"),
    "portal.distributor": ("дистрибьютора", "дистрибьютор", "дистрибьютора", "дистрибьюторов"),
    "catalog.productline": ("линейку", "линейка", "линейки", "линеек"),
    "catalog.fiscalquarter": (
        "финансовый квартал",
        "финансовый квартал",
        "финансовых квартала",
        "финансовых кварталов",
    ),
    "catalog.product": ("товар", "товар", "товара", "товаров"),
    "rebates.program": ("рибейтную программу", "рибейтная программа", "рибейтные программы", "рибейтных программ"),
    "rebates.productgroup": ("товарную группу", "товарная группа", "товарные группы", "товарных групп"),
    "rebates.traininggate": (
        "требование по обучению",
        "требование по обучению",
        "требования по обучению",
        "требований по обучению",
    ),
    "rebates.enrollment": (
        "участие в программе",
        "участие в программе",
        "участия в программах",
        "участий в программах",
    ),
    "rebates.payoutrun": ("расчет выплат", "расчет выплат", "расчета выплат", "расчетов выплат"),
    "rebates.payoutline": ("строку выплаты", "строка выплаты", "строки выплат", "строк выплат"),
    "rebates.payoutpayment": ("выплату", "выплата", "выплаты", "выплат"),
    "training.course": ("курс", "курс", "курса", "курсов"),
    "training.completion": ("прохождение курса", "прохождение курса", "прохождения курсов", "прохождений курсов"),
    "distributors.salesreport": ("отчет о продажах", "отчет о продажах", "отчета о продажах", "отчетов о продажах"),
    "distributors.apitoken": ("API-токен", "API-токен", "API-токена", "API-токенов"),
    "distributors.salesline": ("строку продаж", "строка продаж", "строки продаж", "строк продаж"),
    "distributors.authorization": ("авторизацию", "авторизация", "авторизации", "авторизаций"),
    "distributors.missingidclaim": (
        "заявку о продаже без ID",
        "заявка о продаже без ID",
        "заявки о продажах без ID",
        "заявок о продажах без ID",
    ),
    "discounts.discountterms": ("условия скидок", "условия скидок", "условий скидок", "условий скидок"),
    "discounts.growthtarget": ("цель роста", "цель роста", "цели роста", "целей роста"),
    "discounts.discountrun": ("расчет скидок", "расчет скидок", "расчета скидок", "расчетов скидок"),
    "discounts.discountline": ("скидку партнера", "скидка партнера", "скидки партнеров", "скидок партнеров"),
}

# Django's title patterns (msgids of django.contrib.admin) and how they read with the accusative.
TITLES = {
    "Select %s to change": "Выберите {} для изменения",
    "Select %s to view": "Выберите {} для просмотра",
    "Select %s": "Выберите {}",
    "Add %s": "Добавить {}",
    "Change %s": "Изменить {}",
    "View %s": "Просмотреть {}",
}


def _forms(opts):
    if not (get_language() or "").startswith("ru"):
        return None
    return RUSSIAN.get(opts.label_lower)


def accusative(opts) -> str:
    """The accusative ("заявку партнера") in Russian; the verbose name otherwise."""
    forms = _forms(opts)
    return forms[0] if forms else str(opts.verbose_name)


def counted(count: int, opts) -> str:
    """A number and the name after it: "5 заявок партнеров", "21 заявка партнера", "5 partner applications"."""
    forms = _forms(opts)
    if not forms:
        return f"{count} {opts.verbose_name if count == 1 else opts.verbose_name_plural}"
    tens, units = count % 100, count % 10
    if units == 1 and tens != 11:
        word = forms[1]
    elif 2 <= units <= 4 and not 12 <= tens <= 14:
        word = forms[2]
    else:
        word = forms[3]
    return f"{count}\u00a0{word}"


def title(django_title: str, opts) -> str:
    """Django's page title with the model named in the right case ("Изменить заявку партнера")."""
    from django.utils.translation import gettext

    forms = _forms(opts)
    if not forms:
        return django_title
    for pattern, russian in TITLES.items():
        if django_title == gettext(pattern) % opts.verbose_name:
            return russian.format(forms[0])
    return django_title
