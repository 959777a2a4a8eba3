"""The ``newsgraph`` command line: a thin layer over the public API (parse, call, print)."""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
import traceback
from collections.abc import Iterator, Sequence
from pathlib import Path

from tqdm import tqdm

from graph.errors import NewsgraphError, QueryError
from graph.model import CONFIDENCE_MODES, DEFAULT_CONFIDENCE, DEFAULT_MIN_CONFIDENCE, Article

DEFAULT_STORE = "newsgraph.db"

_EPILOG = """examples:
  newsgraph demo                                   # sample corpus -> exports/
  newsgraph ingest articles/ feed.jsonl            # into ./newsgraph.db (Oxigraph)
  newsgraph extract article.txt --format jsonl     # events, no store
  newsgraph query --name dyads                     # a saved SPARQL query
  newsgraph query 'SELECT (COUNT(*) AS ?n) WHERE { ?e a sem:Event }'
  newsgraph analyze --out exports/analysis.json
  newsgraph timeline --out exports/timeline.html
  newsgraph export gexf --out exports/graph.gexf
  newsgraph eval gold.jsonl --errors
  newsgraph serve --port 7878                      # SPARQL 1.1 Protocol endpoint
"""


def _positive_int(value: str) -> int:
    """An argparse type: a whole number of at least 1, with a message naming the value."""
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected 1 or more, got {n}")
    return n


def _store_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--store", default=os.environ.get("NEWSGRAPH_STORE", DEFAULT_STORE),
        help="Oxigraph store folder, 'memory', or the http(s) URL of a SPARQL 1.1 server "
        "(e.g. oxigraph serve; default: $NEWSGRAPH_STORE or ./newsgraph.db)",
    )


def _confidence_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--min-confidence", type=float, default=DEFAULT_MIN_CONFIDENCE, metavar="X",
        help=f"drop events whose confidence is below X (0..1; default {DEFAULT_MIN_CONFIDENCE}:"
        " events with no target or deep in a subordinate clause are mostly wrong; 0 keeps "
        "all, see bench/RESULTS.md)",
    )
    p.add_argument(
        "--confidence", choices=list(CONFIDENCE_MODES), default=DEFAULT_CONFIDENCE,
        help="how confidence is scored: 'learned' (a logistic model fitted leave-one-set-out on "
        "the gold sets with a calibration map, graph/data/confidence.json) or 'rules' (the "
        "clause rules' hand-set score); "
        f"default {DEFAULT_CONFIDENCE}",
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    p = argparse.ArgumentParser(
        prog="newsgraph",
        description="Turn news text into an event-timeline knowledge graph "
        "(CAMEO/PLOVER events as RDF, SPARQL, network analysis, timelines, Gephi exports).",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("-v", "--verbose", action="count", default=0, help="more log output")
    p.add_argument("--version", action="store_true", help="print the version and exit")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    s = sub.add_parser("ingest", help="read articles, extract events, store them")
    s.add_argument("inputs", nargs="+", help="files, folders, globs, JSONL corpora, or - for stdin")
    _store_arg(s)
    s.add_argument("--model", help="spaCy pipeline name or path (default: en_core_web_sm)")
    s.add_argument("--no-validate", action="store_true", help="skip SHACL checks per article")
    s.add_argument("--no-progress", action="store_true", help="no progress bar")
    s.add_argument("--workers", type=int, metavar="N",
                   help="extract on a local Dask cluster of N processes (needs newsgraph[dask])")
    s.add_argument("--scheduler", metavar="ADDRESS",
                   help="extract on an existing Dask cluster (e.g. tcp://host:8786)")
    s.add_argument("--partition-size", type=int, default=32, metavar="K",
                   help="articles per Dask task (default 32; see bench/RESULTS.md)")

    s = sub.add_parser("extract", help="print the events of articles without storing them")
    s.add_argument("inputs", nargs="+", help="files, folders, globs, JSONL corpora, or -")
    s.add_argument("--format", choices=["jsonl", "table"], default="jsonl")
    s.add_argument("-o", "--out", help="write here instead of stdout")
    s.add_argument("--model", help="spaCy pipeline name or path")
    s.add_argument("--all-modalities", action="store_true",
                   help="also write negated, future, hypothetical and requested mentions")
    _confidence_arg(s)
    s.add_argument("--no-progress", action="store_true", help="no progress bar")

    s = sub.add_parser("query", help="run SPARQL (text, file or saved query) against the store")
    s.add_argument("sparql", nargs="?", help="the query text")
    s.add_argument("-f", "--file", help="read the query from a .rq file")
    s.add_argument("--name", help="a saved query of ontology/queries (see --list)")
    s.add_argument("--list", action="store_true", help="list the saved queries")
    s.add_argument("--param", action="append", default=[], metavar="KEY=VALUE",
                   help="bind a parameter of a saved query (e.g. actor=NATO)")
    s.add_argument("--format", choices=["table", "csv", "tsv", "json", "turtle"], default="table")
    _store_arg(s)

    s = sub.add_parser("analyze", help="network analysis of the actors (NetworkX)")
    _store_arg(s)
    s.add_argument("--out", help="write the JSON report here")
    s.add_argument("--since", help="first date (YYYY-MM-DD)")
    s.add_argument("--until", help="last date (YYYY-MM-DD)")
    s.add_argument("--top", type=int, default=10, help="rows per ranking (default 10)")

    s = sub.add_parser("timeline", help="write the interactive Plotly timeline (offline HTML)")
    _store_arg(s)
    s.add_argument("--out", default="exports/timeline.html")
    s.add_argument("--color-by", choices=["quad_class", "goldstein"], default="quad_class")
    s.add_argument("--show-future", action="store_true", help="also draw future events, hollow")
    s.add_argument("--title")

    s = sub.add_parser("export", help="export the graph (Gephi, GraphML, CSV, RDF dumps)")
    s.add_argument("format", choices=["gexf", "graphml", "csv", "turtle", "trig", "nquads",
                                      "ntriples", "jsonld", "rdfxml"])
    _store_arg(s)
    s.add_argument("--out", help="output file (default exports/graph.<suffix>)")

    s = sub.add_parser("validate", help="check the whole store against the SHACL shapes")
    _store_arg(s)

    s = sub.add_parser("eval", help="score the extractor on a gold file (P/R/F1)")
    s.add_argument("gold", help="gold JSONL: {id, text, date, events:[{source, target, plover}]}")
    s.add_argument("--errors", action="store_true", help="list misses and spurious events")
    s.add_argument("--json", action="store_true", help="print the scores as JSON")
    s.add_argument("--model", help="spaCy pipeline name or path")
    s.add_argument("--pred-out", help="also write the predictions (JSONL) here")
    _confidence_arg(s)

    s = sub.add_parser("serve", help="serve the store over HTTP (SPARQL 1.1 Protocol)")
    _store_arg(s)
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=7878)
    s.add_argument("--timeout", type=float, default=30.0, metavar="S",
                   help="per-query time limit in seconds (default 30)")
    s.add_argument("--max-results", type=int, default=10_000, metavar="N",
                   help="cut answers at N rows or triples (default 10000)")
    s.add_argument("--max-body", type=int, default=1_000_000, metavar="BYTES",
                   help="refuse request bodies over BYTES with 413 (default 1000000)")
    s.add_argument("--cors", action="append", default=[], metavar="ORIGIN",
                   help="let browser pages from ORIGIN ('*' for any) read answers; repeatable")
    s.add_argument("--query-workers", type=_positive_int, default=4, metavar="N",
                   help="query processes; a query past --timeout is ended by replacing its "
                   "worker (default 4)")
    s.add_argument("--recycle-mib", type=_positive_int, default=64, metavar="MIB",
                   help="replace a query worker after an answer once its memory grew by MIB "
                   "(default 64)")
    s.add_argument("--allow-update", action="store_true",
                   help="accept SPARQL Update from requests with 'Authorization: Bearer TOKEN'")
    s.add_argument("--update-token", default=os.environ.get("NEWSGRAPH_UPDATE_TOKEN"),
                   help="the update token (default: $NEWSGRAPH_UPDATE_TOKEN)")

    s = sub.add_parser("demo", help="ingest the bundled sample corpus and write every export")
    s.add_argument("--out", default="exports", help="output folder (default exports/)")
    s.add_argument("--model", help="spaCy pipeline name or path")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``newsgraph`` script; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.WARNING - 10 * min(args.verbose, 2),
        format="%(levelname)s %(name)s: %(message)s",
    )
    if args.version:
        from graph.kg import _version

        print(f"newsgraph {_version()}")
        return 0
    if not args.command:
        parser.print_help()
        return 2
    previous = signal.signal(signal.SIGTERM, _interrupt)  # a kill stops as cleanly as Ctrl-C
    try:
        handler = globals()[f"cmd_{args.command}"]
        return int(handler(args))
    except NewsgraphError as exc:
        print(f"newsgraph: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("newsgraph: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:  # a file we were told to read or write: name it, no traceback
        print(f"newsgraph: error: {exc}; check the path and its permissions", file=sys.stderr)
        return 1
    except Exception as exc:  # last resort: a bug of ours must still end in one clear line
        if args.verbose:
            traceback.print_exc()
        first = (str(exc).strip().splitlines() or [""])[0]
        print(f"newsgraph: internal error in '{args.command}' ({type(exc).__name__}: {first}); "
              "this is a bug: rerun with -v to see the traceback, and report it", file=sys.stderr)
        return 70
    finally:
        signal.signal(signal.SIGTERM, previous)


def _interrupt(signum: int, frame: object) -> None:
    """Turn SIGTERM into KeyboardInterrupt, so the same clean stop runs for both."""
    raise KeyboardInterrupt


def _bar(total: int | None, desc: str, disable: bool) -> tqdm:
    return tqdm(total=total, desc=desc, unit="art", disable=disable or not sys.stderr.isatty(),
                file=sys.stderr)


def cmd_ingest(args: argparse.Namespace) -> int:
    if args.workers is not None or args.scheduler is not None:
        return _ingest_on_dask(args)
    from graph.kg import open_graph

    done = [0]
    total: list[int] = []

    def stored(art: Article, events: object, status: str) -> None:
        done[0] += 1
        bar.update(1)
        if args.verbose:
            bar.write(f"stored {done[0]} of {total[0] if total else '?'}: {art.id} ({status})",
                      file=sys.stderr)

    def counted(n: int) -> None:
        total.append(n)
        bar.reset(total=n)

    bar = _bar(None, "ingest", args.no_progress)
    try:
        with open_graph(args.store, model=args.model) as kg:
            report = kg.ingest(
                args.inputs,
                stdin=sys.stdin,
                validate=not args.no_validate,
                on_article=stored,
                on_error=lambda m: bar.write(f"newsgraph: error: {m}", file=sys.stderr),
                on_total=counted,
            )
            bar.close()
            print(
                f"stored {report.articles} articles ({report.skipped} unchanged): "
                f"{report.events} event mentions in {report.clusters} event clusters; "
                f"store now holds {kg.store.count_events()} mentions, "
                f"{kg.store.count_clusters()} clusters")
    except KeyboardInterrupt:
        bar.close()
        of = f" of {total[0]}" if total else ""
        print(f"newsgraph: stopped after {done[0]}{of} articles; those are stored whole and "
              "the rest not at all: run the same command again to add the rest (stored "
              "articles are skipped as unchanged)", file=sys.stderr)
        return 130
    if report.errors:
        print(f"{len(report.errors)} input(s) failed (see above)", file=sys.stderr)
        return 1
    return 0


def _ingest_on_dask(args: argparse.Namespace) -> int:
    """``ingest --workers N`` / ``--scheduler ADDRESS``: extraction on Dask, writes here."""
    from graph.distributed import DaskExtraction
    from graph.kg import open_graph

    if args.workers is not None and args.scheduler is not None:
        print("newsgraph: error: give --workers or --scheduler, not both", file=sys.stderr)
        return 2
    with (
        DaskExtraction(workers=args.workers, scheduler=args.scheduler, model=args.model,
                       partition_size=args.partition_size) as dask_ex,
        open_graph(args.store, model=args.model) as kg,
    ):
        bar = tqdm(desc="ingest (partitions)", unit="part", file=sys.stderr,
                   disable=args.no_progress or not sys.stderr.isatty())

        def on_partition(done: int, total: int) -> None:
            bar.total = total
            bar.update(1)

        def on_error(msg: str) -> None:
            bar.write(f"newsgraph: error: {msg}", file=sys.stderr)

        report = kg.ingest(
            args.inputs, stdin=sys.stdin, validate=not args.no_validate, on_error=on_error,
            extract=lambda arts, include: dask_ex(arts, include=include,
                                                  on_partition=on_partition, on_error=on_error),
        )
        bar.close()
        print(f"stored {report.articles} articles ({report.skipped} unchanged) on "
              f"{dask_ex.n_workers} Dask workers: {report.events} event mentions in "
              f"{report.clusters} event clusters; store now holds "
              f"{kg.store.count_events()} mentions, {kg.store.count_clusters()} clusters")
    if report.errors:
        print(f"{len(report.errors)} input(s) failed (see above)", file=sys.stderr)
        return 1
    return 0


def cmd_extract(args: argparse.Namespace) -> int:
    from graph.extract import Extractor
    from graph.ingest import read_inputs
    from graph.model import MODALITIES

    ex = Extractor(model=args.model, min_confidence=args.min_confidence,
                   confidence=args.confidence)
    failed = 0

    def articles() -> Iterator[Article]:
        nonlocal failed
        for item in read_inputs(args.inputs, stdin=sys.stdin):
            if isinstance(item, Exception):
                failed += 1
                print(f"newsgraph: error: {item}", file=sys.stderr)
            else:
                yield item

    include = MODALITIES if args.all_modalities else ("asserted",)
    out = open(args.out, "w", encoding="utf-8") if args.out else sys.stdout  # noqa: SIM115
    bar = _bar(None, "extract", args.no_progress)
    try:
        for _, events in ex.extract_articles(articles(), include=include):
            bar.update(1)
            for ev in events:
                if args.format == "jsonl":
                    out.write(json.dumps(ev.to_json(), ensure_ascii=False) + "\n")
                else:
                    tgt = ev.target.label if ev.target else "-"
                    out.write(f"{ev.time.value if ev.time else '?':<12} {ev.source.label} "
                              f"-[{ev.action.plover or ev.action.cameo}:{ev.action.text}]-> "
                              f"{tgt}  ({ev.modality}, {ev.confidence:.2f})\n")
    finally:
        bar.close()
        if args.out:
            out.close()
    return 1 if failed else 0


def cmd_query(args: argparse.Namespace) -> int:
    from graph import sparql
    from graph.kg import open_graph

    if args.list:
        for name, text in sorted(sparql.saved_queries().items()):
            first = text.splitlines()[0].lstrip("# ") if text else ""
            print(f"{name:<16} {first}")
        return 0
    if args.file:
        try:
            text = Path(args.file).read_text(encoding="utf-8")
        except OSError as exc:
            print(f"newsgraph: error: cannot read query file {args.file}: {exc}", file=sys.stderr)
            return 1
    elif args.name:
        text = sparql.load_query(args.name)
    elif args.sparql:
        text = args.sparql
    else:
        print("newsgraph: error: give a query, -f FILE.rq or --name NAME (--list shows names)",
              file=sys.stderr)
        return 2
    params = {}
    for kv in args.param:
        key, sep, value = kv.partition("=")
        if not sep:
            print(f"newsgraph: error: --param wants KEY=VALUE, got {kv!r}", file=sys.stderr)
            return 2
        params[key] = value
    if params:
        text = sparql.bind(text, **params)
    with open_graph(args.store, read_only=True) as kg:
        result = sparql.run(kg.store, text)
        print(sparql.format_result(result, args.format))
    return 0


def cmd_analyze(args: argparse.Namespace) -> int:
    from graph import analysis
    from graph.kg import open_graph

    with open_graph(args.store, read_only=True) as kg:
        report = kg.analyze(since=args.since, until=args.until, top=args.top)
    print(analysis.format_report(report))
    if args.out:
        analysis.write_report(report, args.out)
        print(f"wrote {args.out}")
    return 0


def cmd_timeline(args: argparse.Namespace) -> int:
    from graph import timeline
    from graph.kg import open_graph

    with open_graph(args.store, read_only=True) as kg:
        fig = kg.timeline(color_by=args.color_by, show_future=args.show_future, title=args.title)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    timeline.write_html(fig, args.out)
    print(f"wrote {args.out}")
    return 0


_SUFFIX = {"gexf": "gexf", "graphml": "graphml", "csv": "csv", "turtle": "ttl", "trig": "trig",
           "nquads": "nq", "ntriples": "nt", "jsonld": "jsonld", "rdfxml": "rdf"}


def cmd_export(args: argparse.Namespace) -> int:
    from graph.kg import open_graph

    out = Path(args.out or f"exports/graph.{_SUFFIX[args.format]}")
    out.parent.mkdir(parents=True, exist_ok=True)
    with open_graph(args.store, read_only=True) as kg:
        kg.export(out, args.format)
    print(f"wrote {out}")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from graph.kg import open_graph

    with open_graph(args.store, read_only=True) as kg:
        conforms, text = kg.store.validate()
    print("SHACL: conforms" if conforms else f"SHACL: does NOT conform\n{text}")
    return 0 if conforms else 1


def cmd_eval(args: argparse.Namespace) -> int:
    from graph import evaluate
    from graph.extract import Extractor

    ex = Extractor(model=args.model, min_confidence=args.min_confidence,
                   confidence=args.confidence)
    result = evaluate.evaluate_file(args.gold, ex, pred_out=args.pred_out)
    if args.json:
        print(json.dumps(result.to_json(), indent=2))
    else:
        print(evaluate.format_result(result, errors=args.errors))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from graph import serve

    if args.allow_update and not args.update_token:
        raise QueryError(
            "--allow-update needs a token: pass --update-token TOKEN or set "
            "NEWSGRAPH_UPDATE_TOKEN, and send it as 'Authorization: Bearer TOKEN'"
        )
    limits = serve.Limits(
        timeout=args.timeout, max_results=args.max_results, max_body=args.max_body,
        cors=tuple(args.cors), update_token=args.update_token if args.allow_update else None,
        workers=args.query_workers, recycle_mib=args.recycle_mib,
    )
    serve.run(args.store, host=args.host, port=args.port, limits=limits)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from graph import demo

    return demo.run(Path(args.out), model=args.model, echo=print)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
