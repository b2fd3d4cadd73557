"""The candidate list the geoparser's names index shares between mentions of one spelling.

Kept in a module of its own because it subclasses ``list``: the geoparser's modules can be
compiled with mypyc (see the README), which cannot compile a subclass of a built-in type; this
one stays interpreted.
"""

from __future__ import annotations


class _Cands(list):
    """The candidates of one (skeleton, spelling), shared by every mention of that spelling
    (``_Index.hit_cache``), with the aggregates the filters and the ranking read (worked out
    on first use, see :func:`_cand_stats`)."""

    __slots__ = ("stats", "bases")

    def __init__(self) -> None:
        super().__init__()
        self.stats: tuple | None = None
        self.bases: dict[tuple, list[tuple[float, int, float, str, bool]]] = {}
