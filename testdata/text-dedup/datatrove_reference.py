#!/usr/bin/env python3
"""Independent Python reference for the dedup golden file (testdata/text-dedup/golden.json).

Regenerate with:  python3 testdata/text-dedup/datatrove_reference.py > testdata/text-dedup/golden.json
Needs numpy and the `regex` module (no datatrove install).

What it reproduces, written from datatrove @a649de7 semantics (src/datatrove/pipeline/dedup/minhash.py,
src/datatrove/utils/text.py, utils/hashes/sha1.py), so the Java MinHasher can be checked bit for bit:
  * permutation parameters: numpy.random.RandomState(seed).randint(1, 2^61-1, uint64, 112) for a, then
    randint(0, 2^61-1, uint64, 112) for b (numpy's legacy masked rejection sampler);
  * simplify_text with the default TextNormConfig: lower-case, numbers -> "0", datatrove's PUNCTUATION -> " ",
    whitespace runs -> " " and strip, NFD and drop category Mn, strip;
  * shingle = the n words joined by one space, hashed as the first 8 bytes of SHA-1 read little-endian;
  * signature = min over shingles of (a*x + b) % (2^61-1) computed in numpy uint64, i.e. a*x + b wraps at 2^64
    before the modulo, exactly as datatrove's numpy code does.
The one deliberate difference from datatrove: datatrove's English word tokenizer is spaCy; here (and in Java) words
are maximal runs of Java's Unicode \\w (Alphabetic, Mn, Me, Mc, Nd, Pc, Join_Control) and every other run of
non-space characters is a token of its own. After simplify_text has turned punctuation into spaces the two agree
on ordinary text; spaCy's English exceptions (e.g. "dont" -> "do" "nt") are not reproduced.

The exact-dedup keys use the harness's default normalisation (data-pipeline.md section 5.1): " ".join(text.split())
and MD5 hex of its UTF-8 bytes; "lower" variants lower-case first.
"""
import hashlib
import json
import struct
import sys
import unicodedata

import numpy as np
import regex

MERSENNE = np.uint64((1 << 61) - 1)

# datatrove's PUNCTUATION string as code points (every ASCII punctuation mark plus some CJK/typographic ones),
# followed by the C0/C1 control ranges it appends: 0-8, 11-12, 13-31, 127-159.
PUNCT_CODEPOINTS = [
    0x21, 0x2F, 0x2014, 0x201D, 0x3A, 0xFF05, 0xFF11, 0x3008, 0x26, 0x28, 0x3001, 0x2501, 0x5C, 0x3010, 0x23,
    0x25, 0x300C, 0x300D, 0xFF0C, 0x3011, 0xFF1B, 0x2B, 0x5E, 0x5D, 0x7E, 0x201C, 0x300A, 0x201E, 0x27, 0x3B,
    0x2019, 0x7B, 0x7C, 0x2236, 0xB4, 0x5B, 0x3D, 0x2D, 0x60, 0x2A, 0xFF0E, 0xFF08, 0x2013, 0xFF1F, 0xFF01,
    0xFF1A, 0x24, 0xFF5E, 0xAB, 0x3009, 0x2C, 0x3E, 0x3C, 0x300B, 0x29, 0x3F, 0xFF09, 0x3002, 0x2026, 0x40,
    0x5F, 0x2E, 0x22, 0x7D, 0x25BA, 0xBB,
] + list(range(0, 9)) + list(range(11, 13)) + list(range(13, 32)) + list(range(127, 160))
PUNCT_TABLE = {cp: " " for cp in PUNCT_CODEPOINTS}
NUMBERS = regex.compile(r"\p{Nd}+([.,\u060C\u066B\u2396\u2397\u2398]\p{Nd}+)?")
WHITESPACE = regex.compile(r"\s+")
WORD = r"\p{Alphabetic}\p{Mn}\p{Me}\p{Mc}\p{Nd}\p{Pc}\p{Join_Control}"
TOKEN = regex.compile(rf"[{WORD}]+|[^{WORD}\s]+")


def simplify(text):
    text = text.lower()
    text = NUMBERS.sub("0", text)
    text = text.translate(PUNCT_TABLE)
    text = WHITESPACE.sub(" ", text.strip())
    text = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    return text.strip()


def tokens(simplified):
    return TOKEN.findall(simplified)


def sha1_64(s):
    return struct.unpack("<Q", hashlib.sha1(s.encode("utf-8")).digest()[:8])[0]


def parameters(seed, num_hashes):
    gen = np.random.RandomState(seed)
    a = gen.randint(1, MERSENNE, dtype=np.uint64, size=(1, num_hashes))
    b = gen.randint(0, MERSENNE, dtype=np.uint64, size=(1, num_hashes))
    return a, b


def signature(words, n, a, b):
    grams = [" ".join(words[i:i + n]) for i in range(len(words) - n + 1)]
    if not grams:
        return None
    shingles = np.fromiter((sha1_64(g) for g in grams), dtype=np.uint64).reshape((-1, 1))
    with np.errstate(over="ignore"):
        phv = (shingles * a + b) % MERSENNE
    return [int(v) for v in np.min(phv, axis=0)]


def exact_key(text, lower=False):
    if lower:
        text = text.lower()
    return hashlib.md5(" ".join(text.split()).encode("utf-8")).hexdigest()


TEXTS = [
    "The quick brown fox jumps over the lazy dog near the river bank.",
    "  The QUICK brown fox -- jumps over the lazy dog, near the river bank!  ",
    "Prices rose 3.14% to 1,000,000 dollars in 2023; 12.5 or 12,5 or 7\u066B5 all count as numbers.",
    "Caf\u00e9 na\u00efve \u00c5ngstr\u00f6m r\u00e9sum\u00e9 co\u00f6perate fa\u00e7ade \u00fcber Stra\u00dfe STRASSE gro\u00df",
    "\u039f\u0394\u039f\u03a3 \u039a\u0391\u0399 \u0391\u039b\u039b\u0395\u03a3 \u039b\u0395\u039e\u0395\u0399\u03a3 "
    "\u03a3\u03a4\u0397\u039d \u0391\u0398\u0397\u039d\u0391 \u03c3\u03ae\u03bc\u03b5\u03c1\u03b1",
    "\u0130stanbul \u0130ZM\u0130R \u0131s\u0131 I\u011fd\u0131r \u015fehir \u00e7ok g\u00fczel bir yer",
    "tabs\there\nnew\r\nlines\u00a0nbsp\u2003em\u3000ideographic\u0085next\u2028line\u000bvt\u000cff words",
    "\u201cCurly quotes\u201d and \u2018single ones\u2019 \u2014 em dash \u2013 en dash \u2026 ellipsis \u00abguillemets\u00bb",
    "emoji \U0001F44D\U0001F3FD thumbs up \u2764\ufe0f heart \u00a9 2024 \u20ac 5 \u00a3 7 price\u2122 done",
    "\u4e2d\u6587\u6587\u672c\u6ca1\u6709\u7a7a\u683c\u3002\u8fd9\u662f\u7b2c\u4e8c\u53e5\u8bdd\uff0c\u8fd8\u6709"
    "\u7b2c\u4e09\u53e5\uff01 one two three four five",
    "\ud55c\uad6d\uc5b4 \ubb38\uc7a5\uc740 \ubd84\ud574\ub429\ub2c8\ub2e4 \uadf8\ub9ac\uace0 \ub2e4\uc2dc "
    "\uc5f0\uacb0\ub429\ub2c8\ub2e4 \uc815\ub9d0",
    "\u0939\u093f\u0928\u094d\u0926\u0940 \u092d\u093e\u0937\u093e \u0915\u0947 \u0936\u092c\u094d\u0926 "
    "\u092f\u0939\u093e\u0901 \u0939\u0948\u0902 \u0914\u0930 \u0935\u0939\u093e\u0901 \u092d\u0940",
    "ctrl\u0001chars\u0007and\u001bescape\u007fdel\u0090c1 zero\u200dwidth\u200cjoiner a_b snake_case word",
    "e\u0301 combining acute o\u0308 diaeresis n\u0303 tilde on separate code points here",
    "math \U0001D7CE\U0001D7CF\U0001D7D0 digits and \u0661\u0662\u0663 arabic indic and \uff11\uff12 fullwidth",
    "Greek question mark\u037e ano teleia\u0387 and middle dot \u00b7 and bullet \u2022 and section \u00a7 4",
    "too short to shingle",
    "",
    "one two three four five",
    "one two three four five six",
    "URLs like https://example.com/a-b_c?d=1&e=2 and emails bob@example.org stay apart",
    "\u2018left quote is not datatrove punctuation\u2019 but the right one is, (parens) [brackets] {braces}",
    "Monday January weekday and month names are kept because those options are off by default ok",
    "MiXeD CaSe WoRdS SHOULD ALL lower CASE the SAME way in BOTH implementations ok ok",
    "Repeated repeated repeated repeated repeated repeated repeated words make duplicate shingles",
]


def main():
    seed, n, bands, rows = 1, 5, 14, 8
    a, b = parameters(seed, bands * rows)
    docs = []
    for text in TEXTS:
        simplified = simplify(text)
        words = tokens(simplified)
        docs.append({
            "text": text,
            "simplified": simplified,
            "tokens": words,
            "signature": [str(v) for v in signature(words, n, a, b)] if len(words) >= n else None,
            "exactKey": exact_key(text),
            "exactKeyLower": exact_key(text, lower=True),
        })
    out = {
        "generator": "testdata/text-dedup/datatrove_reference.py",
        "seed": seed, "ngram": n, "bands": bands, "rows": rows,
        "a": [str(int(v)) for v in a[0]],
        "b": [str(int(v)) for v in b[0]],
        "docs": docs,
    }
    # one line per document keeps the file small and its diffs readable
    docs_json = ",\n  ".join(json.dumps(d, ensure_ascii=True) for d in out.pop("docs"))
    head = json.dumps(out, ensure_ascii=True)[:-1]
    sys.stdout.write(head + ',\n "docs": [\n  ' + docs_json + "\n ]\n}\n")


if __name__ == "__main__":
    main()
