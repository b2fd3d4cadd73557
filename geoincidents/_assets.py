"""The JavaScript and CSS that geoincidents maps need, taken from installed packages.

Offline maps inline Leaflet (XStatic-Leaflet 1.9.3, the version folium loads from its CDN),
Leaflet.markercluster (XStatic-Leaflet-MarkerCluster) and Leaflet.heat (shipped inside folium's
own ``templates`` folder), so a saved map works right after ``pip install`` with no network.
This module also holds the small runtime (``RUNTIME_JS``) every geoincidents map carries: it reads
the compact incident arrays, draws them, and builds popups, tooltips and the legend from DOM text
nodes, so no data value is ever parsed as HTML unless the caller opted in to trusted HTML.

:func:`local_asset` maps a CDN address folium would load to the local copy, for browser tests and
benchmarks that route CDN requests to disk.
"""

from __future__ import annotations

import base64
import re
from functools import lru_cache
from pathlib import Path

from .errors import DataError

__all__ = [
    "RUNTIME_JS",
    "RUNTIME_CSS",
    "leaflet_js",
    "leaflet_css",
    "markercluster_js",
    "markercluster_css",
    "heat_js",
    "local_asset",
    "script_safe",
]


def _xstatic_dir(module: str) -> Path:
    try:
        mod = __import__(f"xstatic.pkg.{module}", fromlist=["BASE_DIR"])
    except ImportError as exc:  # pragma: no cover - declared dependency
        raise DataError(
            f"offline maps need the xstatic-{module.replace('_', '-')} package; pip install it"
        ) from exc
    return Path(mod.BASE_DIR)


def _read(path: Path) -> str:
    if not path.is_file():
        raise DataError(f"map asset {path} is missing; reinstall its package")
    text = path.read_text(encoding="utf-8")
    # A source map comment would make developer tools fetch a file the page does not carry.
    return re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", text)


def script_safe(code: str) -> str:
    """JavaScript source made safe to place inside an inline ``<script>`` element."""
    # "</script" ends the element wherever it appears; "<!--" can start the double-escaped state.
    code = re.sub(r"</(script)", r"<\\/\1", code, flags=re.IGNORECASE)
    return code.replace("<!--", "<\\!--")


@lru_cache(maxsize=1)
def leaflet_js() -> str:
    return _read(_xstatic_dir("leaflet") / "leaflet.js")


@lru_cache(maxsize=1)
def leaflet_css() -> str:
    base = _xstatic_dir("leaflet")
    css = _read(base / "leaflet.css")

    def inline(match: re.Match) -> str:
        img = base / match.group(1)
        data = base64.b64encode(img.read_bytes()).decode("ascii")
        return f"url(data:image/png;base64,{data})"

    # The layer-control icon must not point at a file next to a CSS file that is not there.
    return re.sub(r"url\((images/[\w.-]+\.png)\)", inline, css)


@lru_cache(maxsize=1)
def markercluster_js() -> str:
    return _read(_xstatic_dir("leaflet_markercluster") / "leaflet.markercluster.js")


@lru_cache(maxsize=1)
def markercluster_css() -> str:
    base = _xstatic_dir("leaflet_markercluster")
    return _read(base / "MarkerCluster.css") + "\n" + _read(base / "MarkerCluster.Default.css")


@lru_cache(maxsize=1)
def heat_js() -> str:
    import folium

    return _read(Path(folium.__file__).resolve().parent / "templates" / "leaflet_heat.min.js")


def local_asset(url: str) -> tuple[bytes, str] | None:
    """The local copy of a CDN asset folium or geoincidents loads, as (body, content type).

    ``None`` for assets no installed package ships (jQuery, Bootstrap, Font Awesome, ...).
    """
    name = url.split("?", 1)[0].rsplit("/", 1)[-1]
    js, css = "application/javascript", "text/css"
    if "leaflet" in url and name in ("leaflet.js", "leaflet-src.js"):
        return leaflet_js().encode(), js
    if "leaflet" in url and name == "leaflet.css":
        return leaflet_css().encode(), css
    if name in ("leaflet.markercluster.js", "leaflet.markercluster-src.js"):
        return markercluster_js().encode(), js
    if name in ("MarkerCluster.css", "MarkerCluster.Default.css"):
        path = _xstatic_dir("leaflet_markercluster") / name
        return path.read_bytes(), css
    if name in ("leaflet_heat.min.js", "leaflet-heat.js"):
        return heat_js().encode(), js
    if "leaflet" in url and "/images/" in url and name.endswith(".png"):
        path = _xstatic_dir("leaflet") / "images" / name
        if path.is_file():
            return path.read_bytes(), "image/png"
    return None


RUNTIME_CSS = """
.gi-popup{font:12px/1.35 system-ui,sans-serif;max-width:340px;max-height:320px;overflow:auto}
.gi-incident{margin:0 0 6px 0;padding:0 0 6px 0;border-bottom:1px solid #ddd}
.gi-incident:last-child{border-bottom:0}
.gi-h{font-weight:600;font-size:13px;margin-bottom:2px}
.gi-row{margin:1px 0;overflow-wrap:anywhere}
.gi-k{color:#555;margin-right:4px}
.gi-more{color:#555;font-style:italic}
.gi-legend,.gi-title,.gi-time{background:rgba(255,255,255,.92);padding:6px 8px;border-radius:4px;
 box-shadow:0 1px 4px rgba(0,0,0,.3);font:12px/1.3 system-ui,sans-serif}
.gi-legend{max-width:270px}
.gi-legend .gi-sw{display:inline-block;width:11px;height:11px;border-radius:50%;margin-right:5px;
 vertical-align:middle;border:1px solid #333}
.gi-legend .gi-sq{display:inline-block;width:14px;height:10px;margin-right:5px;vertical-align:middle}
.gi-legend div{overflow-wrap:anywhere}
.gi-title{font-size:14px;font-weight:600}
.gi-time input{width:200px;display:block}
.leaflet-container.gi-offline{background:#cddfec}
"""

# The runtime is ours and small, so every map carries it inline, online or offline.
RUNTIME_JS = r"""
(function () {
"use strict";
if (window.geoincidents && window.geoincidents.version) { return; }
var gi = window.geoincidents = {version: 1, pending: 0, maps: []};
window.__geoincidents = {drawn: 0, points: 0, shapes: 0, located: 0, rows: 0};

function el(tag, cls, text) {
  var e = document.createElement(tag);
  if (cls) { e.className = cls; }
  if (text !== undefined && text !== null) { e.textContent = String(text); }
  return e;
}
gi.el = el;

gi.read = function (id) {
  return JSON.parse(document.getElementById(id).textContent);
};

gi.fixZoom = function (map) {
  // Without a tile layer Leaflet has no maxZoom, which marker clustering needs.
  if (map.options.maxZoom === undefined) { map.options.maxZoom = 18; }
  if (map.options.minZoom === undefined) { map.options.minZoom = 2; }
};

gi.begin = function () { gi.pending += 1; };
gi.done = function () {
  gi.pending -= 1;
  if (gi.pending <= 0 && gi.allAdded) { gi.markReady(); }
};
gi.finish = function () {
  gi.allAdded = true;
  if (gi.pending <= 0) { gi.markReady(); }
};
gi.markReady = function () {
  // Two frames: the first lets Leaflet schedule its canvas redraw, the second runs after it.
  var raf = window.requestAnimationFrame || function (f) { return setTimeout(f, 16); };
  raf(function () { raf(function () { window.__geoincidents_ready = true; }); });
};

function value(table, name, i) {
  var c = table[name];
  if (c === undefined || c === null) { return null; }
  if (c.p !== undefined) { return c.p[i] === undefined ? null : c.p[i]; }
  if (c.v !== undefined) { var k = c.i[i]; return (k === null || k < 0) ? null : c.v[k]; }
  var x = c[i];
  return (x === undefined) ? null : x;
}
gi.value = value;

function put(parent, node, text, trusted) {
  if (trusted) { node.innerHTML = String(text); } else { node.textContent = String(text); }
  parent.appendChild(node);
}

function row(box, label, text, trusted) {
  if (text === null || text === undefined || text === "") { return; }
  var r = el("div", "gi-row");
  r.appendChild(el("span", "gi-k", label));
  put(r, el("span", "gi-v"), text, trusted);
  box.appendChild(r);
}

function num(x) {
  if (x === null || x === undefined) { return null; }
  return (Math.round(x * 100) / 100).toString();
}

function range(lo, best, hi) {
  if (best === null && lo === null && hi === null) { return null; }
  var s = best !== null ? num(best) : "?";
  if ((lo !== null && lo !== best) || (hi !== null && hi !== best)) {
    s += " (range " + (lo !== null ? num(lo) : "?") + "\u2013" + (hi !== null ? num(hi) : "?") + ")";
  }
  return s;
}

function safeUrl(u) {
  try {
    var p = new URL(String(u), "https://invalid.example/");
    if ((p.protocol === "http:" || p.protocol === "https:") && /^https?:\/\//i.test(String(u))) {
      return p.href;
    }
  } catch (e) { /* not a URL: shown as text */ }
  return null;
}

gi.incidentBox = function (D, i) {
  var P = D.props, tr = !!D.meta.trusted;
  var box = el("div", "gi-incident");
  var type = value(P, "event_type", i), sub = value(P, "sub_event_type", i);
  var head = el("div", "gi-h");
  put(head, el("span"), type !== null ? type : "incident", tr);
  if (sub !== null) { head.appendChild(document.createTextNode(" \u2014 ")); put(head, el("span"), sub, tr); }
  box.appendChild(head);
  var d0 = value(P, "date_start", i), d1 = value(P, "date_end", i);
  var dp = value(P, "date_precision", i);
  var date = d0 === null ? d1 : (d1 === null || d1 === d0 ? d0 : d0 + " to " + d1);
  if (date !== null && dp !== null) { date += " (" + dp + ")"; }
  row(box, "Date:", date, tr);
  row(box, "Place:", value(P, "place_text", i), tr);
  row(box, "Resolved as:", value(P, "resolved_name", i), tr);
  var prec = value(P, "location_precision", i);
  if (prec !== null) {
    var label = D.meta.precision_labels[prec];
    var u = value(P, "uncertainty_km", i), dflt = "";
    if (u === null && D.meta.default_km[prec] !== undefined) { u = D.meta.default_km[prec]; dflt = ", default"; }
    var ptxt = prec + (label ? " \u2014 " + label : "") + (u !== null ? " (\u00b1" + num(u) + " km" + dflt + ")" : "");
    row(box, "Precision:", ptxt, tr);
  }
  var how = [];
  var method = value(P, "resolution_method", i), score = value(P, "resolution_score", i);
  var rsrc = value(P, "resolution_source", i), status = value(P, "resolution_status", i);
  if (method !== null) { how.push("by " + method); }
  if (score !== null) { how.push("score " + num(score)); }
  if (rsrc !== null) { how.push("from " + rsrc); }
  if (status !== null) { how.push("status " + status); }
  if (how.length) { row(box, "Resolved:", how.join(", "), tr); }
  var adm = [];
  ["adm3_name", "adm2_name", "adm1_name"].forEach(function (k) {
    var v = value(P, k, i); if (v !== null) { adm.push(v); }
  });
  row(box, "Admin:", adm.length ? adm.join(", ") : null, tr);
  var flags = [];
  if (value(P, "disputed", i) === true) { flags.push("disputed territories (core)"); }
  if (value(P, "disputed_extended", i) === true) { flags.push("disputed territories (extended)"); }
  if (value(P, "kri", i) === true) { flags.push("Kurdistan Region"); }
  row(box, "In:", flags.length ? flags.join("; ") : null, false);
  row(box, "Actors:", value(P, "actors", i), tr);
  row(box, "Fatalities:", range(value(P, "fatalities_low", i), value(P, "fatalities_best", i),
      value(P, "fatalities_high", i)), false);
  row(box, "Injured:", range(value(P, "injured_low", i), value(P, "injured_best", i),
      value(P, "injured_high", i)), false);
  row(box, "Source:", value(P, "source", i), tr);
  var url = value(P, "source_url", i);
  if (url !== null) {
    var good = safeUrl(url);
    if (good !== null && !tr) {
      var r = el("div", "gi-row");
      r.appendChild(el("span", "gi-k", "Link:"));
      var a = el("a", null, String(url));
      a.href = good; a.target = "_blank"; a.rel = "noopener noreferrer";
      r.appendChild(a); box.appendChild(r);
    } else { row(box, "Link:", url, tr); }
  }
  row(box, "Notes:", value(P, "notes", i), tr);
  row(box, "Location:", value(P, "location_status", i), tr);
  row(box, "ID:", value(P, "id", i), tr);
  return box;
};

function inRing(ring, x, y) {
  var inside = false;
  for (var a = 0, b = ring.length - 1; a < ring.length; b = a++) {
    var xa = ring[a][0], ya = ring[a][1], xb = ring[b][0], yb = ring[b][1];
    if ((ya > y) !== (yb > y) && x < (xb - xa) * (y - ya) / (yb - ya) + xa) { inside = !inside; }
  }
  return inside;
}

gi.contains = function (geom, x, y) {
  var polys = geom.type === "Polygon" ? [geom.coordinates] : geom.type === "MultiPolygon" ? geom.coordinates : [];
  for (var p = 0; p < polys.length; p++) {
    var inside = inRing(polys[p][0], x, y);
    for (var h = 1; inside && h < polys[p].length; h++) { if (inRing(polys[p][h], x, y)) { inside = false; } }
    if (inside) { return true; }
  }
  return false;
};

gi.popupFor = function (D, rows) {
  var div = el("div", "gi-popup");
  var lim = Math.min(rows.length, 25);
  if (rows.length > 1) { div.appendChild(el("div", "gi-h", rows.length + " incidents here")); }
  for (var k = 0; k < lim; k++) { div.appendChild(gi.incidentBox(D, rows[k])); }
  if (rows.length > lim) { div.appendChild(el("div", "gi-more", "and " + (rows.length - lim) + " more")); }
  return div;
};

gi.tooltipFor = function (D, rows, label) {
  var P = D.props, i = rows[0], tr = !!D.meta.trusted;
  var div = el("div", "gi-tip");
  if (rows.length > 1) {
    div.appendChild(document.createTextNode(rows.length + " incidents"));
    if (label) { div.appendChild(document.createTextNode(" \u2014 ")); put(div, el("span"), label, tr); }
    return div;
  }
  var t = value(P, "event_type", i), p = value(P, "place_text", i), d = value(P, "date_start", i);
  put(div, el("span"), t !== null ? t : "incident", tr);
  if (p !== null) { div.appendChild(document.createTextNode(" \u2014 ")); put(div, el("span"), p, tr); }
  if (d !== null) { div.appendChild(document.createTextNode(" (" + d + ")")); }
  return div;
};

function visibleRow(D, i, lo, hi) {
  if (lo === null) { return true; }
  var a = D.days0[i], b = D.days1[i];
  if (a === null && b === null) { return true; }
  if (a === null) { a = b; }
  if (b === null) { b = a; }
  return a <= hi && b >= lo;  // the interval overlaps the window: it respects date ranges
}

// Points drawn straight onto one canvas from the compact arrays: no Leaflet object per incident,
// so 100k incidents draw in tens of milliseconds. Hit-testing uses a screen grid rebuilt per draw.
gi.CanvasPoints = L.Layer.extend({
  initialize: function (D) {
    this._D = D;
    var pts = D.points, n = pts.t.length, scale = D.meta.coord_scale;
    var mx = this._mx = new Float64Array(n), my = this._my = new Float64Array(n);
    var coslat = this._cos = new Float64Array(n);
    for (var k = 0; k < n; k++) {
      var lon = pts.c[2 * k] / scale, lat = pts.c[2 * k + 1] / scale;
      var s = Math.sin(Math.max(-85.05, Math.min(85.05, lat)) * Math.PI / 180);
      mx[k] = (lon + 180) / 360;
      my[k] = 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI);
      coslat[k] = Math.cos(lat * Math.PI / 180);
    }
    this._idx = null;
  },
  setIndices: function (idx) { this._idx = idx; if (this._map) { this._redraw(); } },
  onAdd: function (map) {
    var c = this._canvas = L.DomUtil.create("canvas", "gi-canvas");
    c.style.position = "absolute"; c.style.pointerEvents = "none";
    this.getPane().appendChild(c);
    map.on("moveend resize viewreset zoomend", this._redraw, this);
    map.on("zoomstart", this._hide, this);
    map.on("mousemove", this._move, this);
    map.on("click", this._click, this);
    this._redraw();
  },
  onRemove: function (map) {
    L.DomUtil.remove(this._canvas);
    map.off("moveend resize viewreset zoomend", this._redraw, this);
    map.off("zoomstart", this._hide, this);
    map.off("mousemove", this._move, this);
    map.off("click", this._click, this);
    map.closeTooltip(this._tip || null);
  },
  _hide: function () { this._canvas.style.visibility = "hidden"; },
  _redraw: function () {
    // At most one draw per frame: adding the layer and fitting the view both ask for one.
    if (this._frame) { return; }
    var self = this, raf = window.requestAnimationFrame || function (f) { return setTimeout(f, 16); };
    gi.begin();
    this._frame = raf(function () { self._frame = null; self._draw(); gi.done(); });
  },
  _sprite: function (colour, r, ring) {
    // A circle rasterised once by the browser, kept as premultiplied RGBA floats, then stamped
    // into one pixel buffer per draw: no path or drawImage call per incident.
    var key = colour + (ring ? "R" : "M") + r, cache = this._sprites || (this._sprites = {});
    var sp = cache[key];
    if (sp) { return sp; }
    var dpr = window.devicePixelRatio || 1, size = Math.ceil((2 * r + 4) * dpr);
    var cv = document.createElement("canvas"); cv.width = size; cv.height = size;
    var ctx = cv.getContext("2d", {willReadFrequently: true}); ctx.scale(dpr, dpr);
    ctx.beginPath(); ctx.arc(r + 2, r + 2, r, 0, 2 * Math.PI);
    ctx.fillStyle = colour;
    if (ring) {
      // Outline only: a faint fill would cost a stamp of every pixel inside every ring.
      ctx.globalAlpha = 0.75; ctx.setLineDash([4, 3]);
      ctx.strokeStyle = colour; ctx.lineWidth = 1; ctx.stroke();
    } else {
      ctx.globalAlpha = 0.85; ctx.fill(); ctx.globalAlpha = 0.9;
      ctx.strokeStyle = "#1b1b1b"; ctx.lineWidth = 0.8; ctx.stroke();
    }
    var data = ctx.getImageData(0, 0, size, size).data, nz = [], px = [];
    for (var q = 0; q < size * size; q++) {
      var a = data[4 * q + 3] / 255;
      if (a === 0) { continue; }
      nz.push(q);
      px.push(data[4 * q] / 255 * a, data[4 * q + 1] / 255 * a, data[4 * q + 2] / 255 * a, a);
    }
    sp = cache[key] = {w: size, off: Math.floor(size / 2), nz: new Int32Array(nz),
      px: new Float32Array(px)};
    return sp;
  },
  _stamp: function (acc, W, H, sp, cx, cy) {
    var x0 = Math.round(cx) - sp.off, y0 = Math.round(cy) - sp.off, w = sp.w;
    var nz = sp.nz, px = sp.px, j, o, s, ia;
    if (x0 >= 0 && y0 >= 0 && x0 + w <= W && y0 + w <= H) {
      if (sp.W !== W) {  // destination offsets of the sprite's pixels, per canvas width
        sp.W = W; sp.rel = new Int32Array(nz.length);
        for (j = 0; j < nz.length; j++) { sp.rel[j] = ((nz[j] / w) | 0) * W + nz[j] % w; }
      }
      var rel = sp.rel, base = y0 * W + x0;
      for (j = 0; j < nz.length; j++) {
        o = (base + rel[j]) << 2; s = j << 2; ia = 1 - px[s + 3];
        acc[o] = px[s] + acc[o] * ia; acc[o + 1] = px[s + 1] + acc[o + 1] * ia;
        acc[o + 2] = px[s + 2] + acc[o + 2] * ia; acc[o + 3] = px[s + 3] + acc[o + 3] * ia;
      }
      return;
    }
    for (j = 0; j < nz.length; j++) {
      var q = nz[j], X = x0 + q % w, Y = y0 + ((q / w) | 0);
      if (X < 0 || Y < 0 || X >= W || Y >= H) { continue; }
      o = (Y * W + X) << 2; s = j << 2; ia = 1 - px[s + 3];
      acc[o] = px[s] + acc[o] * ia; acc[o + 1] = px[s + 1] + acc[o + 1] * ia;
      acc[o + 2] = px[s + 2] + acc[o + 2] * ia; acc[o + 3] = px[s + 3] + acc[o + 3] * ia;
    }
  },
  _draw: function () {
    var map = this._map; if (!map) { return; }
    var D = this._D, pts = D.points, c = this._canvas, size = map.getSize();
    var dpr = window.devicePixelRatio || 1;
    L.DomUtil.setPosition(c, map.containerPointToLayerPoint([0, 0]));
    var W = c.width = Math.round(size.x * dpr), H = c.height = Math.round(size.y * dpr);
    c.style.width = size.x + "px"; c.style.height = size.y + "px"; c.style.visibility = "visible";
    var ctx = c.getContext("2d");
    var zoom = map.getZoom(), world = 256 * Math.pow(2, zoom);
    var origin = map.getPixelBounds().min;
    var idx = this._idx, n = idx ? idx.length : pts.row.length;
    var colours = D.meta.colours;
    var sx = this._sx = new Float32Array(pts.row.length), sy = this._sy = new Float32Array(pts.row.length);
    var on = [], k, j, x, y, r, big = [];
    for (j = 0; j < n; j++) {
      k = idx ? idx[j] : j;
      x = this._mx[k] * world - origin.x; y = this._my[k] * world - origin.y;
      sx[k] = x; sy[k] = y;
      if (x > -220 && y > -220 && x < size.x + 220 && y < size.y + 220) { on.push(k); }
    }
    var acc = this._acc;
    if (!acc || acc.length !== W * H * 4) { acc = this._acc = new Float32Array(W * H * 4); } else { acc.fill(0); }
    // Uncertainty rings first, once they are big enough on screen to mean something.
    var mpp = 40075016.686 / world;  // metres per pixel at the equator
    for (j = 0; j < on.length; j++) {
      k = on[j]; if (!(pts.u[k] > 0)) { continue; }
      r = Math.round(pts.u[k] * 1000 / (mpp * this._cos[k]));
      if (r < 4) { continue; }
      if (r > 60) { big.push([k, r]); continue; }
      this._stamp(acc, W, H, this._sprite(colours[pts.t[k]], r, true), sx[k] * dpr, sy[k] * dpr);
    }
    for (j = 0; j < on.length; j++) {
      k = on[j];
      this._stamp(acc, W, H, this._sprite(colours[pts.t[k]], pts.r[k], false), sx[k] * dpr, sy[k] * dpr);
    }
    var img = ctx.createImageData(W, H), out = img.data;
    for (var o = 0; o < acc.length; o += 4) {
      var a = acc[o + 3];
      if (a <= 0) { continue; }
      out[o] = acc[o] / a * 255; out[o + 1] = acc[o + 1] / a * 255; out[o + 2] = acc[o + 2] / a * 255;
      out[o + 3] = a * 255;
    }
    ctx.putImageData(img, 0, 0);
    if (big.length) {
      // Rings larger than the sprites go underneath what is already drawn.
      ctx.save(); ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.globalCompositeOperation = "destination-over"; ctx.setLineDash([4, 3]);
      for (j = 0; j < big.length; j++) {
        k = big[j][0]; ctx.beginPath(); ctx.arc(sx[k], sy[k], big[j][1], 0, 2 * Math.PI);
        ctx.globalAlpha = 0.75; ctx.strokeStyle = colours[pts.t[k]]; ctx.stroke();
        ctx.globalAlpha = 0.08; ctx.fillStyle = colours[pts.t[k]]; ctx.fill();
      }
      ctx.restore();
    }
    this._vis = on;
    this._grid = null;  // built on first use: most redraws are never hovered
    this._drawn = on.length;
  },
  _buildGrid: function () {
    var grid = this._grid = new Map(), on = this._vis, sx = this._sx, sy = this._sy;
    for (var j = 0; j < on.length; j++) {
      var k = on[j], key = Math.floor(sx[k] / 24) * 100003 + Math.floor(sy[k] / 24);
      var cell = grid.get(key); if (cell) { cell.push(k); } else { grid.set(key, [k]); }
    }
  },
  _hits: function (p) {
    if (!this._vis) { return []; }
    if (!this._grid) { this._buildGrid(); }
    var out = [], g = this._grid, pts = this._D.points;
    var cx = Math.floor(p.x / 24), cy = Math.floor(p.y / 24);
    for (var a = cx - 1; a <= cx + 1; a++) {
      for (var b = cy - 1; b <= cy + 1; b++) {
        var cell = g.get(a * 100003 + b); if (!cell) { continue; }
        for (var q = 0; q < cell.length; q++) {
          var k = cell[q], dx = this._sx[k] - p.x, dy = this._sy[k] - p.y, r = pts.r[k] + 2;
          if (dx * dx + dy * dy <= r * r) { out.push(k); }
        }
      }
    }
    out.sort(function (u, v) { return u - v; });
    return out;
  },
  _rows: function (hits) { var pts = this._D.points; return hits.map(function (k) { return pts.row[k]; }); },
  _move: function (e) {
    var hits = this._hits(e.containerPoint), map = this._map;
    map.getContainer().style.cursor = hits.length ? "pointer" : "";
    if (!hits.length) { if (this._tip) { map.closeTooltip(this._tip); } return; }
    if (!this._tip) { this._tip = L.tooltip({direction: "top", opacity: 0.95}); }
    this._tip.setContent(gi.tooltipFor(this._D, this._rows(hits), null));
    this._tip.setLatLng(map.containerPointToLatLng([this._sx[hits[0]], this._sy[hits[0]]]));
    map.openTooltip(this._tip);
  },
  _click: function (e) {
    var hits = this._hits(e.containerPoint);
    if (!hits.length) { return; }
    L.popup({maxWidth: 360})
      .setLatLng(this._map.containerPointToLatLng([this._sx[hits[0]], this._sy[hits[0]]]))
      .setContent(gi.popupFor(this._D, this._rows(hits))).openOn(this._map);
  }
});

gi.expand = function (D) {
  var pts = D.points, n = pts.t.length;
  if (pts.row === null) {  // every row is a point, in order: the index list was left out
    pts.row = new Array(n);
    for (var k = 0; k < n; k++) { pts.row[k] = k; }
  }
  if (D.days0 === null) { D.days0 = new Array(D.meta.rows).fill(null); }
  if (D.days1 === null) { D.days1 = D.days0; }
  return D;
};

gi.incidents = function (map, dataId, opts) {
  gi.fixZoom(map);
  var D = gi.expand(gi.read(dataId));
  var pts = D.points, n = pts.row.length;
  var canvas = D.meta.renderer === "canvas";
  // Incidents get their own pane above boundaries and choropleths, whatever the order in which
  // Leaflet happens to create renderers. Few shapes, always SVG: a canvas under other layers
  // would swallow their mouse events.
  if (!map.getPane("giIncidents")) { map.createPane("giIncidents").style.zIndex = 420; }
  var svg = L.svg({pane: "giIncidents"});
  var renderer = canvas ? L.canvas({padding: 0.5, pane: "giIncidents"}) : svg;
  var colours = D.meta.colours;
  var group = L.featureGroup();
  group._gi = D;
  var shapes = L.featureGroup().addTo(group);
  var circles = L.featureGroup().addTo(group);
  var useCluster = D.meta.cluster && typeof L.markerClusterGroup === "function";
  var direct = canvas && !useCluster;
  var points = direct ? new gi.CanvasPoints(D) : useCluster
    ? L.markerClusterGroup({chunkedLoading: true, chunkInterval: 150, chunkDelay: 10,
        maxClusterRadius: 45, chunkProgress: function (done, total) {
          if (done === total && points._giPending) { points._giPending = false; gi.done(); }
        }})
    : L.featureGroup();
  if (!direct) { points.addTo(group); }

  var markers = new Array(direct ? 0 : n), rings = new Array(direct ? 0 : n);
  var c = pts.c, scale = D.meta.coord_scale;
  for (var k = 0; k < (direct ? 0 : n); k++) {
    var ll = L.latLng(c[2 * k + 1] / scale, c[2 * k] / scale);
    var col = colours[pts.t[k]];
    var m = L.circleMarker(ll, {renderer: renderer, radius: pts.r[k], color: "#1b1b1b", weight: 1,
      opacity: 0.9, fillColor: col, fillOpacity: 0.85});
    m._giRows = [pts.row[k]];
    markers[k] = m;
    if (pts.u[k] > 0) {
      rings[k] = L.circle(ll, {renderer: renderer, radius: pts.u[k] * 1000, color: col, weight: 1,
        opacity: 0.7, dashArray: "4 3", fillColor: col, fillOpacity: 0.07, interactive: false});
    }
  }
  if (direct) {
    // The canvas layer lives in its own pane above the shapes and follows the incidents group.
    if (!map.getPane("giPoints")) { map.createPane("giPoints").style.zIndex = 450; }
    points.options.pane = "giPoints";
    group.on("add", function () { map.addLayer(points); });
    group.on("remove", function () { map.removeLayer(points); });
  }
  var shapeLayers = [];
  for (var s = 0; s < D.shapes.length; s++) {
    var sh = D.shapes[s];
    var scol = colours[sh.t];
    var line = sh.kind === "line";
    var lyr = L.geoJSON(sh.geometry, {renderer: svg, style: {
      color: scol, weight: line ? 2 : 1.5, opacity: 0.9, dashArray: line ? null : "6 4",
      fillColor: scol, fillOpacity: sh.opacity}});
    if (sh.axis) {
      L.geoJSON(sh.axis, {renderer: svg, interactive: false,
        style: {color: scol, weight: 3, opacity: 0.95, dashArray: "8 6"}}).addTo(lyr);
    }
    lyr._giRows = sh.rows;
    lyr._giLabel = sh.label;
    lyr.eachLayer(function (sub) { sub._giRows = sh.rows; sub._giLabel = sh.label; });
    shapeLayers.push(lyr);
  }

  var tip = L.tooltip({sticky: false, direction: "top", opacity: 0.95});
  function over(e) {
    var l = e.propagatedFrom || e.layer;
    if (!l || !l._giRows) { return; }
    tip.setContent(gi.tooltipFor(D, l._giRows, l._giLabel));
    tip.setLatLng(l.getLatLng ? l.getLatLng() : e.latlng);
    map.openTooltip(tip);
  }
  function out() { map.closeTooltip(tip); }
  function click(e) {
    var l = e.propagatedFrom || e.layer;
    if (!l || !l._giRows) { return; }
    var rows = l._giRows;
    if (!l.getLatLng) {
      // Units and corridors overlap: list the incidents of every shape under the click,
      // smallest shape first.
      rows = [];
      for (var q = shapeLayers.length - 1; q >= 0; q--) {
        var sl = shapeLayers[q];
        if (shapes.hasLayer(sl) && gi.contains(D.shapes[q].geometry, e.latlng.lng, e.latlng.lat)) {
          rows = rows.concat(sl._giRows);
        }
      }
      if (!rows.length) { rows = l._giRows; }
    }
    L.popup({maxWidth: 360}).setLatLng(l.getLatLng ? l.getLatLng() : e.latlng)
      .setContent(gi.popupFor(D, rows)).openOn(map);
  }
  (direct ? [shapes] : [points, shapes]).forEach(function (g) {
    g.on("mouseover", over); g.on("mouseout", out); g.on("click", click);
  });

  var state = window.__geoincidents;
  function apply(lo, hi) {
    var drawn = 0, np = 0, ns = 0, keep = [], ring = [];
    for (var k = 0; k < n; k++) {
      if (visibleRow(D, pts.row[k], lo, hi)) {
        keep.push(direct ? k : markers[k]);
        if (!direct && rings[k]) { ring.push(rings[k]); }
      }
    }
    np = keep.length; drawn += np;
    shapes.clearLayers(); circles.clearLayers(); if (!direct) { points.clearLayers(); }
    for (var s2 = 0; s2 < shapeLayers.length; s2++) {
      var rows = shapeLayers[s2]._giRows, vis = 0;
      for (var q = 0; q < rows.length; q++) { if (visibleRow(D, rows[q], lo, hi)) { vis += 1; } }
      if (vis > 0) { shapes.addLayer(shapeLayers[s2]); ns += 1; drawn += vis; }
    }
    for (var w = 0; w < ring.length; w++) { circles.addLayer(ring[w]); }
    if (direct) {
      points.setIndices(lo === null ? null : keep);
    } else if (useCluster) {
      if (keep.length) { points._giPending = true; gi.begin(); points.addLayers(keep); }
    } else {
      for (var z = 0; z < keep.length; z++) { points.addLayer(keep[z]); }
    }
    state.drawn = drawn; state.points = np; state.shapes = ns;
    state.located = D.meta.located; state.rows = D.meta.rows;
  }
  group._giApply = apply;
  apply(null, null);
  if (D.meta.time && D.meta.day_min !== null) { gi.timeControl(map, group, D); }
  gi.legend(map, D);
  if (D.meta.title !== null) { gi.title(map, D.meta.title); }
  return group;
};

gi.dayString = function (d) { return new Date(d * 86400000).toISOString().slice(0, 10); };

gi.timeControl = function (map, group, D) {
  var C = L.Control.extend({options: {position: "bottomleft"}, onAdd: function () {
    var box = el("div", "gi-time");
    box.appendChild(el("div", "gi-h", "Time window"));
    var lab = el("div", "gi-row");
    var a = el("input"), b = el("input");
    [a, b].forEach(function (x) { x.type = "range"; x.min = D.meta.day_min; x.max = D.meta.day_max; x.step = 1; });
    a.value = D.meta.day_min; b.value = D.meta.day_max;
    a.className = "gi-time-from"; b.className = "gi-time-to";
    function show() {
      var lo = Math.min(+a.value, +b.value), hi = Math.max(+a.value, +b.value);
      lab.textContent = gi.dayString(lo) + " to " + gi.dayString(hi);
      return [lo, hi];
    }
    function change() {
      var w = show();
      var full = w[0] <= D.meta.day_min && w[1] >= D.meta.day_max;
      group._giApply(full ? null : w[0], full ? null : w[1]);
    }
    a.addEventListener("input", show); b.addEventListener("input", show);
    a.addEventListener("change", change); b.addEventListener("change", change);
    box.appendChild(a); box.appendChild(b); box.appendChild(lab); show();
    L.DomEvent.disableClickPropagation(box); L.DomEvent.disableScrollPropagation(box);
    return box;
  }});
  new C().addTo(map);
};

gi.legend = function (map, D) {
  var C = L.Control.extend({options: {position: "bottomright"}, onAdd: function () {
    var box = el("div", "gi-legend");
    var M = D.meta;
    box.appendChild(el("div", "gi-h", M.color_label));
    for (var k = 0; k < M.categories.length; k++) {
      var r = el("div"); var sw = el("span", "gi-sw"); sw.style.background = M.colours[k];
      r.appendChild(sw); r.appendChild(document.createTextNode(M.categories[k])); box.appendChild(r);
    }
    if (M.size_label) { box.appendChild(el("div", "gi-row", "Marker size: " + M.size_label)); }
    box.appendChild(el("div", "gi-h", "Drawn by precision"));
    M.symbology.forEach(function (s) { box.appendChild(el("div", "gi-row", s)); });
    M.counts.forEach(function (s) { box.appendChild(el("div", "gi-row", s)); });
    L.DomEvent.disableClickPropagation(box); L.DomEvent.disableScrollPropagation(box);
    return box;
  }});
  new C().addTo(map);
};

gi.title = function (map, text) {
  var C = L.Control.extend({options: {position: "topright"}, onAdd: function () {
    return el("div", "gi-title", text);
  }});
  new C({position: "topright"}).addTo(map);
};

gi.heat = function (map, incidents, opts) {
  var D = incidents._gi, pts = D.points, c = pts.c, scale = D.meta.coord_scale, out = [];
  for (var k = 0; k < pts.row.length; k++) { out.push([c[2 * k + 1] / scale, c[2 * k] / scale, pts.w[k]]); }
  if (typeof L.heatLayer !== "function") { return L.layerGroup(); }
  return L.heatLayer(out, opts);
};

gi.geo = function (map, dataId, opts) {
  gi.fixZoom(map);
  var D = gi.read(dataId);
  var lyr = L.geoJSON(D.geojson, {
    interactive: !!opts.tooltip_field,
    style: function (f) {
      var s = {};
      for (var k in opts.style) { if (Object.prototype.hasOwnProperty.call(opts.style, k)) { s[k] = opts.style[k]; } }
      if (opts.fill_field && f.properties) { s.fillColor = f.properties[opts.fill_field]; }
      return s;
    },
    onEachFeature: function (f, l) {
      if (opts.tooltip_field && f.properties && f.properties[opts.tooltip_field] !== undefined) {
        l.bindTooltip(el("div", "gi-tip", f.properties[opts.tooltip_field]), {sticky: true});
      }
    }
  });
  return lyr;
};
})();
"""
