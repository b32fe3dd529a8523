"""The ``onprobation`` command: ``convert`` writes pages, ``parse --json`` prints the model."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .convert import CACHE_FOLDER, convert, load_registry, read, seed_files
from .kinds import DEFAULT as DEFAULT_KINDS
from .mentions import Linker
from .model import Post
from .pages import chronological, post_mentions, word_count
from .registry import Registry


def post_json(post: Post, linker: Linker | None = None) -> dict[str, object]:
    """One post as contract 2 of the brief describes it, with where it came from.

    ``words`` counts the words of the body: the text dump's lines, or the text
    of the HTML for Blogger's own formats. ``comments`` counts comments and
    replies (at any depth).
    """
    return {
        "file": post.file,
        "line": post.line,
        "date": post.date.isoformat(),
        "title": post.title,
        "slug": post.slug,
        "path": post.path + ".html",
        "anchor": post.label,
        "words": word_count(post),
        "comments": post.comment_count,
        **_mentions(post, linker),
        "format": post.format,
        "entry_id": post.entry_id,
        "blogger_id": post.blogger_id,
        "permalink": post.permalink,
        "labels": list(post.labels),
        "author": post.author,
        "published": post.published.isoformat() if post.published else None,
        "updated": post.updated.isoformat() if post.updated else None,
    }


def _mentions(post: Post, linker: Linker | None) -> dict[str, list[dict[str, str]]]:
    entities = post_mentions(post, linker)
    kinds = linker.registry.kinds if linker is not None else DEFAULT_KINDS
    return {kind.front_matter: [{"key": e.key, kind.label: e.name} for e in entities if e.type == kind.type]
            for kind in kinds if kind.front_matter}


def _inputs(names: list[str], default: Path | None) -> list[Path]:
    paths: list[Path] = []
    for name in names:
        path = Path(name)
        paths += seed_files(path) if path.is_dir() else [path]
    if not names and default is not None:
        paths = seed_files(default)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="onprobation", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    conv = commands.add_parser("convert", help="write the MyST pages of the archive")
    conv.add_argument("seeds", nargs="*", help="dump files or folders (default: seeds/)")
    conv.add_argument("--out", default="docs", help="the Sphinx source folder (default: docs)")
    conv.add_argument("-q", "--quiet", action="store_true", help="print problems only")
    conv.add_argument("--registry", default="docs/registry", help="registry folder (default: docs/registry)")
    conv.add_argument("--cache", metavar="DIR",
                      help="keep each dump's parse here, by its content (default: the one `make html` uses, "
                           "OUT/_build/doctrees/onprobation-cache)")
    conv.add_argument("--no-cache", action="store_true", help="parse every dump again")
    prs = commands.add_parser("parse", help="print the parsed model")
    prs.add_argument("--json", action="store_true", required=True, help="print JSON (the only format)")
    prs.add_argument("--registry", default="docs/registry", help="registry folder (default: docs/registry)")
    prs.add_argument("files", nargs="+", help="dump files")
    syn = commands.add_parser("synth", help="write a synthetic archive made from the seeds (for benchmarks)")
    syn.add_argument("--posts", type=int, required=True, help="how many posts")
    syn.add_argument("--out", required=True, help="folder for the dumps")
    syn.add_argument("--seeds", default="seeds", help="the seed dumps (default: seeds/)")
    syn.add_argument("--seed", type=int, default=2010, help="random seed (default: 2010)")
    syn.add_argument("--profile", choices=("real", "old"), default="real",
                     help="real: the blog's pace, thread sizes and post lengths (default); "
                          "old: the first benchmark's (a post a day, up to 15 comments)")
    can = commands.add_parser("candidates", help="list the names the archive mentions most that the registry lacks")
    can.add_argument("seeds", nargs="*", help="dump files or folders, any source format (default: seeds/)")
    can.add_argument("--registry", default="docs/registry", help="registry folder (default: docs/registry)")
    can.add_argument("--limit", type=int, default=50, help="show this many, most mentioned first (default: 50; 0: all)")
    can.add_argument("--min-count", type=int, default=2, help="leave out names mentioned fewer times (default: 2)")
    can.add_argument("--format", choices=("text", "json", "toml"), default="text",
                     help="a table (default), JSON, or registry stubs to edit (toml)")
    can.add_argument("--kind", choices=("organisation", "abbreviation", "person"), action="append",
                     help="only these kinds (repeatable; default: all)")
    can.add_argument("--cache", metavar="DIR", help="the converter's parse cache (default: docs/_build/doctrees/"
                                                    "onprobation-cache, what `make html` keeps)")
    fet = commands.add_parser("fetch", help="save the blog's public feeds, page by page, unchanged")
    fet.add_argument("blog", help="the blog's address, e.g. https://probationmatters.blogspot.com")
    fet.add_argument("--out", default="seeds/feeds", help="folder for the pages (default: seeds/feeds)")
    fet.add_argument("--format", choices=("atom", "json"), default="atom", help="Atom or alt=json (default: atom)")
    fet.add_argument("--delay", type=float, default=1.0, help="seconds between requests (default: 1)")
    fet.add_argument("--max-results", type=int, default=150, help="entries per page, at most 500 (default: 150)")
    fet.add_argument("-q", "--quiet", action="store_true", help="print only the summary")
    lev = commands.add_parser("linkeval", help="measure the linker's precision and recall on a labelled sample")
    lev.add_argument("seeds", nargs="*", help="dump files or folders holding the sampled posts (default: seeds/)")
    lev.add_argument("--sample", default="tests/data/linking-sample.toml",
                     help="the labelled sample (default: tests/data/linking-sample.toml)")
    lev.add_argument("--registry", default="docs/registry", help="registry folder (default: docs/registry)")
    lev.add_argument("--examples", type=int, default=10, help="examples shown per list (default: 10)")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)

    if args.command == "synth":
        from .synth import describe, generate

        print(f"onprobation synth: {args.posts:,} posts, seed {args.seed}; {describe(args.profile, args.posts)}")
        try:
            paths = generate(Path(args.seeds), Path(args.out), args.posts, args.seed, args.profile)
        except ValueError as error:
            print(f"onprobation: {error}", file=sys.stderr)
            return 1
        print(f"{len(paths)} dumps written to {args.out}")
        return 0
    if args.command == "fetch":
        return _fetch(args)
    if args.command == "candidates":
        return _candidates(args)
    registry = load_registry(Path(args.registry))
    if args.command == "linkeval":
        return _linkeval(args, registry)
    if args.command == "parse":
        corpus = read(_inputs(args.files, None))
        corpus.problems += registry.problems
        linker = Linker(registry)
        result = {
            "posts": [post_json(p, linker) for p in chronological(corpus.posts)],
            "problems": [{"file": p.file, "line": p.line, "message": p.message} for p in corpus.problems],
            # what each file held, and what was left out (drafts, settings...), by file
            "sources": [vars(source) for source in corpus.sources],
        }
        json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        for problem in corpus.problems:
            print(problem, file=sys.stderr)
        return 1 if corpus.problems else 0

    out = Path(args.out)
    if not out.is_dir():
        print(f"onprobation: {out}: no such folder", file=sys.stderr)
        return 2
    try:
        cache_dir = None if args.no_cache else Path(args.cache) if args.cache else out / "_build/doctrees" / CACHE_FOLDER
        corpus, report = convert(_inputs(args.seeds, Path("seeds")), out, registry=registry, cache_dir=cache_dir)
    except OSError as error:  # the output folder cannot be written: say so, no traceback
        print(f"onprobation: {error.filename or out}: {error.strerror or error}", file=sys.stderr)
        return 2
    for problem in corpus.problems:
        print(problem, file=sys.stderr)
    if not args.quiet:
        print(
            f"{len(corpus.posts)} posts: {len(report.written)} pages written, "
            f"{report.unchanged} unchanged, {len(report.removed)} removed"
        )
    return 1 if corpus.problems else 0


def _linkeval(args: argparse.Namespace, registry: Registry) -> int:
    from .linkeval import evaluate, load_sample, report

    try:
        sample = load_sample(Path(args.sample))
    except (OSError, ValueError) as error:  # missing file, or not TOML
        print(f"onprobation: {args.sample}: {getattr(error, 'strerror', None) or error}", file=sys.stderr)
        return 2
    corpus = read(_inputs(args.seeds, Path("seeds")))
    for problem in [*corpus.problems, *registry.problems]:
        print(problem, file=sys.stderr)
    evaluation = evaluate(corpus.posts, registry, sample)
    print(report(evaluation, args.examples))
    return 1 if evaluation.problems else 0


def _candidates(args: argparse.Namespace) -> int:
    from . import cache, candidates

    folder = Path(args.registry)
    registry = load_registry(folder)
    for problem in registry.problems:
        print(problem, file=sys.stderr)
    cache_dir = Path(args.cache) if args.cache else Path("docs/_build/doctrees") / CACHE_FOLDER
    with cache.using(cache_dir if cache_dir.is_dir() else None, prune=False):  # reuse it, never prune it
        corpus = read(_inputs(args.seeds, Path("seeds")))
    for problem in corpus.problems:
        print(problem, file=sys.stderr)
    found = candidates.find(corpus.posts, candidates.known(registry, folder / "people.toml"))
    if args.kind:
        found = [c for c in found if c.kind in args.kind]
    found = candidates.rank(found, args.min_count, args.limit or None)
    if args.format == "json":
        json.dump([c.as_json() for c in found], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif args.format == "toml":
        sys.stdout.write(candidates.toml_stubs(found))
    else:
        sys.stdout.write(candidates.text_table(found))
    return 1 if corpus.problems or registry.problems else 0  # the report stands; the problems were printed


def _fetch(args: argparse.Namespace) -> int:
    from .fetch import fetch

    log = (lambda _: None) if args.quiet else (lambda message: print(message, file=sys.stderr))
    if args.delay < 0:
        print("onprobation: --delay cannot be negative", file=sys.stderr)
        return 2
    try:
        report = fetch(args.blog, Path(args.out), args.format, args.delay, args.max_results, log=log)
    except ValueError as error:
        print(f"onprobation: {error}", file=sys.stderr)
        return 2
    except OSError as error:  # the output folder cannot be written
        print(f"onprobation: {error.filename or args.out}: {error.strerror or error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("onprobation: interrupted; run the same command again to resume", file=sys.stderr)
        return 1
    print(report)
    return 0 if report.complete else 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
