"""`manage.py db_worker`: django-tasks-db's worker that also recovers the
tasks of a worker that died mid-job (see qms/worker.py)."""

from django_tasks_db.management.commands import db_worker

from qms import worker


class Command(db_worker.Command):
    help = "Run a database background worker; requeue the tasks of workers that died."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--recover-every",
            type=db_worker.valid_interval,
            default=60.0,
            help="Seconds between two looks for tasks abandoned by a dead worker (default: %(default)r).",
        )

    def handle(self, *args, recover_every=60.0, **options):
        # The parent command builds its Worker by this module-level name.
        original = db_worker.Worker
        db_worker.Worker = lambda **kwargs: worker.RecoveringWorker(recover_every=recover_every, **kwargs)
        try:
            return super().handle(*args, **options)
        finally:
            db_worker.Worker = original
