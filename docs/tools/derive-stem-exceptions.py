# Derives index-config/stem-exceptions.txt from the ANT bench corpus (see that file's header).
# Usage: python3 docs/tools/derive-stem-exceptions.py 20 > index-config/stem-exceptions.txt
# Reads only the dev half of the corpus (articles whose id has an even FNV-1a hash), so the
# recall check (benches/recall.rs, test half) stays held out.
# Mirrors the rules of src/analysis/stem.rs; keep the two in step.
# Derives stem exceptions from the ANT bench corpus: endings and initial و that the light stemmer
# would strip but that belong to the word, judged by whether the stripped stem is attested on its own.
import gzip, json, os, re, collections, sys
DIAC = re.compile('[\u064B-\u065F\u0670\u0610-\u061A\u06D6-\u06ED\u0640]')
TR = str.maketrans({'أ':'ا','إ':'ا','آ':'ا','ٱ':'ا','ى':'ي','ة':'ه','ؤ':'و','ئ':'ي'})
WORD = re.compile('[\u0621-\u064A]+')
STOP = set()
for l in open(os.path.join(os.path.dirname(__file__), '../../index-config/stopwords.txt')):
    l = l.split('#')[0].strip()
    if l: STOP.add(DIAC.sub('', l).translate(TR))
ARTICLES = ["وال", "فال", "بال", "كال", "لل", "ال"]
SUFFIXES = ["ها", "ان", "ات", "ون", "ين", "يه", "ية", "هم", "ه", "ة", "ي"]
AFTER_FEMININE_T = ["ها", "هم", "ه", "ان", "ين"]
# Added by hand after review (names the rules would cut and the corpus rule does not catch).
HAND = {
    "بوتين": "name (Putin): ين is not a suffix",
    "متجه": "ة and ات forms (متجهة/متجهات), each below the count",
    "ولا": "ولاية, ولايات, الولايات: the و is the word's (ولا itself is a stopword, never stemmed)",
}
def fnv1a(s):
    h = 0xcbf29ce484222325
    for b in s.encode('utf-8'):
        h = ((h ^ b) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return h
def strip_article(w):
    for p in ARTICLES:
        if w.startswith(p) and len(w) - len(p) >= 2: return w[len(p):]
    return None
def suffixes(s, prot):
    if s in prot: return s
    nisba = False
    for suf in SUFFIXES:
        m = 4 if suf == "هم" else 3
        if suf == "ي" and nisba: continue
        if s.endswith(suf) and len(s) - len(suf) >= m:
            s = s[:-len(suf)]
            nisba = nisba or suf in ("يه", "ية")
            if suf in AFTER_FEMININE_T and s not in prot and s.endswith('ت') and len(s) - 1 >= 3:
                s = s[:-1]
            if s in prot: break
    return s
def stem(w, prot=frozenset()):
    if w in prot: return w
    r = strip_article(w)
    if r is not None: return suffixes(r, prot)
    if w.startswith('و') and len(w) - 1 >= 3:
        kept = suffixes(w, prot)
        if kept in prot: return kept
        r = w[1:]; r = strip_article(r) or r
        return suffixes(r, prot)
    return suffixes(w, prot)


freq = collections.Counter()
with gzip.open(os.path.join(os.path.dirname(__file__), '../../../shared/corpus-real/bench/ant-arabic-news.jsonl.gz'), 'rt') as f:
    for line in f:
        d = json.loads(line)
        if fnv1a(d['id']) % 2: continue
        for w in WORD.findall(DIAC.sub('', d['text'] + '\n' + d.get('title', '')).translate(TR)):
            freq[w] += 1
print('distinct', len(freq), file=sys.stderr)
base = collections.Counter()
for w, n in freq.items():
    r = strip_article(w)
    base[r if r is not None else w] += n
stems = {w: stem(w) for w in freq}
fam = collections.Counter(); fam_no_waw = collections.Counter()
for w, n in freq.items():
    fam[stems[w]] += n
    if not (w.startswith('و') and strip_article(w) is None):
        fam_no_waw[stems[w]] += n
MIN = int(sys.argv[1]) if len(sys.argv) > 1 else 20
exc = {}
def surface_family(x):
    x = strip_article(x) or x
    return sum(base[x + e] for e in ('', 'ه', 'ي', 'ات', 'ها', 'هم', 'ين', 'ون', 'ان'))
for w, n in freq.most_common():
    if n < MIN: break
    if len(w) < 4 or w in STOP: continue
    r = strip_article(w)
    u = r if r is not None else w
    s = suffixes(u, frozenset())
    if s != u and base[u] >= MIN and not (r is None and w.startswith('و')):
        ending = next((e for e in ('ان', 'ين', 'ون', 'ات', 'يه') if u.endswith(e)), None)
        if ending:
            derived = sum(base[u + x] for x in ('ي', 'يه', 'يين', 'يون'))
            share = 0.10 if ending == 'ات' else 0.02
            if derived >= share * base[u]:
                exc.setdefault(u, (base[u], 'ending %s: nisba forms %d of %d' % (ending, derived, base[u])))
    if r is None and w.startswith('و') and len(w) - 1 >= 3:
        kept = suffixes(w, frozenset())
        rest = w[1:]
        if surface_family(rest) < 0.05 * n and len(kept) >= 3 and kept not in STOP:
            exc.setdefault(kept, (n, 'initial waw: %s rare' % rest))
# ة and ات forms of one word must meet: a stem ending in ت or ه (لافتة/لافتات, متجهة/متجهات)
# loses that letter in one of them (ه read as a pronoun, ت as a feminine ت). Both forms seen at
# least MIN_PAIR times (with or without the article).
MIN_PAIR = 5
for u, n in sorted(base.items(), key=lambda kv: (-kv[1], kv[0])):
    if n < MIN_PAIR:
        break
    x = u[:-1]
    if not u.endswith('ه') or len(u) < 5 or x[-1] not in 'ته' or base[x + 'ات'] < MIN_PAIR:
        continue
    if u[0] in 'وفبلك' and base[u[1:]] >= MIN_PAIR:
        continue  # a proclitic on a word of its own (بمواجهة, ولافتة)
    if suffixes(u, frozenset()) != suffixes(x + 'ات', frozenset()):
        exc.setdefault(x, (n, 'ة and ات forms: %s %d, %sات %d' % (u, n, x, base[x + 'ات'])))
print('''# Stem exceptions for khabar's light stemmer: words whose last or first letters look like an
# affix but belong to the word. A word listed here is not cut further once the stemmer reaches it:
# فلسطين stays فلسطين (not فلسط), and الفلسطينيين → فلسطين meets it; وزير keeps its و.
# Matched on the normal form (diacritics removed, أ إ آ → ا, ى → ي, ة → ه, ؤ → و, ئ → ي).
#
# Derived by docs/tools/derive-stem-exceptions.py from the ANT corpus (https://antcorpus.github.io;
# A. Chouigui, O. Ben Khiroun, B. Elayeb, "ANT Corpus: An Arabic News Text Collection for Textual
# Classification", AICCSA 2017), dev half only (articles with an even FNV-1a hash of their id; the
# test half is kept for the recall check), words seen at least %d times:
# - an ending ان ين ون ات يه is kept when nisba forms of the whole word are common
#   (لبنان because لبناني/لبنانية are; قانون because قانوني is);
# - an initial و is kept when the word without it is rare (وزير: زير is rare, while وقال: قال is common);
# - a stem ending in ت or ه is kept when its ة and ات forms are both seen (5 times each) and would not meet
#   (لافتة/لافتات: لافت, متجهة/متجهات: متجه).
# Then reviewed by hand: additions are kept in the script's HAND table, so that regenerating keeps them.
# One word per line (`#` starts a comment).
''' % MIN)
for e, (n, why) in sorted(exc.items(), key=lambda x: -x[1][0]):
    print(f"{e}  # {n}: {why}")
for e, why in HAND.items():
    if e not in exc:
        print(f"{e}  # by hand: {why}")
