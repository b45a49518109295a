"""Stored files that only team-checked views hand out.

No URL serves the media folder: a letter, a template, a logo or an import file
leaves the server through a view that found it with a team-scoped selector and
answers with `private_file_response`. Stored names carry a random token, so a
path that leaks (a log line, a backup listing) does not lead to its neighbours.
"""

import mimetypes
import secrets
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBase
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

# The front servers that can send a file the application has checked.
FRONT_SERVERS = {"nginx", "apache"}


@deconstructible
class PrivateUpload:
    """An `upload_to` giving `<folder>/<yyyy>/<mm>/<token>/<name>`: nothing to guess.

    The token is 128 random bits; the file's own name stays last, so that a file
    on disk still says what it is.
    """

    def __init__(self, folder: str) -> None:
        self.folder = folder.strip("/")

    def __call__(self, instance: Any, filename: str) -> str:
        now = timezone.now()
        name = PurePosixPath(filename).name or "file"
        token = secrets.token_urlsafe(16)
        return f"{self.folder}/{now:%Y}/{now:%m}/{token}/{name}"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PrivateUpload) and other.folder == self.folder

    def __hash__(self) -> int:
        return hash(self.folder)


def private_file_response(field: Any, *, filename: str, content_type: str = "") -> HttpResponseBase:
    """The stored file of `field` as a download named `filename`.

    Call it only after a team-scoped selector found the row. With
    `FILES_FRONT_SERVER` set, the front server sends the bytes (nginx:
    `X-Accel-Redirect` to `FILES_FRONT_PREFIX`, an `internal` location over
    MEDIA_ROOT; apache: `X-Sendfile` with the file's path).
    """
    if not field:
        raise Http404(_("The file is no longer stored."))
    content_type = content_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
    front = getattr(settings, "FILES_FRONT_SERVER", "")
    if front in FRONT_SERVERS:
        if not field.storage.exists(field.name):
            raise Http404(_("The file is no longer stored."))
        response = HttpResponse(content_type=content_type)
        if front == "nginx":
            prefix = getattr(settings, "FILES_FRONT_PREFIX", "/protected-media/")
            response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(field.name)
        else:
            response["X-Sendfile"] = field.path
        response["Content-Disposition"] = _attachment(filename)
        return response
    try:
        handle = field.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404(_("The file is no longer stored.")) from exc
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)


def _attachment(filename: str) -> str:
    # RFC 6266: an ASCII fallback and the UTF-8 name (download_name keeps both the same).
    ascii_name = filename.encode("ascii", "ignore").decode("ascii").replace('"', "") or "file"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
