"""A page served again, unchanged, while nothing in the database has changed.

The pages a person opens many times a day (home, board, case list, a case) cost
20–60 ms each to compute at a big team, most of it in Python. When nothing has been
committed to the database since a page was rendered for the same person, address and
language, computing it again gives the same page; `CachedPageMixin` serves the page
rendered then.

"Nothing has been committed" is PostgreSQL's current snapshot
(`pg_current_snapshot()`: the next transaction id and the writing transactions still
running). A write of any kind gets a transaction id, and its commit takes it out of
the running ones: either changes the snapshot, whatever made the write (a service,
the admin, a Celery task, a COPY, a shell). The snapshot is read before the page's
own queries, so a page kept under it shows at least what was committed then; a
request that reads the same snapshot later knows that nothing was committed in
between. (The write-ahead log position would not do: a commit is logged a moment
before others see it, so a page computed in that moment would be kept under the new
position without the change.) Any write, in any team and any database of the server,
starts every page afresh: the cache serves the views between two changes, never a
page older than the last change. On other databases (SQLite, for the demo and
development) there is no such snapshot and the cache is off.

The key holds, besides the snapshot:
- the user, their active team and role (`request.membership`);
- the whole address with its query (filters, sorting, page);
- the language;
- the CSRF secret of the browser: a page's forms carry tokens made from it;
- the minute: what changes with time alone (a case turning stale, "today") shows
  within a minute;
- the static files' manifest: a deploy's new templates come with new asset names.

Not cached: HTMX requests (partial answers), pages with a message waiting to be
shown, answers other than 200 with HTML, answers that set a cookie or made a new
CSRF secret, and everything when `PAGE_CACHE_SECONDS` is 0.
"""

import hashlib
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.template.response import TemplateResponse
from django.utils import timezone, translation

logger = logging.getLogger(__name__)

KEY_PREFIX = "page:"


def data_position() -> str | None:
    """What has been committed, as PostgreSQL's current snapshot; None where unknown.

    Inside a transaction that has written, the snapshot stays the same for its own
    further writes: pages are read in requests of their own (autocommit), never in
    the middle of a writing transaction.
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return None
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_current_snapshot()::text")
            row = cursor.fetchone()
    except DatabaseError:
        return None
    return row[0] if row else None


def _minute() -> str:
    return timezone.now().strftime("%Y%m%d%H%M")


def _release() -> str:
    return str(getattr(staticfiles_storage, "manifest_hash", ""))


def page_key(request: HttpRequest, position: str) -> str:
    """The cache key of the page `request` asks for, as the data stand at `position`."""
    membership = getattr(request, "membership", None)
    parts = (
        position,
        str(request.user.pk),
        str(getattr(membership, "pk", "")),
        str(getattr(membership, "team_id", "")),
        str(getattr(membership, "role", "")),
        request.get_full_path(),
        translation.get_language() or "",
        request.META.get("CSRF_COOKIE", ""),
        _minute(),
        _release(),
    )
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return KEY_PREFIX + digest


def _cacheable_request(request: HttpRequest) -> bool:
    if request.method != "GET" or getattr(request, "htmx", False):
        return False
    if not getattr(settings, "PAGE_CACHE_SECONDS", 0):
        return False
    # A message waiting to be shown (after a change) is part of this view only;
    # counting the messages does not mark them shown.
    return len(get_messages(request)) == 0


def _cacheable_response(request: HttpRequest, response: HttpResponse, csrf_before: Any) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    if len(get_messages(request)):
        return False  # the view left a message: it belongs to this view alone
    # The page's forms were made from the browser's own CSRF secret, not a new one.
    return request.META.get("CSRF_COOKIE") == csrf_before


def _cache_get(key: str) -> Any:
    # The cache is a help, never a condition: an unreachable cache is a page computed.
    try:
        return cache.get(key)
    except Exception:
        logger.warning("page cache unavailable", exc_info=True)
        return None


def _cache_set(key: str, value: dict[str, Any]) -> None:
    try:
        cache.set(key, value, settings.PAGE_CACHE_SECONDS)
    except Exception:
        logger.warning("page cache unavailable", exc_info=True)


def _replay(stored: dict[str, Any]) -> HttpResponse:
    # Only HTML is kept; the middleware adds the other headers to every answer.
    return HttpResponse(stored["content"], content_type=stored["content_type"])


class CachedPageMixin:
    """Serve a GET page from the cache while the data have not changed (module docstring).

    Put it after the access mixins (`class V(TeamRequiredMixin, CachedPageMixin, View)`):
    they check the user and the team before this one looks in the cache. The key is
    per user, so a page is only ever served again to the person it was made for.
    """

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        answer: Callable[..., HttpResponseBase] = super().dispatch  # type: ignore[misc]
        if not request.user.is_authenticated or not _cacheable_request(request):
            return answer(request, *args, **kwargs)
        position = data_position()
        if position is None:
            return answer(request, *args, **kwargs)
        key = page_key(request, position)
        stored = _cache_get(key)
        if stored is not None:
            return _replay(stored)
        csrf_before = request.META.get("CSRF_COOKIE")
        response = answer(request, *args, **kwargs)

        def keep(rendered: HttpResponse) -> None:
            if _cacheable_response(request, rendered, csrf_before):
                _cache_set(
                    key, {"content": rendered.content, "content_type": rendered["Content-Type"]}
                )

        if isinstance(response, TemplateResponse) and not response.is_rendered:
            response.add_post_render_callback(keep)
        elif isinstance(response, HttpResponse):
            keep(response)
        return response
