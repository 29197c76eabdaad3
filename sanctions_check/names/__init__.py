"""Names: text of a name before any scoring.

Contract: the reviewable word lists (lexicon), normalisation of a name into tokens,
acronyms, bound forms and qualifiers.  Pure functions over strings and the data files
in ``sanctions_check/data``; imports ``files`` and ``lists`` at most.
"""

from sanctions_check.names.normalise import normalise_name

__all__ = ["normalise_name"]
