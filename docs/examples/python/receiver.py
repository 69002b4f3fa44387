"""A Hookline webhook receiver that checks every request with the Standard Webhooks library
(PyPI package `standardwebhooks`) before it trusts the body. Standard library otherwise.

    python3 -m venv .venv && .venv/bin/pip install -r docs/examples/python/requirements.txt
    WEBHOOK_SECRET='whsec_...' PORT=9000 .venv/bin/python docs/examples/python/receiver.py

WEBHOOK_SECRET is the `secret` Hookline returned when the webhook was created
(or GET /v1/workspaces/{ws}/webhooks/{id}/secret). HOST defaults to 127.0.0.1; PORT 0 picks a free port.
Each verified request prints one line `verified webhook-id=... bytes=... sha256=...` followed by the body
exactly as received; a request whose signature does not verify gets 401 (a signed body that is not JSON 400),
with a line `refused webhook-id=...: why`.
"""
import hashlib
import json
import os
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks.webhooks import Webhook, WebhookVerificationError

SECRET = os.environ.get("WEBHOOK_SECRET")
if not SECRET:
    sys.exit("Set WEBHOOK_SECRET to the webhook's whsec_... secret.")
WEBHOOK = Webhook(SECRET)


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        # Verify the exact bytes that arrived, before parsing them: re-serialized JSON would not match the signature.
        body = self.rfile.read(int(self.headers.get("content-length", 0)))
        webhook_id = self.headers.get("webhook-id")
        try:
            # checks webhook-id, webhook-timestamp (5 minutes) and webhook-signature, then parses the body
            payload = WEBHOOK.verify(body, dict(self.headers.items()))
        except json.JSONDecodeError:
            # only raised once the signature matched: the sender holds the secret but sent no JSON
            self.refuse(400, webhook_id, "signed, but the body is not JSON")
            return
        except (WebhookVerificationError, ValueError, UnicodeDecodeError) as e:
            # the library raises ValueError for a malformed header and UnicodeDecodeError for a body that is not UTF-8
            self.refuse(401, webhook_id, e)
            return
        if not isinstance(payload, dict):  # JSON, but not the object Hookline always sends: "[1]", "42"
            self.refuse(400, webhook_id, "signed, but the body is not a JSON object")
            return
        print(f"verified webhook-id={webhook_id} bytes={len(body)} sha256={hashlib.sha256(body).hexdigest()}")
        print(body.decode("utf-8"), flush=True)
        # Hookline never resends: answer 2xx at once, and de-duplicate on webhook-id if you store events.
        self.send_response(204)
        self.end_headers()

    def refuse(self, status, webhook_id, why):
        print(f"refused webhook-id={webhook_id}: {why}", flush=True)
        self.send_response(status)
        self.end_headers()

    def log_message(self, *args):  # one line per request is printed above
        pass


if __name__ == "__main__":
    server = ThreadingHTTPServer((os.environ.get("HOST", "127.0.0.1"), int(os.environ.get("PORT", "9000"))), Handler)
    print(f"listening on http://{server.server_address[0]}:{server.server_address[1]}/", flush=True)
    server.serve_forever()
