"""The point-attribution index: a regular grid over the bundled boundary layers.

Boundaries change rarely and incident tables are large, so instead of a tree query per point
and per layer, the layers are rasterised once into a grid of ``1/RES`` degree cells. A cell
whose closed box touches no boundary of a layer lies wholly inside one unit of that layer (or
wholly outside all of them): every point in it gets that unit by array lookup. Only points in
*boundary cells* get an exact shapely test against the layer's polygons (STRtree,
``intersects``), and that exact test applies the project's rule for points on shared
boundaries: the lowest pcode among the polygons the point intersects (the same rule the data
build uses). The answers are therefore identical to a plain point-in-polygon join.

Building the grid (per layer):

1. every polygon boundary is sampled at a quarter of a cell; the cells of the samples, dilated
   by one cell, are the *candidate* boundary cells (a boundary point lies within an eighth of a
   cell of a sample, so it lies in a sample's cell or one of its 8 neighbours);
2. candidates are tested exactly against the boundary segments (each box slightly enlarged so
   that floating-point rounding of a point into a neighbour cell cannot matter);
3. the remaining cells are split into 4-connected components (scipy.ndimage.label); two
   edge-adjacent cells that both avoid every boundary lie in the same units, so one
   point-in-polygon test per component labels the whole component.

The per-layer answers are combined into one ``combo`` id per cell and a small table
``combos[combo, layer]`` (unit index, ``OUTSIDE`` or ``BOUNDARY``). The data build stores the
grid with the layers (``data/gazetteer/grid.npz``, ~150 kB, with the checksums of the layer
files it was built from); when that file is missing or does not match the layers (e.g. with
``$GEOINCIDENTS_DATA`` pointing at other data), the grid is built once (~10 s) and cached under
the user cache directory (``$GEOINCIDENTS_CACHE``, else ``$XDG_CACHE_HOME/geoincidents``, else
``~/.cache/geoincidents``), keyed by those checksums.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import numpy as np
import shapely

from .data import data_dir, load_layer, manifest

__all__ = ["GRID_LAYERS", "RES", "BLOCK", "Grid", "LayerIndex", "layer_index", "grid", "cache_dir",
           "write_bundled"]

#: Layers rasterised into the grid, in the order of the ``combos`` table columns.
GRID_LAYERS = ("adm0", "adm1", "adm2", "adm3", "disputed", "disputed_extended", "kri")
#: Cells per degree (a cell is ~0.9 km at these latitudes).
RES = 256
OUTSIDE = -1
BOUNDARY = -2
_FORMAT = 1  # bump when the cached file layout or the build rule changes
_EPS = 1e-9  # degrees added around each cell box in the exact boundary test


@dataclass(frozen=True)
class LayerIndex:
    """One polygon layer with its units sorted by code, so the lowest index is the lowest code."""

    name: str
    codes: np.ndarray  # object array of str, sorted
    names: np.ndarray  # object array of str (unit names, same order)
    geoms: np.ndarray  # shapely polygons, same order
    tree: shapely.STRtree

    def locate_exact(self, points: np.ndarray) -> np.ndarray:
        """Unit index (lowest code among the polygons each point intersects) or OUTSIDE."""
        out = np.full(len(points), np.iinfo(np.int32).max, dtype=np.int64)
        if len(points):
            # bbox candidates from the tree, then the exact test with the *polygon* prepared
            # (a tree query with a predicate prepares the point, which is no help)
            pi, ui = self.tree.query(points)
            hit = shapely.intersects(self.geoms[ui], points[pi])
            np.minimum.at(out, pi[hit], ui[hit])
        out[out == np.iinfo(np.int32).max] = OUTSIDE
        return out.astype(np.int32)


def _make_index(name: str, codes, names, geoms) -> LayerIndex:
    codes = np.asarray(codes, dtype=object)
    order = np.argsort(codes.astype(str), kind="stable")
    geoms = np.asarray(geoms, dtype=object)[order]
    shapely.prepare(geoms)
    return LayerIndex(
        name=name,
        codes=codes[order],
        names=np.asarray(names, dtype=object)[order],
        geoms=geoms,
        tree=shapely.STRtree(geoms),
    )


@cache
def layer_index(name: str) -> LayerIndex:
    """The bundled layer ``name`` as a :class:`LayerIndex` (built once per process)."""
    gdf = load_layer(name)
    return _make_index(name, gdf[f"{name}_code"].to_numpy(), gdf[f"{name}_name"].to_numpy(),
                       gdf.geometry.to_numpy())


def user_layer_index(name: str, codes, names, geoms) -> LayerIndex:
    """A :class:`LayerIndex` over a user's polygons (no grid; exact tests only)."""
    return _make_index(name, codes, names, geoms)


#: Side of the square blocks of cells the grid is stored in (see :class:`Grid`).
BLOCK = 8


@dataclass(frozen=True)
class Grid:
    """The rasterised layers: a combo id per cell, ``combos[id]`` the per-layer answers.

    Cells are kept in ``BLOCK`` x ``BLOCK`` blocks: most blocks lie inside one combination of
    units (one id for the whole block, ``blocks[by, bx] >= 0``); only blocks a boundary
    crosses keep their cells, as a tile (``tiles[~blocks[by, bx]]``). That holds the ~7 M
    cells in ~2 MB instead of ~14 MB, which counts when 5 M points must fit in memory too.
    """

    x0: float
    y0: float
    res: int
    shape: tuple[int, int]  # (ny, nx) cells
    blocks: np.ndarray  # (ceil(ny/BLOCK), ceil(nx/BLOCK)): combo id, or ~tile for mixed blocks
    tiles: np.ndarray  # (ntiles, BLOCK * BLOCK) combo ids of the mixed blocks' cells
    combos: np.ndarray  # (ncombos, len(GRID_LAYERS)) int16

    @classmethod
    def from_cells(cls, x0: float, y0: float, res: int, cells: np.ndarray, combos: np.ndarray) -> Grid:
        ny, nx = cells.shape
        nby, nbx = -(-ny // BLOCK), -(-nx // BLOCK)
        # edge padding: the padded cells are never looked up, and it keeps edge blocks uniform
        padded = np.pad(cells, ((0, nby * BLOCK - ny), (0, nbx * BLOCK - nx)), mode="edge")
        flat = padded.reshape(nby, BLOCK, nbx, BLOCK).swapaxes(1, 2).reshape(nby * nbx, BLOCK * BLOCK)
        del padded
        mixed = ~(flat == flat[:, :1]).all(axis=1)
        n_tiles = int(mixed.sum())
        dtype = np.int16 if max(n_tiles, len(combos)) < np.iinfo(np.int16).max else np.int32
        blocks = flat[:, 0].astype(dtype)
        blocks[mixed] = ~np.arange(n_tiles, dtype=dtype)
        return cls(x0=float(x0), y0=float(y0), res=int(res), shape=(int(ny), int(nx)),
                   blocks=blocks.reshape(nby, nbx), tiles=np.ascontiguousarray(flat[mixed]),
                   combos=combos)

    @property
    def cells(self) -> np.ndarray:
        """The full (ny, nx) array of combo ids (built on demand: for saving and tests)."""
        nby, nbx = self.blocks.shape
        flat = np.repeat(self.blocks.reshape(-1, 1), BLOCK * BLOCK, axis=1).astype(self.tiles.dtype)
        mixed = self.blocks.ravel() < 0
        flat[mixed] = self.tiles[~self.blocks.ravel()[mixed]]
        full = flat.reshape(nby, nbx, BLOCK, BLOCK).swapaxes(1, 2).reshape(nby * BLOCK, nbx * BLOCK)
        ny, nx = self.shape
        return np.ascontiguousarray(full[:ny, :nx])

    def lookup(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Per point, the row of ``combos`` for its cell; -1 where the point is off the grid.

        Non-finite coordinates are off the grid.
        """
        ny, nx = self.shape
        with np.errstate(invalid="ignore", over="ignore"):
            fx = np.floor((x - self.x0) * self.res)
            fy = np.floor((y - self.y0) * self.res)
        ok = np.isfinite(fx) & np.isfinite(fy) & (fx >= 0) & (fx < nx) & (fy >= 0) & (fy < ny)
        out = np.full(len(x), -1, dtype=np.int32)
        ix = fx[ok].astype(np.intp)
        iy = fy[ok].astype(np.intp)
        del fx, fy
        b = self.blocks[iy // BLOCK, ix // BLOCK].astype(np.int32)
        mixed = np.flatnonzero(b < 0)
        if len(mixed):
            iy, ix = iy[mixed], ix[mixed]
            b[mixed] = self.tiles[~b[mixed], (iy % BLOCK) * BLOCK + ix % BLOCK]
        out[ok] = b
        return out


def cache_dir() -> Path:
    """Where the grid cache lives (see module docstring)."""
    env = os.environ.get("GEOINCIDENTS_CACHE")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "geoincidents"


def _cache_key(res: int) -> str:
    files = manifest().get("files", {})
    blob = json.dumps(
        {"files": {k: files.get(f"{k}.parquet") for k in GRID_LAYERS}, "res": res,
         "format": _FORMAT, "data": str(data_dir())},
        sort_keys=True,
    )
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def _boundary_segments(geoms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start and end points (n, 2) of every boundary segment of the polygons."""
    lines = shapely.get_parts(shapely.boundary(geoms))
    coords, idx = shapely.get_coordinates(lines, return_index=True)
    same = idx[1:] == idx[:-1]
    return coords[:-1][same], coords[1:][same]


def _rasterise(index: LayerIndex, x0: float, y0: float, res: int, shape: tuple[int, int]) -> np.ndarray:
    from scipy import ndimage

    ny, nx = shape
    cell = 1.0 / res
    a, b = _boundary_segments(index.geoms)
    # 1. candidate cells: samples every quarter cell along each segment, dilated by one cell
    seg_len = np.hypot(*(b - a).T)
    n = np.maximum(np.ceil(seg_len / (cell / 4)).astype(np.int64), 1) + 1
    seg = np.repeat(np.arange(len(a)), n)
    t = (np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)) / np.repeat(n - 1, n)
    pts = a[seg] + (b[seg] - a[seg]) * t[:, None]
    ix = np.floor((pts[:, 0] - x0) * res).astype(np.int64)
    iy = np.floor((pts[:, 1] - y0) * res).astype(np.int64)
    cand = np.zeros(shape, dtype=bool)
    cand[np.clip(iy, 0, ny - 1), np.clip(ix, 0, nx - 1)] = True
    cand = ndimage.binary_dilation(cand, structure=np.ones((3, 3), dtype=bool))
    # 2. exact: which candidate boxes (slightly enlarged) touch a boundary segment
    cy, cx = np.nonzero(cand)
    boxes = shapely.box(x0 + cx * cell - _EPS, y0 + cy * cell - _EPS,
                        x0 + (cx + 1) * cell + _EPS, y0 + (cy + 1) * cell + _EPS)
    segments = shapely.linestrings(np.stack([a, b], axis=1))
    hit = np.unique(shapely.STRtree(segments).query(boxes, predicate="intersects")[0])
    boundary = np.zeros(shape, dtype=bool)
    boundary[cy[hit], cx[hit]] = True
    # 3. label the boundary-free components, one point-in-polygon test each
    labels, count = ndimage.label(~boundary)
    # any cell of a component represents it (fancy assignment keeps one of the duplicates)
    rep = np.zeros(count + 1, dtype=np.int64)
    rep[labels.ravel()] = np.arange(labels.size)
    rep_y, rep_x = np.divmod(rep[1:], nx)
    centres = shapely.points(x0 + (rep_x + 0.5) * cell, y0 + (rep_y + 0.5) * cell)
    comp_unit = np.concatenate([[BOUNDARY], index.locate_exact(centres)]).astype(np.int16)
    return comp_unit[labels]


def _build(res: int, index_of=None) -> Grid:
    index_of = index_of or layer_index
    adm0 = index_of("adm0")
    xmin, ymin, xmax, ymax = shapely.total_bounds(adm0.geoms)
    # one empty cell of margin on each side, on a 1/res lattice
    x0 = np.floor(xmin * res - 1) / res
    y0 = np.floor(ymin * res - 1) / res
    nx = int(np.ceil((xmax - x0) * res)) + 2
    ny = int(np.ceil((ymax - y0) * res)) + 2
    # mixed-radix key, one layer at a time (values are >= -2 and < 510: 9 bits per layer), so
    # only one layer's raster is alive at once
    key = np.zeros(ny * nx, dtype=np.int64)
    for name in GRID_LAYERS:
        r = _rasterise(index_of(name), x0, y0, res, (ny, nx)).ravel()
        key <<= 9
        key |= r.astype(np.int64) + 2
        del r
    uniq, inverse = np.unique(key, return_inverse=True)
    del key
    nl = len(GRID_LAYERS)
    combos = np.stack([((uniq >> (9 * (nl - 1 - j))) & 511) - 2 for j in range(nl)], axis=1)
    dtype = np.int16 if len(uniq) < np.iinfo(np.int16).max else np.int32
    return Grid.from_cells(x0, y0, res, inverse.reshape(ny, nx).astype(dtype), combos.astype(np.int16))


def _layer_files(folder: Path) -> dict[str, str]:
    """Checksums (as in manifest.json) of the grid layers' files in ``folder``."""
    return {n: hashlib.sha256((folder / f"{n}.parquet").read_bytes()).hexdigest()[:16]
            for n in GRID_LAYERS}


def _save(g: Grid, path: Path, files: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # write then rename, so a concurrent process never reads a half-written file
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".npz.tmp")
    with os.fdopen(fd, "wb") as fh:
        np.savez_compressed(fh, x0=g.x0, y0=g.y0, res=g.res, cells=g.cells, combos=g.combos,
                            format=_FORMAT, files=json.dumps(files, sort_keys=True))
    os.chmod(tmp, 0o644)  # mkstemp makes 0600; the file is data, readable by all
    os.replace(tmp, path)


def _load(path: Path, res: int, files: dict[str, str] | None) -> Grid | None:
    """The grid in ``path`` if it is readable and was built from these layers at this res."""
    try:
        with np.load(path) as z:
            if int(z["format"]) != _FORMAT or int(z["res"]) != res:
                return None
            if files is not None and json.loads(str(z["files"])) != files:
                return None
            return Grid.from_cells(float(z["x0"]), float(z["y0"]), int(z["res"]), z["cells"], z["combos"])
    except (OSError, ValueError, KeyError):
        return None  # missing, truncated or foreign: the caller builds


def write_bundled(folder: str | Path, res: int = RES) -> Path:
    """Build the grid for the layers in ``folder`` and store it there as ``grid.npz``.

    Called by ``scripts/build_gazetteer.py`` so that installed copies never build at run time.
    """
    import geopandas as gpd

    folder = Path(folder)

    def index_of(name: str) -> LayerIndex:  # the layers in folder, not the installed data
        gdf = gpd.read_parquet(folder / f"{name}.parquet")
        return _make_index(name, gdf[f"{name}_code"].to_numpy(), gdf[f"{name}_name"].to_numpy(),
                           gdf.geometry.to_numpy())

    path = folder / "grid.npz"
    _save(_build(res, index_of), path, _layer_files(folder))
    return path


def _load_or_build(res: int) -> Grid:
    files = {n: manifest().get("files", {}).get(f"{n}.parquet") for n in GRID_LAYERS}
    bundled = _load(data_dir() / "grid.npz", res, files)
    if bundled is not None:
        return bundled
    path = cache_dir() / f"grid-{_cache_key(res)}.npz"
    cached = _load(path, res, files)
    if cached is not None:
        return cached
    g = _build(res)
    try:
        _save(g, path, files)
    except OSError:
        pass  # a read-only home is fine: the grid is still cached for this process
    return g


@lru_cache(maxsize=4)
def grid(res: int = RES) -> Grid:
    """The bundled layers' grid (built or loaded once per process)."""
    return _load_or_build(res)
