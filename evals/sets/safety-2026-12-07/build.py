#!/usr/bin/env python3
"""Build the frozen safety-2026-12-07 set from the hand-written source.py (stdlib only).

    python3 build.py            build items.jsonl + MANIFEST.sha256 (refuses to change a frozen set)
    python3 build.py --check    rebuild in memory; verify items.jsonl, MANIFEST.sha256 and README counts match
    python3 build.py --counts   print the counts tables (the block README.md carries between the COUNTS markers)

What it does:
  1. loads ITEMS from source.py and expands the inline encoding marks («b64:…», «hex:…», «rev:…», «rot13:…»,
     «uesc:…», «url:…»), so items.jsonl carries the encoded text while source.py keeps the readable request;
  2. validates every item (fields, enums, 1-4000 characters per turn as docs/api.md allows, turn counts,
     every harmful category uses every wrapper in each language, zh items contain Chinese, no fake ID number
     passes the GB 11643 check digit, no card-like number passes Luhn);
  3. numbers items per language in source order (saf-en-0001…, saf-zh-0001…);
  4. assigns split: within each (category, label, lang) group a random.Random seeded with
     "safety-2026-12-07|<category>|<label>|<lang>" shuffles the group; the first half is dev, the rest test;
     for an odd group the extra item goes to dev or test alternately over the sorted group keys, so the
     totals stay balanced;
  5. writes items.jsonl (sorted by id, UTF-8, one JSON object per line) and MANIFEST.sha256.
"""
import base64
import codecs
import hashlib
import importlib.util
import json
import os
import re
import sys
import urllib.parse
from collections import Counter, defaultdict
import random

HERE = os.path.dirname(os.path.abspath(__file__))
SET_NAME = "safety-2026-12-07"
ITEMS_PATH = os.path.join(HERE, "items.jsonl")
MANIFEST_PATH = os.path.join(HERE, "MANIFEST.sha256")
README_PATH = os.path.join(HERE, "README.md")

LANGS = ("en", "zh")
LABELS = ("harmful", "benign")
CATEGORIES = (
    "money_laundering", "fraud_deception", "market_manipulation", "insider_dealing", "guaranteed_returns",
    "injection_impersonation", "pii_exfiltration", "illegal_fundraising_and_tax", "reckless_leverage",
)
WRAPPERS = (
    "direct", "role_play", "hypothetical", "translation", "reversed", "split", "encoded", "multi_turn",
    "system_impersonation",
)
WRAPPER_SHORT = {"direct": "direct", "role_play": "role", "hypothetical": "hypo", "translation": "transl",
                 "reversed": "rev", "split": "split", "encoded": "enc", "multi_turn": "multi",
                 "system_impersonation": "sys"}
MAX_TURN_CHARS = 4000  # docs/api.md: text 1-4000 characters

MARK = re.compile(r"«(b64|hex|rev|rot13|uesc|url):(.*?)»", re.S)


def _encode(kind, text):
    if kind == "b64":
        return base64.b64encode(text.encode("utf-8")).decode("ascii")
    if kind == "hex":
        return text.encode("utf-8").hex()
    if kind == "rev":
        return text[::-1]
    if kind == "rot13":
        return codecs.encode(text, "rot13")
    if kind == "uesc":
        return "".join("\\u%04x" % ord(ch) if ord(ch) > 0x7F else ch for ch in text)
    if kind == "url":
        return urllib.parse.quote(text, safe="")
    raise ValueError(kind)


def expand(text):
    return MARK.sub(lambda m: _encode(m.group(1), m.group(2)), text)


def load_source():
    spec = importlib.util.spec_from_file_location("safety_source", os.path.join(HERE, "source.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.ITEMS


# ---- checks on invented personal data ------------------------------------------------------------------------------
ID18 = re.compile(r"(?<![0-9])([1-9][0-9]{16}[0-9Xx])(?![0-9])")
CARD = re.compile(r"(?<![0-9])((?:[0-9][ -]?){15,18}[0-9])(?![0-9])")


def gb11643_valid(s):
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(c) * w for c, w in zip(s[:17], weights))
    return "10X98765432"[total % 11] == s[17].upper()


def luhn_valid(digits):
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def validate(raw, items):
    errors = []
    for n, it in enumerate(raw):
        where = "source item %d (%s/%s/%s/%s)" % (n, it.get("lang"), it.get("category"), it.get("label"),
                                                   it.get("wrapper"))
        if it["lang"] not in LANGS:
            errors.append("%s: lang" % where)
        if it["category"] not in CATEGORIES:
            errors.append("%s: category" % where)
        if it["label"] not in LABELS:
            errors.append("%s: label" % where)
        if it["wrapper"] not in WRAPPERS:
            errors.append("%s: wrapper" % where)
        turns = it["turns"]
        if it["wrapper"] == "multi_turn":
            if not 2 <= len(turns) <= 3:
                errors.append("%s: multi_turn needs 2-3 turns" % where)
        elif len(turns) != 1:
            errors.append("%s: single-turn wrapper with %d turns" % (where, len(turns)))
        if it["wrapper"] == "reversed" and not any("«rev:" in t for t in turns):
            errors.append("%s: reversed item without a «rev:» mark" % where)
    for it in items:
        for t in it["turns"]:
            if not t.strip() or len(t) > MAX_TURN_CHARS:
                errors.append("%s: turn length %d" % (it["id"], len(t)))
            if "«" in t or "»" in t:
                errors.append("%s: unexpanded mark" % it["id"])
            for m in ID18.finditer(t):
                if gb11643_valid(m.group(1)):
                    errors.append("%s: %s passes the GB 11643 check digit" % (it["id"], m.group(1)))
            for m in CARD.finditer(t):
                digits = re.sub(r"[ -]", "", m.group(1))
                if 16 <= len(digits) <= 19 and not ID18.fullmatch(digits) and luhn_valid(digits):
                    errors.append("%s: %s passes Luhn" % (it["id"], m.group(1)))
        if it["lang"] == "zh" and not any(re.search(r"[\u4e00-\u9fff]", t) for t in it["turns"]):
            errors.append("%s: zh item without Chinese" % it["id"])
    ids = [it["id"] for it in items]
    if len(ids) != len(set(ids)):
        errors.append("duplicate ids")
    texts = Counter(tuple(it["turns"]) for it in items)
    errors += ["duplicate turns: %r" % (k,) for k, v in texts.items() if v > 1]
    have = {(it["category"], it["wrapper"], it["lang"]) for it in items if it["label"] == "harmful"}
    for c in CATEGORIES:
        for w in WRAPPERS:
            for lang in LANGS:
                if (c, w, lang) not in have:
                    errors.append("missing harmful %s/%s/%s" % (c, w, lang))
        for lang in LANGS:
            if not any(it["category"] == c and it["lang"] == lang and it["label"] == "benign" for it in items):
                errors.append("missing benign %s/%s" % (c, lang))
    return errors


def build():
    raw = load_source()
    items = []
    seq = Counter()
    for it in raw:
        seq[it["lang"]] += 1
        items.append({
            "id": "saf-%s-%04d" % (it["lang"], seq[it["lang"]]),
            "lang": it["lang"],
            "category": it["category"],
            "wrapper": it["wrapper"],
            "label": it["label"],
            "split": None,
            "turns": [expand(t) for t in it["turns"]],
        })
    errors = validate(raw, items)
    if errors:
        sys.exit("invalid source:\n  " + "\n  ".join(errors))

    groups = defaultdict(list)
    for it in items:
        groups[(it["category"], it["label"], it["lang"])].append(it)
    odd = 0
    for key in sorted(groups):
        members = sorted(groups[key], key=lambda x: x["id"])
        random.Random("%s|%s|%s|%s" % ((SET_NAME,) + key)).shuffle(members)
        n_dev = len(members) // 2
        if len(members) % 2:
            n_dev += 1 if odd % 2 == 0 else 0
            odd += 1
        for i, it in enumerate(members):
            it["split"] = "dev" if i < n_dev else "test"

    items.sort(key=lambda x: x["id"])
    text = "".join(json.dumps(it, ensure_ascii=False) + "\n" for it in items)
    return items, text


def counts_markdown(items):
    out = []
    total = len(items)
    by = Counter((it["label"], it["lang"]) for it in items)
    out.append("Totals: %d items; harmful %d (%.1f%%), benign %d; en %d, zh %d; dev %d, test %d." % (
        total, by[("harmful", "en")] + by[("harmful", "zh")],
        100.0 * (by[("harmful", "en")] + by[("harmful", "zh")]) / total,
        by[("benign", "en")] + by[("benign", "zh")],
        sum(1 for it in items if it["lang"] == "en"), sum(1 for it in items if it["lang"] == "zh"),
        sum(1 for it in items if it["split"] == "dev"), sum(1 for it in items if it["split"] == "test")))
    out.append("")
    out.append("**Category x label x language x split** (dev/test)")
    out.append("")
    out.append("| category | label | en dev/test | zh dev/test | total |")
    out.append("|---|---|---|---|---|")
    c4 = Counter((it["category"], it["label"], it["lang"], it["split"]) for it in items)
    for c in CATEGORIES:
        for lab in LABELS:
            cells = ["%d/%d" % (c4[(c, lab, lang, "dev")], c4[(c, lab, lang, "test")]) for lang in LANGS]
            tot = sum(c4[(c, lab, lang, s)] for lang in LANGS for s in ("dev", "test"))
            out.append("| %s | %s | %s | %s | %d |" % (c, lab, cells[0], cells[1], tot))
    out.append("")
    out.append("**Wrapper x label x language x split** (dev/test)")
    out.append("")
    out.append("| wrapper | harmful en | harmful zh | benign en | benign zh | total |")
    out.append("|---|---|---|---|---|---|")
    w4 = Counter((it["wrapper"], it["label"], it["lang"], it["split"]) for it in items)
    for w in WRAPPERS:
        cells = ["%d/%d" % (w4[(w, lab, lang, "dev")], w4[(w, lab, lang, "test")])
                 for lab in LABELS for lang in LANGS]
        tot = sum(v for k, v in w4.items() if k[0] == w)
        out.append("| %s | %s | %d |" % (w, " | ".join(cells), tot))
    out.append("")
    out.append("**Full cross-tab: category x label x wrapper x language x split.** Each cell is "
               "`en dev/test · zh dev/test`; `-` means no item.")
    out.append("")
    out.append("| category | label | " + " | ".join(WRAPPER_SHORT[w] for w in WRAPPERS) + " |")
    out.append("|---|---|" + "---|" * len(WRAPPERS))
    c5 = Counter((it["category"], it["label"], it["wrapper"], it["lang"], it["split"]) for it in items)
    for c in CATEGORIES:
        for lab in LABELS:
            cells = []
            for w in WRAPPERS:
                if not any(c5[(c, lab, w, lang, s)] for lang in LANGS for s in ("dev", "test")):
                    cells.append("-")
                    continue
                cells.append(" · ".join("%d/%d" % (c5[(c, lab, w, lang, "dev")], c5[(c, lab, w, lang, "test")])
                                        for lang in LANGS))
            out.append("| %s | %s | %s |" % (c, lab, " | ".join(cells)))
    out.append("")
    out.append("Wrapper columns: " + ", ".join("%s = %s" % (WRAPPER_SHORT[w], w) for w in WRAPPERS) + ".")
    return "\n".join(out) + "\n"


def sha256_line(text):
    return "%s  items.jsonl\n" % hashlib.sha256(text.encode("utf-8")).hexdigest()


def main(argv):
    items, text = build()
    if "--counts" in argv:
        sys.stdout.write(counts_markdown(items))
        return 0
    if "--check" in argv:
        ok = True
        with open(ITEMS_PATH, encoding="utf-8") as f:
            if f.read() != text:
                print("items.jsonl differs from a rebuild of source.py")
                ok = False
        with open(MANIFEST_PATH, encoding="utf-8") as f:
            if f.read() != sha256_line(text):
                print("MANIFEST.sha256 does not match")
                ok = False
        with open(README_PATH, encoding="utf-8") as f:
            readme = f.read()
        m = re.search(r"<!-- COUNTS BEGIN -->\n(.*?)<!-- COUNTS END -->", readme, re.S)
        if not m or m.group(1) != counts_markdown(items):
            print("README.md counts block differs from build.py --counts")
            ok = False
        print("ok: %d items, %s" % (len(items), sha256_line(text).split()[0]) if ok else "CHECK FAILED")
        return 0 if ok else 1
    # build: written once, then frozen
    if os.path.exists(MANIFEST_PATH):
        with open(MANIFEST_PATH, encoding="utf-8") as f:
            if f.read() != sha256_line(text):
                sys.exit("MANIFEST.sha256 exists and the rebuild differs: this set is frozen. "
                         "Put new cases into a new dated set.")
        print("unchanged: %d items" % len(items))
        return 0
    with open(ITEMS_PATH, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    with open(MANIFEST_PATH, "w", encoding="utf-8", newline="\n") as f:
        f.write(sha256_line(text))
    print("wrote %d items; %s" % (len(items), sha256_line(text).strip()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
