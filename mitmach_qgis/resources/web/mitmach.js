/* MitMach public web map: draws the anonymised cells and areas written by export/webmap.py.
 * Every text from the data goes into the page as a text node (never as HTML); the page loads only
 * files of its own folder (see the Content-Security-Policy in index.html). */
(function () {
  "use strict";

  // -- errors: visible in the page (and in a headless browser's dumped DOM) -----------------------------
  function reportError(message) {
    var box = document.getElementById("errors");
    if (!box) {
      document.addEventListener("DOMContentLoaded", function () { reportError(message); });
      return;
    }
    box.hidden = false;
    box.textContent += String(message) + "\n";
  }
  window.addEventListener("error", function (event) {
    var where = event.filename ? " (" + event.filename.split("/").pop() + ":" + event.lineno + ")" : "";
    reportError("Error: " + (event.message || (event.target && event.target.src) || "resource failed") + where);
  }, true);
  window.addEventListener("unhandledrejection", function (event) {
    reportError("Unhandled rejection: " + event.reason);
  });
  document.addEventListener("securitypolicyviolation", function (event) {
    reportError("CSP violation: " + event.violatedDirective + " " + event.blockedURI);
  });

  // -- the page's own texts ----------------------------------------------------------------------------
  var PHRASES = {
    de: {
      allThemes: "Alle Themen",
      themeFilter: "Thema",
      legend: "Legende",
      participants: "Teilnehmende je Zelle",
      participantsTheme: "Teilnehmende mit Thema „{theme}“ je Zelle",
      themes: "Themen",
      area: "Gebiet mit gemeinsamem Vorhaben",
      cell: "Zelle",
      total: "Teilnehmende",
      synergy: "Gemeinsam",
      period: "Zeitraum",
      privacy: "Datenschutz",
      privacyCells: "Die Karte zeigt nur zusammengefasste Angaben in Zellen von {size} m als Klassen. " +
        "Zellen und Gebiete mit weniger als {k} Teilnehmenden werden nicht gezeigt ({suppressed} Zellen ausgelassen); " +
        "ebenso Themen mit weniger als {k} Teilnehmenden in einer Zelle.",
      privacyShown: "Gezeigt: {shown} Teilnehmende.",
      leftOut: "{n} Teilnehmende ohne Einwilligung sind nicht enthalten.",
      leftOutFew: "Weniger als {k} Teilnehmende ohne Einwilligung sind nicht enthalten.",
      nothing: "Keine Zelle erreicht die Mindestzahl von {k} Teilnehmenden.",
      attribution: "© Stadt / MitMach, Karte: QGIS"
    },
    en: {
      allThemes: "All themes",
      themeFilter: "Theme",
      legend: "Legend",
      participants: "Participants per cell",
      participantsTheme: "Participants with theme “{theme}” per cell",
      themes: "Themes",
      area: "Area with a joint project",
      cell: "Cell",
      total: "Participants",
      synergy: "Together",
      period: "Period",
      privacy: "Privacy",
      privacyCells: "The map shows only aggregated figures in cells of {size} m, as classes. " +
        "Cells and areas with fewer than {k} participants are not shown ({suppressed} cells left out); " +
        "nor are themes with fewer than {k} participants in a cell.",
      privacyShown: "Shown: {shown} participants.",
      leftOut: "{n} participants without consent are left out.",
      leftOutFew: "Fewer than {k} participants without consent are left out.",
      nothing: "No cell reaches the minimum of {k} participants.",
      attribution: "© City / MitMach, map: QGIS"
    }
  };

  function phrase(texts, key, values) {
    return texts[key].replace(/\{(\w+)\}/g, function (all, name) {
      return values && Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : all;
    });
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" }[c];
    });
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function start() {
    if (typeof window.L === "undefined") { reportError("Leaflet did not load"); return; }
    var meta = window.MITMACH_META || {};
    var cells = window.MITMACH_CELLS || { type: "FeatureCollection", features: [] };
    var areas = window.MITMACH_AREAS || { type: "FeatureCollection", features: [] };
    var lang = PHRASES[meta.language] ? meta.language : (PHRASES[document.documentElement.lang] ? document.documentElement.lang : "en");
    var texts = PHRASES[lang];
    var themes = meta.themes || [];
    var themeByCode = {};
    themes.forEach(function (t) { themeByCode[t.code] = t; });
    var classes = meta.classes || [];
    var classRank = {};
    var classColour = {};
    classes.forEach(function (c, i) { classRank[c.code] = i; classColour[c.code] = c.colour; });

    var map = L.map("map", { attributionControl: false, zoomSnap: 0.25 });
    L.control.attribution({ prefix: "Leaflet" })
      .addAttribution(escapeHtml(meta.attribution || texts.attribution))
      .addTo(map);
    L.control.scale({ imperial: false }).addTo(map);

    if (meta.tile_url) {
      L.tileLayer(meta.tile_url, { maxZoom: 19 }).addTo(map);
    }
    var background = null;
    if (meta.background && meta.background.bounds) {
      background = L.imageOverlay(meta.background.image, meta.background.bounds, { opacity: 0.9 }).addTo(map);
    }

    // -- popups: built from text nodes ------------------------------------------------------------------
    function popupFor(props, isArea) {
      var box = element("div", "popup");
      box.appendChild(element("h4", null, isArea ? texts.area : texts.cell));
      var table = element("table");
      function row(label, value, colour) {
        var tr = element("tr");
        var name = element("td", null, label);
        if (colour) {
          var sw = element("span", "swatch");
          sw.style.backgroundColor = colour;
          name.insertBefore(sw, name.firstChild);
        }
        tr.appendChild(name);
        tr.appendChild(element("td", null, value));
        table.appendChild(tr);
      }
      if (isArea) {
        row(texts.synergy, (meta.synergies || {})[props.synergy] || props.synergy);
        if (props.period) { row(texts.period, props.period); }
      }
      row(texts.total, props.total);
      Object.keys(props.themes || {}).forEach(function (code) {
        var theme = themeByCode[code] || { label: code, colour: "#878787" };
        row(theme.label, props.themes[code], theme.colour);
      });
      box.appendChild(table);
      return box;
    }

    function opacityFor(classCode) {
      var rank = classRank[classCode] || 0;
      var n = Math.max(1, classes.length - 1);
      return 0.35 + 0.5 * rank / n;
    }

    var selected = "";
    function cellStyle(feature) {
      var props = feature.properties;
      if (selected) {
        var theme = themeByCode[selected] || { colour: "#878787" };
        var cls = props.themes[selected];
        return { color: theme.colour, weight: 1, opacity: 0.9, fillColor: theme.colour, fillOpacity: opacityFor(cls) };
      }
      return { color: "#333", weight: 0.6, opacity: 0.8, fillColor: classColour[props.total] || "#999", fillOpacity: 0.75 };
    }
    function areaStyle(feature) {
      var colour = selected ? (themeByCode[selected] || {}).colour || "#333" : "#333";
      return { color: colour, weight: 2.5, dashArray: "6 4", fill: true, fillOpacity: 0.05, fillColor: colour };
    }
    function shows(feature) {
      return !selected || Object.prototype.hasOwnProperty.call(feature.properties.themes || {}, selected);
    }

    var cellLayer = null;
    var areaLayer = null;
    function draw() {
      if (cellLayer) { map.removeLayer(cellLayer); }
      if (areaLayer) { map.removeLayer(areaLayer); }
      cellLayer = L.geoJSON(cells, {
        filter: shows, style: cellStyle,
        onEachFeature: function (f, layer) { layer.bindPopup(function () { return popupFor(f.properties, false); }); }
      }).addTo(map);
      areaLayer = L.geoJSON(areas, {
        filter: shows, style: areaStyle,
        onEachFeature: function (f, layer) { layer.bindPopup(function () { return popupFor(f.properties, true); }); }
      }).addTo(map);
    }

    // -- legend and filter ------------------------------------------------------------------------------
    function legend() {
      document.getElementById("legend-title").textContent = texts.legend;
      var list = document.getElementById("legend-classes");
      list.textContent = "";
      var theme = selected ? themeByCode[selected] : null;
      var heading = element("li", "legend-heading", theme ? phrase(texts, "participantsTheme", { theme: theme.label }) : texts.participants);
      list.appendChild(heading);
      classes.forEach(function (c) {
        var item = element("li", "legend-class");
        var sw = element("span", "swatch");
        sw.style.backgroundColor = theme ? theme.colour : c.colour;
        if (theme) { sw.style.opacity = String(opacityFor(c.code)); }
        item.appendChild(sw);
        item.appendChild(document.createTextNode(c.code));
        list.appendChild(item);
      });
      if (areas.features.length) {
        var areaItem = element("li", "legend-area");
        areaItem.appendChild(element("span", "swatch swatch-area"));
        areaItem.appendChild(document.createTextNode(texts.area));
        list.appendChild(areaItem);
      }
      document.getElementById("legend-themes-title").textContent = texts.themes;
      var themeList = document.getElementById("legend-themes");
      themeList.textContent = "";
      themes.forEach(function (t) {
        var item = element("li", "legend-theme");
        var sw = element("span", "swatch");
        sw.style.backgroundColor = t.colour;
        item.appendChild(sw);
        item.appendChild(document.createTextNode(t.label));
        themeList.appendChild(item);
      });
    }

    var select = document.getElementById("theme-filter");
    document.getElementById("theme-filter-label").textContent = texts.themeFilter;
    var all = element("option", null, texts.allThemes);
    all.value = "";
    select.appendChild(all);
    themes.forEach(function (t) {
      var option = element("option", null, t.label);
      option.value = t.code;
      select.appendChild(option);
    });
    // a link may preselect a theme: index.html#theme=heating
    var wanted = /(?:^#|&)theme=([a-z_]+)/.exec(window.location.hash || "");
    if (wanted && themeByCode[wanted[1]]) {
      selected = wanted[1];
      select.value = selected;
    }
    select.addEventListener("change", function () {
      selected = select.value;
      draw();
      legend();
    });

    // -- privacy note -----------------------------------------------------------------------------------
    document.getElementById("privacy-title").textContent = texts.privacy;
    var note = [phrase(texts, "privacyCells", { size: Math.round(meta.cell_size_m || 0), k: meta.k, suppressed: meta.suppressed_cells || 0 })];
    if (!cells.features.length && !areas.features.length) { note.push(phrase(texts, "nothing", { k: meta.k })); }
    note.push(phrase(texts, "privacyShown", { shown: meta.published_participants_class || "0" }));
    if (typeof meta.left_out_no_consent === "number" && meta.left_out_no_consent >= meta.k) {
      note.push(phrase(texts, "leftOut", { n: meta.left_out_no_consent }));
    } else {
      note.push(phrase(texts, "leftOutFew", { k: meta.k }));
    }
    document.getElementById("privacy-note").textContent = note.join(" ");

    draw();
    legend();
    var bounds = L.latLngBounds([]);
    [cellLayer, areaLayer].forEach(function (layer) {
      if (layer.getLayers().length) { bounds.extend(layer.getBounds()); }
    });
    if (!bounds.isValid() && background) { bounds = background.getBounds(); }
    if (bounds.isValid()) { map.fitBounds(bounds, { padding: [20, 20] }); } else { map.setView([0, 0], 2); }
    document.documentElement.setAttribute("data-ready", "true");
  }

  document.addEventListener("DOMContentLoaded", function () {
    try { start(); } catch (error) { reportError("Error: " + (error && error.stack ? error.stack : error)); }
  });
}());
