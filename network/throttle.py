"""A small rate limit for the public forms, counted in the shared cache per address and event."""

from django.core.cache import cache
from django.http import HttpRequest

PUBLIC_POSTS_PER_WINDOW = 5
WINDOW_SECONDS = 600


def client_address(request: HttpRequest) -> str:
    # Behind the proxy the settings make REMOTE_ADDR the client's (deploy/, like axes).
    return str(request.META.get("REMOTE_ADDR", ""))


def too_many(request: HttpRequest, scope: str) -> bool:
    """Count one more post of this address in `scope`; True once over the limit."""
    key = f"network:throttle:{scope}:{client_address(request)}"
    if cache.add(key, 1, WINDOW_SECONDS):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, WINDOW_SECONDS)
        return False
    return count > PUBLIC_POSTS_PER_WINDOW
