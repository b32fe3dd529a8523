"""The benchmark of issues 6 and 14: ``make bench`` writes ``bench/results.md``.

Synthetic archives at the real blog's profile (``onprobation synth``, whose
parameters are printed): by default 500 posts (the quick comparison, with the
PDF) and 4,500 (the real size). For each, in one run on this machine: the
full HTML build with ``-j 1`` and ``-j 2`` (time, peak memory of the largest
process) against a baseline of plain Sphinx + MyST with the basic theme on
the same pages, also ``-j 1`` and ``-j 2``; tomorrow's post (a new dump in
the last month) and an edited post rebuilt with ``-j 2``, and whether the
result is byte-identical to a clean build; the biggest entity page and the
mean post page; the doctrees; the converter alone with its cache cold and
warm. Both ``-j 2`` builds and tomorrow's post are timed phase by phase
(``bench/phases.py``: set-up with the converter, reading, writing, the
``build-finished`` handlers), which shows where a ratio comes from.
``make bench-quick`` runs the 500-post archive only. With
``--pdf-volumes``: the PDF in one volume per year as the README builds it,
the LaTeX written with ``-j 2`` (time, peak memory of the largest process),
then every volume typeset, two at a time (``latex/Makefile``'s ``-j``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
GENERATED = re.compile(r"^(?:\d{4}|organisations|reports)$")


SEARCHED = "grayling"  # the issue's query
CPU: dict[tuple[str, ...], float] = {}  # CPU seconds (user + system) of each command run, with its children


def run(command: list[str], quiet: bool = False) -> tuple[float, int]:
    """Run a command; return (seconds, peak resident memory in MB of its largest
    process) via GNU time, and note its CPU seconds in ``CPU``."""
    timing = tempfile.NamedTemporaryFile(delete=False)
    start = time.perf_counter()
    subprocess.run(["/usr/bin/time", "-f", "%M %U %S", "-o", timing.name, *command], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL if quiet else None)
    seconds = time.perf_counter() - start
    peak, user, system = Path(timing.name).read_text().split()[-3:]
    CPU[tuple(command)] = float(user) + float(system)
    os.unlink(timing.name)
    return seconds, int(peak) // 1024


def cpu_of(command: list[str]) -> float:
    return CPU[tuple(command)]


def project(work: Path, seeds: Path) -> Path:
    src = work / "docs"
    if src.exists():
        shutil.rmtree(src)
    shutil.copytree(ROOT / "docs", src, ignore=lambda d, names: {
        n for n in names if n == "_build" or (Path(d) == ROOT / "docs" and GENERATED.match(n))})
    # The citing page gives examples from the real seeds, absent here.
    (src / "citing.md").write_text("# Citing\n\nSee the archive's own page.\n", encoding="utf-8")
    return src


def size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def sphinx(src: Path, out: Path, seeds: Path, *extra: str, builder: str = "html") -> list[str]:
    return [str(BIN / "sphinx-build"), "-q", "-b", builder, "-W", "--keep-going", "-n",
            "-D", f"onprobation_seeds={seeds}", *extra, str(src), str(out)]


def timed(command: list[str], phases: Path) -> list[str]:
    """The same sphinx-build command, run through ``bench/phases.py`` so that the
    time of each phase lands in ``phases`` (JSON)."""
    return [sys.executable, str(ROOT / "bench" / "phases.py"), str(phases), *command[1:]]


def phases_of(path: Path) -> dict[str, dict[str, float]]:
    return json.loads(path.read_text(encoding="utf-8"))


def identical(a: Path, b: Path) -> tuple[bool, int]:
    files = sorted(p.relative_to(b) for p in b.rglob("*") if p.suffix in (".html", ".xml"))
    differ = [p for p in files if not (a / p).exists() or (a / p).read_bytes() != (b / p).read_bytes()]
    return not differ, len(differ)


def baseline(src: Path, out: Path, *extra: str) -> list[str]:
    return [str(BIN / "sphinx-build"), "-q", "-b", "html", "-c", str(ROOT / "bench" / "baseline"), *extra,
            str(src), str(out)]


def pdf_volumes(work: Path, seeds: Path) -> dict[str, object]:
    """The yearly volumes: the LaTeX written (-j 2), then typeset in parallel; the
    biggest volume's pages and whether any log reports a TeX limit."""
    out = work / "pdf-volumes"
    r: dict[str, object] = {}
    r["pdf_write"], r["pdf_write_peak"] = run(sphinx(project(work / "pdfv", seeds), out, seeds, "-j", "2",
                                                      "-D", "onprobation_pdf_volumes=year", builder="latex"))
    r["pdf_tex_mb"] = sum(p.stat().st_size for p in out.glob("*.tex")) / 1e6
    start = time.perf_counter()
    done = subprocess.run(["make", "-C", str(out), "all-pdf", "LATEXMKOPTS=-silent -interaction=nonstopmode"],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    r["pdf_make"] = time.perf_counter() - start
    logs = [p.read_text(encoding="utf-8", errors="replace") for p in out.glob("*.log")]
    pages = [int(m[1]) for log in logs for m in re.finditer(r"Output written on .*?\((\d+) pages", log)]
    r["pdf_volumes"], r["pdf_pages"] = len(list(out.glob("*.pdf"))), max(pages, default=0)
    r["pdf_limits"] = done.returncode == 0 and not any("TeX capacity exceeded" in log or "Unable to read an entire line" in log for log in logs)
    return r


PARTS = ("j1", "convert", "j2", "incremental", "pdf")


def measure(n: int, work: Path, pdf: bool, profile: str, volumes: bool = False,
            parts: tuple[str, ...] = PARTS) -> dict[str, object]:
    from onprobation.convert import read, seed_files
    from onprobation.synth import generate

    seeds = work / "seeds"
    generate(ROOT / "seeds", seeds, n, profile=profile)
    r: dict[str, object] = {"n": n, "dumps_mb": size_mb(seeds), "dumps": len(seed_files(seeds))}
    corpus = read(seed_files(seeds), work)
    r["posts_read"] = len(corpus.posts)
    r["comments"] = sum(p.comment_count for p in corpus.posts)
    r["max_thread"] = max((p.comment_count for p in corpus.posts), default=0)
    del corpus
    if "j1" in parts:
        src = project(work, seeds)
        out = work / "out-j1"
        r["full"], r["peak"] = run(sphinx(src, out, seeds))
        r["doctrees_mb"] = size_mb(out / ".doctrees")
        # baseline: the same MyST pages, plain Sphinx + MyST, basic theme
        r["baseline"], r["baseline_peak"] = run(baseline(src, work / "out-baseline"), quiet=True)
    if "convert" in parts:
        # the converter alone, on the same input, into a scratch folder: no cache, then its cache cold and warm
        scratch, cache = work / "scratch", work / "scratch-cache"
        scratch.mkdir()
        convert = [str(BIN / "onprobation"), "convert", str(seeds), "--out", str(scratch), "-q",
                   "--registry", str(ROOT / "docs" / "registry")]
        r["convert"], _ = run([*convert, "--no-cache"])
        r["convert_cold"], _ = run([*convert, "--cache", str(cache)])
        r["convert_warm"], _ = run([*convert, "--cache", str(cache)])
        shutil.rmtree(scratch), shutil.rmtree(cache)
    if "j2" not in parts:
        return r | (pdf_volumes(work, seeds) if volumes else {})
    # -j 2 on a fresh environment, the extension and the baseline
    src2, out2 = project(work / "j2", seeds), work / "out-j2"
    command = timed(sphinx(src2, out2, seeds, "-j", "2"), work / "phases-j2.json")
    r["full_j2"], r["peak_j2"] = run(command)
    r["cpu_j2"], r["phases_j2"] = cpu_of(command), phases_of(work / "phases-j2.json")
    command = timed(baseline(src2, work / "out-baseline-j2", "-j", "2"), work / "phases-baseline-j2.json")
    r["baseline_j2"], r["baseline_peak_j2"] = run(command, quiet=True)
    r["baseline_cpu_j2"], r["baseline_phases_j2"] = cpu_of(command), phases_of(work / "phases-baseline-j2.json")
    entity_pages = [p for p in out2.glob("*/*.html")  # the lists (index.html) grow with the registry only
                    if p.parent.name in ("organisations", "reports") and p.name != "index.html"]
    biggest = max(entity_pages, key=lambda p: p.stat().st_size)
    r["entity_kb"], r["entity_page"] = biggest.stat().st_size / 1024, biggest.relative_to(out2).as_posix()
    r["year_pages"] = len([p for p in out2.glob("*/*/*.html") if p.parts[-3] in ("organisations", "reports")])
    browser = shutil.which("chromium")
    if browser:  # what a reader downloads for one query (bench/search_bytes.py), the first results shown
        import search_bytes

        found = search_bytes.measure(out2, SEARCHED, browser)
        r["search"], r["search_gz"], r["search_kinds"] = found["bytes"], found["compressed bytes"], found["by kind"]
    pages = [p for p in out2.glob("[0-9][0-9][0-9][0-9]/[0-9][0-9]/*.html") if p.name != "index.html"]
    r["page_bytes"] = sum(p.stat().st_size for p in pages) / len(pages)
    r["posts"] = len(pages)
    if "incremental" not in parts:
        return r | (pdf_volumes(work, seeds) if volumes else {})
    # incremental, -j 2: tomorrow's post (one more dump in the last month), then an edited post
    last = sorted(seeds.glob("archive-*.txt"))[-1]
    date_line = last.read_text(encoding="utf-8").split("\n", 1)[0]
    (seeds / "zz-added.txt").write_text(f"{date_line}\n\nA Benchmark Addition\n\nThe NPS added a post.\n",
                                        encoding="utf-8")
    r["add_one"], _ = run(timed(sphinx(src2, out2, seeds, "-j", "2"), work / "phases-add.json"))
    r["add_one_phases"] = phases_of(work / "phases-add.json")
    clean = work / "out-clean"
    run(sphinx(project(work / "clean", seeds), clean, seeds, "-j", "2"))
    r["add_identical"], r["add_differ"] = identical(out2, clean)
    _edit_one_post(seeds)
    r["edit_one"], _ = run(sphinx(src2, out2, seeds, "-j", "2"))
    if pdf and "pdf" in parts:
        r["pdf"], r["pdf_peak"] = run([str(BIN / "sphinx-build"), "-M", "latexpdf", str(work / "docs"),
                                       str(work / "pdf"), "-q", "-D", f"onprobation_seeds={seeds}"])
    if volumes:
        r |= pdf_volumes(work, seeds)
    return r


def _edit_one_post(seeds: Path) -> None:
    """Change a word of a post that only its month's archive page holds."""
    from onprobation.parse import parse_text

    archives = sorted(seeds.glob("archive-*.txt"))
    for path in archives[len(archives) // 2 :]:
        text = path.read_text(encoding="utf-8")
        posts, _ = parse_text(text, path.name)
        threads = {p.name for p in seeds.glob(f"post-{path.stem[8:]}-*.txt")}
        for post in posts:
            if post.body and not any(post.title in (seeds / t).read_text(encoding="utf-8") for t in threads):
                lines = text.split("\n")
                lines[post.body[0].number - 1] += " Edited."
                path.write_text("\n".join(lines), encoding="utf-8")
                return
    raise RuntimeError("no post to edit")


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = next((int(line.split()[1]) // 1024 // 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), 0)
    import docutils
    import myst_parser
    import sphinx

    return (f"{os.cpu_count()} cores ({cpu}), {memory} GiB RAM, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}, Sphinx {sphinx.__version__}, MyST-Parser "
            f"{myst_parser.__version__}, docutils {docutils.__version__}")


def table(results: list[dict]) -> str:
    def row(name: str, cell, target: str = "", met=None) -> str:
        def shown(r: dict, what) -> str:
            try:
                return what(r)
            except KeyError:  # a part not run (--parts)
                return "not run"
        cells = [shown(r, cell) for r in results]
        verdict = "" if met is None else shown(results[-1], lambda r: _ok(met(r)))
        return f"| {name} | {' | '.join(cells)} | {target} | {verdict} |"

    def pct(a: float, b: float) -> str:
        return f"{a / b:.2f}x"

    lines = ["| measure | " + " | ".join(f"N = {r['n']:,}" for r in results) + " | target (real size) | met |",
             "| --- |" + " ---: |" * len(results) + " --- | --- |"]
    lines += [
        row("Dumps (MB) / comments (longest thread)", lambda r: f"{r['dumps_mb']:.0f} MB / {r['comments']:,} ({r['max_thread']})"),
        row("Posts built", lambda r: f"{r['posts']:,}"),
        row("Full HTML build -j 1", lambda r: f"{r['full']:.0f} s"),
        row("Baseline (plain Sphinx + MyST) -j 1", lambda r: f"{r['baseline']:.0f} s"),
        row("Full HTML build -j 2", lambda r: f"{r['full_j2']:.0f} s", "under 3 min", lambda r: r["full_j2"] < 180),
        row("Baseline -j 2", lambda r: f"{r['baseline_j2']:.0f} s"),
        row("-j 2 against the baseline -j 2", lambda r: pct(r["full_j2"], r["baseline_j2"]), "at most 1.2x",
            lambda r: r["full_j2"] / r["baseline_j2"] <= 1.2),
        row("CPU seconds -j 2 (baseline; ratio)",
            lambda r: f"{r['cpu_j2']:.0f} s ({r['baseline_cpu_j2']:.0f} s; {pct(r['cpu_j2'], r['baseline_cpu_j2'])})"),
        *(row(f"-j 2, {phase}: ours s (CPU s); baseline's; CPU ratio", lambda r, p=phase: _phase(r, p))
          for phase in next((r["phases_j2"] for r in results if "phases_j2" in r), ())),
        row("Peak memory -j 1 (baseline)", lambda r: f"{r['peak']:,} MB ({r['baseline_peak']:,} MB)", "under 2 GB",
            lambda r: r["peak"] < 2048),
        row("Peak memory -j 2, largest process (baseline)",
            lambda r: f"{r['peak_j2']:,} MB ({r['baseline_peak_j2']:,} MB)", "under 1 GB", lambda r: r["peak_j2"] < 1024),
        row("Biggest entity page", lambda r: f"{r['entity_kb']:.0f} KB ({r['entity_page']})", "under 200 KB",
            lambda r: r["entity_kb"] < 200),
        row(f'Search for "{SEARCHED}": bytes sent uncompressed (gzip)',
            lambda r: f"{r['search'] / 1000:,.0f} KB ({r['search_gz'] / 1000:,.0f} KB)", "under 500 KB",
            lambda r: r["search"] < 500_000),
        row("... by kind: KB (files)", lambda r: ", ".join(
            f"{kind} {size / 1000:,.0f} ({files})" for kind, (size, files) in r["search_kinds"].items())),
        row("Entity year pages", lambda r: f"{r['year_pages']:,}"),
        row("Tomorrow's post, incremental -j 2", lambda r: f"{r['add_one']:.1f} s", "under 10 s",
            lambda r: r["add_one"] < 10),
        row("... by phase: wall (CPU) s", lambda r: ", ".join(
            f"{phase} {t['wall']:.1f} ({t['cpu']:.1f})" for phase, t in r["add_one_phases"].items())),
        row("... byte-identical to a clean build", _yes, "every page", lambda r: bool(r["add_identical"])),
        row("Edit one post, incremental -j 2", lambda r: f"{r['edit_one']:.1f} s"),
        row("Converter alone: no cache / cold / warm",
            lambda r: f"{r['convert']:.0f} / {r['convert_cold']:.0f} / {r['convert_warm']:.0f} s"),
        row("Doctrees", lambda r: f"{r['doctrees_mb']:.0f} MB"),
        row("Mean post page", lambda r: f"{r['page_bytes'] / 1024:.1f} KiB"),
        row("PDF, one book (latexpdf)", lambda r: f"{r['pdf']:.0f} s, {r['pdf_peak']:,} MB" if "pdf" in r else ""),
    ]
    if all("pdf_write" in r for r in results):
        lines += [
            row("PDF volumes: LaTeX written -j 2 (TeX, peak memory)",
                lambda r: f"{r['pdf_write']:.0f} s ({r['pdf_tex_mb']:.0f} MB, {r['pdf_write_peak']:,} MB)",
                "under 5 min, under 2 GB", lambda r: r["pdf_write"] < 300 and r["pdf_write_peak"] < 2048),
            row("PDF volumes: typeset two at a time (volumes, biggest)",
                lambda r: f"{r['pdf_make']:.0f} s ({r['pdf_volumes']}, {r['pdf_pages']:,} pages)",
                "within TeX's limits", lambda r: bool(r["pdf_limits"])),
            row("HTML -j 2 + PDF volumes (Read the Docs allows 15 min)",
                lambda r: f"{(r['full_j2'] + r['pdf_write'] + r['pdf_make']) / 60:.1f} min", "under 15 min",
                lambda r: r["full_j2"] + r["pdf_write"] + r["pdf_make"] < 900),
        ]
    return "\n".join(lines)


def _phase(r: dict, phase: str) -> str:
    """One phase of both -j 2 builds (``bench/phases.py``): where the ratio comes from."""
    ours, base = r["phases_j2"][phase], r["baseline_phases_j2"][phase]
    ratio = f"{ours['cpu'] / base['cpu']:.2f}x" if base["cpu"] >= 0.5 else "-"
    return f"{ours['wall']:.0f} ({ours['cpu']:.0f}); {base['wall']:.0f} ({base['cpu']:.0f}); {ratio}"


def _ok(value: bool) -> str:
    return "yes" if value else "**no**"


def _yes(r: dict) -> str:
    return "yes" if r["add_identical"] else f"no ({r['add_differ']} files differ)"


def main() -> int:
    from onprobation.synth import describe

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default=str(ROOT / "bench" / "results.md"))
    parser.add_argument("--sizes", default="500,4500", help="numbers of posts, comma-separated (default: 500,4500)")
    parser.add_argument("--profile", default="real", choices=("real", "old"), help="onprobation synth's profile")
    parser.add_argument("--pdf-upto", type=int, default=500, help="build the PDF for archives up to this size")
    parser.add_argument("--pdf-volumes", action="store_true",
                        help="also write and typeset the PDF in yearly volumes, in parallel, at every size")
    parser.add_argument("--parts", default=",".join(PARTS),
                        help=f"what to measure, comma-separated from {', '.join(PARTS)} (default: all); "
                             "incremental needs j2; the rest of the table says 'not run'")
    args = parser.parse_args()
    parts = tuple(p for p in args.parts.split(",") if p)
    unknown = set(parts) - set(PARTS)
    if unknown:
        parser.error(f"unknown parts: {', '.join(sorted(unknown))}")
    sizes = [int(n) for n in args.sizes.split(",")]
    started = dt.datetime.now(dt.timezone.utc)
    profile = describe(args.profile, max(sizes))
    print(f"bench: {', '.join(map(str, sizes))} posts; {profile}", file=sys.stderr, flush=True)
    load = os.getloadavg()
    results = []
    with tempfile.TemporaryDirectory(prefix="onprobation-bench-") as tmp:
        for n in sizes:
            results.append(measure(n, Path(tmp) / str(n), pdf=n <= args.pdf_upto, profile=args.profile,
                                   volumes=args.pdf_volumes, parts=parts))
            print(results[-1], file=sys.stderr, flush=True)
    minutes = (dt.datetime.now(dt.timezone.utc) - started).seconds // 60
    report = (
        "# Benchmark results\n\n"
        f"Made by `make bench` on {started:%Y-%m-%d %H:%M} UTC, in {minutes} minutes.\n\n"
        f"Machine: {machine()}; load average at the start {load[0]:.1f}, at the end {os.getloadavg()[0]:.1f}. "
        "Timings are wall-clock seconds of one run each, on a shared machine; the baseline was measured in the "
        "same run, so compare ratios.\n\n"
        f"Synthetic archives from the seeds (`onprobation synth --profile {args.profile}`): {profile}.\n\n"
        f"Parts measured: {', '.join(parts)}{'; PDF volumes' if args.pdf_volumes else ''}.\n\n"
        + table(results)
        + "\n"
    )
    Path(args.out).write_text(report, encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
