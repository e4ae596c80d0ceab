"""The site's media: files in `content/media/` are copied to `/media/`, and the notes and pages
that show or link to them, written as an editor's Markdown preview reads them, lead to the
copies from wherever the page is."""

from __future__ import annotations

import posixpath
import zlib

import pytest

from site_builder.build import BuildOptions, build
from site_builder.diagnostics import BuildFailed

from .html_text import soup
from .test_cache import cold, files, warm
from .test_engine import converges, replace_in, served_site  # noqa: F401 (a fixture)

NOTE = "content/claims/moscow-blames-us-policy-failures.md"
PAGE = "content/pages/methodology.md"
SHOWN = """

![A screenshot of the post](../media/shots/post.png)

The [court's order](/media/order%2026.pdf#page=2), its [summary](../methodology/), and an
image that is not there: ![gone](../media/gone.png).

![](../media/shots/post.png)
"""


def png(colour: bytes = b"\xff\x00\x00", width: int = 1) -> bytes:
    """A PNG of one row of `width` pixels: the bytes of a real picture."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data).to_bytes(4, "big")
        return len(data).to_bytes(4, "big") + kind + data + crc

    header = width.to_bytes(4, "big") + (1).to_bytes(4, "big") + bytes([8, 2, 0, 0, 0])
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" + colour * width))
        + chunk(b"IEND", b"")
    )


def add_media(root) -> None:
    (root / "content/media/shots").mkdir(parents=True)
    (root / "content/media/shots/post.png").write_bytes(png())
    (root / "content/media/order 26.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    with (root / NOTE).open("a", encoding="utf-8") as note:
        note.write(SHOWN)
    with (root / PAGE).open("a", encoding="utf-8") as page:
        page.write("\n![A screenshot](../media/shots/post.png)\n")


def lands(page: str, address: str) -> str:
    """The output file an address on the page at `page` ("claims/x/") leads to."""
    return posixpath.normpath(posixpath.join(page, address.split("#")[0])).replace("%20", " ")


def test_media_are_copied_and_notes_and_pages_show_them_from_where_they_are(shipped_site, tmp_path):
    add_media(shipped_site)
    out = tmp_path / "out"
    report = cold(shipped_site, out)
    assert (out / "media/shots/post.png").read_bytes() == png()
    assert (out / "media/order 26.pdf").is_file()
    claim = soup((out / "claims/moscow-blames-us-policy-failures/index.html").read_bytes())
    image = claim.find("img", alt="A screenshot of the post")
    assert image["src"] == "../../media/shots/post.png" and image["loading"] == "lazy"
    assert (image["width"], image["height"]) == ("1", "1")  # read from the picture
    document = claim.find("a", string="court's order")
    assert document["href"] == "../../media/order%2026.pdf#page=2"  # from the root: made relative
    for address in (image["src"], document["href"]):
        assert (out / lands("claims/moscow-blames-us-policy-failures/", address)).is_file()
    # not a medium: as written
    assert claim.find("a", string="summary")["href"] == "../methodology/"
    shared = {m["property"]: m["content"] for m in claim.select("meta[property^='og:image']")}
    assert shared == {  # the note's first picture, where the claim is shared
        "og:image": "https://example.org/media/shots/post.png",
        "og:image:alt": "A screenshot of the post",
    }
    assert claim.find("meta", attrs={"name": "twitter:card"})["content"] == "summary_large_image"
    page = soup((out / "methodology/index.html").read_bytes())
    assert page.find("img", alt="A screenshot")["src"] == "../media/shots/post.png"
    gone = [d for d in report.diagnostics if "gone.png" in d.message]
    assert [(d.path, d.severity) for d in gone] == [(NOTE, "warning")]
    text = (shipped_site / NOTE).read_text(encoding="utf-8").splitlines()
    assert "gone.png" in text[gone[0].line - 1]  # its line in the note
    assert claim.find("img", alt="gone")["src"] == "../media/gone.png"  # as written
    unsaid = [d for d in report.diagnostics if "does not say what it shows" in d.message]
    assert [(d.path, d.line) for d in unsaid] == [(NOTE, len(text))]  # the note's last line


def _served_under_a_path(site, body: str):
    """The build (and its claim page) of a site served at /sub/ whose note `n` says `body`."""
    site.write("content/site.yaml", "title: Desk\nbase_url: https://desk.example/sub/\n")
    site.write("content/pages/methodology.md", "---\ntitle: Methodology\n---\n\nHow.\n")
    site.seed("a.txt", "Headline\n\nThe bridge will open in May, the mayor said.\n")
    site.note(
        "n",
        'claim: "The bridge opens in May"\nverdict: accurate\n'
        'quotes:\n  - source: a\n    quote: "The bridge will open in May"\n',
        body,
    )
    out = site.root / "build"
    build(BuildOptions(root=site.root, out=out))
    claim = soup((out / "claims/n/index.html").read_bytes())
    return out, claim


def test_a_link_from_the_sites_root_leads_there_when_the_site_is_served_under_a_path(site):
    out, claim = _served_under_a_path(
        site, "See [how we check](/methodology/#scale) and [another site](//other.example/).\n"
    )
    href = claim.find("a", string="how we check")["href"]
    assert href == "../../methodology/#scale"  # not the host's /methodology/, outside /sub/
    assert (out / lands("claims/n/", href) / "index.html").is_file()
    assert claim.find("a", string="another site") is None  # another host: text, as before


def test_a_link_written_with_the_path_the_site_is_served_at_still_leads_there(site):
    """Before links from the root were made relative, `check --links` asked a site served at
    /sub/ for "/sub/methodology/": made "../../sub/methodology/", it led to /sub/sub/."""
    out, claim = _served_under_a_path(
        site, "See [how](/sub/methodology/#scale), [home](/sub) and [elsewhere](/subway/).\n"
    )
    hrefs = {
        a.get_text(): a["href"]
        for a in claim.select("a")
        if a.get_text() in ("how", "home", "elsewhere")
    }
    assert hrefs == {
        "how": "../../methodology/#scale",
        "home": "../../",
        "elsewhere": "../../subway/",
    }
    assert (out / lands("claims/n/", hrefs["how"]) / "index.html").is_file()


XHTML_WITH_SCRIPT = (
    '<html xmlns="http://www.w3.org/1999/xhtml"><body><script>alert(1)</script></body></html>'
)


def test_a_file_that_can_carry_script_or_that_no_address_holds_is_not_copied_and_said(
    shipped_site, tmp_path
):
    media = shipped_site / "content/media"
    media.mkdir()
    (media / "chart.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')
    (media / "page.html").write_text("<script>alert(1)</script>")
    (media / "page.xht").write_text(XHTML_WITH_SCRIPT)  # a server types it as XHTML
    (media / "places.kml").write_text(XHTML_WITH_SCRIPT)  # ... and this one as XML
    (media / "report.docx").write_bytes(b"PK\3\4")
    (media / "phone.jfif").write_bytes(b"\xff\xd8\xff\xe0")  # a browser's name for a JPEG
    (media / "chart.svg.gz").write_bytes(b"\x1f\x8b")  # served as SVG by some servers
    (media / ".DS_Store").write_bytes(b"\0")
    (media / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    (media / "scan\\1.pdf").write_bytes(b"%PDF-1.4")  # a name no web address holds
    out = tmp_path / "out"
    report = cold(shipped_site, out)
    assert sorted(p.name for p in (out / "media").iterdir()) == [
        "phone.jfif",
        "photo.jpg",
        "report.docx",
    ]
    warned = {d.path for d in report.diagnostics if "can carry script" in d.message}
    assert warned == {
        "content/media/chart.svg",
        "content/media/chart.svg.gz",
        "content/media/page.html",
        "content/media/page.xht",
    }
    [other] = [d for d in report.diagnostics if d.path == "content/media/places.kml"]
    assert other.message == (
        "not copied into the site: .kml is not a kind of file the site publishes"
    )
    warned = {d.path for d in report.diagnostics if "cannot hold a backslash" in d.message}
    assert warned == {"content/media/scan\\1.pdf"}


def test_warm_builds_follow_the_media_as_they_change(shipped_site, tmp_path):
    out, cache, reference = tmp_path / "out", tmp_path / "cache", tmp_path / "reference"
    warm(shipped_site, out, cache)
    add_media(shipped_site)
    for change in ("added", "edited", "removed"):
        if change == "edited":
            picture = png(b"\x00\x00\xff", width=3)  # another size: its pages change too
            (shipped_site / "content/media/shots/post.png").write_bytes(picture)
        elif change == "removed":
            (shipped_site / "content/media/order 26.pdf").unlink()
        warm(shipped_site, out, cache)
        cold(shipped_site, reference)
        assert files(out) == files(reference), change
    assert not (out / "media/order 26.pdf").exists()
    assert (out / "media/shots/post.png").read_bytes() == png(b"\x00\x00\xff", width=3)
    claim = (out / "claims/moscow-blames-us-policy-failures/index.html").read_text()
    assert 'width="3" height="1"' in claim


def test_serve_follows_the_media_as_they_change(served_site):  # noqa: F811
    served, root, built = served_site
    media = root / "content/media"
    media.mkdir()
    (media / "post.png").write_bytes(png())
    converges(served, root, built, {media, media / "post.png"})
    note = replace_in(root / NOTE, "\n---\n", "\n---\n\n![The post](../media/post.png)\n\n")
    converges(served, root, built, {note})
    (media / "post.png").write_bytes(png(b"\x00\xff\x00"))
    converges(served, root, built, {media / "post.png"})
    assert (served.out / "media/post.png").read_bytes() == png(b"\x00\xff\x00")
    (media / "post.png").unlink()
    report = converges(served, root, built, {media / "post.png"})
    assert "media/post.png" in report.removed
    assert any("post.png" in d.message for d in report.diagnostics)


def test_a_content_page_named_media_keeps_its_address_beside_the_media(shipped_site, tmp_path):
    (shipped_site / "content/media").mkdir()
    (shipped_site / "content/media/a.png").write_bytes(png())
    (shipped_site / "content/pages/media.md").write_text("---\ntitle: In the media\n---\nText.\n")
    out = tmp_path / "out"
    cold(shipped_site, out)
    assert "In the media" in (out / "media/index.html").read_text(encoding="utf-8")
    assert (out / "media/a.png").read_bytes() == png()


def test_an_evidence_entry_links_our_copy_of_its_document(shipped_site, tmp_path):
    """`file:` of an evidence entry: our copy, kept in content/media/, linked beside the
    original; one that is not there is a warning at its entry, a path out of it an error."""
    (shipped_site / "content/media/documents").mkdir(parents=True)
    (shipped_site / "content/media/documents/statement.pdf").write_bytes(b"%PDF-1.4\n")
    note = shipped_site / NOTE
    text = note.read_text(encoding="utf-8")
    entry = "    url: https://www.trtworld.com/article/15334660\n"
    note.write_text(text.replace(entry, entry + "    file: documents/statement.pdf\n", 1))
    out = tmp_path / "out"
    report = cold(shipped_site, out)
    assert not [d for d in report.diagnostics if "statement.pdf" in d.message]
    claim = soup((out / "claims/moscow-blames-us-policy-failures/index.html").read_bytes())
    copy = claim.select_one(".evidence li").find("a", string="our copy")
    assert copy["href"] == "../../media/documents/statement.pdf"
    assert (out / lands("claims/moscow-blames-us-policy-failures/", copy["href"])).is_file()

    (shipped_site / "content/media/documents/statement.pdf").unlink()
    report = cold(shipped_site, out)
    missing = [d for d in report.diagnostics if "statement.pdf" in d.message]
    lines = note.read_text(encoding="utf-8").splitlines()
    assert [d.severity for d in missing] == ["warning"]
    assert lines[missing[0].line - 1].strip().startswith("- title:")  # its entry

    note.write_text(text.replace(entry, entry + "    file: ../seeds/x.txt\n", 1))
    with pytest.raises(BuildFailed) as failed:
        cold(shipped_site, out)
    assert any("give its path under content/media/" in d.message for d in failed.value.diagnostics)
