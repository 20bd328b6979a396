import pytest

from auditor.commons.titles import title_from_url


@pytest.mark.parametrize("url,title", [
    ("https://upload.wikimedia.org/wikipedia/commons/a/ab/Tour_Eiffel.jpg", "File:Tour Eiffel.jpg"),
    ("https://upload.wikimedia.org/wikipedia/commons/thumb/a/ab/Tour_Eiffel.jpg/320px-Tour_Eiffel.jpg",
     "File:Tour Eiffel.jpg"),
    ("http://upload.wikimedia.org/wikipedia/commons/0/0f/Caf%C3%A9_de_Flore.JPG", "File:Café de Flore.JPG"),
    ("https://upload.wikimedia.org/wikipedia/commons/thumb/1/12/Map.svg/800px-Map.svg.png", "File:Map.svg"),
    ("https://commons.wikimedia.org/wiki/File:Tour_Eiffel.jpg", "File:Tour Eiffel.jpg"),
    ("https://commons.wikimedia.org/w/index.php?title=File:X_y.png&oldid=1", "File:X y.png"),
    ("https://commons.wikimedia.org/wiki/Image:lower.png", "File:Lower.png"),
    ("https://i2.wp.com/upload.wikimedia.org/wikipedia/commons/thumb/6/67/Tiger_Woods.jpg/300px-Tiger_Woods.jpg"
     "?resize=180%2C135", "File:Tiger Woods.jpg"),
    ("https://i1.wp.com/upload.wikimedia.org/wikipedia/en/thumb/1/1e/F.jpg/300px-F.jpg", None),
    ("https://i9.wp.com/upload.wikimedia.org/wikipedia/commons/a/ab/X.jpg", None),
    ("https://upload.wikimedia.org/wikipedia/en/a/ab/Local.jpg", None),
    ("https://commons.wikimedia.org/wiki/Main_Page", None),
    ("https://example.org/wikipedia/commons/a/ab/X.jpg", None),
    ("https://upload.wikimedia.org/wikipedia/commons/a/ab/Bad|pipe.jpg", None),
    ("ftp://upload.wikimedia.org/wikipedia/commons/a/ab/X.jpg", None),
    ("http://[::1", None),
    (None, None),
])
def test_title_from_url(url, title):
    assert title_from_url(url) == title


def test_real_laion_commons_urls(laion_10k):
    """On the real LAION sample: every URL the vectorized pre-filter keeps and only those get a title,
    and the titles agree with an independent reading of the path."""
    import re
    from urllib.parse import unquote

    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from auditor.commons.titles import URL_REGEX

    urls = pq.read_table(laion_10k, columns=["URL"]).column("URL").combine_chunks()
    kept = pc.match_substring_regex(urls, URL_REGEX).to_pylist()
    titles = [title_from_url(u) for u in urls.to_pylist()]
    assert all(k for k, t in zip(kept, titles, strict=True) if t)      # titles only where the filter kept
    independent = re.compile(r"/wikipedia/commons/(?:thumb/)?\w/\w\w/([^/?]+)")
    expected = []
    for u in urls.to_pylist():
        m = independent.search(u)
        expected.append("File:" + unquote(m.group(1)).replace("_", " ") if m and "wikimedia.org" in u else None)
    assert sum(1 for t in titles if t) == 37
    assert expected == titles
