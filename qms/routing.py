"""Which gunicorn pool of an app server serves a path, when it has two
(docs/operations.md, "Reading apart from the back office"): the load balancer
sends the back office and the accounts (OFFICE_PATHS) to the office pool and
everything else, the staff's reading, to the reading pool, so that a page
read never waits behind a signature or an edit form. Both pools run the same
code; the rule only decides where a request queues. Kept here, beside the
URL configuration it follows, for the benchmarks' cluster and the tests.
"""

OFFICE_PATHS = (
    "/admin/",
    "/dang-nhap/",
    "/dang-xuat/",
    "/mat-khau-ky/",
    "/thong-bao/",
    "/khac-phuc/",
    "/xem-xet/",
    "/tinh/",
    "/api/",
)


def is_office_path(path):
    """Whether a load balancer routing by path sends ``path`` (without the host) to the office pool."""
    return path.startswith(OFFICE_PATHS)


def nginx_location():
    """The nginx location that matches OFFICE_PATHS, as docs/operations.md writes it."""
    return "location ~ ^/(" + "|".join(path.strip("/") for path in OFFICE_PATHS) + ")/ {"
