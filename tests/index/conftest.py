"""An audited run over real LAION rows whose images are real photos written in img2dataset's `files` layout."""

from __future__ import annotations

import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from imageset import EXIF_ARTIST, EXIF_COPYRIGHT, INDEXED, rgb, save
from PIL import Image

LICENSES = ["CC BY 4.0", "CC BY-SA 4.0", "CC BY-NC 4.0", "CC0", None, "CC BY 2.0", "CC BY-ND 4.0",
            "CC BY-SA 3.0", "CC BY 4.0", "CC BY-NC-SA 4.0"]
NO_IMAGE_ROWS = 3  # LAION rows without a usable image: one HTML page saved as .jpg, two not downloaded


@pytest.fixture(scope="session")
def laion_images(laion_10k, tmp_path_factory):
    """(dataset parquet, images folder, {photo name: (row key, url, license)})."""
    from report_support import scan

    d = tmp_path_factory.mktemp("laion_index")
    n = len(INDEXED) + NO_IMAGE_ROWS
    t = pq.read_table(laion_10k, columns=["URL", "TEXT"]).slice(0, n)
    lic = (LICENSES + [None] * NO_IMAGE_ROWS)[:n]
    t = t.append_column("LICENSE", pa.array(lic, pa.string()))
    data = d / "laion.parquet"
    pq.write_table(t, data)
    folder = d / "images" / "00000"
    folder.mkdir(parents=True)
    urls = t.column("URL").to_pylist()
    truth = {}
    for i, (name, path) in enumerate(INDEXED.items()):
        key = f"{i:09d}"
        if name == "camera":  # the photographer's credit embedded in the file (EXIF Artist, Copyright)
            exif = Image.Exif()
            exif[0x013B], exif[0x8298] = EXIF_ARTIST, EXIF_COPYRIGHT
            Image.fromarray(rgb(path)).save(folder / f"{key}.jpg", "JPEG", quality=95, exif=exif)
        else:
            save(rgb(path), folder / f"{key}.jpg" if i % 2 else folder / f"{key}.png")
        (folder / f"{key}.json").write_text(json.dumps({"url": urls[i], "key": key, "status": "success"}))
        truth[name] = (f"laion.parquet#{i}", urls[i], lic[i])
    bad = f"{len(INDEXED):09d}"  # an HTML error page saved as .jpg, as web crawls do
    (folder / f"{bad}.jpg").write_text("<html><body>403 Forbidden</body></html>")
    (folder / f"{bad}.json").write_text(json.dumps({"url": urls[len(INDEXED)], "key": bad}))
    run = d / "run"
    scan(data, run)
    return data, d / "images", run, truth
