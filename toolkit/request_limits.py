"""Request bodies are bounded before anything reads them.

Django reads a body lazily, but the CSRF check parses a multipart POST before any view runs, and
the multipart parser spools files over FILE_UPLOAD_MAX_MEMORY_SIZE to a temporary file: without a
limit an anonymous POST with `Content-Length: 20 GB` fills the disk. This middleware answers 413
from the declared length alone, before the body is touched. A body longer than it declares is never
read past the declaration (Django reads through a LimitedStream), and a chunked body without a
length is read as empty, so the declared length is the bound.

Most views take small forms and files (certificates up to 10 MB): REQUEST_MAX_BYTES. The report
upload views, marked with `@allows_report_upload`, take a report of up to REPORT_MAX_BYTES.
"""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

# Room for the multipart envelope around a report file (boundaries, headers, the other fields).
FORM_OVERHEAD_BYTES = 2**20


def report_upload_limit() -> int:
    return settings.REPORT_MAX_BYTES + FORM_OVERHEAD_BYTES


def allows_report_upload(view):
    """Mark a view (function or DRF view class) as one that receives sales report files."""
    view.max_body_bytes = report_upload_limit
    return view


def _limit_for(view_func) -> int:
    limit = getattr(view_func, "max_body_bytes", None) or getattr(
        getattr(view_func, "cls", None), "max_body_bytes", None
    )
    return limit() if limit else settings.REQUEST_MAX_BYTES


def _declared_length(request) -> int | None:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None


class RequestBodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Any request, even one to no view, is bounded by the largest limit there is.
        length = _declared_length(request)
        if length is None or length < 0:
            return _refusal(request, status=400, message=_("The request's Content-Length is not a number."))
        if length > max(settings.REQUEST_MAX_BYTES, report_upload_limit()):
            return _too_large(request, max(settings.REQUEST_MAX_BYTES, report_upload_limit()))
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        limit = _limit_for(view_func)
        if (_declared_length(request) or 0) > limit:
            return _too_large(request, limit)
        return None


def _too_large(request, limit: int):
    megabytes = max(1, limit // 2**20)
    message = _("The request is too large: at most %(mb)s MB can be sent here.") % {"mb": megabytes}
    return _refusal(request, status=413, message=message, extra={"max_bytes": limit})


def _refusal(request, *, status: int, message: str, extra=None):
    if request.path.startswith("/api/"):
        code = "request_too_large" if status == 413 else "bad_content_length"
        return JsonResponse({"detail": message, "code": code, **(extra or {})}, status=status)
    return render(request, "request_refused.html", {"message": message}, status=status)
