"""Observe: read the official sanctions lists, link entities across them, measure alignment.

The readers turn each jurisdiction's published list into
:class:`~accord.observe.records.Designation` records (one per listing; :mod:`accord.observe.ftm`
makes FollowTheMoney entities of them); :mod:`accord.observe.link`
joins the same person, company or vessel across lists; :mod:`accord.observe.align` measures
who followed whom, how fully and how late; :mod:`accord.observe.replay` turns the observed
history into Accord events so the simulator's cohesion metric runs on it.
"""

from __future__ import annotations

from accord.observe.records import Designation, ListsError, Precision, ReadReport

__all__ = ["Designation", "ListsError", "Precision", "ReadReport"]
