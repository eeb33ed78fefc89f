"""Benchmarks (``make bench``). Each bench/*.py module with a ``run()`` function
is one benchmark; ``python -m bench`` runs them all, each in its own process."""
