"""Feeds and pages written for the feed and watch tests."""

from __future__ import annotations

from xml.sax.saxutils import escape

DEPOT = ("A drone struck a fuel depot outside Erbil on Sunday night, killing two guards, the Kurdistan "
         "interior ministry said. No group claimed the attack.")
MARKET = ("Two rockets hit a market in Kirkuk on Tuesday, wounding five traders, police in the city said. "
          "Officials blamed an armed faction operating south of the city.")


def rss(*items: str, title: str = "Frontier Wire") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<!-- a comment before the root -->\n'
            f'<rss version="2.0"><channel><title>{title}</title>'
            f"<link>https://www.frontierwire.example/</link>{''.join(items)}</channel></rss>")


def rss_item(guid: str | None, title: str, body: str | None, *, link: str | None = None,
             date: str = "Mon, 11 Mar 2024 08:30:00 GMT") -> str:
    parts = [f"<title>{escape(title)}</title>", f"<pubDate>{date}</pubDate>"]
    if guid:
        parts.append(f'<guid isPermaLink="false">{guid}</guid>')
    if link:
        parts.append(f"<link>{link}</link>")
    if body is not None:
        parts.append(f"<description>{escape(body)}</description>")
    return f"<item>{''.join(parts)}</item>"


PAGE = (f"<html><head><title>Depot attack</title></head><body><nav>Home | World</nav><article>"
        f"<h1>Depot attack</h1><p>{DEPOT}</p><p>{MARKET}</p><p>Investigators visited the site on Monday and "
        "said the drone had been launched from the south.</p></article><footer>(c) Wire</footer></body></html>")
