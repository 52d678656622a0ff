import { SseParser, type SseItem } from './sse-parser';

const messages = (items: SseItem[]) => items.filter((i) => i.kind === 'message');

describe('SseParser', () => {
  it('reads the frames the live endpoint sends: retry, hello with an id, a change, a ping', () => {
    const p = new SseParser();
    const items = p.push(
      'retry: 2000\n\nevent: hello\nid: 100\ndata: {"serverTime":"2026-11-25T10:00:00.000Z"}\n\n: ping\n\nevent: change\nid: 105\ndata: {"entity":"task","id":"t1"}\n\n',
    );
    expect(items).toEqual([
      { kind: 'retry', ms: 2000 },
      { kind: 'message', event: 'hello', data: '{"serverTime":"2026-11-25T10:00:00.000Z"}', lastEventId: '100' },
      { kind: 'message', event: 'change', data: '{"entity":"task","id":"t1"}', lastEventId: '105' },
    ]);
    expect(p.lastEventId).toBe('105');
  });

  it('joins multi-line data with newlines and defaults the event name to message', () => {
    expect(new SseParser().push('data: first\ndata:second\ndata\ndata:  indented\n\n')).toEqual([
      { kind: 'message', event: 'message', data: 'first\nsecond\n\n indented', lastEventId: '' },
    ]);
  });

  it('ignores comments, unknown fields and blocks without data, but keeps their id', () => {
    const p = new SseParser('7');
    expect(p.push(': just a comment\nfoo: bar\n\nid: 9\n\n')).toEqual([]);
    expect(p.lastEventId).toBe('9');
    expect(p.push('data: x\n\n')).toEqual([{ kind: 'message', event: 'message', data: 'x', lastEventId: '9' }]);
  });

  it('accepts retry only as digits, and ignores an id holding NUL', () => {
    const p = new SseParser();
    expect(p.push('retry: soon\nretry: 1500\nid: a\0b\ndata: y\n\n')).toEqual([
      { kind: 'retry', ms: 1500 },
      { kind: 'message', event: 'message', data: 'y', lastEventId: '' },
    ]);
  });

  it('assembles frames split anywhere across chunks, including between CR and LF', () => {
    const text = 'event: change\r\nid: 42\r\ndata: {"a":1}\r\n\r\nevent: hello\rdata: h\r\r';
    for (let cut = 1; cut < text.length; cut++) {
      const p = new SseParser();
      const items = [...p.push(text.slice(0, cut)), ...p.push(text.slice(cut))];
      expect(messages(items)).toEqual([
        { kind: 'message', event: 'change', data: '{"a":1}', lastEventId: '42' },
        { kind: 'message', event: 'hello', data: 'h', lastEventId: '42' },
      ]);
    }
  });

  it('feeds one character at a time and drops a leading byte-order mark', () => {
    const p = new SseParser();
    const items = [...'\uFEFFdata: one\n\ndata: two\n'].flatMap((c) => p.push(c));
    expect(items).toEqual([{ kind: 'message', event: 'message', data: 'one', lastEventId: '' }]);
    expect(p.push('\n')).toEqual([{ kind: 'message', event: 'message', data: 'two', lastEventId: '' }]);
  });
});
