"""Pagefind bundles: the closed past in groups of years, the current year
alone, and one bundle for every other searched page.

Why bundles. One Pagefind run over the whole archive (4,500 posts, 74,000
comments) held every page's words at once: 4.8 GB, the largest process of the
build, and it re-indexed every page on every build. A run per bundle holds
at most a few years (650 posts, about 720 MB), at most ``-j`` runs go at a
time, and a bundle whose pages did not change is kept as it is, so
tomorrow's post re-indexes only its own year. The search page merges the bundles in the
browser (Pagefind's ``mergeIndex``: the merged bundles share the primary's
WASM, so a query still loads one engine).

Why groups of years. Each bundle a query reaches costs the reader its index
chunk of the word (about 25 KB at Pagefind's default chunk size, whatever
the bundle's size; see ``INDEX_CHUNK_SIZE``), its page list and its filters:
with a bundle a year, 18 bundles sent 1,061 KB for "grayling". A Pagefind run holds about
1.1 MB per post of this blog (300 posts: 333 MB, 600: 656 MB, 1,200:
1,256 MB, measured), so past years are grouped, oldest first and consecutive,
while a group has at most ``budget`` posts (650 by default: about 720 MB, well
under 1 GB a process; a year larger than that is a group of its own). The
last year with posts, where tomorrow's post goes, is always alone, so a new
post re-indexes a bundle of at most a year; and since the groups are made
from the past years only, oldest first, a post added to the current year
never regroups the past. When a new year begins, the year before joins the
groups (only the last group can change); its old bundle is then stale and
removed.

Layout, under the output folder::

    pagefind/pages/        the primary: other searched pages, Pagefind's UI and engine
    pagefind/y2010-2012/   the posts of 2010 to 2012: their index, filters and fragments
    pagefind/y2026/        the posts of the current year

The primary is the first bundle of :func:`bundle_names` (``pages``, else the
first year); only it keeps Pagefind's UI, engine and WASM (about 360 KB a
bundle), which merged bundles never load. Should another bundle become the
primary, it lacks them, so it is re-made. Each run reads exactly the bundle's pages: they are hard-linked
(copied where links fail) into a hidden input folder at their own relative
paths, so the home page, the timeline and the listing pages, which change
with every new post, never make a bundle outdated, and URLs stay those of
the site.

Manifests. ``<doctreedir>/pagefind/<bundle>.json`` records each input page's
relative path, size, ``mtime_ns`` and SHA-256, and the text of the bundle's
``pagefind-entry.json`` (which holds a hash of the index), so a manifest
only vouches for the bundle it was written with. Size and mtime are read
first, as git does with its index: when they match, the page is taken as
unchanged without reading it; when they do not, its hash decides, because
an incremental build rewrites pages whose bytes come out the same (a
neighbour's previous/next line, say) and that must not cost a re-index. The
manifest lives with the doctrees, not in the site, so nothing of it is
published; losing it only costs one re-index.

Safety, as with the single index before: a bundle is written into
``pagefind/.<bundle>.tmp`` and swapped in by renames; a failed run leaves the
previous bundle and its manifest (so the next build tries again) and is
reported, never raised; entries of ``pagefind/`` that are no bundle of this
build (a year without posts any more, the single index of older builds, a
leftover temporary folder) are removed, so no stale fragment survives.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from onprobation.convert import atomic_write, read_json_object

ROOT = "pagefind"  # the folder of the bundles, under the output folder
PAGES = "pages"  # the bundle of every searched page that is not a post
ENTRY = "pagefind-entry.json"
# Files Pagefind writes that the search page never loads (other UIs).
UNUSED = ("pagefind-component-ui.css", "pagefind-component-ui.js", "pagefind-modular-ui.css",
          "pagefind-modular-ui.js", "pagefind-highlight.js")  # fmt: skip
# The UI and engine the search page loads from the primary bundle only.
ENGINE = ("pagefind.js", "pagefind-ui.js", "pagefind-ui.css", "pagefind-worker.js")
ENGINE_GLOB = "wasm.*.pagefind"
TIMEOUT = 1800  # seconds, for one bundle
GROUP_POSTS = 650  # the most posts of a group of past years (about 720 MB for Pagefind)
# Pagefind cuts a bundle's word index into chunks of about this many word
# positions (its default 20,000; read from this variable, which Pagefind
# marks unstable: without it, only the chunks are larger). A query loads the
# chunk of its word in every bundle, most of it other words: at 3,000 the
# chunk of "grayling" in two years of posts is 9 KB instead of 25 KB, and the
# page list, which lists the chunks, 14 KB instead of 7 KB (measured; 2,000
# and 5,000 do about as well, 1,000 worse: the page list grows faster).
INDEX_CHUNK_SIZE = 3000


def year_bundle(years: str | Sequence[str]) -> str:
    """The bundle of one year's posts, ``y2015``, or of consecutive years,
    ``y2010-2012`` (never contains "pagefind", which Pagefind's JS looks for
    in a bundle's path to find the site's root)."""
    if isinstance(years, str):
        return f"y{years}"
    return f"y{years[0]}" if len(years) == 1 else f"y{years[0]}-{years[-1]}"


def year_groups(posts: Mapping[str, int], budget: int = GROUP_POSTS) -> list[list[str]]:
    """The years with posts (``{year: posts}``) in bundles: past years
    consecutive, oldest first, while a group has at most ``budget`` posts
    (a larger year alone); the last year alone. Only the past decides the
    groups of the past, so the current year's growth never regroups it."""
    years = sorted(y for y, n in posts.items() if n > 0)
    groups: list[list[str]] = []
    total = 0
    for year in years[:-1]:
        if groups and total + posts[year] <= budget:
            groups[-1].append(year)
            total += posts[year]
        else:
            groups.append([year])
            total = posts[year]
    return groups + [years[-1:]] if years else []


def bundle_names(groups: Sequence[Sequence[str]], has_pages: bool = True) -> list[str]:
    """The bundles of a build, the primary first."""
    return ([PAGES] if has_pages else []) + [year_bundle(g) for g in sorted(groups)]


@dataclass(frozen=True)
class Outcome:
    """What became of one bundle: ``kept``, ``indexed`` or ``failed``."""

    name: str
    status: str
    pages: int = 0
    seconds: float = 0.0
    detail: str = ""


def pagefind_executable() -> str | None:
    """The binary of the ``pagefind-bin`` wheel, else one on the PATH."""
    try:
        import pagefind_bin

        return str(pagefind_bin.get_executable())
    except (ImportError, FileNotFoundError):
        return shutil.which("pagefind")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _manifest_path(statedir: Path, name: str) -> Path:
    return statedir / f"{name}.json"


def read_manifest(statedir: Path, name: str) -> dict:
    return read_json_object(_manifest_path(statedir, name))


def _write_manifest(statedir: Path, name: str, entry: str, files: Mapping[str, list]) -> None:
    atomic_write(_manifest_path(statedir, name),
                 json.dumps({"entry": entry, "files": dict(sorted(files.items()))}).encode("utf-8"))


def fingerprints(outdir: Path, pages: Sequence[str], known: Mapping[str, list]) -> dict[str, list]:
    """``{page: [size, mtime_ns, sha256]}`` of the pages that exist; a page whose
    size and mtime are those ``known`` keeps its known hash without being read."""
    files = {}
    for page in pages:
        try:
            stat = (outdir / page).stat()
        except OSError:
            continue  # not written (its error was reported by Sphinx)
        old = known.get(page)
        if old and old[0] == stat.st_size and old[1] == stat.st_mtime_ns:
            files[page] = old
        else:
            files[page] = [stat.st_size, stat.st_mtime_ns, _sha256(outdir / page)]
    return files


def _entry_text(bundle: Path) -> str | None:
    try:
        return (bundle / ENTRY).read_text(encoding="utf-8")
    except OSError:
        return None


def is_current(bundle: Path, manifest: Mapping, files: Mapping[str, list], primary: bool = False) -> bool:
    """The bundle on disk is the one its manifest describes, made of these
    pages (and, for the primary, with Pagefind's UI and engine)."""
    old = manifest.get("files")
    entry = _entry_text(bundle)
    if not isinstance(old, dict) or entry is None or entry != manifest.get("entry") or set(old) != set(files):
        return False
    if primary and not all((bundle / name).is_file() for name in ENGINE):
        return False
    return all(isinstance(old[p], list) and old[p][2:] == files[p][2:] for p in files)


def _stage(outdir: Path, pages: Sequence[str], staging: Path) -> None:
    """The bundle's pages at their own paths under ``staging`` (hard links)."""
    for page in pages:
        target = staging / page
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(outdir / page, target)
        except OSError:
            shutil.copyfile(outdir / page, target)


def run_pagefind(executable: str, outdir: Path, name: str, pages: Sequence[str], primary: bool = True) -> Outcome:
    """Index ``pages`` into ``pagefind/.<name>.tmp`` (not swapped in here);
    only a ``primary`` bundle keeps Pagefind's UI and engine."""
    root = outdir / ROOT
    staging, temporary = root / f".{name}.input", root / f".{name}.tmp"
    for folder in (staging, temporary):
        shutil.rmtree(folder, ignore_errors=True)
    command = [executable, "--site", str(staging), "--output-path", str(temporary),
               "--keep-index-url", "--force-language", "en"]  # fmt: skip
    started = time.perf_counter()
    try:
        _stage(outdir, pages, staging)
        environment = {**os.environ, "PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE": str(INDEX_CHUNK_SIZE)}
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False,
                              env=environment)
    except (OSError, subprocess.SubprocessError) as error:
        shutil.rmtree(temporary, ignore_errors=True)
        return Outcome(name, "failed", detail=f"Pagefind could not run: {error}")
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0 or not (temporary / ENTRY).is_file():
        shutil.rmtree(temporary, ignore_errors=True)
        detail = " ".join((done.stderr or done.stdout).split())[-500:]
        return Outcome(name, "failed", detail=f"Pagefind failed (exit {done.returncode}): {detail}")
    for unused in UNUSED + (() if primary else ENGINE):
        (temporary / unused).unlink(missing_ok=True)
    if not primary:
        for wasm in temporary.glob(ENGINE_GLOB):
            wasm.unlink()
    indexed = _indexed(done.stdout)
    return Outcome(name, "indexed", pages=indexed if indexed is not None else len(pages), seconds=seconds)


def _indexed(report: str) -> int | None:
    for line in report.splitlines():
        words = line.split()
        if len(words) >= 3 and words[0] == "Indexed" and words[1].isdigit() and words[2].startswith("page"):
            return int(words[1])
    return None


def _swap(root: Path, name: str) -> None:
    """``.<name>.tmp`` becomes ``<name>``; the old bundle goes after it is replaced."""
    target, temporary, old = root / name, root / f".{name}.tmp", root / f".{name}.old"
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    temporary.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def remove_stale(root: Path, statedir: Path, names: Sequence[str]) -> list[str]:
    """Remove every entry of ``pagefind/`` that is not a bundle of this build,
    and the manifests of bundles that are gone; return what was removed."""
    removed = []
    if root.is_dir():
        for entry in sorted(root.iterdir()):
            if entry.name in names:
                continue
            removed.append(entry.name)
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)
    if statedir.is_dir():
        for manifest in statedir.glob("*.json"):
            if manifest.stem not in names:
                manifest.unlink(missing_ok=True)
    return removed


def update_bundles(outdir: Path, statedir: Path, plan: Mapping[str, Sequence[str]], jobs: int = 1,
                   executable: str | None = None) -> list[Outcome]:
    """Bring ``outdir/pagefind/`` to one bundle per entry of ``plan`` (bundle
    name -> pages relative to ``outdir``), re-indexing only outdated bundles,
    at most ``jobs`` Pagefind runs at a time. Never raises for a failed run."""
    root = outdir / ROOT
    root.mkdir(exist_ok=True)
    names = [name for name, pages in plan.items() if pages]
    outcomes: dict[str, Outcome] = {}
    todo: dict[str, dict[str, list]] = {}
    for name in names:
        manifest = read_manifest(statedir, name)
        files = fingerprints(outdir, plan[name], manifest.get("files") or {})
        if not files:
            continue
        if is_current(root / name, manifest, files, primary=name == names[0]):
            if files != manifest.get("files"):  # same bytes, new mtimes: remember them
                _write_manifest(statedir, name, manifest["entry"], files)
            outcomes[name] = Outcome(name, "kept", pages=len(files))
        else:
            todo[name] = files
    if todo:
        executable = executable or pagefind_executable()
        if executable is None:
            detail = "the Pagefind binary is not installed (pip install pagefind-bin)"
            outcomes.update({name: Outcome(name, "failed", detail=detail) for name in todo})
            todo = {}
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        runs = {name: pool.submit(run_pagefind, executable or "", outdir, name, sorted(files), name == names[0])
                for name, files in todo.items()}  # fmt: skip
        for name, run in runs.items():
            outcome = run.result()
            if outcome.status == "indexed":
                _swap(root, name)
                _write_manifest(statedir, name, _entry_text(root / name) or "", todo[name])
            outcomes[name] = outcome
    # A bundle that failed keeps its previous version, if it had one.
    remove_stale(root, statedir, [n for n in names if (root / n / ENTRY).is_file()])
    return [outcomes[name] for name in names if name in outcomes]
