"""geoincidents: conflict and security reporting turned into maps people can trust.

Entry points: :class:`Gazetteer` (place names to geometries), :func:`read_incidents`,
:func:`attribute` and :func:`aggregate` (incidents joined to governorates, districts,
sub-districts, the disputed territories and the Kurdistan Region), :func:`geoparse` (places and
incidents in news text), :func:`render_map` / :func:`render_static` (maps), :func:`load_layer`
(the bundled boundary layers).
"""

from __future__ import annotations

from .data import load_layer, load_table
from .errors import CRSError, DataError, GeocoderError, GeoIncidentsError, InputError
from .gazetteer import Candidate, Gazetteer, Resolution
from .precision import Precision

__version__ = "0.1.0"

__all__ = [
    "Gazetteer", "Resolution", "Candidate", "Precision",
    "load_layer", "load_table",
    "read_incidents", "write_incidents", "attribute", "aggregate", "compare_admin", "compare_admin_summary", "geoparse", "render_map", "save_map", "render_static",
    "GeoIncidentsError", "DataError", "InputError", "CRSError", "GeocoderError",
]


def __getattr__(name: str):
    # Heavier modules (folium, matplotlib) load only when their entry point is first used.
    if name in ("read_incidents", "write_incidents", "to_acled", "to_ucdp"):
        from . import incidents
        return getattr(incidents, name)
    if name in ("attribute", "aggregate", "compare_admin", "compare_admin_summary"):
        from . import join
        return getattr(join, name)
    if name == "geoparse":
        from .geoparse import geoparse
        return geoparse
    if name in ("render_map", "save_map", "render_static"):
        from . import render
        return getattr(render, name)
    raise AttributeError(f"module 'geoincidents' has no attribute {name!r}")
