"""Small local HTTP servers of the test suite: the France Travail API (OAuth2 + offer search, with paging and
faults on demand) and plain files (a Carif-Oref publishing its LHEO feed). The real API is not reachable here."""

import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CLIENT_ID, CLIENT_SECRET, TOKEN = "tdu-test-client", "tdu-test-secret", "jeton-de-test"


class FakeFranceTravail:
    """`offers`: {department: [offer dicts]}. `faults`: statuses answered before the next real answers."""

    def __init__(self, offers):
        self.offers = offers
        self.faults: list[int] = []
        self.requests: list[dict] = []
        self.tokens_issued = 0
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def _handler(self):
        api = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, status, body=None, headers=()):
                payload = json.dumps(body).encode() if body is not None else b""
                self.send_response(status)
                for name, value in headers:
                    self.send_header(name, value)
                if payload:
                    self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def _fault(self):
                if api.faults:
                    status = api.faults.pop(0)
                    self._send(status, {"message": "réessayez"}, [("Retry-After", "0")])
                    return True
                return False

            def do_POST(self):
                if self._fault():
                    return
                length = int(self.headers.get("Content-Length", 0))
                form = urllib.parse.parse_qs(self.rfile.read(length).decode())
                if form.get("client_id") != [CLIENT_ID] or form.get("client_secret") != [CLIENT_SECRET]:
                    return self._send(401, {"error": "invalid_client"})
                api.tokens_issued += 1
                self._send(200, {"access_token": TOKEN, "expires_in": 1499, "token_type": "Bearer"})

            def do_GET(self):
                url = urllib.parse.urlparse(self.path)
                if not url.path.endswith("/offres/search"):
                    return self._send(404, {"message": "inconnu"})
                if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                    return self._send(401, {"message": "jeton invalide"})
                if self._fault():
                    return
                query = {k: v[0] for k, v in urllib.parse.parse_qs(url.query).items()}
                api.requests.append(query)
                codes = set(query.get("codeROME", "").split(","))
                found = [o for o in api.offers.get(query.get("departement"), []) if o["romeCode"] in codes]
                first, last = (int(x) for x in query.get("range", "0-149").split("-"))
                if last - first + 1 > 150 or first > 3000:
                    return self._send(400, {"message": "plage invalide"})
                if not found:
                    return self._send(204)
                page = found[first : last + 1]
                end = first + len(page) - 1
                status = 200 if end >= len(found) - 1 else 206
                self._send(
                    status, {"resultats": page}, [("Content-Range", f"offres {first}-{end}/{len(found)}")]
                )

        return Handler


class FileServer:
    """Serves one body at /flux.xml (and 404 elsewhere)."""

    def __init__(self, body: bytes):
        self.body = body

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(inner):
                if inner.path != "/flux.xml":
                    inner.send_response(404)
                    inner.end_headers()
                    return
                inner.send_response(200)
                inner.send_header("Content-Type", "application/xml")
                inner.send_header("Content-Length", str(len(self.body)))
                inner.end_headers()
                inner.wfile.write(self.body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}/flux.xml"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
