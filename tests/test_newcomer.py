"""What a newcomer meets on the first `make run`: readable e-mails in the console, links to the
address being served, a favicon, friendly error pages."""

import io
import os
import subprocess

import pytest
from django.conf import settings
from django.core.mail import EmailMessage

from toolkit.mail import ReadableConsoleBackend


def test_console_emails_are_readable_russian_text():
    stream = io.StringIO()
    message = EmailMessage("Заявка PR0000042 получена", "Ссылка: http://127.0.0.1:8120/activate/x/", to=["a@b.ru"])
    ReadableConsoleBackend(stream=stream).send_messages([message])
    printed = stream.getvalue()
    assert "Subject: Заявка PR0000042 получена" in printed
    assert "http://127.0.0.1:8120/activate/x/" in printed and "base64" not in printed


def test_make_run_points_email_links_at_the_port_it_serves():
    env = {key: value for key, value in os.environ.items() if key != "PORTAL_BASE_URL"}
    plan = subprocess.run(
        ["make", "-n", "run", "PORT=8120"], cwd=settings.BASE_DIR, capture_output=True, text=True, env=env
    )
    served = [line for line in plan.stdout.splitlines() if "runserver" in line]
    assert served and "PORTAL_BASE_URL=http://127.0.0.1:8120 " in served[0] and served[0].endswith("127.0.0.1:8120")


@pytest.mark.django_db
def test_an_unknown_page_answers_in_russian_with_the_portal_around_it(client):
    response = client.get("/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404 and "Страница не найдена" in page and "PartnerDirect" in page


@pytest.mark.django_db
def test_a_partner_opening_the_admin_is_told_why_in_russian(client, partner_admin):
    client.force_login(partner_admin)
    response = client.get("/admin/", follow=True)
    page = response.content.decode()
    assert response.status_code == 403 and "Нет доступа" in page and "403 Forbidden" not in page


def test_every_page_has_an_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith(".svg")
