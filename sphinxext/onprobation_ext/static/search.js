/* The search page: Pagefind's default UI (see onprobation_ext/search.py).
 *
 * - search.html?q=grayling runs the search for "grayling" (the home page's
 *   box and the sidebar's submit there), and the address follows the box;
 * - each result links to the paragraph (#p12) or comment (#c4-1) holding its
 *   hits, and lists the other paragraphs and comments that match: Pagefind
 *   gives the position of every hit and of every element with an id, and
 *   its own sub-results only use headings;
 * - the index is Pagefind bundles of groups of years of posts plus one of the other
 *   pages (onprobation_ext/search_bundles.py): the page loads the first and
 *   merges the others (#search's data-bundles), each with the same ranking;
 *   Pagefind sums their result counts and filter counts and sorts their
 *   results by score; _static/pagefind-merged/pagefind.js searches only the
 *   bundles holding the words (see there why);
 * - opened from a folder (file://) the browser will not let Pagefind fetch
 *   its index: the page says so and points to the archive's lists.
 */
(function () {
  "use strict";

  var PINPOINT = /^(?:p\d+|c\d+(?:-\d+)*)$/;
  var EXCERPT_WORDS = 30;

  function label(id) {
    return id.charAt(0) === "p" ? "Paragraph " + id.slice(1) : "Comment " + id.slice(1).replace(/-/g, ".");
  }

  function escapeText(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  /* Words [start, end) of the page around its first hit, hits marked. */
  function excerpt(words, hits, start, end) {
    var from = Math.max(start, Math.min(hits[0] - Math.floor(EXCERPT_WORDS / 3), end - EXCERPT_WORDS));
    var to = Math.min(end, from + EXCERPT_WORDS);
    var marked = {};
    hits.forEach(function (h) { marked[h] = true; });
    var out = [];
    for (var i = from; i < to; i++) {
      out.push(marked[i] ? "<mark>" + words[i] + "</mark>" : words[i]);
    }
    return (from > start ? "… " : "") + out.join(" ") + (to < end ? " …" : "");
  }

  /* Link a result to the paragraph or comment of its hits. */
  function pinpoint(result) {
    var anchors = (result.anchors || []).filter(function (a) { return PINPOINT.test(a.id); })
      .sort(function (a, b) { return a.location - b.location; });
    var locations = (result.locations || []).slice().sort(function (a, b) { return a - b; });
    if (!anchors.length || !locations.length) return result;
    var words = escapeText(result.content || "").split(/[\r\n\s]+/g);
    var groups = [], byId = {}, a = -1;
    locations.forEach(function (location) {
      while (a + 1 < anchors.length && anchors[a + 1].location <= location) a++;
      if (a < 0) return; // a hit in the title
      var anchor = anchors[a];
      if (!byId[anchor.id]) {
        byId[anchor.id] = { anchor: anchor, end: a + 1 < anchors.length ? anchors[a + 1].location : words.length, locations: [] };
        groups.push(byId[anchor.id]);
      }
      byId[anchor.id].locations.push(location);
    });
    if (!groups.length) return result;
    var page = result.url.split("#")[0];
    var best = groups.reduce(function (top, g) { return g.locations.length > top.locations.length ? g : top; });
    var subs = groups.map(function (g) {
      return {
        title: label(g.anchor.id),
        url: page + "#" + g.anchor.id,
        excerpt: excerpt(words, g.locations, g.anchor.location, g.end),
        locations: g.locations,
        weighted_locations: g.locations.map(function (l) { return { location: l, weight: 1, balanced_score: 1 }; }),
        anchor: g.anchor,
      };
    });
    result.url = page + "#" + best.anchor.id;
    result.excerpt = '<span class="search-pinpoint">' + label(best.anchor.id) + ":</span> " + subs[groups.indexOf(best)].excerpt;
    // The UI leaves out a first sub-result that is the result itself.
    result.sub_results = [subs[groups.indexOf(best)]].concat(subs.filter(function (s, i) { return groups[i] !== best; }));
    return result;
  }

  // Passed on to Pagefind, for every bundle. Page length counts less than by
  // default (0.75), and the words of organisation and report pages weigh 0.3
  // (search.py): else the short page of a report that names Grayling once
  // outranks the posts about him. "Napo" still finds Napo's page first, by its title.
  var RANKING = { pageLength: 0.3 };

  /* A path of the page's folder as a path from the site's root: Pagefind
     takes the site's root (for the results' links) from the part of a
     bundle's path before "pagefind/". */
  function absolute(path) {
    return new URL(path, location.href).pathname;
  }

  /* Pagefind's options for the merged bundles: the first is the primary;
     every page gets a synthetic filter naming its bundle, which
     _static/pagefind-merged/pagefind.js uses and hides. */
  function bundles(element) {
    var list = JSON.parse(element.getAttribute("data-bundles") || "[]");
    var pages = {};
    list.forEach(function (b) { pages[b.name] = b.pages; });
    return {
      primaryBundle: list.length ? absolute(list[0].path) : "",
      bundlePages: list.every(function (b) { return b.pages > 0; }) ? pages : null,
      mergeFilter: list.length ? { bundle: list[0].name } : {},
      mergeIndex: list.slice(1).map(function (b) {
        return { bundlePath: absolute(b.path), mergeFilter: { bundle: b.name }, ranking: RANKING, excerptLength: EXCERPT_WORDS };
      }),
    };
  }

  /* The organisation filter's files are fetched when the reader asks for
     them (about 9 KB a bundle, else fetched with every query): the button
     fetches them, then searches again so that their counts are shown. */
  function organisations(element, ui, input) {
    var button = document.getElementById("search-organisations");
    if (!button) return;
    button.parentNode.hidden = false;
    button.addEventListener("click", function () {
      button.disabled = true;
      import(absolute(element.getAttribute("data-api")) + "pagefind.js").then(function (api) {
        return api.loadFilters();
      }).then(function () {
        button.parentNode.hidden = true;
        // the same words again: the UI searches only when they change, and Pagefind ignores the space
        if (input && input.value.trim()) ui.triggerSearch(input.value.trim() + " ");
      }).catch(function () {
        button.disabled = false;  // a failed fetch (connection lost): the reader may try again
      });
    });
  }

  function start() {
    var element = document.getElementById("search");
    var offline = document.getElementById("search-offline");
    if (location.protocol === "file:" || typeof PagefindUI === "undefined") {
      offline.hidden = false;
      if (location.protocol !== "file:") {
        offline.querySelector(".search-offline-why").textContent = "The search index of this copy of the archive is missing.";
      }
      return;
    }
    var merged = bundles(element);
    var ui = new PagefindUI({
      element: element,
      // Pagefind's API through the wrapper that keeps a bundle lacking a word
      // from answering with its nearest words; it loads the primary's module.
      bundlePath: absolute(element.getAttribute("data-api")),
      primaryBundle: merged.primaryBundle,
      bundlePages: merged.bundlePages,
      knownFilters: JSON.parse(element.getAttribute("data-filters") || "{}"),
      mergeFilter: merged.mergeFilter,
      showSubResults: true,
      showImages: false,
      resetStyles: false,
      excerptLength: EXCERPT_WORDS,
      openFilters: ["year"],
      processResult: pinpoint,
      translations: { placeholder: "Search the archive" },
      ranking: RANKING,
      mergeIndex: merged.mergeIndex,
      // Search on the page's thread: one file less to fetch (41 kB), and
      // decoding the few chunks of a query is quick.
      noWorker: true,
    });
    var input = element.querySelector("input");
    var query = new URLSearchParams(location.search).get("q");
    if (query) ui.triggerSearch(query);
    organisations(element, ui, input);
    if (input) {
      input.setAttribute("aria-label", "Search the archive");
      input.addEventListener("input", function () {
        var url = new URL(location.href);
        if (input.value) url.searchParams.set("q", input.value); else url.searchParams.delete("q");
        history.replaceState(null, "", url);
      });
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
