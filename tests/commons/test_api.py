import pytest

from auditor.commons.api import parse_response, request_url, strip_html


@pytest.mark.parametrize("html,text", [
    ('<a href="//commons.wikimedia.org/wiki/User:Ex" title="User:Ex">Ex Ample</a>', "Ex Ample"),
    ('<span class="int-own-work" lang="en">Own work</span>', "Own work"),
    ("Tom &amp; Jerry<br/>  <b>2020</b>", "Tom & Jerry 2020"),
    ("<script>x</script>", "x"),
    ("<div><p>", None),
    (None, None),
])
def test_strip_html(html, text):
    assert strip_html(html) == text


def test_request_url_is_polite():
    url = request_url("http://127.0.0.1:1/w/api.php", ["File:A b.jpg", "File:C.png"])
    assert "maxlag=5" in url and "titles=File%3AA+b.jpg%7CFile%3AC.png" in url
    assert "iiprop=extmetadata" in url and "prop=imageinfo" in url


def test_formatversion_1_pages_dict_and_normalization():
    doc = {"query": {"normalized": [{"from": "File:A_b.jpg", "to": "File:A b.jpg"}],
                     "pages": {"-1": {"ns": 6, "title": "File:Gone.jpg", "missing": ""},
                               "12": {"pageid": 12, "ns": 6, "title": "File:A b.jpg", "imageinfo": [
                                   {"extmetadata": {"LicenseShortName": {"value": "CC0"}}}]}}}}
    out = parse_response(["File:A_b.jpg", "File:Gone.jpg"], doc)
    assert out["File:A_b.jpg"].status == "ok" and out["File:A_b.jpg"].fields["LicenseShortName"] == "CC0"
    assert out["File:Gone.jpg"].status == "skipped:commons_missing"


@pytest.mark.parametrize("doc,status", [
    ({"error": {"code": "badvalue"}}, "error:commons_api_badvalue"),
    ([], "error:commons_api_not_object"),
    ({"query": {"pages": []}}, "error:commons_no_answer"),
])
def test_bad_answers(doc, status):
    assert parse_response(["File:X.jpg"], doc)["File:X.jpg"].status == status
