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
