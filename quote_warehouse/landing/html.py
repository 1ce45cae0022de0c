"""HTML main text and page metadata (selectolax): the article, not the page.

Used at ingest (a saved page is kept as HTML source, rejected when it has
no body text) and at extract (main text, URL, date and outlet from the head).

Bounded work: ingest reads a page through `html_body_chars`, which first
checks it against `MAX_HTML_ELEMENTS` and `MAX_HTML_DEPTH`
(`check_html_bounds`) and raises `HtmlTooComplexError` instead of parsing a
page over them; landing/files.py turns that into the rejection
``html_too_complex: ...``, so such a page never reaches the raw tables.
`html_to_text` and `html_meta` (extract) do not check again: what they get
passed ingest, and the extraction's time budget (pipeline/extract.py) covers
the rest (pages ingested before the bounds existed).
"""

from __future__ import annotations

import json
import re

# --------------------------------------------------------------------------
# Bounds: the parser and the walk below must not see a hostile page
# --------------------------------------------------------------------------

# Browsers themselves flatten a DOM deeper than 512 (Blink re-parents
# elements past that depth), so no real page needs more; lexbor's time grows
# with the square of the depth (50,000 nested <div>s: 4 s to parse, 6 s at
# ingest, 10 s more at extract).
MAX_HTML_DEPTH = 512
# A news page has 1,000 to 10,000 elements, a long live blog some 30,000.
# Parsing and walking is linear, about 6 s per million elements at ingest and
# 35 s at extract (three parses and the cleaning): 100,000 bounds a page to a
# few seconds at each stage.
MAX_HTML_ELEMENTS = 100_000


class HtmlTooComplexError(ValueError):
    """The page has more elements, or deeper nesting, than any article needs."""


_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)[^>]*?(/?)>")
# Elements that never hold children (or whose end tag is optional and implied
# by the next sibling: <p>, <li>, <td>...): they never add to the depth.
_NO_DEPTH = frozenset(
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
        "param", "source", "track", "wbr", "keygen", "basefont", "bgsound", "frame",
        "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead",
        "tbody", "tfoot", "colgroup", "caption", "rb", "rt", "rtc", "rp", "html",
        "head", "body",
    }
)  # fmt: skip
# Raw-text elements: their content is not markup ("<div" inside a script).
_RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "iframe", "noembed",
                       "noframes", "plaintext"})
_RAW_TEXT_END = {name: re.compile(f"</{name}", re.IGNORECASE) for name in _RAW_TEXT}


def check_html_bounds(html: str, max_elements: int | None = None, max_depth: int | None = None) -> None:
    """Raise `HtmlTooComplexError` when `html` has more than `max_elements`
    start tags or nests elements deeper than `max_depth` (None: the module's
    `MAX_HTML_ELEMENTS` and `MAX_HTML_DEPTH`, read at each call).

    A scan of the source, before any parsing, that stops at the first tag
    over a bound, so its own cost is bounded too (at most `max_elements`
    tags are looked at). The depth is the parser's stack of open elements,
    estimated: elements without children or with an implied end tag
    (``<br>``, ``<p>``, ``<li>``, ``<td>``...) do not count, an end tag closes
    its element and those opened inside it, a stray end tag is ignored (a
    count per tag name makes each end tag O(1), so a page of stray end tags
    cannot make the scan quadratic). It errs on the high side only for
    misnested markup, far from the bound on any real page.

    Why reject rather than truncate: a truncated page would publish part of
    an article as if it were the whole, and the part kept would depend on
    where the bound cuts; the landing contract is "a document, or a
    rejection a human can act on", never a silent loss.
    """
    max_elements = MAX_HTML_ELEMENTS if max_elements is None else max_elements
    max_depth = MAX_HTML_DEPTH if max_depth is None else max_depth
    count = 0
    open_tags: list[str] = []
    open_count: dict[str, int] = {}
    pos = 0
    search = _TAG.search
    while True:
        match = search(html, pos)
        if match is None:
            return
        pos = match.end()
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if closing:
            if open_count.get(name):
                while open_tags:
                    top = open_tags.pop()
                    open_count[top] -= 1
                    if top == name:
                        break
            continue
        count += 1
        if count > max_elements:
            raise HtmlTooComplexError(f"more than {max_elements:,} elements (a news page has a few thousand)")
        if name in _RAW_TEXT:
            end = _RAW_TEXT_END[name].search(html, pos)
            pos = len(html) if end is None else end.start()
            continue
        if self_closing or name in _NO_DEPTH:
            continue
        open_tags.append(name)
        open_count[name] = open_count.get(name, 0) + 1
        if len(open_tags) > max_depth:
            raise HtmlTooComplexError(
                f"elements nested more than {max_depth} deep (browsers flatten deeper pages)")


# --------------------------------------------------------------------------

# Subtrees that never hold article text.
_DROP_TAGS = frozenset(
    {
        "head", "script", "style", "noscript", "template", "nav", "footer",
        "aside", "form", "iframe", "svg", "button", "figure", "figcaption",
        "select", "option", "textarea", "input", "label", "video", "audio",
        "canvas", "object", "embed", "map", "dialog", "menu",
    }
)  # fmt: skip

# Block elements: each starts and ends a paragraph.
_BLOCK_TAGS = frozenset(
    {
        "html", "body", "main", "article", "section", "div", "p", "h1", "h2",
        "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
        "blockquote", "pre", "address", "table", "thead", "tbody", "tfoot",
        "tr", "td", "th", "caption", "hr", "details", "summary", "center",
        "header", "hgroup", "fieldset", "legend",
    }
)  # fmt: skip

# class/id tokens (split on space, '-' and '_') that mark page furniture.
# Exact tokens, not substrings: "commentary" is content, "comments" is not.
_JUNK_TOKENS = frozenset(
    {
        "nav", "navbar", "navigation", "menu", "menus", "breadcrumb",
        "breadcrumbs", "share", "sharing", "shares", "sharebar", "social",
        "related", "recommended", "comments", "comment", "disqus", "cookie",
        "cookies", "consent", "gdpr", "newsletter", "subscribe", "subscription",
        "signup", "advert", "advertisement", "adverts", "ad", "ads", "adslot",
        "sponsored", "sponsor", "promo", "promoted", "outbrain", "taboola",
        "sidebar", "footer", "popup", "modal", "toolbar", "skip", "tags",
    }
)  # fmt: skip

_JUNK_ROLES = frozenset(
    {"navigation", "banner", "contentinfo", "complementary", "search", "dialog",
     "menu", "menubar", "toolbar"}
)  # fmt: skip

_TOKEN_SPLIT = re.compile(r"[\s_\-]+")
_WS = re.compile(r"\s+")


def _collapse(text: str) -> str:
    return _WS.sub(" ", text).strip()


def _is_junk(node, keep_header: bool) -> bool:  # node: LexborNode
    """True for elements whose subtree is page furniture, not article text."""
    tag = node.tag
    if tag in _DROP_TAGS:
        return True
    if tag == "header" and not keep_header:
        return True
    attrs = node.attributes
    if "hidden" in attrs or (attrs.get("aria-hidden") or "").lower() == "true":
        return True
    if (attrs.get("role") or "").lower() in _JUNK_ROLES:
        return True
    marks = f"{attrs.get('class') or ''} {attrs.get('id') or ''}".lower()
    return any(token in _JUNK_TOKENS for token in _TOKEN_SPLIT.split(marks))


def _paragraphs(container, keep_header: bool) -> list[tuple[str, str]]:
    """Paragraphs of ``container`` as (text, tag of the block that ended it).

    Iterative walk (a page with 10 000 nested divs must not hit Python's
    recursion limit). Text of inline elements is concatenated; every block
    element and every <br> ends the current paragraph.
    """
    paragraphs: list[tuple[str, str]] = []
    buffer: list[str] = []
    block_stack: list[str] = []

    def flush(tag: str) -> None:
        text = _collapse("".join(buffer))
        buffer.clear()
        if text:
            paragraphs.append((text, tag))

    # stack of (node, is_exit)
    stack: list[tuple[object, bool]] = [(container, False)]
    while stack:
        node, is_exit = stack.pop()
        if is_exit:
            flush(node.tag)  # type: ignore[attr-defined]
            block_stack.pop()
            continue
        if node.is_text_node:  # type: ignore[attr-defined]
            buffer.append(node.text_content or "")  # type: ignore[attr-defined]
            continue
        if not node.is_element_node:  # type: ignore[attr-defined]
            continue  # comments, doctype
        tag = node.tag  # type: ignore[attr-defined]
        if node is not container and _is_junk(node, keep_header):
            continue
        if tag == "br":
            flush(block_stack[-1] if block_stack else "br")
            continue
        if tag in _BLOCK_TAGS:
            flush(block_stack[-1] if block_stack else tag)
            block_stack.append(tag)
            stack.append((node, True))
        children = list(node.iter(include_text=True))  # type: ignore[attr-defined]
        stack.extend((child, False) for child in reversed(children))
    flush("")
    return paragraphs


def _has_junk_ancestor(node) -> bool:
    parent = node.parent
    while parent is not None and parent.tag not in ("body", "html", "-document"):
        if parent.is_element_node and _is_junk(parent, keep_header=False):
            return True
        parent = parent.parent
    return False


def _meta_content(tree, *names: str) -> str | None:
    """content of the first <meta property|name|itemprop=...> among ``names``."""
    wanted = [n.lower() for n in names]
    found: dict[str, str] = {}
    for meta in tree.css("meta"):
        attrs = meta.attributes
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "")
        key = key.strip().lower()
        content = _collapse(attrs.get("content") or "")
        if key in wanted and content and key not in found:
            found[key] = content
    for name in wanted:
        if name in found:
            return found[name]
    return None


def _extract_html(html: str) -> tuple[str | None, list[tuple[str, str]]]:
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)

    title = _meta_content(tree, "og:title", "twitter:title")
    if title is None:
        title_node = tree.css_first("title")
        if title_node is not None:
            title = _collapse(title_node.text(deep=True)) or None
    if title is None:
        h1 = tree.css_first("h1")
        if h1 is not None:
            title = _collapse(h1.text(deep=True)) or None

    # Prefer the article: the <article> with most text that is not itself
    # inside page furniture (related-story teasers are <article>s too),
    # then <main>, then the whole body.
    candidates = [a for a in tree.css("article") if not _has_junk_ancestor(a)]
    best: list[tuple[str, str]] = []
    for article in candidates:
        paras = _paragraphs(article, keep_header=True)
        if sum(len(t) for t, _ in paras) > sum(len(t) for t, _ in best):
            best = paras
    if not best:
        main = tree.css_first("main") or tree.css_first('[role="main"]')
        if main is not None:
            best = _paragraphs(main, keep_header=True)
    if not best:
        root = tree.body or tree.root
        if root is not None:
            best = _paragraphs(root, keep_header=False)
    return title, best


def html_to_text(html: str) -> tuple[str, str | None]:
    """Main text of a web page and its title: ``(text, title or None)``.

    Menus, share bars, cookie banners, comments and related-story teasers
    are dropped (by tag, by ARIA role and by class/id tokens), then the main
    container is read: the largest <article>, else <main>, else <body>. Its
    <header> is kept (headline, byline, date), the page's <header> is not.

    The layout matches the plain-text articles in the landing folder: the
    title on the first line, a blank line, then one paragraph per block
    element separated by blank lines. The title is not repeated when the
    first paragraph already is the title, or is the <h1> headline the title
    contains ("Headline | Outlet"). Whitespace inside paragraphs is
    collapsed; entities are decoded by the parser.

    Title: og:title (usually without the " | Site" suffix), else <title>,
    else the first <h1>.
    """
    title, paragraphs = _extract_html(html)
    texts = [t for t, _ in paragraphs]
    if title and texts:
        first, first_tag = paragraphs[0]
        same = first.casefold() == title.casefold()
        headline_in_title = first_tag == "h1" and first.casefold() in title.casefold()
        if not (same or headline_in_title):
            texts.insert(0, title)
    elif title:
        texts = [title]
    return "\n\n".join(texts), title


def html_has_body_text(html: str) -> bool:
    """True when the page has visible text besides its title."""
    return _body_chars(html) > 0


def html_body_chars(html: str) -> int:
    """Characters of visible text besides the title (0: none): what ingest
    checks a page against (no text, too long), with one parse, after
    `check_html_bounds` (raises `HtmlTooComplexError` for a page over them)."""
    check_html_bounds(html)
    return _body_chars(html)


def _body_chars(html: str) -> int:
    title, paragraphs = _extract_html(html)
    folded_title = (title or "").casefold()
    return sum(len(text) for text, _ in paragraphs if text.casefold() != folded_title)


def _json_ld_value(tree, key: str) -> object | None:
    """First value of ``key`` found anywhere in the page's JSON-LD blocks."""
    for script in tree.css('script[type="application/ld+json"]'):
        try:
            data = json.loads(script.text(deep=True) or "null")
        except ValueError:
            continue
        pending: list[object] = [data]
        while pending:
            item = pending.pop(0)
            if isinstance(item, dict):
                if key in item and item[key]:
                    return item[key]
                pending.extend(item.values())
            elif isinstance(item, list):
                pending.extend(item)
    return None


def html_meta(html: str) -> dict[str, str | None]:
    """Document metadata from a web page: ``url``, ``published``, ``outlet``.

    * url: ``<link rel="canonical">``, else ``og:url``.
    * published: ``article:published_time`` (or similar meta tags), JSON-LD
      ``datePublished``, else the first ``<time datetime>`` (inside the
      article when there is one). Returned as written, not parsed: dating is
      a later step and must see the original string.
    * outlet: ``og:site_name``, else JSON-LD ``publisher.name``.
    """
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)

    url: str | None = None
    for link in tree.css("link"):
        rel = (link.attributes.get("rel") or "").lower().split()
        href = (link.attributes.get("href") or "").strip()
        if "canonical" in rel and href:
            url = href
            break
    if url is None:
        url = _meta_content(tree, "og:url")

    published = _meta_content(
        tree,
        "article:published_time",
        "og:published_time",
        "datePublished",
        "publishdate",
        "pubdate",
        "parsely-pub-date",
        "dc.date.issued",
        "dc.date",
        "date",
    )
    if published is None:
        value = _json_ld_value(tree, "datePublished")
        if isinstance(value, str) and value.strip():
            published = value.strip()
    if published is None:
        scope = tree.css_first("article") or tree
        for time_node in scope.css("time"):
            value = (time_node.attributes.get("datetime") or "").strip()
            if value:
                published = value
                break

    outlet = _meta_content(tree, "og:site_name")
    if outlet is None:
        publisher = _json_ld_value(tree, "publisher")
        if isinstance(publisher, list) and publisher:
            publisher = publisher[0]
        if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
            outlet = publisher["name"].strip() or None

    return {"url": url, "published": published, "outlet": outlet}
