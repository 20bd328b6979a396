"""`audit index` and `audit attribute`: the image index of a finished run and attribution against it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from auditor.cli_common import guarded, out

RunDir = Annotated[Path, typer.Argument(help="A run directory written by `audit scan`.")]
Model = Annotated[str | None, typer.Option("--embedding-model", help="CLIP-style image encoder .onnx "
                                           "(preprocessing from the graph or <model>.yaml).")]


def index(run_dir: RunDir,
          images: Annotated[list[str] | None, typer.Option("--images", help="img2dataset output: shard .tar "
                                                           "files, folders or a glob; rows match by key or URL "
                                                           "(repeatable).")] = None,
          image_col: Annotated[str | None, typer.Option(help="Column of local image paths, relative to the "
                                                        "dataset file's folder (must stay inside it or an "
                                                        "--images root).")] = None,
          embedding_model: Model = None,
          workers: Annotated[int | None, typer.Option(min=1, max=1024, help="Decode/hash threads "
                                                      "[default: every core].")] = None,
          shard_rows: Annotated[int, typer.Option(min=1, max=1 << 24, help="Rows per index shard.")] = 65536,
          engine: Annotated[str, typer.Option(help="Where units are built: local, or ray (needs "
                                              "auditor[ray]).")] = "local",
          ray_address: Annotated[str | None, typer.Option(help="Ray cluster to join [default: start a local "
                                                          "Ray].")] = None,
          resume: Annotated[bool, typer.Option("--resume", help="Keep the complete shards of an interrupted "
                                               "build made with the same options.")] = False) -> None:
    """Hash (pHash+dHash) and optionally embed the image of every row of a run, into RUN_DIR/index/."""
    from auditor.index.build import IndexOptions, build_index
    from auditor.report.escape import terminal_safe

    opts = IndexOptions(images=images or [], image_col=image_col, embedding_model=embedding_model,
                        workers=workers, shard_rows=shard_rows,
                        resume=resume, engine=engine, ray_address=ray_address)
    m = guarded(lambda: build_index(run_dir, opts))
    ok = m["statuses"].get("ok", 0)
    out.print(f"indexed {ok} of {m['rows']} rows in {len(m['shards'])} shard(s) "
              f"({m['images_per_second'] or 0} images/s); statuses: {terminal_safe(str(m['statuses']), 500)}",
              markup=False)


def attribute(images: Annotated[list[Path], typer.Argument(help="Generated images to attribute.")],
              index_dir: Annotated[Path, typer.Option("--index", help="Run directory holding the index.")],
              out_path: Annotated[Path, typer.Option("--out", help="Report path; .json and .md are written.")
                                  ] = Path("attribution-report"),
              top_k: Annotated[int, typer.Option("--top-k", min=1, max=100, help="Rows per image.")] = 5,
              embedding_model: Model = None) -> None:
    """Top-k training rows per generated image, with license, credit line and copyright risk."""
    from auditor.index.attribute import attribute as run_attribute
    from auditor.index.attribute import write_reports
    from auditor.report.escape import terminal_safe

    reports = guarded(lambda: run_attribute(index_dir, images, k=top_k, embedding_model=embedding_model))
    paths = guarded(lambda: write_reports(reports, out_path))
    for rep in reports:
        risk = " COPYRIGHT RISK" if rep["copyright_risk"] else ""
        out.print(f"{terminal_safe(rep['image'], 200)}: {rep['verdict']}{risk}", markup=False)
        if rep.get("note"):
            out.print(f"  {rep['note']}", markup=False)
        for m in rep["matches"]:
            if m["band"]:
                cos = f" cos={m['cosine']:.3f}" if m["cosine"] is not None else ""
                out.print(f"  {m['band']:16} d={m['hamming']}{cos}  {terminal_safe(m['attribution'], 400)}",
                          markup=False)
    out.print(f"wrote {terminal_safe(str(paths[0]), 300)} and {terminal_safe(str(paths[1]), 300)}", markup=False)


def register(app: typer.Typer) -> None:
    """Add these commands to the `audit` app (called once by auditor.cli)."""
    app.command()(index)
    app.command()(attribute)
