"""Where the apps plug into the core: the core (qms) never imports an app.

What the core does on the apps' behalf is declared here by each app, in its
AppConfig.ready() (or a module that ready() imports), and read by the core
only when it acts, after every ready() has run:

- daily duties, run by ``manage.py qms_daily``;
- the models the integrity chain tracks, the extra checks of
  ``verify_integrity``, the models whose stored files it re-hashes;
- the demo builders of ``manage.py load_demo``;
- the rows a flush takes away and post_migrate puts back (qms.seed);
- the permissions each role group gets (qms.roles keeps the machinery);
- the models whose rows mean a database is in use (a restore refuses it);
- the entries of the portal's main menu;
- what a new agency gets besides its collection and groups (its library …);
- where the province's dashboard finds each agency's management review;
- who may see an image of the image library besides those who manage it.

This is a handful of lists filled once at start-up, not a plugin library:
no discovery, no entry points, no unregistering. Callables are named by
dotted path, so registering imports nothing. Registering the same thing
twice keeps the first registration. Where order matters it is explicit:
FIRST, DEFAULT, LATE, LAST, and within one of them the order of
INSTALLED_APPS.
"""

from dataclasses import dataclass

FIRST = 0
DEFAULT = 100
LATE = 500  # after what the DEFAULT ones made (e.g. demo parts built on other demo parts)
LAST = 1000


class _Ordered:
    """Dotted paths (or values) kept in (order, registration) order, each once."""

    def __init__(self):
        self._entries = {}

    def add(self, key, value, order):
        self._entries.setdefault(key, (order, len(self._entries), value))

    def values(self):
        return [value for _order, _index, value in sorted(self._entries.values(), key=lambda e: e[:2])]


_daily_duties = _Ordered()
_demo_builders = _Ordered()
_base_data = _Ordered()
_integrity_checks = _Ordered()
_portal_menu = _Ordered()
_tracked = {}
_stored_files = {}
_role_permissions = {}
_in_use = []
_agency_set_ups = _Ordered()
_management_review_sources = _Ordered()
_quality_objective_sources = _Ordered()
_image_readers = _Ordered()


# Daily duties ----------------------------------------------------------------


def add_daily_duty(path, *, order=DEFAULT):
    """A callable taking (today, stdout), safe to run twice on the same day.

    ``qms_daily`` runs them in order, then sends the daily digests. The
    integrity head is published LAST, after every duty has written its rows.
    """
    _daily_duties.add(path, path, order)


def daily_duties():
    return _daily_duties.values()


# The integrity chain (qms.integrity) ------------------------------------------


def track_model(label, *, mutable_fields=()):
    """Chain every row of this model ("app_label.ModelName") when it is created.

    ``mutable_fields`` are left out of the record hash: they may change, and
    their changes are chained through the model's history rows. (Every
    history row of qms.history is chained without being named here.)
    """
    _tracked.setdefault(label, frozenset(mutable_fields))


def tracked_models():
    """{"app_label.ModelName": frozenset of fields left out of the hash}."""
    return dict(_tracked)


def add_integrity_check(path, *, order=DEFAULT):
    """A callable taking no argument and returning a list of qms.integrity.Problem.

    ``verify_integrity`` (and the daily head) run them after the chain and
    the live rows, before the stored files.
    """
    _integrity_checks.add(path, path, order)


def integrity_checks():
    return _integrity_checks.values()


def add_stored_file_model(label, *, hash_missing_at_rekey=False):
    """A model with a ``file`` and its ``sha256``: each stored file must still have those bytes.

    With ``hash_missing_at_rekey``, ``verify_integrity --rekey`` takes the
    SHA-256 of files stored before files were hashed.
    """
    _stored_files.setdefault(label, hash_missing_at_rekey)


def stored_file_models():
    """{"app_label.ModelName": whether --rekey hashes its files that have no SHA-256}."""
    return dict(_stored_files)


# Demo and base data -------------------------------------------------------------


def add_demo_builder(path, *, order=DEFAULT):
    """A callable taking (stdout), idempotent, run by ``load_demo`` in order."""
    _demo_builders.add(path, path, order)


def demo_builders():
    return _demo_builders.values()


def add_base_data(path, *, order=DEFAULT):
    """A callable taking (apps) that puts back, idempotently, rows a migration created.

    ``manage.py flush`` (transactional tests) empties every table; qms.seed
    then runs these after the core's own rows and before the roles.
    """
    _base_data.add(path, path, order)


def base_data():
    return _base_data.values()


def add_restore_guard(label):
    """A row of this model means the database is in use: ``qms_restore`` refuses it."""
    if label not in _in_use:
        _in_use.append(label)


def restore_guards():
    return list(_in_use)


# Roles ----------------------------------------------------------------------------


def grant(role, permissions):
    """Give the role group (a name of qms.roles) these "app_label.codename" permissions.

    qms.roles.sync_roles brings each group to exactly the core's permissions
    plus everything granted here.
    """
    _role_permissions.setdefault(role, set()).update(permissions)


def granted():
    """{role name: set of "app_label.codename"} declared by the apps."""
    return {role: set(perms) for role, perms in _role_permissions.items()}


# The portal -----------------------------------------------------------------------


@dataclass(frozen=True)
class MenuItem:
    label: str  # translatable (gettext_lazy)
    url_name: str
    shown_to: str | None = None  # dotted path of a callable (user) -> bool; None: everyone signed in


def add_portal_menu_item(label, url_name, *, order=DEFAULT, shown_to=None):
    """A link of the portal's main menu, before Notifications: shown to signed-in people,
    or, with ``shown_to`` (the dotted path of a callable taking the user), to those it accepts."""
    _portal_menu.add(url_name, MenuItem(label, url_name, shown_to), order)


def portal_menu():
    return _portal_menu.values()


# Indicators of the province's oversight ---------------------------------------------


def set_management_review_source(path):
    """A callable (agency_ids, year) -> {agency id: date of the management review held that year}.

    The province's dashboard shows "—" for an agency the source leaves out, and
    for every agency while no app provides one. It must use a constant number
    of queries whatever the number of agencies. The first registration is kept.
    """
    _management_review_sources.add(path, path, DEFAULT)


def management_review_sources():
    return _management_review_sources.values()


def set_quality_objectives_source(path):
    """A callable (agency_id, year) -> [{"indicator", "department", "target", "latest", "achievement",
    "met"}]: the agency's quality objectives of the year with their current achievement.

    A document citing its objectives (the "Quality objectives" block of procedures) shows them live
    on its reading page; while no app provides a source, the page shows none. The first
    registration is kept.
    """
    _quality_objective_sources.add(path, path, DEFAULT)


def quality_objectives_sources():
    return _quality_objective_sources.values()


# Agencies -------------------------------------------------------------------------


def add_agency_set_up(path, *, order=DEFAULT):
    """A callable taking (agency), idempotent, run when an agency is created (after its groups)."""
    _agency_set_ups.add(path, path, order)


def agency_set_ups():
    return _agency_set_ups.values()


# Images ---------------------------------------------------------------------------


def add_image_reader(path):
    """A callable (user, name) -> bool: whether the user may see the stored image file ``name`` (an original
    under ``original_images/`` or a rendition under ``images/``) because something they may read shows it.

    qms.media_views serves an image to people with an image permission on its collection, and to those
    any image reader says yes to.
    """
    _image_readers.add(path, path, DEFAULT)


def image_readers():
    return _image_readers.values()


# Signatures -----------------------------------------------------------------------

_pending_signature_sources = _Ordered()


def add_pending_signature_source(path):
    """A callable (agency_id) -> [(what, since, why)]: files of the agency issued unsigned, waiting for its key.

    The agency's certificate screen (qms.signing_admin) lists them, so the ISO secretary sees what the
    daily duty will sign when the key is back. At most a page of rows each; a constant number of queries.
    """
    _pending_signature_sources.add(path, path, DEFAULT)


def pending_signatures(agency_id):
    from django.utils.module_loading import import_string

    return [row for path in _pending_signature_sources.values() for row in import_string(path)(agency_id)]
