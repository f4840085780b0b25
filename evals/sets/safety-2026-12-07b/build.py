#!/usr/bin/env python3
"""Build safety-2026-12-07b from source.py (stdlib only, deterministic).

    python3 build.py            write items.jsonl and MANIFEST.sha256 (refuses to change a frozen set)
    python3 build.py --check    rebuild in memory; compare with items.jsonl and MANIFEST.sha256
    python3 build.py --counts   print the category x label x lang x split table (Markdown)
"""
import base64
import codecs
import hashlib
import json
import os
import random
import re
import sys
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # keep the frozen directory clean
sys.path.insert(0, HERE)
import source  # noqa: E402

SET = "safety-2026-12-07b"
PREFIX = "saf7b"
LANGS = ("en", "zh")
LABELS = ("harmful", "benign")
SPLITS = ("dev", "test")
WRAPPERS = ("direct", "role_play", "hypothetical", "translation", "reversed", "split", "encoded",
            "multi_turn", "system_impersonation")
SLOT = {"direct": "d", "role_play": "rp", "hypothetical": "hy", "translation": "tr", "reversed": "rv",
        "split": "sp", "encoded": "en", "system_impersonation": "si", "multi_turn": "mt"}
CATEGORIES = tuple(source.CATEGORIES_HARMFUL) + tuple(source.CATEGORIES_BENIGN_ONLY)
MAX_TURN = 4000
N_MIN, N_MAX = 400, 600


# ---- mechanical encodings ------------------------------------------------------------------
def encode(method, text):
    if method == "base64":
        return base64.b64encode(text.encode("utf-8")).decode("ascii")
    if method == "hex":
        return " ".join("%02x" % b for b in text.encode("utf-8"))
    if method == "rot13":
        return codecs.encode(text, "rot13")
    if method == "unicode":
        return "".join("\\u%04x" % ord(c) for c in text)
    if method == "percent":
        return urllib.parse.quote(text, safe="")
    raise ValueError(method)


def decode(method, enc):
    if method == "base64":
        return base64.b64decode(enc).decode("utf-8")
    if method == "hex":
        return bytes(int(h, 16) for h in enc.split()).decode("utf-8")
    if method == "rot13":
        return codecs.decode(enc, "rot13")
    if method == "unicode":
        return "".join(chr(int(h, 16)) for h in re.findall(r"\\u([0-9a-f]{4})", enc))
    if method == "percent":
        return urllib.parse.unquote(enc)
    raise ValueError(method)


def split3(text, lang):
    if lang == "en":
        words = text.split(" ")
        n = len(words)
        cuts = [0, n // 3, 2 * n // 3, n]
        return [" ".join(words[cuts[i]:cuts[i + 1]]) for i in range(3)]
    n = len(text)
    cuts = [0, n // 3, 2 * n // 3, n]
    return [text[cuts[i]:cuts[i + 1]] for i in range(3)]


def pick(seq, i):
    return seq[i % len(seq)]


def wrap(wrapper, lang, ci, slots):
    t = source.TEMPLATES[lang]
    if wrapper == "direct":
        return [slots["d"]]
    if wrapper == "multi_turn":
        return list(slots["mt"])
    if wrapper in ("role_play", "hypothetical", "translation", "system_impersonation"):
        return [pick(t[wrapper], ci).format(req=slots[SLOT[wrapper]])]
    if wrapper == "reversed":
        text = slots["rv"]
        enc = text[::-1]
        assert enc[::-1] == text
        return [pick(t["reversed"], ci).format(enc=enc)]
    if wrapper == "split":
        text = slots["sp"]
        a, b, c = split3(text, lang)
        joined = (a + " " + b + " " + c) if lang == "en" else (a + b + c)
        assert joined == text, (joined, text)
        return [pick(t["split"], ci).format(a=a, b=b, c=c)]
    if wrapper == "encoded":
        method = pick(source.ENCODINGS[lang], ci)
        text = slots["en"]
        enc = encode(method, text)
        assert decode(method, enc) == text, (method, text)
        return [t["encoded"][method].format(enc=enc)]
    raise ValueError(wrapper)


# ---- building ------------------------------------------------------------------------------
def raw_items():
    """(lang, category, wrapper, label, turns) in source order."""
    out = []
    for lang in LANGS:
        for ci, cat in enumerate(source.CATEGORIES_HARMFUL):
            slots = source.HARMFUL[cat][lang]
            for w in WRAPPERS:
                out.append((lang, cat, w, "harmful", wrap(w, lang, ci, slots)))
        for cat, w, turns in source.BENIGN[lang]:
            out.append((lang, cat, w, "benign", [turns] if isinstance(turns, str) else list(turns)))
    return out


def build():
    items = []
    counter = {lang: 0 for lang in LANGS}
    for lang, cat, w, label, turns in raw_items():
        counter[lang] += 1
        items.append({"id": "%s-%s-%04d" % (PREFIX, lang, counter[lang]), "lang": lang, "category": cat,
                      "wrapper": w, "label": label, "split": None, "turns": turns})
    # split: seeded shuffle within each (category, label, lang); odd extras alternate dev/test
    groups = {}
    for it in items:
        groups.setdefault((it["category"], it["label"], it["lang"]), []).append(it)
    odd = 0  # the odd extras alternate dev, test, dev, ... over the groups in (lang, category, label) order
    for key in sorted(groups, key=lambda k: (k[2], k[0], k[1])):
        cat, label, lang = key
        members = sorted(groups[key], key=lambda x: x["id"])
        random.Random("%s|%s|%s|%s" % (SET, cat, label, lang)).shuffle(members)
        n = len(members)
        n_dev = n // 2
        if n % 2:
            if odd % 2 == 0:
                n_dev += 1
            odd += 1
        for k, it in enumerate(members):
            it["split"] = "dev" if k < n_dev else "test"
    items.sort(key=lambda x: x["id"])
    validate(items)
    return items


def serialize(items):
    return "".join(json.dumps(it, ensure_ascii=False) + "\n" for it in items).encode("utf-8")


# ---- validation ----------------------------------------------------------------------------
GB_W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
GB_C = "10X98765432"


def gb11643_valid(s18):
    if not re.fullmatch(r"\d{17}[\dXx]", s18):
        return False
    return GB_C[sum(int(d) * w for d, w in zip(s18[:17], GB_W)) % 11] == s18[17].upper()


def luhn_valid(digits):
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def pii_problems(text):
    problems = []
    # ID numbers: any 18-character window of digits (+ final X) inside a digit run
    for m in re.finditer(r"\d{17,}[\dXx]?", text):
        run = m.group(0)
        for k in range(0, len(run) - 17):
            if gb11643_valid(run[k:k + 18]):
                problems.append("valid GB 11643 ID-like number %r" % run[k:k + 18])
    # card numbers: a whole number of 13-19 digits, contiguous or grouped (groups of 3+ digits separated by
    # one space or hyphen, as cards are written); hex byte pairs "74 68 65" are not card groupings
    for m in re.finditer(r"(?<![\dA-Za-z])\d{3,}(?:[ -]\d{3,})*(?![\dA-Za-z])", text):
        digits = re.sub(r"[ -]", "", m.group(0))
        if 13 <= len(digits) <= 19 and luhn_valid(digits):
            problems.append("Luhn-valid card-like number %r" % digits)
    return problems


def validate(items):
    errs = []
    n = len(items)
    if not (N_MIN <= n <= N_MAX):
        errs.append("item count %d outside %d..%d" % (n, N_MIN, N_MAX))
    seen_turns, seen_last, ids = {}, {}, set()
    cov = {}
    counts = {}
    for it in items:
        i = it["id"]
        if i in ids:
            errs.append("duplicate id " + i)
        ids.add(i)
        if not re.fullmatch(r"%s-(en|zh)-\d{4}" % PREFIX, i) or i.split("-")[1] != it["lang"]:
            errs.append(i + ": bad id")
        if it["lang"] not in LANGS:
            errs.append(i + ": bad lang")
        if it["label"] not in LABELS:
            errs.append(i + ": bad label")
        if it["wrapper"] not in WRAPPERS:
            errs.append(i + ": bad wrapper")
        if it["split"] not in SPLITS:
            errs.append(i + ": bad split")
        if it["category"] not in CATEGORIES:
            errs.append(i + ": bad category")
        if it["label"] == "harmful" and it["category"] in source.CATEGORIES_BENIGN_ONLY:
            errs.append(i + ": benign-only category labelled harmful")
        turns = it["turns"]
        if not isinstance(turns, list) or not turns:
            errs.append(i + ": no turns")
            continue
        if (it["wrapper"] == "multi_turn") != (len(turns) > 1):
            errs.append(i + ": multi_turn wrapper iff more than one turn")
        for t in turns:
            if not isinstance(t, str) or not (1 <= len(t) <= MAX_TURN) or not t.strip():
                errs.append(i + ": turn length %d" % (len(t) if isinstance(t, str) else -1))
            for p in pii_problems(t):
                errs.append(i + ": " + p)
        if it["lang"] == "zh" and not any(re.search(r"[\u4e00-\u9fff]", t) for t in turns):
            errs.append(i + ": zh item without Chinese text")
        key = tuple(turns)
        if key in seen_turns:
            errs.append(i + ": duplicate turns of " + seen_turns[key])
        seen_turns[key] = i
        last = turns[-1].strip().lower()
        if last in seen_last:
            errs.append(i + ": duplicate last turn of " + seen_last[last])
        seen_last[last] = i
        cov.setdefault((it["category"], it["label"], it["lang"]), set()).add(it["wrapper"])
        counts[(it["label"], it["lang"])] = counts.get((it["label"], it["lang"]), 0) + 1
    for cat in source.CATEGORIES_HARMFUL:
        for lang in LANGS:
            missing = set(WRAPPERS) - cov.get((cat, "harmful", lang), set())
            if missing:
                errs.append("harmful %s/%s misses wrappers %s" % (cat, lang, sorted(missing)))
            if not cov.get((cat, "benign", lang)):
                errs.append("no benign look-alike for %s/%s" % (cat, lang))
    for lang in LANGS:
        if counts.get(("benign", lang), 0) < counts.get(("harmful", lang), 0):
            errs.append("%s: fewer benign than harmful" % lang)
    en, zh = sum(1 for x in items if x["lang"] == "en"), sum(1 for x in items if x["lang"] == "zh")
    if abs(en - zh) > 0.1 * n:
        errs.append("languages unbalanced: en %d zh %d" % (en, zh))
    if errs:
        raise SystemExit("validation failed:\n  " + "\n  ".join(errs))


# ---- counts --------------------------------------------------------------------------------
def counts_table(items):
    rows = ["| category | label | en dev | en test | zh dev | zh test | total |", "|---|---|---:|---:|---:|---:|---:|"]
    tot = {}
    for cat in CATEGORIES:
        for label in LABELS:
            c = {(l, s): sum(1 for x in items if x["category"] == cat and x["label"] == label
                             and x["lang"] == l and x["split"] == s) for l in LANGS for s in SPLITS}
            t = sum(c.values())
            if not t:
                continue
            for k, v in c.items():
                tot[k] = tot.get(k, 0) + v
            rows.append("| %s | %s | %d | %d | %d | %d | %d |" % (cat, label, c[("en", "dev")], c[("en", "test")],
                                                               c[("zh", "dev")], c[("zh", "test")], t))
    rows.append("| **all** | | %d | %d | %d | %d | %d |" % (tot[("en", "dev")], tot[("en", "test")],
                                                          tot[("zh", "dev")], tot[("zh", "test")], len(items)))
    return "\n".join(rows)


def main(argv):
    items = build()
    data = serialize(items)
    digest = hashlib.sha256(data).hexdigest()
    manifest_line = "%s  items.jsonl\n" % digest
    items_path = os.path.join(HERE, "items.jsonl")
    man_path = os.path.join(HERE, "MANIFEST.sha256")
    if "--counts" in argv:
        print(counts_table(items))
        return 0
    if "--check" in argv:
        ok = True
        with open(man_path, encoding="utf-8") as f:
            if f.read() != manifest_line:
                print("MANIFEST.sha256 does not match the rebuilt items")
                ok = False
        with open(items_path, "rb") as f:
            on_disk = f.read()
        if on_disk != data:
            print("items.jsonl differs from the rebuild")
            ok = False
        if hashlib.sha256(on_disk).hexdigest() != digest:
            print("items.jsonl on disk does not hash to the manifest")
            ok = False
        print("OK: %d items, sha256 %s" % (len(items), digest) if ok else "CHECK FAILED")
        return 0 if ok else 1
    if os.path.exists(man_path):
        with open(man_path, encoding="utf-8") as f:
            if f.read() != manifest_line and "--force" not in argv:
                raise SystemExit("MANIFEST.sha256 exists and differs: the set is frozen (new cases go into a new set)")
    with open(items_path, "wb") as f:
        f.write(data)
    with open(man_path, "w", encoding="utf-8") as f:
        f.write(manifest_line)
    print("wrote %d items, sha256 %s" % (len(items), digest))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
