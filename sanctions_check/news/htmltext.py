"""HTML to plain text: the main article text of a page, and the text of fragments.

Contract:

* :func:`html_main_text` returns the main article text of an HTML page (paragraphs
  separated by blank lines) and its metadata (``title``, ``url``, ``published``), or
  raises :class:`~sanctions_check.errors.InputError` naming the page when it has no
  article body (less than :data:`MIN_ARTICLE_CHARS` characters or no sentence).
  It uses lxml with explicit rules: the largest ``<article>`` (else ``<main>``,
  ``[itemprop=articleBody]``, ``role=main``, else the body) with ``nav``, ``header``,
  ``footer``, ``aside``, ``form``, ``script``, ``style``, figures, boilerplate classes
  (menus, tickers, related links, share bars) and link-dense blocks dropped.
* :func:`html_fragment_text` returns the plain text of an HTML fragment (feed
  summaries, JSON-lines bodies): block elements become paragraphs; it never raises.
"""

from __future__ import annotations

import re
from typing import Any

from sanctions_check.errors import InputError

MIN_ARTICLE_CHARS = 40  # an HTML page with less main text has no article body


_DROP_TAGS = (
    "script", "style", "noscript", "template", "nav", "footer", "aside", "form", "iframe",
    "svg", "button", "select", "input", "figure", "figcaption", "menu", "dialog", "object",
)
_BOILERPLATE = re.compile(
    r"(^|[\s_-])(nav|navbar|menu|footer|sidebar|side-bar|related|ticker|breaking|share|sharing|"
    r"social|comments?|promo|advert|ads?|cookie|newsletter|subscribe|breadcrumbs?|most-read|"
    r"mostread|popular|trending|recommended|outbrain|taboola|banner|masthead|site-header|"
    r"toolbar|pagination|tags|author-bio|skip)([\s_-]|$)",
    re.IGNORECASE,
)
_BLOCK_TAGS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "dd", "td")


def _text_of(el: Any) -> str:
    return " ".join(el.text_content().split())


def _link_density(el: Any) -> float:
    text = len(_text_of(el)) or 1
    links = sum(len(_text_of(a)) for a in el.iter("a"))
    return links / text


def html_main_text(data: bytes | str, label: str = "page") -> tuple[str, dict[str, str]]:
    """The main article text of an HTML page (paragraphs separated by blank lines) and
    metadata (``title``, ``url``, ``published``); InputError if there is no article body."""
    import lxml.html
    from lxml import etree

    try:
        doc = lxml.html.document_fromstring(data)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"{label}: not a readable HTML page ({exc})") from None
    meta = _html_meta(doc)
    for bad in list(doc.iter(etree.Comment, etree.ProcessingInstruction)):
        if bad.getparent() is not None:
            bad.drop_tree()
    for el in list(doc.iter(*_DROP_TAGS)):
        if el.getparent() is not None:
            el.drop_tree()
    articles = [el for el in doc.iter("article")]
    root = max(articles, key=lambda el: len(_text_of(el)), default=None)
    if root is None:
        found = doc.xpath("//main|//*[@itemprop='articleBody']|//*[@role='main']")
        root = found[0] if found else doc.find("body")
    if root is None:
        root = doc
    # site headers outside the article; boilerplate containers inside the chosen root
    for el in list(doc.iter("header")):
        if el.getparent() is not None and not any(a is root for a in el.iterancestors()):
            el.drop_tree()
    for el in list(root.iter()):
        if el is root or el.getparent() is None or not isinstance(el.tag, str):
            continue
        marker = f"{el.get('class', '')} {el.get('id', '')}"
        if marker.strip() and _BOILERPLATE.search(marker):
            el.drop_tree()
    paragraphs: list[str] = []
    for el in root.iter(*_BLOCK_TAGS):
        if any(anc.tag in _BLOCK_TAGS for anc in el.iterancestors()):
            continue  # text already taken with its block ancestor
        text = _text_of(el)
        if not text:
            continue
        if _link_density(el) > 0.5 and len(text) < 300:
            continue  # lists of links: menus, related stories
        paragraphs.append(text)
    if not paragraphs:  # pages without <p>: the root's own text lines
        paragraphs = [" ".join(t.split()) for t in root.itertext() if t.strip()]
    text = "\n\n".join(paragraphs)
    if len(text) < MIN_ARTICLE_CHARS or not re.search(r"[.!?]", text):
        raise InputError(f"{label}: no article text found in the HTML page")
    return text, meta


def _html_meta(doc: Any) -> dict[str, str]:
    def first(xpath: str) -> str:
        found = doc.xpath(xpath)
        return " ".join(str(found[0]).split()) if found else ""

    title = (
        first("//meta[@property='og:title']/@content")
        or first("//h1[1]//text()")
        or first("//title/text()")
    )
    url = first("//link[@rel='canonical']/@href") or first("//meta[@property='og:url']/@content")
    published = (
        first("//meta[@property='article:published_time']/@content")
        or first("//time/@datetime")
        or first("//meta[@name='date']/@content")
    )
    return {"title": title, "url": url, "published": published}


def html_fragment_text(fragment: str) -> str:
    """Plain text of an HTML fragment (feed summaries): block elements become paragraphs."""
    if "<" not in fragment:
        return _unescape(fragment).strip()
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return re.sub(r"<[^>]+>", " ", fragment).strip()
    for el in list(root.iter("script", "style")):
        if el.getparent() is not None:
            el.drop_tree()
    for el in root.iter(*_BLOCK_TAGS, "div", "br"):
        el.tail = "\n\n" + (el.tail or "") if el.tag != "br" else "\n" + (el.tail or "")
        if el.tag != "br":
            el.text = "\n\n" + (el.text or "")
    text = root.text_content()
    paras = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text)]
    return "\n\n".join(p for p in paras if p)


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)
