"""One structured log line per request (logger tdu.request): request id, user, route, method, status, duration,
number of SQL queries. The request id comes from the platform's X-Request-ID header when it looks like one, else
it is made here; it goes back in the response's X-Request-ID header and on every log record of the request."""

import logging
import re
import time
import uuid

from django.conf import settings
from django.db import connection

from tdu.utils import logs

logger = logging.getLogger("tdu.request")
REQUEST_ID = re.compile(r"^[A-Za-z0-9._:/+=-]{1,200}$")


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def user_id(request):
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user.pk
    return "anonymous"


class RequestLog:
    def __init__(self, get_response):
        self.get_response = get_response
        self.static_prefix = settings.STATIC_URL or "/static/"

    def __call__(self, request):
        if request.path_info.startswith(self.static_prefix):
            return self.get_response(request)  # whitenoise's files: no line each
        given = request.headers.get("X-Request-ID", "")
        request.request_id = given if REQUEST_ID.match(given) else uuid.uuid4().hex
        token = logs.request_id.set(request.request_id)
        counter = QueryCounter()
        started = time.perf_counter()
        try:
            with connection.execute_wrapper(counter):
                response = self.get_response(request)
            duration_ms = round((time.perf_counter() - started) * 1000, 1)
            response["X-Request-ID"] = request.request_id
            match = request.resolver_match
            fields = {
                "request_id": request.request_id,
                "user_id": user_id(request),
                "route": match.view_name if match else None,
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": duration_ms,
                "sql_queries": counter.count,
            }
            level = logging.ERROR if response.status_code >= 500 else logging.INFO
            logger.log(level, "%s %s %s", request.method, request.path, response.status_code, extra=fields)
            return response
        finally:
            logs.request_id.reset(token)
