/* Pagefind's API, as the search page's UI calls it, over the merged bundles
 * (groups of years of posts, one of the other pages: onprobation_ext/search_bundles.py).
 *
 * Why a wrapper. When no word of a bundle starts with a searched word,
 * Pagefind falls back, in that bundle, to the longest indexed prefix of the
 * word ("wanton" finds "want"), by design and with no option to turn it off.
 * With one index that happened only for words the archive lacks; with a
 * bundle per year it happens in every year that lacks the word, and those
 * made-up matches were ranked among, and counted with, the real ones. So a
 * search first asks, word by word, which bundles hold the word itself
 * (a quoted search has no fallback; every page carries a synthetic filter
 * naming its bundle), and then searches only the bundles that hold every
 * word, one by one, scaling each bundle's scores to those one index would
 * give (see plan), and adds up their results and filter counts. A word no
 * bundle holds is searched as Pagefind would (its nearest matches). The
 * bundle filter is never shown.
 *
 * Filters. Pagefind fetches a filter's file of a bundle when a search names
 * the filter, and every filter file of every bundle when asked for the list
 * of filters, which the UI does when it starts: the organisation filter,
 * about 9 KB a bundle, was a tenth of what a query downloaded. So the list
 * the UI starts with is the one the page gives (knownFilters: the posts a
 * year), a search fetches the year filter's small files only (its counts
 * are shown beside the results), and the organisation filter's files are
 * fetched when the reader asks for them (loadFilters, the page's "Filter by
 * organisation" button) or selects one; from then on its counts come with
 * every search, summed over the bundles like the others.
 *
 * The UI imports this file as its bundle's "pagefind.js"; the options
 * primaryBundle (where Pagefind's own module is: the primary bundle),
 * bundlePages (the pages of each bundle) and knownFilters are this file's.
 */
const BUNDLE = "bundle";
const NONE = "-none-"; // a bundle name no page has: no result
let real = null;
let pagesPerBundle = null; // {bundle: pages}
let known = {}; // the filters before any is fetched: {year: {2015: 299, ...}}
let allFilters = false; // every filter file fetched (loadFilters)

/* Filter counts without the bundle filter, each filter's values in
   alphabetical order (merging appends a bundle's new values at the end). */
function hideBundles(counts) {
  if (!counts) return counts;
  const shown = {};
  Object.keys(counts).forEach(function (name) {
    if (name === BUNDLE) return;
    const values = {};
    Object.keys(counts[name]).sort(function (a, b) { return a.localeCompare(b); })
      .forEach(function (value) { values[value] = counts[name][value]; });
    shown[name] = values;
  });
  return shown;
}

function hide(response) {
  if (!response) return response;
  response.filters = hideBundles(response.filters);
  response.totalFilters = hideBundles(response.totalFilters);
  return response;
}

export async function options(opts) {
  const rest = Object.assign({}, opts);
  const primary = rest.primaryBundle;
  if (rest.bundlePages) pagesPerBundle = rest.bundlePages;
  if (rest.knownFilters) known = rest.knownFilters;
  delete rest.primaryBundle;
  delete rest.bundlePages;
  delete rest.knownFilters;
  if (!real) real = await import(primary + "pagefind.js");
  await real.options(rest);
}

export async function mergeIndex(path, opts) {
  await real.mergeIndex(path, opts);
}

/* The filters and their counts over every page: those the page gave until
   the reader asks for every filter (which fetches every filter file). */
export async function filters() {
  if (!allFilters && Object.keys(known).length) return hideBundles(JSON.parse(JSON.stringify(known)));
  return hideBundles(await real.filters());
}

/* Fetch every filter file of every bundle: the next search counts them all. */
export async function loadFilters() {
  allFilters = true;
  await real.filters();
}

export async function preload(term, opts) {
  await real.preload(term, opts);
}

export async function destroy() {
  if (real && real.destroy) await real.destroy();
}

/* Pages per bundle: given by the page, else the bundle filter's counts
   over every page (which fetches every filter file). */
async function bundleSizes() {
  if (!pagesPerBundle) pagesPerBundle = ((await real.filters()) || {})[BUNDLE] || {};
  return pagesPerBundle;
}

/* The words' index chunks and the year filter's files of every bundle, in
   one go (the year's counts are shown beside the results; an empty list
   names the filter without narrowing anything, and preload only fetches). */
async function fetchChunks(term) {
  await real.preload(term, { filters: { year: [] } });
}

/* Pagefind's inverse document frequency: of a word on n of N pages. */
function idf(n, N) {
  return Math.log(1 + (N - n + 0.5) / (n + 0.5));
}

/* How to search ``term``: null for as Pagefind does, else the bundles that
   hold every word and, for each, the factor that brings its scores to what
   one index of every bundle would give (each bundle weighs a word by how
   rare it is in that bundle: "grayling", on two posts of three in every year
   but on few organisation pages, would put those pages before every post). */
export async function plan(term) {
  if (typeof term !== "string" || term.indexOf('"') >= 0) return null; // a phrase: no fallback
  const words = term.trim().split(/\s+/).filter(Boolean);
  if (!words.length) return null;
  const holding = [];
  for (const word of words) {
    const found = await real.search('"' + word + '"'); // a quoted word: no fallback
    const counts = (found && found.filters && found.filters[BUNDLE]) || {};
    if (!Object.keys(counts).some(function (b) { return counts[b] > 0; })) return null; // nowhere as such
    holding.push(counts);
  }
  const sizes = await bundleSizes();
  const bundles = Object.keys(sizes).filter(function (b) {
    return holding.every(function (counts) { return counts[b] > 0; });
  });
  const total = Object.keys(sizes).reduce(function (sum, b) { return sum + sizes[b]; }, 0);
  const global = holding.reduce(function (sum, counts) {
    const n = Object.keys(counts).reduce(function (s, b) { return s + counts[b]; }, 0);
    return sum + idf(n, total);
  }, 0);
  const factors = {};
  bundles.forEach(function (b) {
    const local = holding.reduce(function (sum, counts) { return sum + idf(counts[b], sizes[b]); }, 0);
    factors[b] = local > 0 ? global / local : 1;
  });
  return { bundles: bundles, factors: factors };
}

function withBundle(opts, bundle) {
  const limited = Object.assign({}, opts || {});
  limited.filters = Object.assign({}, limited.filters || {});
  limited.filters[BUNDLE] = bundle;
  return limited;
}

/* Counts of several responses added up, value by value. */
function sumCounts(list) {
  const sum = {};
  list.forEach(function (counts) {
    Object.keys(counts || {}).forEach(function (name) {
      sum[name] = sum[name] || {};
      Object.keys(counts[name]).forEach(function (value) {
        sum[name][value] = (sum[name][value] || 0) + counts[name][value];
      });
    });
  });
  return sum;
}

export async function search(term, opts) {
  if (typeof term === "string" && term.trim()) await fetchChunks(term);
  const how = await plan(term);
  if (how === null) return hide(await real.search(term, opts));
  if (!how.bundles.length) return hide(await real.search(term, withBundle(opts, NONE)));
  // One search per bundle (others give nothing), its scores scaled, then merged by score.
  const answers = await Promise.all(how.bundles.map(function (b) { return real.search(term, withBundle(opts, b)); }));
  const results = [];
  answers.forEach(function (answer, i) {
    const factor = how.factors[how.bundles[i]];
    answer.results.forEach(function (r) { results.push(Object.assign({}, r, { score: r.score * factor })); });
  });
  results.sort(function (a, b) { return b.score - a.score; });
  return hide({
    results: results,
    unfilteredResultCount: answers.reduce(function (sum, a) { return sum + a.unfilteredResultCount; }, 0),
    filters: sumCounts(answers.map(function (a) { return a.filters; })),
    totalFilters: sumCounts(answers.map(function (a) { return a.totalFilters; })),
    timings: answers.map(function (a) { return a.timings; }),
  });
}

let latest = 0;
export async function debouncedSearch(term, opts, timeout) {
  const mine = ++latest;
  await new Promise(function (resolve) { setTimeout(resolve, timeout === undefined ? 300 : timeout); });
  if (mine !== latest) return null; // a newer search came
  const answer = await search(term, opts);
  return mine === latest ? answer : null;
}
