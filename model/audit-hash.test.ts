import { GENESIS_HASH, canonicalJson, entryHash, storable } from './audit-hash';
import { verifyChain, type ChainLink, type StoredEntry } from './audit-verify';

describe('canonical JSON', () => {
  it('orders keys at every depth, writes Dates as ISO strings and drops undefined properties', () => {
    const a = { b: 1, a: { d: [1, { z: true, y: null }], c: new Date('2026-01-02T03:04:05.006Z') }, u: undefined };
    const b = { a: { c: new Date('2026-01-02T03:04:05.006Z'), d: [1, { y: null, z: true }] }, b: 1 };
    expect(canonicalJson(a)).toBe('{"a":{"c":"2026-01-02T03:04:05.006Z","d":[1,{"y":null,"z":true}]},"b":1}');
    expect(canonicalJson(b)).toBe(canonicalJson(a));
  });

  it('escapes strings as JSON does and keeps Vietnamese text', () => {
    expect(canonicalJson({ 'tên "x"': 'Phường Tân Phú\n' })).toBe('{"tên \\"x\\"":"Phường Tân Phú\\n"}');
  });

  it('writes non-finite numbers and undefined array items as null', () => {
    expect(canonicalJson([Number.NaN, Infinity, undefined, 1.5])).toBe('[null,null,null,1.5]');
  });

  it('hashes the same as the value after storable() normalised it, as the database gives it back', () => {
    const raw = { when: new Date(0), list: [undefined, 2], nested: { gone: undefined, kept: 'x' } };
    expect(storable(raw)).toEqual({ when: new Date(0), list: [null, 2], nested: { kept: 'x' } });
    expect(canonicalJson(storable(raw))).toBe(canonicalJson(raw));
  });
});

describe('entry hash', () => {
  const fields = {
    seq: 1,
    at: new Date('2026-11-25T00:00:00Z'),
    actor: 'admin',
    action: 'unit.updated',
    entity: 'unit',
    entityId: 'tan-phu',
    before: { name: 'A' },
    after: { name: 'B' },
  };

  it('is sha256 hex and depends on the previous hash and on every hashed field', () => {
    const h = entryHash(GENESIS_HASH, fields);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(entryHash(GENESIS_HASH, { ...fields })).toBe(h);
    expect(entryHash('1'.repeat(64), fields)).not.toBe(h);
    for (const change of [
      { seq: 2 },
      { at: new Date('2026-11-25T00:00:00.001Z') },
      { actor: 'x' },
      { action: 'x' },
      { entity: 'x' },
      { entityId: 'x' },
      { before: { name: 'X' } },
      { after: { name: 'X' } },
    ]) {
      expect(entryHash(GENESIS_HASH, { ...fields, ...change })).not.toBe(h);
    }
  });

  it('treats a missing before/after like a stored null', () => {
    const bare = { ...fields, before: undefined, after: undefined };
    expect(entryHash(GENESIS_HASH, bare)).toBe(entryHash(GENESIS_HASH, { ...bare, before: null, after: null }));
  });
});

/** A valid chain of n entries, built as the writer builds it. */
function chain(n: number): { links: ChainLink[]; entries: StoredEntry[] } {
  const links: ChainLink[] = [];
  const entries: StoredEntry[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const entry = { id: `e${seq}`, at: new Date(1_700_000_000_000 + seq), actor: 'admin', action: 'task.done', entity: 'task', entityId: `t${seq}`, after: { n: seq } };
    const hash = entryHash(prevHash, { ...entry, seq });
    links.push({ seq, entryId: entry.id, prevHash, hash });
    entries.push({ ...entry, seq, hash });
    prevHash = hash;
  }
  return { links, entries };
}

describe('verifyChain', () => {
  it('accepts an intact chain, an empty one, and entries not stamped yet', () => {
    const { links, entries } = chain(5);
    expect(verifyChain(links, entries)).toEqual({ ok: true, count: 5, headHash: links[4]!.hash });
    expect(verifyChain([], [])).toEqual({ ok: true, count: 0, headHash: GENESIS_HASH });
    expect(
      verifyChain(
        links,
        entries.map(({ seq: _s, hash: _h, ...e }) => e),
      ).ok,
    ).toBe(true);
  });

  it('names a changed entry as a hash mismatch at its seq', () => {
    const { links, entries } = chain(5);
    entries[2] = { ...entries[2]!, after: { n: 999 } };
    expect(verifyChain(links, entries)).toMatchObject({ ok: false, seq: 3, entryId: 'e3', problem: 'hash mismatch' });
  });

  it('names a deleted entry as missing, and a deleted link as a gap', () => {
    const { links, entries } = chain(5);
    expect(
      verifyChain(
        links,
        entries.filter((e) => e.id !== 'e2'),
      ),
    ).toMatchObject({ ok: false, seq: 2, entryId: 'e2', problem: 'missing entry' });
    const withoutLink = links.filter((l) => l.seq !== 4);
    expect(verifyChain(withoutLink, entries)).toMatchObject({ ok: false, seq: 4, problem: 'gap' });
  });

  it('names a re-hashed link that no longer follows its predecessor as a broken link', () => {
    const { links, entries } = chain(4);
    const forged = { ...entries[1]!, after: { n: -1 } };
    const newHash = entryHash('f'.repeat(64), { ...forged, seq: 2 });
    links[1] = { ...links[1]!, prevHash: 'f'.repeat(64), hash: newHash };
    entries[1] = { ...forged, hash: newHash };
    expect(verifyChain(links, entries)).toMatchObject({ ok: false, seq: 2, entryId: 'e2', problem: 'broken link' });
  });

  it('names a forged entry outside the chain, at the seq it claims when that comes before other damage', () => {
    const { links, entries } = chain(5);
    const forged: StoredEntry = { id: 'forged', at: new Date(), actor: 'mallory', action: 'x', entity: 'x', entityId: 'x', seq: 2 };
    expect(verifyChain(links, [...entries, forged])).toMatchObject({ ok: false, seq: 2, entryId: 'forged', problem: 'unlinked entry' });
    expect(verifyChain(links, [...entries, { ...forged, seq: null }])).toMatchObject({ ok: false, seq: null, entryId: 'forged', problem: 'unlinked entry' });
    entries[0] = { ...entries[0]!, actor: 'someone else' };
    expect(verifyChain(links, [...entries, forged])).toMatchObject({ ok: false, seq: 1, entryId: 'e1', problem: 'hash mismatch' });
  });

  it('names an entry whose stamped seq disagrees with its link', () => {
    const { links, entries } = chain(3);
    entries[1] = { ...entries[1]!, seq: 7 };
    expect(verifyChain(links, entries)).toMatchObject({ ok: false, seq: 2, problem: 'seq mismatch' });
  });
});
