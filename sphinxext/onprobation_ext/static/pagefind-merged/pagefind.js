/* Pagefind's API, as the search page's UI calls it, over the merged bundles
 * (one per year of posts, one of the other pages: onprobation_ext/search_bundles.py).
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
 * word: results, ranking and filter counts are Pagefind's own, over those
 * bundles. A word no bundle holds is searched as Pagefind would (its nearest
 * matches). The bundle filter is never shown.
 *
 * The UI imports this file as its bundle's "pagefind.js"; the option
 * primaryBundle says where Pagefind's own module is (the primary bundle).
 */
const BUNDLE = "bundle";
const NONE = "-none-"; // a bundle name no page has: no result
let real = null;

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
  delete rest.primaryBundle;
  if (!real) real = await import(primary + "pagefind.js");
  await real.options(rest);
}

export async function mergeIndex(path, opts) {
  await real.mergeIndex(path, opts);
}

export async function filters() {
  return hideBundles(await real.filters());
}

export async function preload(term, opts) {
  await real.preload(term, opts);
}

export async function destroy() {
  if (real && real.destroy) await real.destroy();
}

/* The bundles holding ``word`` itself (stemmed as Pagefind stems it). */
async function bundlesWith(word) {
  const found = await real.search('"' + word + '"');
  const counts = (found && found.filters && found.filters[BUNDLE]) || {};
  return Object.keys(counts).filter(function (name) { return counts[name] > 0; });
}

/* The bundles to search for ``term``, or null for all of them. */
export async function bundlesFor(term) {
  if (typeof term !== "string" || term.indexOf('"') >= 0) return null; // a phrase: no fallback
  const words = term.trim().split(/\s+/).filter(Boolean);
  let allowed = null;
  for (const word of words) {
    const holding = await bundlesWith(word);
    if (!holding.length) return null; // nowhere as such: Pagefind's nearest matches
    allowed = allowed === null ? holding : allowed.filter(function (name) { return holding.indexOf(name) >= 0; });
  }
  return allowed;
}

/* ``opts`` with the search limited to the bundles holding every word. */
async function restricted(term, opts) {
  const limited = Object.assign({}, opts || {});
  const allowed = await bundlesFor(term);
  if (allowed !== null) {
    limited.filters = Object.assign({}, limited.filters || {});
    limited.filters[BUNDLE] = { any: allowed.length ? allowed : [NONE] };
  }
  return limited;
}

export async function search(term, opts) {
  return hide(await real.search(term, await restricted(term, opts)));
}

export async function debouncedSearch(term, opts, timeout) {
  return hide(await real.debouncedSearch(term, await restricted(term, opts), timeout));
}
