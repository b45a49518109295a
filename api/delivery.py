"""Sending one webhook request: the address check against SSRF, the signature, the POST."""

import hashlib
import hmac
import http.client
import ipaddress
import socket
import ssl
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


def resolve(url: str, *, allow_private: bool) -> str:
    """The address to connect to: the host resolved once, refused if any of its addresses is
    loopback, private or reserved (unless an administrator allowed private addresses).

    The request then goes to exactly this address, so that a name which resolves to a public
    address for the check and to a local one a moment later (DNS rebinding) cannot reach
    the local one."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise AddressRefused("only http and https addresses")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        infos = socket.getaddrinfo(parts.hostname, port, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError, ValueError) as exc:
        raise AddressRefused(f"cannot resolve {parts.hostname}") from exc
    addresses = [str(info[4][0]) for info in infos]
    if not addresses:
        raise AddressRefused(f"cannot resolve {parts.hostname}")
    if not allow_private and not all(_is_public(address) for address in addresses):
        raise AddressRefused(f"{parts.hostname} resolves to a private or local address")
    return addresses[0]


def check_address(url: str, *, allow_private: bool) -> None:
    """Refuse a URL whose host is not http(s) or resolves to a local or private address."""
    resolve(url, allow_private=allow_private)


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """An HTTP connection to a checked address, whatever the name resolves to later."""

    def __init__(self, host: str, port: int | None, *, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to a checked address; the certificate is still verified for the host's name."""

    def __init__(self, host: str, port: int | None, *, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self.address = address

    def connect(self) -> None:
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post(*, url: str, body: bytes, headers: dict[str, str], allow_private: bool) -> Outcome:
    """POST the body once to the checked address; any 2xx is delivered. Redirects are not
    followed: they could lead to an address that was never checked."""
    try:
        address = resolve(url, allow_private=allow_private)
    except AddressRefused as exc:
        return Outcome(False, None, str(exc))
    parts = urlsplit(url)
    kind = _PinnedHTTPSConnection if parts.scheme == "https" else _PinnedHTTPConnection
    connection = kind(parts.hostname or "", parts.port, address=address, timeout=TIMEOUT_SECONDS)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request(
            "POST", target, body=body, headers={"Content-Type": "application/json", **headers}
        )
        response = connection.getresponse()
        status, reason = response.status, response.reason
    except (OSError, http.client.HTTPException, ValueError) as exc:
        return Outcome(False, None, str(exc)[:500] or type(exc).__name__)
    finally:
        connection.close()
    if 200 <= status < 300:
        return Outcome(True, status, "")
    return Outcome(False, status, str(reason)[:500])
