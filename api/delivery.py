"""Sending one webhook request: the address check against SSRF, the signature, the POST."""

import hashlib
import hmac
import ipaddress
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

SIGNATURE_HEADER = "X-Tandem-Signature"
TIMEOUT_SECONDS = 10


class AddressRefused(Exception):
    """The URL's host resolves to an address Tandem must not call."""


@dataclass(frozen=True, slots=True)
class Outcome:
    delivered: bool
    status: int | None
    error: str


def sign(secret: str, body: bytes) -> str:
    """The signature header's value: HMAC-SHA256 of the body with the webhook's key."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def check_address(url: str, *, allow_private: bool) -> None:
    """Resolve the host and refuse it if any address is loopback, private or reserved."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise AddressRefused("only http and https addresses")
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise AddressRefused(f"cannot resolve {parts.hostname}") from exc
    addresses = {info[4][0] for info in infos}
    if not addresses or not all(_is_public(str(address)) for address in addresses):
        raise AddressRefused(f"{parts.hostname} resolves to a private or local address")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    # A redirect could lead to an address that was never checked.
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def post(*, url: str, body: bytes, headers: dict[str, str], allow_private: bool) -> Outcome:
    """POST the body once; any 2xx is delivered."""
    try:
        check_address(url, allow_private=allow_private)
    except AddressRefused as exc:
        return Outcome(False, None, str(exc))
    request = urllib.request.Request(  # noqa: S310 (scheme checked above)
        url, data=body, headers={"Content-Type": "application/json", **headers}, method="POST"
    )
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            return Outcome(200 <= response.status < 300, response.status, "")
    except urllib.error.HTTPError as exc:
        return Outcome(False, exc.code, str(exc.reason)[:500])
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return Outcome(False, None, str(exc)[:500])
