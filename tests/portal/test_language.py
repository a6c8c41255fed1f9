"""Russian by default; English from the switch (cookie) or an English browser."""

import pytest

pytestmark = pytest.mark.django_db


def test_russian_without_any_preference(client):
    assert "Регистрация партнера" in client.get("/register/").content.decode()


def test_an_english_browser_gets_english(client):
    page = client.get("/register/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Partner registration" in page


def test_the_switch_wins_over_the_browser(client):
    response = client.post("/i18n/setlang/", {"language": "ru", "next": "/register/"}, HTTP_ACCEPT_LANGUAGE="en-US")
    assert response.status_code == 302
    page = client.get("/register/", HTTP_ACCEPT_LANGUAGE="en-US").content.decode()
    assert "Регистрация партнера" in page
