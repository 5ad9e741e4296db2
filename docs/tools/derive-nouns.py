# Derives index-config/nouns.txt from the ANT bench corpus (see that file's header).
# Usage: python3 docs/tools/derive-nouns.py 5 > index-config/nouns.txt
# Reads only the dev half of the corpus (articles whose id has an even FNV-1a hash), so the
# recall check (benches/recall.rs, test half) stays held out. Deterministic: same corpus, same file.
#
# A noun here is a word the corpus writes with the article (وال فال بال كال لل ال on a bare
# alef): القطار gives قطار, الألعاب gives ألعاب. Forms are counted by their normal form and
# written in their most frequent spelling (harakat removed, hamza seats kept, so that ألعاب stays
# a word that does not begin with the article). src/analysis/proclitic.rs reads a bare ب ل ك off
# a word when the rest is one of these nouns and the word itself is not.
import collections, gzip, json, os, re, sys

HERE = os.path.dirname(__file__)
CORPUS = os.path.join(HERE, '../../../shared/corpus-real/bench/ant-arabic-news.jsonl.gz')
DIAC = re.compile('[\u064B-\u065F\u0670\u0610-\u061A\u06D6-\u06ED\u0640]')
FOLD = str.maketrans({'أ': 'ا', 'إ': 'ا', 'آ': 'ا', 'ٱ': 'ا', 'ى': 'ي', 'ة': 'ه', 'ؤ': 'و', 'ئ': 'ي'})
WORD = re.compile('[\u0621-\u064A\u0671]+')
# Article prefixes on a bare alef (ٱ is the alef wasla), longest first, as src/analysis/stem.rs.
ARTICLES = ['وال', 'فال', 'بال', 'كال', 'وٱل', 'فٱل', 'بٱل', 'كٱل', 'لل', 'ال', 'ٱل']
# Added by hand after review: words the corpus rarely writes with the article but that begin
# with ب ل ك of their own (a name must not lose its first letter).
HAND = {}

def fnv1a(s):
    h = 0xcbf29ce484222325
    for b in s.encode('utf-8'):
        h = ((h ^ b) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return h

def fold(w):
    return w.translate(FOLD)

stop = set()
for line in open(os.path.join(HERE, '../../index-config/stopwords.txt'), encoding='utf-8'):
    line = line.split('#')[0].strip()
    if line:
        stop.add(fold(DIAC.sub('', line)))

MIN = int(sys.argv[1]) if len(sys.argv) > 1 else 5
count = collections.Counter()
spelling = collections.defaultdict(collections.Counter)
with gzip.open(CORPUS, 'rt', encoding='utf-8') as f:
    for line in f:
        article = json.loads(line)
        if fnv1a(article['id']) % 2:
            continue
        for w in WORD.findall(DIAC.sub('', article['text'] + '\n' + article.get('title', ''))):
            rest = next((w[len(p):] for p in ARTICLES if w.startswith(p) and len(w) - len(p) >= 2), None)
            if rest is None or fold(w) in stop:
                continue
            key = fold(rest)
            if key in stop:
                continue
            count[key] += 1
            spelling[key][rest] += 1

print('''# Nouns: words the ANT corpus writes with the article ال (القطار → قطار). khabar's analyser reads
# a bare preposition ب ل ك off a word when the rest is one of these nouns and the word itself is
# not (لقطار → قطار beside لقطار; بلد, لبنان, بطاقة keep their letters): src/analysis/proclitic.rs.
# Entries go through the whole analyser, so each stands for its stem's family (قطار, قطارات).
#
# Derived by docs/tools/derive-nouns.py from the ANT corpus (https://antcorpus.github.io;
# A. Chouigui, O. Ben Khiroun, B. Elayeb, "ANT Corpus: An Arabic News Text Collection for Textual
# Classification", AICCSA 2017; Apache-2.0 compilation, article text (c) the outlets), dev half only
# (articles with an even FNV-1a hash of their id; the test half is kept for the recall check):
# every word seen at least %d times after an article on a bare alef (وال فال بال كال لل ال), in
# its most frequent spelling (harakat removed, hamza seats kept: ألعاب), stopwords (التي, الذي)
# left out.
# Then reviewed by hand: additions are kept in the script's HAND table, so that regenerating keeps them.
# One word per line, most frequent first (`#` starts a comment; the number is the count).
''' % MIN)
for key, n in sorted(count.items(), key=lambda kv: (-kv[1], kv[0])):
    if n < MIN:
        break
    best = sorted(spelling[key].items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    print(f'{best}  # {n}')
for word, why in sorted(HAND.items()):
    if fold(word) not in count or count[fold(word)] < MIN:
        print(f'{word}  # by hand: {why}')
