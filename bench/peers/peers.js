// peers.js -- time peer NLP libraries on the same text as dramatis.
//
//   node bench/peers/peers.js FILE [RUNS]
//
// Prints, best of RUNS (default 3; compromise runs once), words/s for:
//   - memchr floor: counting '"' with Buffer.indexOf (a lower bound on any
//     pass over the text);
//   - wink-nlp + wink-eng-lite-web-model: tokens, sentences, POS, entities;
//   - compromise: tokens, sentences, POS-like tags.
// and one JSON line per peer on stdout's last lines for bench/run-peers.
// "Words" are whitespace-separated words, the same count dramatis's
// benchmark uses for PDNC within a few percent.
'use strict';
const fs = require('fs');

const file = process.argv[2];
const runs = Number(process.argv[3] || 3);
if (!file) {
  console.error('usage: node peers.js FILE [RUNS]');
  process.exit(2);
}
const buf = fs.readFileSync(file);
const text = buf.toString('utf8');
const words = text.split(/\s+/).filter(Boolean).length;

function best(fn, n = runs) {
  let t = Infinity;
  for (let r = 0; r < n; r++) {
    const t0 = process.hrtime.bigint();
    fn();
    const dt = Number(process.hrtime.bigint() - t0) / 1e9;
    if (dt < t) t = dt;
  }
  return t;
}

const results = [];
function report(name, computes, seconds) {
  const wps = words / seconds;
  results.push({peer: name, computes, seconds, words_per_s: Math.round(wps)});
  console.log(`${name.padEnd(28)} ${seconds.toFixed(3).padStart(9)} s ` +
              `${Math.round(wps).toLocaleString('en').padStart(14)} words/s`);
}

console.log(`input: ${buf.length} bytes, ${words} words, best of ${runs}`);

report('memchr floor (indexOf ")', 'counts quotation marks', best(() => {
  let n = 0, i = -1;
  while ((i = buf.indexOf(34, i + 1)) !== -1) n++;
  return n;
}));

const winkNLP = require('wink-nlp');
const model = require('wink-eng-lite-web-model');
const nlp = winkNLP(model);
const its = nlp.its;
report('wink-nlp (lite web model)', 'tokens, sentences, POS, entities',
       best(() => {
         // wink reads one document; per-paragraph keeps its memory sane.
         for (const para of text.split(/\n\s*\n/)) {
           const doc = nlp.readDoc(para);
           doc.tokens().out(its.pos);
           doc.entities().out();
           doc.sentences().length();
         }
       }));

// compromise takes about a minute per million words: one run.
const nlpC = require('compromise');
report('compromise', 'tokens, sentences, tags', best(() => {
  for (const para of text.split(/\n\s*\n/)) {
    const doc = nlpC(para);
    doc.json();
  }
}, 1));

for (const r of results) console.log(JSON.stringify(r));
