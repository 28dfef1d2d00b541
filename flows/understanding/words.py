"""From a typed message to words the rules can compare: folded, expanded, keyed by sound, lemmatised.

People in a hurry type without accents, with shorthand ("q", "xq", "toy"), squeezed or stretched
letters ("auxiliooo") and slips ("golpiando"). Every word gets:
- `plain`: lowercase, without accents, the shorthand expanded;
- `sound`: how it sounds in Spanish (qu/q/k/c ("qiero"), c/s/z, v/b, silent h, ll/y), so spelling mix-ups meet;
- `lemmas`: the sound of its dictionary form, from simplemma (a maintained lemmatiser with a
  Spanish lexicon), plus a plural-less form.
Clitics written on a verb ("matarme", "pegarle") become their own words after it, because who is
hit matters: "me" is her, "le" is somebody else.
"""
from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from flows.understanding.dictionary import DICTIONARIES, is_known, lemmatize

# Phone shorthand, whole words only.
SHORTHAND = {
    "q": "que", "k": "que", "ke": "que", "qe": "que", "x": "por", "xq": "porque", "pq": "porque",
    "porq": "porque", "xk": "porque", "m": "me", "xfa": "por favor", "porfa": "por favor",
    "porfavor": "por favor", "toy": "estoy", "stoy": "estoy", "ta": "esta", "sta": "esta",
    "tan": "estan", "stan": "estan", "tamos": "estamos", "d": "de", "tb": "tambien",
    "tmb": "tambien", "tbn": "tambien", "pa": "para", "ps": "pues", "pe": "pues", "nd": "nada",
    "nome": "no me", "nos": "nos", "yaa": "ya", "dnd": "donde", "xa": "para", "kiero": "quiero", "kiere": "quiere",
    "aiuda": "ayuda", "ayudaa": "ayuda", "plis": "por favor", "pls": "por favor",
}

CLITICS = ("selo", "sela", "melo", "mela", "nos", "les", "los", "las", "me", "te", "le", "lo", "la", "se")
# A clitic is split off only after a verb ending: "matarme", "pegandole", "ayudenme", not "carne".
_CLITIC_HOST = re.compile(r"(ar|er|ir|ando|iendo|yendo|en|an|a|e)$")


def fold(text: str) -> str:
    """Lowercase, no accents (ñ kept), letters and digits only."""
    text = unicodedata.normalize("NFKD", text.lower()).replace("n\u0303", "ñ")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9ñ]+", " ", text).strip()


def squeeze(text: str) -> str:
    return re.sub(r"(.)\1+", r"\1", text)


def sound(word: str) -> str:
    """How a word sounds in Spanish, so the usual spelling mix-ups meet: qu/q/k/c ("qiero"), c/s/z, v/b, silent h,
    ll/y, x/s, and "io"/"eo" in the -ear verbs ("golpiando" = "golpeando")."""
    w = word.replace("ch", "\x00").replace("qu", "k").replace("q", "k").replace("ll", "y").replace("rr", "R")
    w = re.sub(r"c(?=[ei])", "s", w).replace("c", "k")
    w = w.replace("h", "").replace("\x00", "ch")
    w = w.replace("z", "s").replace("x", "s").replace("v", "b").replace("w", "u")
    w = w.replace("ia", "ea").replace("io", "eo")
    return squeeze(w).replace("R", "rr")  # "perro" is not "pero", "enterrar" not "enterar"


@dataclass(frozen=True)
class Word:
    plain: str
    sound: str
    lemmas: frozenset[str]  # sounds of dictionary forms (and the word's own sound)
    clitic: bool = False  # split off a verb ("me" of "matarme")
    known: bool = True  # a word of the dictionary; only unknown words are read as slips of others
    stretched: bool = False  # typed with a letter held down ("ayudaaaa"): a shout


@lru_cache(maxsize=20000)
def _lemmas(raw: str, plain: str) -> frozenset[str]:
    found = {sound(plain)}
    for form in {raw, plain, squeeze(plain) if re.search(r"(.)\1\1", plain) else plain}:
        try:
            found.add(sound(fold(lemmatize(form))))
        except Exception:  # a lemmatiser hiccup must never cost a danger answer
            pass
    if len(plain) > 4 and plain.endswith("es"):
        found.add(sound(plain[:-2]))
    if len(plain) > 3 and plain.endswith("s"):
        found.add(sound(plain[:-1]))
    return frozenset(found)


def _split_clitics(plain: str) -> tuple[str, list[str]]:
    """"matarme" -> ("matar", ["me"]); "pegandole" -> ("pegando", ["le"])."""
    found: list[str] = []
    word = plain
    for _ in range(2):
        for clitic in CLITICS:
            host = word[: -len(clitic)]
            verb_like = re.search(r"(ar|er|ir|ndo)$", host) or _known(host)  # "urjente" is no verb + "te"
            if word.endswith(clitic) and len(host) >= 4 and _CLITIC_HOST.search(host) and verb_like:
                if clitic in ("melo", "mela", "selo", "sela"):
                    found[:0] = [clitic[:2], clitic[2:]]
                else:
                    found.insert(0, clitic)
                word = host
                break
        else:
            break
    if found and _known(plain) and not (re.search(r"(ar|er|ir|ndo)$", word) and _known(word)):
        return plain, []  # a real word that only looks like verb + clitic ("bastante", "escuela")
    return word, found


JOINED = ("me", "te", "se", "le", "lo", "la", "nos", "que", "ya", "mi", "no")


# Heads of compounds the dictionary lacks ("mototaxista", "agroquimicos"): one word, not two.
COMPOUNDING = frozenset("auto moto micro super tele foto radio anti contra entre sobre ultra mega mini semi agro narco ciber video cine".split())


def _inflected(word: str) -> bool:
    """A word the dictionary knows once its clitics or plural are taken off ("controlarme", "policias")."""
    host, clitics = _split_clitics(word)
    return bool(clitics and _known(host)) or (word.endswith("s") and _known(word[:-1]))


def _known(word: str) -> bool:
    # People drop the tilde of ñ; try it back where an n could have carried one ("senorita").
    if not word:
        return False
    return is_known(word) or ("n" in word and is_known(word.replace("n", "ñ")))


def _unjoin(part: str) -> list[str]:
    """Words typed together ("mequiere", "nome", "yano", "mequieromorir", "mepegomipareja"): split
    when every piece is a word."""
    if len(part) < 6 or _known(part):
        return [part]
    return _pieces(part, 3) or _segmented(part) or [part]


def _pieces(part: str, depth: int) -> list[str] | None:
    # A short head of JOINED ("me", "mi", "ya") or a word of four letters or more, then the rest,
    # itself a word or words; a word of fewer than 8 letters is split only after such a short head,
    # so a slip in a short word ("cuchiyo") stays one word for the lexicon's slip matching.
    for head in JOINED:
        rest = part[len(head):]
        if part.startswith(head) and len(rest) >= 4:
            if is_known(rest):
                return [head, rest]
            if depth > 1 and len(rest) >= 8 and (tail := _pieces(rest, depth - 1)):
                return [head, *tail]
    if depth < 1 or len(part) < 8 or _inflected(part):
        return None
    for cut in range(len(part) - 5, 3, -1):  # the longest known head first ("quiero" + "morir")
        head, rest = part[:cut], part[cut:]
        if is_known(head) and head not in COMPOUNDING:
            if is_known(rest) or _inflected(rest):
                return [head, rest]  # "quiero" + "matarme": the clitic is split off later
            if depth > 1 and (tail := _pieces(rest, depth - 1)):
                return [head, *tail]
    return None


# Pieces of one or two letters that are words; any other piece must be a word of wordfreq's list.
SHORT_PIECES = frozenset("a y o e u me te se le lo la mi tu su ya no de el en un al yo ni si es da va ve ha he q x k d".split())
PIECE_COST = 1.0  # added per piece, so that fewer, longer words win over many short ones
RAREST_PIECE = 6.5  # -log10 frequency: a rarer piece is a slip or a name, not a word typed together
COMMON_PIECE = 3.3  # ...and one piece at least is this common (about once in 2,000 words)
LONG_PIECE = 5.5  # ...or every piece a word of five letters or more at least this common


@lru_cache(maxsize=1)
def _sounds() -> frozenset[str]:
    """How the common Spanish words sound: a typed word that sounds like one is that word."""
    return frozenset(sound(w) for w, cost in DICTIONARIES.costs().items() if cost <= RAREST_PIECE)


@lru_cache(maxsize=5000)
def _segmented(part: str) -> list[str] | None:
    """A run of words typed together that the rules of `_pieces` do not split ("mepegoyanopuedomas",
    "ayudaporfavor", "yallegoborrachoayuda"): the split into common Spanish words that is likeliest
    by their frequencies, as a word segmenter does (the Viterbi way), or None."""
    part = re.sub(r"(.)\1\1+", r"\1", part)  # "yavieneee": a shout inside a run is read squeezed
    if sound(part) in _sounds():
        return None  # a word typed as it sounds ("golpiaron", "cuchiyo"), not several
    costs = DICTIONARIES.costs()
    best = [0.0] + [math.inf] * len(part)
    start = [0] * (len(part) + 1)
    for end in range(1, len(part) + 1):
        for begin in range(max(0, end - 20), end):
            piece = part[begin:end]
            if len(piece) == 1 and piece in (part[begin - 1 : begin], part[end : end + 1]):
                continue  # a letter held down ("aiudaa"), not the word "a"
            if piece in SHORTHAND:  # "q", "xfa", "porfavor": as dear as what they stand for
                cost = sum(costs.get(w, RAREST_PIECE) for w in SHORTHAND[piece].split()) + PIECE_COST + (2.0 if len(piece) == 1 else 0.0)
            elif (len(piece) > 2 or piece in SHORT_PIECES) and costs.get(piece, math.inf) <= RAREST_PIECE:
                cost = costs[piece] + PIECE_COST
            else:
                continue
            if best[begin] + cost < best[end]:
                best[end], start[end] = best[begin] + cost, begin
    if math.isinf(best[-1]):
        return None
    pieces: list[str] = []
    end = len(part)
    while end:
        pieces.insert(0, part[start[end] : end])
        end = start[end]
    typed = [w for piece in pieces for w in SHORTHAND.get(piece, piece).split()]
    # Words run together hold a common short word ("me", "ya", "con") or are all long words
    # ("auxiliopolicia"); a slip in one word seldom splits that way.
    common = min(costs.get(w, math.inf) for w in typed) <= COMMON_PIECE
    long = all(len(w) >= 5 and costs.get(w, math.inf) <= LONG_PIECE for w in typed)
    if len(typed) < 2 or pieces[0] in COMPOUNDING or not (common or long):
        return None
    return typed


def words(text: str) -> list[Word]:
    return [w for raw in re.findall(r"[^\W_]+", text.lower()) for w in _typed(raw)]


@lru_cache(maxsize=50000)
def _typed(raw: str) -> tuple[Word, ...]:
    """The words of one typed token, which depend on it alone (kept: people reuse their words)."""
    plain = fold(raw)
    if not plain:
        return ()
    if re.search(r"([aeiou])\1$", plain) and not _known(plain) and _known(_split_clitics(plain[:-1])[0]):
        plain = plain[:-1]  # a last vowel held a little ("me estrangulaa", "ahorcandoo")
    out: list[Word] = []
    expanded = SHORTHAND.get(plain, plain).split()
    for part in (p for e in expanded for p in _unjoin(e)):
        stretched = bool(re.search(r"(.)\1\1", part))
        if stretched:  # "ayudemeeee" is "ayudeme" shouted: its clitic is split as in "ayudeme"
            part = re.sub(r"(.)\1\1+", r"\1", part)
        host, clitics = _split_clitics(part)
        raw_form = raw if host == part == plain else host
        out.append(Word(host, sound(host), _lemmas(raw_form, host), known=_known(host) or _known(part), stretched=stretched))
        out += [Word(c, sound(c), frozenset({sound(c)}), clitic=True) for c in clitics]
    return tuple(out)


def segmenter_ready() -> None:
    """Read the word frequencies now, not at the first message typed without spaces."""
    _sounds()
