"""The logged-in user is the actor of every change a request makes."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from history import recording


class HistoryActorMiddleware:
    """Changes outside a named service (the admin) still record who made them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user_id = request.user.pk if request.user.is_authenticated else None
        with recording.request_actor(user_id):
            return self.get_response(request)
