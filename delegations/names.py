"""Names as people type them: any order, any script, with or without accents.

`fold()` turns a name into the letters a search compares ("Sørensen" and "Sorensen" both
give "sorensen", "Lü" and "Lu" give "lu"); `name_tokens()` the set of words in a name;
`search_text()` what a Person is found by (Latin and native names folded). The door's search,
the attendee list and the duplicate check all use these, so they agree on what matches.
"""

import re
import unicodedata

# Letters that Unicode does not decompose into a base letter and an accent.
_LETTERS = str.maketrans({"ø": "o", "æ": "ae", "å": "a", "ß": "ss", "ł": "l", "đ": "d", "ı": "i"})
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def fold(text):
    """Lower case, accents and apostrophes gone: "Ming'ou Lü" → "mingou lu"."""
    text = (text or "").casefold().translate(_LETTERS).replace("'", "").replace("’", "")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def name_tokens(text):
    """The words of a name, folded; Chinese characters count one by one is too loose, so a
    run of Han characters is one word ("陈静"), which is how a Chinese name is typed."""
    return {word for word in _WORD.findall(fold(text)) if word}


def has_han(text):
    return bool(_HAN.search(text or ""))


def search_text(given_name, family_name, native_name="", *extra):
    """One line to search a person by: folded Latin names (both orders meet in a set of
    words) and the native name as written."""
    words = name_tokens(f"{given_name} {family_name}")
    for text in extra:
        words |= name_tokens(text)
    parts = sorted(words)
    if native_name:
        parts.append(fold(native_name).replace(" ", ""))
    return " ".join(parts)


def matches(query, text):
    """True if every word typed is found in `text` (a search_text): "Chen Jing", "Jing Chen",
    "陈静", "sorensen" and "Bettina Sørensen" all find who they should."""
    words = name_tokens(query)
    if not words:
        return False
    haystack = fold(text)
    return all(word in haystack for word in words)
