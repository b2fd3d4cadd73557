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
  if (c.v) { var k = c.i[i]; return (k === null || k < 0) ? null : c.v[k]; }
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
    var u = value(P, "uncertainty_km", i);
    var ptxt = prec + (label ? " \u2014 " + label : "") + (u !== null ? " (\u00b1" + num(u) + " km)" : "");
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

gi.incidents = function (map, dataId, opts) {
  gi.fixZoom(map);
  var D = gi.read(dataId);
  var pts = D.points, n = pts.row.length;
  var canvas = D.meta.renderer === "canvas";
  var renderer = canvas ? L.canvas({padding: 0.5}) : L.svg();
  var colours = D.meta.colours;
  var group = L.featureGroup();
  group._gi = D;
  var shapes = L.featureGroup().addTo(group);
  var circles = L.featureGroup().addTo(group);
  var useCluster = D.meta.cluster && typeof L.markerClusterGroup === "function";
  var points = useCluster
    ? L.markerClusterGroup({chunkedLoading: true, chunkInterval: 150, chunkDelay: 10,
        maxClusterRadius: 45, chunkProgress: function (done, total) {
          if (done === total && points._giPending) { points._giPending = false; gi.done(); }
        }})
    : L.featureGroup();
  points.addTo(group);

  var markers = new Array(n), rings = new Array(n);
  var c = pts.c, scale = D.meta.coord_scale;
  for (var k = 0; k < n; k++) {
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
  var shapeLayers = [];
  for (var s = 0; s < D.shapes.length; s++) {
    var sh = D.shapes[s];
    var scol = colours[sh.t];
    var line = sh.kind === "line";
    var lyr = L.geoJSON(sh.geometry, {renderer: renderer, style: {
      color: scol, weight: line ? 2 : 1.5, opacity: 0.9, dashArray: line ? null : "6 4",
      fillColor: scol, fillOpacity: sh.opacity}});
    if (sh.axis) {
      L.geoJSON(sh.axis, {renderer: renderer, interactive: false,
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
    L.popup({maxWidth: 360}).setLatLng(l.getLatLng ? l.getLatLng() : e.latlng)
      .setContent(gi.popupFor(D, l._giRows)).openOn(map);
  }
  [points, shapes].forEach(function (g) {
    g.on("mouseover", over); g.on("mouseout", out); g.on("click", click);
  });

  var state = window.__geoincidents;
  function apply(lo, hi) {
    var drawn = 0, np = 0, ns = 0, keep = [], ring = [];
    for (var k = 0; k < n; k++) {
      if (visibleRow(D, pts.row[k], lo, hi)) { keep.push(markers[k]); if (rings[k]) { ring.push(rings[k]); } }
    }
    np = keep.length; drawn += np;
    shapes.clearLayers(); circles.clearLayers(); points.clearLayers();
    for (var s2 = 0; s2 < shapeLayers.length; s2++) {
      var rows = shapeLayers[s2]._giRows, vis = 0;
      for (var q = 0; q < rows.length; q++) { if (visibleRow(D, rows[q], lo, hi)) { vis += 1; } }
      if (vis > 0) { shapes.addLayer(shapeLayers[s2]); ns += 1; drawn += vis; }
    }
    for (var w = 0; w < ring.length; w++) { circles.addLayer(ring[w]); }
    if (useCluster) {
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
