"""What the Odoo web client sends, and how the harness judges the answer.

Shared by the Locust users (locustfile.py) and the fault driver (faults.py): both talk
JSON-RPC to Odoo exactly as the browser does and classify every answer as

* ``success``     — a result;
* ``refusal``     — a business refusal: Odoo answered with a UserError-class error
  (UserError, ValidationError, AccessError, MissingError, RedirectWarning);
* ``unexpected``  — anything else: a server error class (psycopg2 errors, KeyError...),
  an integrity error surfaced as "The operation cannot be completed", an HTTP status
  other than 200, a timeout, a connection reset.
"""

BUSINESS_ERRORS = frozenset(
    {
        "odoo.exceptions.UserError",
        "odoo.exceptions.ValidationError",
        "odoo.exceptions.AccessError",
        "odoo.exceptions.MissingError",
        "odoo.exceptions.RedirectWarning",
    }
)
# Odoo turns a database integrity error (e.g. a unique index) into a ValidationError
# with this text: that is a race the model let through, not a business answer.
INTEGRITY_PREFIX = "The operation cannot be completed"

SUCCESS, REFUSAL, UNEXPECTED = "success", "refusal", "unexpected"


class RpcError(Exception):
    """An RPC that did not succeed; ``outcome`` is REFUSAL or UNEXPECTED."""

    def __init__(self, outcome, error_class, message):
        super().__init__(f"{error_class}: {message}")
        self.outcome = outcome
        self.error_class = error_class
        self.message = message


def payload(params):
    return {"jsonrpc": "2.0", "method": "call", "id": None, "params": params}


def judge(status_code, body, transport_error=None):
    """(outcome, error_class, message, result) of one JSON-RPC answer."""
    if transport_error is not None:
        return UNEXPECTED, type(transport_error).__name__, str(transport_error), None
    if status_code != 200:
        return UNEXPECTED, f"HTTP {status_code}", (body or "")[:300], None
    if not isinstance(body, dict):
        return UNEXPECTED, "bad JSON", str(body)[:300], None
    if "error" not in body:
        return SUCCESS, None, None, body.get("result")
    data = body["error"].get("data") or {}
    name = data.get("name") or body["error"].get("message", "?")
    message = (data.get("message") or body["error"].get("message") or "").strip()
    if name in BUSINESS_ERRORS and not message.startswith(INTEGRITY_PREFIX):
        return REFUSAL, name, message, None
    return UNEXPECTED, name, message, None


def call_kw_params(model, method, args, kwargs=None, context=None):
    kwargs = dict(kwargs or {})
    if context is not None:
        kwargs["context"] = context
    return {"model": model, "method": method, "args": args, "kwargs": kwargs}
