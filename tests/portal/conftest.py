import pytest

from portal.models import Region, Specialization
from toolkit.validators import inn_with_check_digits


@pytest.fixture
def application_data(db):
    """What a person types into the registration form."""

    def build(**overrides):
        data = {
            "contact_name": "Мария Иванова",
            "contact_position": "Коммерческий директор",
            "contact_email": "maria@romashka.example",
            "contact_phone": "+7 (495) 123-45-67",
            "legal_name": "ООО «Ромашка»",
            "inn": inn_with_check_digits("770200001"),
            "city": "Москва",
            "region": Region.objects.get(code="central").pk,
            "address": "Москва, ул. Льва Толстого, 16",
            "website": "https://romashka.example",
            "specializations": [s.pk for s in Specialization.objects.all()[:2]],
            "segment": "both",
            "consent": "on",
        }
        data.update(overrides)
        return data

    return build
