"""Password reset by email with Django's one-time tokens."""

import re

import pytest
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-brand-new-passphrase-42"


def test_a_reset_link_by_email_sets_a_new_password_once(client, lead):
    assert 'href="/accounts/password/reset/"' in client.get(reverse("login")).content.decode()

    response = client.post(reverse("password_reset"), {"email": lead.user.email})
    assert response.url == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [lead.user.email]
    assert "Passwort" in message.subject
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/\S+/)", message.body).group(1)

    form_page = client.get(link, follow=True)
    set_url = form_page.redirect_chain[-1][0]
    weak = client.post(set_url, {"new_password1": "12345678", "new_password2": "12345678"})
    assert weak.status_code == 200  # the password validators still apply
    done = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.url == reverse("password_reset_complete")

    lead.user.refresh_from_db()
    assert lead.user.check_password(NEW_PASSWORD)
    spent = client.get(link, follow=True)
    assert 'id="password-reset-invalid"' in spent.content.decode()
    login = client.post(reverse("login"), {"username": "lea", "password": NEW_PASSWORD})
    assert login.status_code == 302


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, lead):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response.url == reverse("password_reset_done")
    assert mail.outbox == []
