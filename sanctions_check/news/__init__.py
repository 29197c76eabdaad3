"""News: persons and organisations named in news, screened.

Contract: sources (feeds, HTML pages, text, JSON lines), the news item, name
extraction (rules, list scan, optional NER backends), screening of the mentions with
the sentence as evidence, and the news report.  A peer of ``batch``.
"""

