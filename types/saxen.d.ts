// saxen ships no typings; this covers the proxy-mode hooks the CAP parser uses.
declare module 'saxen' {
  export interface ParseContext {
    data: string;
    line: number;
    column: number;
  }
  export interface ProxyElement {
    name: string;
    originalName: string;
    attrs: Record<string, string>;
    ns: Record<string, string>;
  }
  type ContextGetter = () => ParseContext;
  type Decode = (s: string) => string;
  export class Parser {
    constructor(options?: { proxy?: boolean });
    ns(map?: Record<string, string>): void;
    on(event: 'openTag', cb: (el: ProxyElement, decode: Decode, selfClosing: boolean, ctx: ContextGetter) => void): void;
    on(event: 'closeTag', cb: (el: ProxyElement, decode: Decode, selfClosing: boolean, ctx: ContextGetter) => void): void;
    on(event: 'text', cb: (value: string, decode: Decode, ctx: ContextGetter) => void): void;
    on(event: 'cdata', cb: (value: string, ctx: ContextGetter) => void): void;
    on(event: 'attention' | 'comment', cb: (value: string, decode: Decode, ctx: ContextGetter) => void): void;
    on(event: 'question', cb: (value: string, ctx: ContextGetter) => void): void;
    on(event: 'error' | 'warn', cb: (err: Error, ctx: ContextGetter) => void): void;
    parse(xml: string): Error | undefined;
    stop(): void;
  }
}
