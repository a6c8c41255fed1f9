"""Every e-mail the portal sends has a plain-text part and an HTML part in the portal's look."""

from django.core import mail

from tests.portal.test_approval import new_application


def html_of(message) -> str:
    (html,) = [a.content for a in message.alternatives if a.mimetype == "text/html"]
    return html


def test_a_portal_email_carries_its_text_in_the_html_layout(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        application = new_application(7)

    (message,) = mail.outbox
    html = html_of(message)
    assert application.pr_number in message.body and application.pr_number in html
    assert "Dell <span" in html and "PartnerDirect" in html  # the header band
    assert f'<h1 style="font-size:19px;margin:0 0 16px 0;color:#0e2a47;">{message.subject}</h1>' in html
    assert '<html lang="ru">' in html


def test_a_link_in_the_text_is_clickable_in_the_html(superuser, django_capture_on_commit_callbacks):
    from portal import services

    application = new_application(8)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_approve(application_id=application.pk, actor=superuser)

    message = mail.outbox[-1]
    link = next(word for word in message.body.split() if "/activate/" in word)
    assert f'<a href="{link}"' in html_of(message)


def test_allauths_password_reset_mail_has_the_html_part_too(client, partner_admin):
    client.post("/accounts/password/reset/", {"email": partner_admin.email})

    (message,) = mail.outbox
    html = html_of(message)
    assert "/accounts/password/reset/key/" in message.body
    assert "/accounts/password/reset/key/" in html and "PartnerDirect" in html
