"""Batch runs: sweep grids, Monte Carlo samples, many scenarios; executors, the results store.

Modules: ``grid.py`` (grid specs), ``sampling.py`` (Monte Carlo draws), ``plan.py`` (the runs of a
batch), ``fastpath.py`` (the warm re-solve), ``worker.py`` (solving chunks), ``executors.py`` (local
processes, Dask), ``store.py`` (results store, resume), ``runner.py`` (orchestration), ``progress.py`` (the progress bar),
``summary.py`` (status table, Monte Carlo summary, tornado).
"""
