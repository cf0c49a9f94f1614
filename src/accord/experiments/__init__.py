"""Experiments at scale: compare designs, sweeps, sensitivity, scenario discovery.

Everything here runs a simulator through one contract (:class:`Evaluator`), on common
random numbers, chunked and resumable, on local cores or a Ray cluster. The commands
live in :mod:`accord.experiments.commands`; their command-line form in
:mod:`accord.experiments.cli`.
"""

from accord.experiments.contract import Design, Evaluator, Metrics, resolve_evaluator

__all__ = ["Design", "Evaluator", "Metrics", "resolve_evaluator"]
