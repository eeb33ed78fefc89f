"""The uploads of planning/one-stop/ by what they hold: dossier statistics (planning.onestop_import)
or citizens' satisfaction survey results (planning.satisfaction_import)."""

from planning import onestop_import, satisfaction_import
from planning.models import OneStopImport

PARSERS = {
    OneStopImport.Kind.DOSSIERS: (onestop_import.parse, onestop_import.write_statistics),
    OneStopImport.Kind.SATISFACTION: (satisfaction_import.parse, satisfaction_import.write),
}


def preview(upload):
    """(rows, errors) of a stored upload, without writing anything."""
    parse, _write = PARSERS[upload.kind]
    try:
        return parse(upload.agency, upload.original_name, onestop_import.read_stored(upload)), []
    except onestop_import.ImportRejected as rejected:
        return [], rejected.errors


def confirm(upload, user):
    parse, write = PARSERS[upload.kind]
    return onestop_import.confirm(upload, user, parse=parse, write=write)
