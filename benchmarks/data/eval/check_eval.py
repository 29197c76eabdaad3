#!/usr/bin/env python3
"""Consistency checks for the evaluation set.

- every expected reference number in names.csv and news/*.json exists in the
  UN consolidated list, and its record type (individual/entity) matches `kind`;
- negatives carry no reference and share no exact name with any listed name
  or alias (compared case-, accent- and punctuation-insensitively);
- every name in a news JSON file occurs in its text; must_not_flag names are
  among persons/orgs; article bodies are 150-350 words;
- prints row counts per category and per sanctions regime.

Usage: python3 check_eval.py [UN_XML]   (standard library only; exit 1 on errors)
"""
import collections
import csv
import html
import json
import os
import re
import sys
import unicodedata
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
XML = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "..", "..", "lists", "un-consolidated-2024-09-26.xml")
CATEGORIES = {"real_translit", "real_short", "real_alias", "org_acronym", "org_variant",
              "gen_order", "gen_punct", "gen_typo", "gen_case", "gen_drop", "gen_diacritics",
              "neg_famous", "neg_near", "neg_common"}
errors = []


def err(msg):
    errors.append(msg)


def key(s):
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return " ".join(re.findall(r"[a-z0-9]+", re.sub(r"['’‘`]", "", s)))


def load():
    root = ET.parse(XML).getroot()
    recs = {}
    for kind, xp, atag in (("person", "INDIVIDUALS/INDIVIDUAL", "INDIVIDUAL_ALIAS"),
                           ("org", "ENTITIES/ENTITY", "ENTITY_ALIAS")):
        for e in root.findall(xp):
            ref = (e.findtext("REFERENCE_NUMBER") or "").strip()
            names = [" ".join((e.findtext(t) or "").split())
                     for t in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")]
            aliases = [" ".join((a.findtext("ALIAS_NAME") or "").split()) for a in e.findall(atag)]
            recs[ref] = {"kind": kind, "list": (e.findtext("UN_LIST_TYPE") or "").strip(),
                         "names": [" ".join(n for n in names if n)] + [a for a in aliases if a]}
    return recs


def check_names(recs, listed_keys):
    path = os.path.join(HERE, "names.csv")
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    if rows[0] != ["query", "kind", "expected_refs", "category"]:
        err("names.csv: bad header %r" % rows[0])
    by_cat, by_regime, seen = collections.Counter(), collections.Counter(), set()
    for n, row in enumerate(rows[1:], start=2):
        if len(row) != 4:
            err("names.csv:%d: %d columns" % (n, len(row))); continue
        q, kind, refs, cat = row
        by_cat[cat] += 1
        if cat not in CATEGORIES:
            err("names.csv:%d: unknown category %s" % (n, cat))
        if kind not in ("person", "org"):
            err("names.csv:%d: bad kind %s" % (n, kind))
        if q.lower() in seen:
            err("names.csv:%d: duplicate query %s" % (n, q))
        seen.add(q.lower())
        reflist = [r for r in refs.split(";") if r]
        if cat.startswith("neg_"):
            if reflist:
                err("names.csv:%d: negative with refs" % n)
            if key(q) in listed_keys:
                err("names.csv:%d: negative %r equals a listed name or alias" % (n, q))
            by_regime["(negative)"] += 1
            continue
        if not reflist:
            err("names.csv:%d: positive without refs" % n)
        for r in reflist:
            if r not in recs:
                err("names.csv:%d: unknown reference number %s" % (n, r))
            elif recs[r]["kind"] != kind:
                err("names.csv:%d: %s is a %s record, row says %s" % (n, r, recs[r]["kind"], kind))
        if reflist and reflist[0] in recs:
            by_regime[recs[reflist[0]]["list"]] += 1
    print("names.csv: %d rows" % (len(rows) - 1))
    groups = (("hand-labelled positives", "real_", "org_"), ("generated positives", "gen_"),
              ("negatives", "neg_"))
    for title, *prefixes in groups:
        cats = sorted(c for c in by_cat if c.startswith(tuple(prefixes)))
        print("  %s: %d" % (title, sum(by_cat[c] for c in cats)))
        for c in cats:
            print("    %-15s %4d" % (c, by_cat[c]))
    print("  positives by regime (first expected ref):")
    for g, c in by_regime.most_common():
        if g != "(negative)":
            print("    %-15s %4d" % (g, c))


def text_of(path, item=None):
    raw = open(path, encoding="utf-8").read()
    if path.endswith(".html"):
        body = re.search(r"<article.*?</article>", raw, re.S).group(0)
        return html.unescape(re.sub(r"<[^>]+>", " ", body)), raw
    if path.endswith(".xml"):
        it = ET.fromstring(raw).findall("channel/item")[item]
        t = it.findtext("title") + "\n" + it.findtext("description")
        return html.unescape(re.sub(r"<[^>]+>", " ", t)), t
    return raw, raw


def check_news(recs, listed_keys):
    nd = os.path.join(HERE, "news")
    items = []
    for fn in sorted(os.listdir(nd)):
        if fn.endswith(".json"):
            base = fn[:-5]
            if base.startswith("feed-"):
                items.append((fn, os.path.join(nd, "feed.xml"), int(base.split("-")[1]) - 1))
            else:
                src = [os.path.join(nd, base + ext) for ext in (".txt", ".html") if os.path.exists(os.path.join(nd, base + ext))]
                if not src:
                    err("news/%s: no text file" % fn); continue
                items.append((fn, src[0], None))
    all_refs = set()
    for fn, src, idx in items:
        j = json.load(open(os.path.join(nd, fn), encoding="utf-8"))
        if set(j) != {"persons", "orgs", "expected_refs", "must_not_flag"}:
            err("news/%s: keys %s" % (fn, sorted(j)))
        body, whole = text_of(src, idx)
        flat = " ".join(body.split())
        words = len(body.split()) - (len(body.splitlines()[0].split()) if src.endswith(".txt") else 0)
        if fn != "seed-article.json" and not 150 <= words <= 350:
            err("news/%s: %d words" % (fn, words))
        for name in j["persons"] + j["orgs"] + j["must_not_flag"]:
            if name not in flat and name not in " ".join(whole.split()):
                err("news/%s: %r not found in text" % (fn, name))
        for name in j["must_not_flag"]:
            if name not in j["persons"] + j["orgs"]:
                err("news/%s: must_not_flag %r not in persons/orgs" % (fn, name))
            if key(name) in listed_keys:
                err("news/%s: must_not_flag %r equals a listed name or alias" % (fn, name))
        for r in j["expected_refs"]:
            if r not in recs:
                err("news/%s: unknown reference number %s" % (fn, r))
            all_refs.add(r)
        print("news/%-18s %3d words  persons=%d orgs=%d expected_refs=%d must_not_flag=%d"
              % (fn, words, len(j["persons"]), len(j["orgs"]), len(j["expected_refs"]), len(j["must_not_flag"])))
    print("news: %d items, %d distinct expected refs" % (len(items), len(all_refs)))


def main():
    recs = load()
    listed_keys = {key(n) for r in recs.values() for n in r["names"]}
    print("UN list: %d records" % len(recs))
    check_names(recs, listed_keys)
    check_news(recs, listed_keys)
    if errors:
        print("\n%d problem(s):" % len(errors))
        for e in errors:
            print("  " + e)
        sys.exit(1)
    print("\nall checks passed")


if __name__ == "__main__":
    main()
