import { PROBLEM_CODES } from '@timetracker/contracts';
import { describe, expect, it } from 'vitest';

import { LANGUAGES } from './i18n';

// Every catalog must have exactly the keys of English (the source of every key), the plural forms
// its language needs, and the same {{variables}} and <tags>: a missing key would show English in
// the middle of a German page, a missing variable would drop a number from a sentence.
const files = import.meta.glob<Catalog>('./locales/*.json', { eager: true, import: 'default' });
const PLURAL = /_(zero|one|two|few|many|other)$/;

type Catalog = { [key: string]: string | Catalog };

function read(language: string): Catalog {
  const catalog = files[`./locales/${language}.json`];
  if (!catalog) throw new Error(`no catalog for ${language}`);
  return catalog;
}

function flatten(catalog: Catalog, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(catalog)) {
    const at = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(at, value);
    else for (const [k, v] of flatten(value, at)) out.set(k, v);
  }
  return out;
}

/** `{{name}}` variables and `<tag>` components a message uses. */
function placeholders(message: string): string[] {
  const vars = [...message.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => `{{${m[1]}}}`);
  const tags = [...message.matchAll(/<(\/?\w+)>/g)].map((m) => `<${m[1]}>`);
  return [...new Set([...vars, ...tags])].sort();
}

/** Keys with their plural suffix cut off (`count.invoice_one` → `count.invoice`), and the forms. */
function byBase(messages: Map<string, string>): Map<string, Map<string, string>> {
  const bases = new Map<string, Map<string, string>>();
  for (const [key, value] of messages) {
    const match = PLURAL.exec(key);
    const base = match ? key.slice(0, match.index) : key;
    const form = match ? match[1]! : '';
    if (!bases.has(base)) bases.set(base, new Map());
    bases.get(base)!.set(form, value);
  }
  return bases;
}

/** What a catalog gets wrong compared with English, in words; empty when it is complete. */
export function catalogProblems(language: string, english: Catalog, catalog: Catalog): string[] {
  const problems: string[] = [];
  const source = byBase(flatten(english));
  const target = byBase(flatten(catalog));
  const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories.map(String).sort();
  for (const [base, forms] of source) {
    const translated = target.get(base);
    if (!translated) {
      problems.push(`${language}: missing ${base}`);
      continue;
    }
    const plural = !forms.has('');
    const wanted = plural ? categories : [''];
    const have = [...translated.keys()].sort();
    if (wanted.join() !== have.join()) {
      problems.push(`${language}: ${base} has forms [${have.join(', ')}], needs [${wanted.join(', ')}]`);
    }
    const expected = placeholders(forms.get(plural ? 'other' : '') ?? '');
    const allowed = new Set([...forms.values()].flatMap(placeholders));
    for (const [form, message] of translated) {
      const key = form ? `${base}_${form}` : base;
      if (!message.trim()) problems.push(`${language}: ${key} is empty`);
      const found = placeholders(message);
      // A "one" form may leave out {{count}} ("eine Rechnung"); it may use nothing English lacks.
      const ok =
        form === 'one' || (form !== 'other' && plural)
          ? found.every((p) => allowed.has(p))
          : found.join() === expected.join();
      if (!ok)
        problems.push(
          `${language}: ${key} uses ${found.join(' ') || 'nothing'}, English ${expected.join(' ')}`,
        );
    }
  }
  for (const base of target.keys()) {
    if (!source.has(base)) problems.push(`${language}: ${base} is not in English (left over?)`);
  }
  return problems;
}

describe('message catalogs', () => {
  const english = read('en');

  it('ships a catalog for each language the dashboard offers, and no other', () => {
    const shipped = Object.keys(files).map((f) => f.replace(/^\.\/locales\/|\.json$/g, ''));
    expect(shipped.sort()).toEqual([...LANGUAGES].sort());
  });

  it.each(LANGUAGES.filter((l) => l !== 'en'))(
    '%s has every English key, its plural forms and variables',
    (language) => {
      expect(catalogProblems(language, english, read(language))).toEqual([]);
    },
  );

  it.each(LANGUAGES.filter((l) => l !== 'en'))('%s is a translation, not a copy of English', (language) => {
    const source = flatten(english);
    const target = flatten(read(language));
    const same = [...source].filter(([key, value]) => target.get(key) === value).length;
    // Names, units and words such as "Status" or "API" may stay the same; most text may not.
    expect(same / source.size).toBeLessThan(0.15);
  });

  it('has a sentence for every problem code the API can answer (docs/api-errors.md)', () => {
    const problems = Object.keys(english.problems as Catalog);
    expect(PROBLEM_CODES.filter((code) => !problems.includes(code))).toEqual([]);
  });

  it('finds a missing key, an extra key, a missing plural form and a changed variable', () => {
    const en: Catalog = {
      ns: { a: 'Hello {{name}}', b: 'Bye', n_one: '{{count}} day', n_other: '{{count}} days' },
    };
    const de: Catalog = { ns: { a: 'Hallo {{nom}}', c: 'extra', n_one: 'ein Tag' } };
    expect(catalogProblems('de', en, de)).toEqual([
      'de: ns.a uses {{nom}}, English {{name}}',
      'de: missing ns.b',
      'de: ns.n has forms [one], needs [one, other]',
      'de: ns.c is not in English (left over?)',
    ]);
  });
});
