"""Reading query-string parameters that anybody can type into the address bar.

A bad value (``?document=abc``, ``?page=99999999999999999999``) is treated as
absent, never as an error page."""

# The largest primary key any supported database stores (a signed 64-bit integer).
MAX_ID = 2**63 - 1


def int_param(request, name, default=None, minimum=1, maximum=MAX_ID):
    """The parameter as an int within [minimum, maximum], or ``default``."""
    raw = request.GET.get(name, "")
    try:
        value = int(raw.strip())
    except (TypeError, ValueError):
        return default
    if not minimum <= value <= maximum:
        return default
    return value


def id_param(request, name):
    """A row id from the query string, or None."""
    return int_param(request, name)
