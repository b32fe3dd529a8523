// Lighthouse's accessibility and SEO scores of some pages, with one Chromium
// for all of them: `node lighthouse.mjs URL...` prints one JSON object
// {url: {scores: {category: score}, failed: [audit ids]}}.
// CHROME_PATH names the browser (Debian's chromium; nothing is downloaded).
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';

const config = {
  extends: 'lighthouse:default',
  settings: {
    onlyCategories: ['accessibility', 'seo'],
    // Scores of these categories do not depend on speed: no throttling, no
    // waiting for a quiet CPU on a busy machine, no full-page screenshot.
    throttlingMethod: 'provided',
    disableFullPageScreenshot: true,
    pauseAfterFcpMs: 0,
    pauseAfterLoadMs: 0,
    networkQuietThresholdMs: 0,
    cpuQuietThresholdMs: 0,
    maxWaitForLoad: 20000,
  },
};

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH,
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu'],
});
const results = {};
try {
  for (const url of process.argv.slice(2)) {
    const { lhr } = await lighthouse(url, { port: chrome.port, logLevel: 'error' }, config);
    results[url] = {
      scores: Object.fromEntries(Object.entries(lhr.categories).map(([id, c]) => [id, c.score])),
      failed: Object.values(lhr.audits)
        .filter((a) => a.score !== null && a.score < 1 && ['binary', 'numeric'].includes(a.scoreDisplayMode))
        .map((a) => a.id),
      warnings: lhr.runWarnings,
      error: lhr.runtimeError ? lhr.runtimeError.message : null,
    };
  }
} finally {
  await chrome.kill();
}
process.stdout.write(JSON.stringify(results, null, 1) + '\n');
