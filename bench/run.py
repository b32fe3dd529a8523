"""The benchmark of issue 6: ``make bench`` writes ``bench/results.md``.

For N = 500 and N = 5,000 synthetic posts (``onprobation synth``), in one run
on this machine: the full HTML build (time, peak memory) against a baseline
of plain Sphinx + MyST with the basic theme on the same pages; ``-j 2``
against ``-j 1``; incremental rebuilds after adding one dump and after
editing one post (and whether the result is byte-identical to a clean build);
the mean post page size; the converter's share; the PDF build for N = 500.
"""

from __future__ import annotations

import argparse
import datetime as dt
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


def run(command: list[str], quiet: bool = False) -> tuple[float, int]:
    """Run a command; return (seconds, peak resident memory in MB) via GNU time."""
    timing = tempfile.NamedTemporaryFile(delete=False)
    start = time.perf_counter()
    subprocess.run(["/usr/bin/time", "-f", "%M", "-o", timing.name, *command], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL if quiet else None)
    seconds = time.perf_counter() - start
    peak = int(Path(timing.name).read_text().split()[-1]) // 1024
    os.unlink(timing.name)
    return seconds, peak


def project(work: Path, seeds: Path) -> Path:
    src = work / "docs"
    if src.exists():
        shutil.rmtree(src)
    shutil.copytree(ROOT / "docs", src, ignore=lambda d, names: {
        n for n in names if n == "_build" or (Path(d) == ROOT / "docs" and GENERATED.match(n))})
    # The citing page gives examples from the real seeds, absent here.
    (src / "citing.md").write_text("# Citing\n\nSee the archive's own page.\n", encoding="utf-8")
    return src


def sphinx(src: Path, out: Path, seeds: Path, *extra: str) -> list[str]:
    return [str(BIN / "sphinx-build"), "-q", "-b", "html", "-W", "--keep-going", "-n",
            "-D", f"onprobation_seeds={seeds}", *extra, str(src), str(out)]


def identical(a: Path, b: Path) -> tuple[bool, int]:
    files = sorted(p.relative_to(b) for p in b.rglob("*") if p.suffix in (".html", ".xml"))
    differ = [p for p in files if not (a / p).exists() or (a / p).read_bytes() != (b / p).read_bytes()]
    return not differ, len(differ)


def measure(n: int, work: Path, pdf: bool) -> dict[str, object]:
    from onprobation.synth import generate

    seeds = work / "seeds"
    generate(ROOT / "seeds", seeds, n)
    r: dict[str, object] = {"n": n}
    src = project(work, seeds)
    out = work / "out-j1"
    r["full"], r["peak"] = run(sphinx(src, out, seeds))
    # the converter alone, on the same input, into a scratch folder
    scratch = work / "scratch"
    scratch.mkdir()
    r["convert"], _ = run([str(BIN / "onprobation"), "convert", str(seeds), "--out", str(scratch), "-q",
                           "--registry", str(ROOT / "docs" / "registry")])
    shutil.rmtree(scratch)
    # baseline: the same MyST pages, plain Sphinx + MyST, basic theme
    r["baseline"], r["baseline_peak"] = run([str(BIN / "sphinx-build"), "-q", "-b", "html", "-c", str(ROOT / "bench" / "baseline"),
                            str(src), str(work / "out-baseline")], quiet=True)
    # -j 2 on a fresh environment
    r["full_j2"], r["peak_j2"] = run(sphinx(project(work / "j2", seeds), work / "out-j2", seeds, "-j", "2"))
    # incremental: add one dump (a new post in the last month), then edit one post
    last = sorted(seeds.glob("archive-*.txt"))[-1]
    date_line = last.read_text(encoding="utf-8").split("\n", 1)[0]
    (seeds / "zz-added.txt").write_text(f"{date_line}\n\nA Benchmark Addition\n\nThe NPS added a post.\n",
                                        encoding="utf-8")
    src = work / "docs"  # the project of the -j 1 build, whose environment is reused
    r["add_one"], _ = run(sphinx(src, out, seeds))
    clean = work / "out-clean"
    run(sphinx(project(work / "clean", seeds), clean, seeds))
    r["add_identical"], r["add_differ"] = identical(out, clean)
    _edit_one_post(seeds)
    r["edit_one"], _ = run(sphinx(src, out, seeds))
    pages = [p for p in out.glob("[0-9][0-9][0-9][0-9]/[0-9][0-9]/*.html") if p.name != "index.html"]
    r["page_bytes"] = sum(p.stat().st_size for p in pages) / len(pages)
    r["posts"] = len(pages)
    if pdf:
        r["pdf"], r["pdf_peak"] = run([str(BIN / "sphinx-build"), "-M", "latexpdf", str(work / "docs"),
                                       str(work / "pdf"), "-q", "-D", f"onprobation_seeds={seeds}"])
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


def table(small: dict, large: dict) -> str:
    def ratio(a: float, b: float) -> str:
        return f"{a / b:.2f}"

    rows = [
        ("Posts built", f"{small['posts']}", f"{large['posts']}", "", ""),
        ("Full HTML build, extension + theme (-j 1)", f"{small['full']:.1f} s", f"{large['full']:.1f} s", "", ""),
        ("Baseline: plain Sphinx + MyST, basic theme", f"{small['baseline']:.1f} s", f"{large['baseline']:.1f} s",
         "", ""),
        ("Cost over the baseline", f"{(small['full'] / small['baseline'] - 1) * 100:+.0f}%",
         f"{(large['full'] / large['baseline'] - 1) * 100:+.0f}%", "at most +15% at N = 5,000",
         _ok(large["full"] / large["baseline"] - 1 <= 0.15)),
        ("Linear growth: time(5,000) / time(500)", "", ratio(large["full"], small["full"]), "at most 11",
         _ok(large["full"] / small["full"] <= 11)),
        ("Full HTML build -j 2", f"{small['full_j2']:.1f} s", f"{large['full_j2']:.1f} s", "", ""),
        ("Speed-up -j 2 over -j 1", ratio(small["full"], small["full_j2"]), ratio(large["full"], large["full_j2"]),
         "at least 1.5", _ok(large["full"] / large["full_j2"] >= 1.5)),
        ("Add one dump: rebuild", f"{small['add_one']:.1f} s", f"{large['add_one']:.1f} s", "", ""),
        ("Add one dump: share of the full build", f"{small['add_one'] / small['full'] * 100:.1f}%",
         f"{large['add_one'] / large['full'] * 100:.1f}%", "at most 5%", _ok(large["add_one"] / large["full"] <= 0.05)),
        ("Add one dump: byte-identical to a clean build", _yes(small), _yes(large), "every page",
         _ok(bool(small["add_identical"]) and bool(large["add_identical"]))),
        ("Edit one post: rebuild", f"{small['edit_one']:.1f} s", f"{large['edit_one']:.1f} s", "", ""),
        ("Mean post page", f"{small['page_bytes'] / 1024:.1f} KiB", f"{large['page_bytes'] / 1024:.1f} KiB",
         "at most 1.1x", _ok(large["page_bytes"] / small["page_bytes"] <= 1.1)),
        ("Mean post page, ratio 5,000 / 500", "", ratio(large["page_bytes"], small["page_bytes"]), "", ""),
        ("Converter alone (share of the full build)", f"{small['convert']:.1f} s ({small['convert'] / small['full'] * 100:.0f}%)",
         f"{large['convert']:.1f} s ({large['convert'] / large['full'] * 100:.0f}%)", "", ""),
        ("Peak memory, full build -j 1", f"{small['peak']} MB", f"{large['peak']} MB", "under 1,536 MB",
         _ok(int(large["peak"]) < 1536)),
        ("Peak memory, baseline", f"{small['baseline_peak']} MB", f"{large['baseline_peak']} MB", "", ""),
        ("Peak memory, full build -j 2 (largest process)", f"{small['peak_j2']} MB", f"{large['peak_j2']} MB", "", ""),
        ("PDF build (latexpdf)", f"{small['pdf']:.1f} s" if "pdf" in small else "", "", "", ""),
    ]
    lines = ["| measure | N = 500 | N = 5,000 | target | met |", "| --- | ---: | ---: | --- | --- |"]
    lines += [f"| {' | '.join(row)} |" for row in rows]
    return "\n".join(lines)


def _ok(value: bool) -> str:
    return "yes" if value else "**no**"


def _yes(r: dict) -> str:
    return "yes" if r["add_identical"] else f"no ({r['add_differ']} files differ)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default=str(ROOT / "bench" / "results.md"))
    parser.add_argument("--small", type=int, default=500)
    parser.add_argument("--large", type=int, default=5000)
    args = parser.parse_args()
    started = dt.datetime.now(dt.timezone.utc)
    with tempfile.TemporaryDirectory(prefix="onprobation-bench-") as tmp:
        small = measure(args.small, Path(tmp) / "small", pdf=True)
        print(small, file=sys.stderr)
        large = measure(args.large, Path(tmp) / "large", pdf=False)
        print(large, file=sys.stderr)
    report = (
        "# Benchmark results\n\n"
        f"Made by `make bench` on {started:%Y-%m-%d %H:%M} UTC, in {(dt.datetime.now(dt.timezone.utc) - started).seconds // 60} minutes.\n\n"
        f"Machine: {machine()}. Timings are wall-clock seconds of one run each, on a shared machine; "
        "the baseline was measured in the same run.\n\n"
        f"Synthetic archives from the seeds (`onprobation synth`): about a post a day from January 2010, so a "
        "larger archive spans more years, as the real one did.\n\n"
        + table(small, large)
        + "\n"
    )
    Path(args.out).write_text(report, encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
