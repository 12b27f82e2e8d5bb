import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { LANGUAGES } from './index';

const files = import.meta.glob<Tree>('./*.json', { eager: true, import: 'default' });
const resources: Record<string, Tree> = Object.fromEntries(
  Object.entries(files).map(([path, tree]) => [path.slice(2, -5), tree]),
);

type Tree = { [k: string]: string | Tree };

function flatten(t: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(t)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();
const en = flatten(resources.en ?? {});

describe('translations', () => {
  it('ships the seven languages', () => {
    expect(LANGUAGES.map((l) => l.code)).toEqual(['en', 'et', 'fi', 'sv', 'lt', 'ka', 'nb']);
  });

  for (const { code } of LANGUAGES) {
    it(`${code} has every key of English, no extra ones, and the same placeholders`, () => {
      const other = flatten(resources[code] ?? {});
      expect([...other.keys()].filter((k) => !en.has(k))).toEqual([]);
      expect([...en.keys()].filter((k) => !other.has(k))).toEqual([]);
      for (const [k, v] of en) {
        const o = other.get(k) ?? '';
        expect(o.trim(), `${code}:${k} is empty`).not.toBe('');
        expect(placeholders(o), `${code}:${k}`).toEqual(placeholders(v));
      }
    });
  }

  it('translates every error code the API can send', () => {
    const spec = JSON.parse(readFileSync(resolve(__dirname, '../../../openapi/openapi.json'), 'utf8'));
    const codes: string[] = spec.components.schemas.ErrorCode.enum;
    expect(codes.length).toBeGreaterThan(20);
    for (const c of codes) expect(en.has(`errors.${c}`), `errors.${c}`).toBe(true);
  });

  it('names every role and school kind in the API', () => {
    const spec = JSON.parse(readFileSync(resolve(__dirname, '../../../openapi/openapi.json'), 'utf8'));
    for (const r of spec.components.schemas.Role.enum as string[]) expect(en.has(`roles.${r}`), r).toBe(true);
    for (const k of spec.components.schemas.SchoolKind.enum as string[]) expect(en.has(`schoolKinds.${k}`), k).toBe(true);
    for (const k of spec.components.schemas.HubOrganisationRole.enum as string[]) expect(en.has(`orgRoles.${k}`), k).toBe(true);
    for (const k of spec.components.schemas.OrganisationKind.enum as string[]) expect(en.has(`orgKinds.${k}`), k).toBe(true);
  });
});
