import type { Request } from 'express';
import { changeView, readCursor } from './router';
import { sseComment, sseFrame, sseRetry } from './sse';

describe('Server-Sent Events frames', () => {
  it('writes event, id and JSON data, ended by a blank line', () => {
    expect(sseFrame({ event: 'change', id: '1764097200123', data: { entity: 'task', id: 't1' } })).toBe('event: change\nid: 1764097200123\ndata: {"entity":"task","id":"t1"}\n\n');
    expect(sseFrame({ data: 'plain' })).toBe('data: plain\n\n');
  });

  it('splits multi-line data into data lines and keeps line breaks out of other fields', () => {
    expect(sseFrame({ event: 'a\nb', id: 'x\r\ny', data: 'one\ntwo\r\nthree' })).toBe('event: a b\nid: x  y\ndata: one\ndata: two\ndata: three\n\n');
  });

  it('writes comments and the retry time', () => {
    expect(sseComment('ping')).toBe(': ping\n\n');
    expect(sseRetry(2000)).toBe('retry: 2000\n\n');
  });
});

describe('the live cursor', () => {
  const req = (headers: Record<string, string>, query: Record<string, unknown> = {}) => ({ get: (name: string) => headers[name.toLowerCase()], query }) as unknown as Request;

  it('reads Last-Event-ID first, then ?since=, and ignores anything but a time in ms', () => {
    expect(readCursor(req({ 'last-event-id': '1764097200123' }, { since: '5' }))).toBe(1764097200123);
    expect(readCursor(req({}, { since: '1764097200123' }))).toBe(1764097200123);
    expect(readCursor(req({ 'last-event-id': 'abc' }))).toBeUndefined();
    expect(readCursor(req({}, { since: ['1', '2'] }))).toBeUndefined();
    expect(readCursor(req({}))).toBeUndefined();
  });

  it('sends ids and the action of a change, never its audience', () => {
    const at = new Date('2026-11-25T10:00:00Z');
    const view = changeView({ _id: 'c1', entity: 'task', entityId: 't1', incidentId: 'i1', unit: 'tan-phu', users: ['operator.tanphu'], action: 'task.claimed', at });
    expect(view).toEqual({ entity: 'task', id: 't1', incidentId: 'i1', action: 'task.claimed', at: '2026-11-25T10:00:00.000Z' });
  });
});
