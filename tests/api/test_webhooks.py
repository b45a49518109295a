"""Webhooks: the SSRF check, signed deliveries to a local receiver, retries, the page."""

import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from api import delivery, services
from api.models import Webhook, WebhookDelivery, WebhookEvent
from companies import services as company_services
from companies.models import NetworkPartner

SECRET = "k" * 64


class Receiver:
    """A tiny HTTP server in a thread: answers the queued statuses, then 200."""

    def __init__(self, statuses=()):
        self.statuses = list(statuses)
        self.received = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((dict(self.headers), body))
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    made = []

    def make(statuses=()):
        made.append(Receiver(statuses))
        return made[-1]

    yield make
    for server in made:
        server.close()


def _verified(headers, body):
    expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(headers[delivery.SIGNATURE_HEADER], expected)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/hook",
        "http://localhost:8000/hook",
        "http://10.1.2.3/hook",
        "http://192.168.0.1/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/hook",
        "ftp://example.org/hook",
    ],
)
def test_loopback_and_private_addresses_are_refused(url):
    with pytest.raises(delivery.AddressRefused):
        delivery.check_address(url, allow_private=False)


def test_the_request_goes_to_the_address_that_was_checked(monkeypatch):
    """DNS rebinding: a name that resolves to a public address for the check and to a
    local one a moment later must not reach the local one."""
    answers = iter(["93.184.216.34", "127.0.0.1", "127.0.0.1"])
    resolved, connected = [], []

    def getaddrinfo(host, port, *args, **kwargs):
        address = next(answers)
        resolved.append(host)
        return [(2, 1, 6, "", (address, port))]

    def create_connection(address, *args, **kwargs):
        connected.append(address)
        raise ConnectionRefusedError("no network in tests")

    monkeypatch.setattr(delivery.socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(delivery.socket, "create_connection", create_connection)
    outcome = delivery.post(
        url="http://hooks.example.org/x", body=b"{}", headers={}, allow_private=False
    )
    assert not outcome.delivered
    assert resolved == ["hooks.example.org"]
    assert connected == [("93.184.216.34", 80)]


def test_a_name_with_one_local_address_among_public_ones_is_refused(monkeypatch):
    def getaddrinfo(host, port, *args, **kwargs):
        return [(2, 1, 6, "", ("93.184.216.34", port)), (2, 1, 6, "", ("10.0.0.7", port))]

    monkeypatch.setattr(delivery.socket, "getaddrinfo", getaddrinfo)
    outcome = delivery.post(
        url="https://hooks.example.org/x", body=b"{}", headers={}, allow_private=False
    )
    assert (outcome.delivered, outcome.status) == (False, None)
    assert "private or local" in outcome.error


def test_a_redirect_is_not_followed(receiver):
    local = receiver(statuses=[302])
    outcome = delivery.post(url=local.url + "?a=1", body=b"{}", headers={}, allow_private=True)
    assert (outcome.delivered, outcome.status) == (False, 302)
    assert len(local.received) == 1


@pytest.mark.django_db
def test_a_lead_cannot_register_a_local_address(team, lead):
    with pytest.raises(ValidationError) as refused:
        services.webhook_create(
            team=team, by=lead.user, url="http://127.0.0.1/x", events=["partner.created"]
        )
    assert refused.value.message_dict["url"] == [str(services.WEBHOOK_ADDRESS_REFUSED)]
    assert Webhook.objects.count() == 0


@pytest.mark.django_db
def test_staff_cannot_register_webhooks(team, staff_client, lead_client):
    assert staff_client.get(reverse("webhooks")).status_code == 403
    assert lead_client.get(reverse("webhooks")).status_code == 200


@pytest.mark.django_db
def test_a_delivery_is_signed_and_a_failure_is_recorded_then_replayed(
    team, lead, receiver, django_capture_on_commit_callbacks, lead_client
):
    local = receiver(statuses=[500])
    webhook = Webhook.objects.create(
        team=team,
        url=local.url,
        events=[WebhookEvent.PARTNER_CREATED],
        secret=SECRET,
        allow_private=True,  # an administrator allowed the local receiver
    )
    with django_capture_on_commit_callbacks(execute=True):
        partner = company_services.partner_create(
            team=team, by=lead.user, kind=NetworkPartner.Kind.IHK, name="IHK Chemnitz"
        )
    sent = WebhookDelivery.objects.get(webhook=webhook)
    assert (sent.status, sent.response_status, sent.attempts) == ("failed", 500, 1)
    with django_capture_on_commit_callbacks(execute=True):
        response = lead_client.post(reverse("webhook_replay", args=[sent.pk]))
    assert response.status_code == 302
    sent.refresh_from_db()
    assert (sent.status, sent.attempts) == ("delivered", 2)
    headers, body = local.received[-1]
    assert _verified(headers, body)
    payload = json.loads(body)
    assert payload["event"] == "partner.created"
    assert payload["data"]["partner"] == partner.pk


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_the_worker_retries_a_failed_delivery(team, receiver, celery_worker_process):
    from api.tasks import webhook_deliver
    from crm.celery import app

    local = receiver(statuses=[503])
    webhook = Webhook.objects.create(
        team=team,
        url=local.url,
        events=[WebhookEvent.CASE_WON],
        secret=SECRET,
        allow_private=True,
    )
    sent = WebhookDelivery.objects.create(
        webhook=webhook, event=WebhookEvent.CASE_WON, payload={"case": 1}
    )
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        webhook_deliver.apply_async(args=[sent.pk], queue=celery_worker_process)
        for _ in range(120):
            sent.refresh_from_db()
            if sent.status == WebhookDelivery.Status.DELIVERED:
                break
            time.sleep(0.5)
    finally:
        app.conf.task_always_eager = previous
    assert (sent.status, sent.attempts) == ("delivered", 2)
    assert len(local.received) == 2
    assert all(_verified(headers, body) for headers, body in local.received)
