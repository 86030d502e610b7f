import { describe, expect, it } from 'vitest';
import { suggestionTsquery, type TermStats } from './search-terms.ts';

const stats: TermStats = {
  documents: 100_000,
  frequencies: new Map([
    ['printer', 0.07],
    ['blank', 0.04],
    ['page', 0.02],
    ['problem', 0.3],
    ['morn', 0.002],
    ['driver', 0.012],
    ['drive', 0.03],
  ]),
  floor: 0.001,
};
const choice = { maxTerms: 6, postings: 20_000, aloneBelow: 300 };
const terms = (lexemes: string, priority = 0) => lexemes.split(' ').map((lexeme) => ({ lexeme, priority }));

describe('the query suggestions search with', () => {
  it('asks for two telling terms together, subject first, and lets rare terms stand alone', () => {
    const query = suggestionTsquery(
      [...terms('printer blank page'), ...terms('problem morn zebra', 1)],
      stats,
      choice,
    );
    // page 2,000 + blank 4,000 + printer 7,000 index entries fit in 20,000, then zebra (about 50
    // articles) and morn (200) stand alone; problem is in 30 % of articles and says nothing.
    expect(query).toBe(
      "'zebra' | 'morn' | ('page' & 'blank') | ('page' & 'printer') | ('blank' & 'printer')",
    );
  });

  it('keeps the index entries of the chosen terms within the budget', () => {
    const query = suggestionTsquery(terms('printer blank page driver'), stats, { ...choice, postings: 8000 });
    expect(query).toBe("('driver' & 'page') | ('driver' & 'blank') | ('page' & 'blank')");
  });

  it('gives a single common term the rarest other term as a partner', () => {
    const query = suggestionTsquery([...terms('printer'), ...terms('blank page', 1)], stats, {
      ...choice,
      postings: 7500,
    });
    expect(query).toBe("('printer' & 'page')");
  });

  it('counts a prefix as every common word it starts', () => {
    const typing = { lexeme: 'drive', priority: 1, prefix: true };
    // drive:* stands for drive and driver: 4,300 index entries, so it pairs.
    expect(suggestionTsquery([{ lexeme: 'page', priority: 0 }, typing], stats, choice)).toBe(
      "('page' & 'drive':*)",
    );
  });

  it('uses a rare term as it is, and quotes lexemes as tsquery input requires', () => {
    expect(suggestionTsquery([{ lexeme: "o'neil", priority: 0 }], stats, choice)).toBe("'o''neil'");
    expect(suggestionTsquery([], stats, choice)).toBe('');
  });
});
