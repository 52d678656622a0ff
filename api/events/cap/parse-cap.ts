import { Parser, type ProxyElement } from 'saxen';

/**
 * A pure parser for OASIS CAP 1.2 alert messages (urn:oasis:names:tc:emergency:cap:1.2).
 *
 * Safety: saxen never reads a DTD and expands only the five predefined entities and character
 * references; on top of that any `<!DOCTYPE>`/`<!ENTITY>` declaration and any other named entity
 * is refused, so an XXE or billion-laughs document is rejected, never expanded.
 */

export const CAP_NAMESPACE = 'urn:oasis:names:tc:emergency:cap:1.2';

export const CAP_STATUSES = ['Actual', 'Exercise', 'System', 'Test', 'Draft'] as const;
export const CAP_MSG_TYPES = ['Alert', 'Update', 'Cancel', 'Ack', 'Error'] as const;
export const CAP_SCOPES = ['Public', 'Restricted', 'Private'] as const;
export const CAP_CATEGORIES = ['Geo', 'Met', 'Safety', 'Security', 'Rescue', 'Fire', 'Health', 'Env', 'Transport', 'Infra', 'CBRNE', 'Other'] as const;
export const CAP_URGENCIES = ['Immediate', 'Expected', 'Future', 'Past', 'Unknown'] as const;
/** Most severe first. */
export const CAP_SEVERITIES = ['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'] as const;
export const CAP_CERTAINTIES = ['Observed', 'Likely', 'Possible', 'Unlikely', 'Unknown'] as const;
export const CAP_RESPONSE_TYPES = ['Shelter', 'Evacuate', 'Prepare', 'Execute', 'Avoid', 'Monitor', 'Assess', 'AllClear', 'None'] as const;

export type CapSeverity = (typeof CAP_SEVERITIES)[number];
export type CapCategory = (typeof CAP_CATEGORIES)[number];

export interface CapReference {
  sender: string;
  identifier: string;
  /** UTC ISO-8601. */
  sent: string;
}

export interface CapNamedValue {
  valueName: string;
  value: string;
}

export interface CapCircle {
  lat: number;
  lon: number;
  radiusKm: number;
}

export interface CapPoint {
  lat: number;
  lon: number;
}

/** Points as objects, not `[lat, lon]` pairs: FerretDB 1.24 cannot store arrays nested in arrays. */
export interface CapPolygon {
  /** Closed: the first point equals the last. */
  points: CapPoint[];
}

export interface CapArea {
  areaDesc: string;
  polygons: CapPolygon[];
  circles: CapCircle[];
  geocodes: CapNamedValue[];
  altitude?: number;
  ceiling?: number;
}

export interface CapInfo {
  language: string;
  categories: CapCategory[];
  event: string;
  responseTypes: string[];
  urgency: (typeof CAP_URGENCIES)[number];
  severity: CapSeverity;
  certainty: (typeof CAP_CERTAINTIES)[number];
  eventCodes: CapNamedValue[];
  parameters: CapNamedValue[];
  senderName?: string;
  headline?: string;
  description?: string;
  instruction?: string;
  web?: string;
  effective?: string;
  onset?: string;
  expires?: string;
  areas: CapArea[];
}

export interface CapAlert {
  identifier: string;
  sender: string;
  /** UTC ISO-8601 (the message's offset applied). */
  sent: string;
  status: (typeof CAP_STATUSES)[number];
  msgType: (typeof CAP_MSG_TYPES)[number];
  scope: (typeof CAP_SCOPES)[number];
  source?: string;
  restriction?: string;
  note?: string;
  references: CapReference[];
  incidents?: string;
  infos: CapInfo[];
}

export interface CapProblem {
  /** Path of the element at fault, e.g. `alert/info[1]/urgency`. */
  element: string;
  message: string;
}

/** The document is not a valid CAP 1.2 alert; `details` names each element at fault. */
export class CapParseError extends Error {
  constructor(
    message: string,
    readonly details: CapProblem[],
  ) {
    super(message);
    this.name = 'CapParseError';
  }
}

interface XmlElement {
  /** Local name when in the CAP namespace, `{uri}local` otherwise. */
  name: string;
  path: string;
  children: XmlElement[];
  text: string;
}

const MAX_DEPTH = 16;
const MAX_ELEMENTS = 20_000;
const PREDEFINED_ENTITY = /^(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+)$/i;

/** Parses and validates a CAP 1.2 alert; throws `CapParseError` naming the element at fault. */
export function parseCap(xml: string): CapAlert {
  const root = readTree(xml);
  return new AlertReader().alert(root);
}

/** XML → a small element tree of CAP elements; refuses DTDs, undefined entities and non-CAP roots. */
function readTree(xml: string): XmlElement {
  const parser = new Parser({ proxy: true });
  parser.ns({ [CAP_NAMESPACE]: 'cap' });
  const stack: XmlElement[] = [];
  const siblings: Map<string, number>[] = [new Map()];
  let root: XmlElement | undefined;
  let count = 0;
  let failure: CapProblem | undefined;
  const where = () => stack[stack.length - 1]?.path ?? '(document)';
  const fail = (message: string, element = where()) => {
    failure ??= { element, message };
    parser.stop();
  };
  const at = (ctx: () => { line: number; column: number }) => {
    const c = ctx();
    return ` (line ${c.line + 1}, column ${c.column + 1})`;
  };

  parser.on('openTag', (el: ProxyElement, _decode, selfClosing, ctx) => {
    if (failure) return;
    if (stack.length === 0 && root) return fail(`a second root element <${el.originalName}>${at(ctx)}`, '(document)');
    const [prefix, local] = el.name.includes(':') ? (el.name.split(':', 2) as [string, string]) : ['', el.name];
    const uri = prefix ? el.ns[`${prefix}$uri`] : undefined;
    if (stack.length === 0 && uri !== CAP_NAMESPACE) {
      return fail(
        `not a CAP 1.2 alert: the root element is <${el.originalName}>${uri ? ` in namespace ${uri}` : ' without a namespace'}, expected <alert> in ${CAP_NAMESPACE}`,
        el.originalName,
      );
    }
    if (++count > MAX_ELEMENTS) return fail(`more than ${MAX_ELEMENTS} elements`);
    if (stack.length >= MAX_DEPTH) return fail(`elements nested deeper than ${MAX_DEPTH}`);
    const name = uri === CAP_NAMESPACE ? local : `{${uri ?? ''}}${local}`;
    const seen = siblings[siblings.length - 1]!;
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    const parent = stack[stack.length - 1];
    const path = parent ? `${parent.path}/${name}${n > 1 || repeatable(name) ? `[${n}]` : ''}` : name;
    const element: XmlElement = { name, path, children: [], text: '' };
    if (parent) parent.children.push(element);
    else root = element;
    if (!selfClosing) {
      stack.push(element);
      siblings.push(new Map());
    }
  });
  parser.on('closeTag', (_el, _decode, selfClosing) => {
    if (failure || selfClosing) return;
    stack.pop();
    siblings.pop();
  });
  parser.on('text', (value, decode, ctx) => {
    if (failure) return;
    for (const m of value.matchAll(/&([^;\s<&]*);/g)) {
      if (!PREDEFINED_ENTITY.test(m[1]!)) return fail(`undefined entity &${m[1]}; (entities are not expanded)${at(ctx)}`);
    }
    if (/&(?![^;\s<&]*;)/.test(value)) return fail(`a bare & must be written &amp;${at(ctx)}`);
    const top = stack[stack.length - 1];
    if (top) top.text += decode(value);
    else if (value.trim()) fail(`text outside the root element${at(ctx)}`, '(document)');
  });
  parser.on('cdata', (value) => {
    const top = stack[stack.length - 1];
    if (top && !failure) top.text += value;
  });
  parser.on('attention', (value, _decode, ctx) => {
    const kind = /^<!\s*([A-Z]+)/i.exec(value)?.[1]?.toUpperCase() ?? 'declaration';
    fail(`<!${kind}> is not allowed: CAP messages must not carry a DTD or entity declarations${at(ctx)}`);
  });
  parser.on('error', (err, ctx) => fail(`malformed XML: ${err.message}${at(ctx)}`));
  parser.on('warn', (err, ctx) => fail(`malformed XML: ${err.message}${at(ctx)}`));
  parser.parse(xml);

  if (failure) throw new CapParseError(failure.message, [failure]);
  if (!root) throw new CapParseError('no root element', [{ element: '(document)', message: 'the body holds no XML element' }]);
  if (stack.length) throw new CapParseError('malformed XML: unclosed element', [{ element: where(), message: 'element is not closed' }]);
  return root;
}

/** Elements that may repeat are always numbered in paths (`info[1]`), so a path names one element. */
function repeatable(name: string): boolean {
  return ['info', 'area', 'polygon', 'circle', 'geocode', 'category', 'responseType', 'eventCode', 'parameter', 'resource', 'code'].includes(name);
}

/** Walks the tree, collecting every problem before failing. */
class AlertReader {
  private readonly problems: CapProblem[] = [];

  alert(root: XmlElement): CapAlert {
    const get = (name: string, required = true) => this.text(root, name, required);
    const identifier = this.idString(root, 'identifier');
    const sender = this.idString(root, 'sender');
    if (sender && sender.includes('|')) this.problem(`${root.path}/sender`, 'must not contain |');
    const sent = this.dateTime(root, 'sent', true);
    const status = this.oneOf(root, 'status', CAP_STATUSES);
    const msgType = this.oneOf(root, 'msgType', CAP_MSG_TYPES);
    const scope = this.oneOf(root, 'scope', CAP_SCOPES);
    const references = this.references(root);
    if ((msgType === 'Update' || msgType === 'Cancel') && !references.length && !this.has(root, 'references')) {
      this.problem(`${root.path}/references`, `required when msgType is ${msgType}`);
    }
    const restriction = get('restriction', false);
    if (scope === 'Restricted' && !restriction) this.problem(`${root.path}/restriction`, 'required when scope is Restricted');
    const infos = this.all(root, 'info').map((el) => this.info(el));
    if (this.problems.length) throw new CapParseError('invalid CAP 1.2 alert', this.problems);
    return {
      identifier: identifier!,
      sender: sender!,
      sent: sent!,
      status: status!,
      msgType: msgType!,
      scope: scope!,
      ...optional('source', get('source', false)),
      ...optional('restriction', restriction),
      ...optional('note', get('note', false)),
      references,
      ...optional('incidents', get('incidents', false)),
      infos,
    };
  }

  private info(el: XmlElement): CapInfo {
    const categories = this.all(el, 'category').map((c) => this.enumValue(c, CAP_CATEGORIES));
    if (!categories.length) this.problem(`${el.path}/category`, 'at least one category is required');
    const event = this.text(el, 'event', true);
    const urgency = this.oneOf(el, 'urgency', CAP_URGENCIES);
    const severity = this.oneOf(el, 'severity', CAP_SEVERITIES);
    const certainty = this.oneOf(el, 'certainty', CAP_CERTAINTIES);
    return {
      language: this.text(el, 'language', false) ?? 'en-US',
      categories: categories.filter((c): c is CapCategory => c !== undefined),
      event: event ?? '',
      responseTypes: this.all(el, 'responseType')
        .map((r) => this.enumValue(r, CAP_RESPONSE_TYPES))
        .filter((r) => r !== undefined),
      urgency: urgency!,
      severity: severity!,
      certainty: certainty!,
      eventCodes: this.all(el, 'eventCode').map((c) => this.namedValue(c)),
      parameters: this.all(el, 'parameter').map((c) => this.namedValue(c)),
      ...optional('senderName', this.text(el, 'senderName', false)),
      ...optional('headline', this.text(el, 'headline', false)),
      ...optional('description', this.text(el, 'description', false)),
      ...optional('instruction', this.text(el, 'instruction', false)),
      ...optional('web', this.text(el, 'web', false)),
      ...optional('effective', this.dateTime(el, 'effective', false)),
      ...optional('onset', this.dateTime(el, 'onset', false)),
      ...optional('expires', this.dateTime(el, 'expires', false)),
      areas: this.all(el, 'area').map((a) => this.area(a)),
    };
  }

  private area(el: XmlElement): CapArea {
    const altitude = this.number(el, 'altitude');
    const ceiling = this.number(el, 'ceiling');
    if (ceiling !== undefined && altitude === undefined) this.problem(`${el.path}/ceiling`, 'ceiling needs an altitude');
    return {
      areaDesc: this.text(el, 'areaDesc', true) ?? '',
      polygons: this.all(el, 'polygon')
        .map((p) => this.polygon(p))
        .filter((p) => p !== undefined),
      circles: this.all(el, 'circle')
        .map((c) => this.circle(c))
        .filter((c): c is CapCircle => c !== undefined),
      geocodes: this.all(el, 'geocode').map((g) => this.namedValue(g)),
      ...optional('altitude', altitude),
      ...optional('ceiling', ceiling),
    };
  }

  private polygon(el: XmlElement): CapPolygon | undefined {
    const pairs = el.text.trim().split(/\s+/).filter(Boolean);
    const points: CapPoint[] = [];
    for (const pair of pairs) {
      const point = latLon(pair);
      if (!point) return this.problem(el.path, `"${pair}" is not a WGS 84 "lat,lon" pair`);
      points.push(point);
    }
    if (points.length < 4) return this.problem(el.path, `a polygon needs at least 4 points, got ${points.length}`);
    const [first, last] = [points[0]!, points[points.length - 1]!];
    if (first.lat !== last.lat || first.lon !== last.lon) return this.problem(el.path, 'the first and last points must be the same (closed polygon)');
    return { points };
  }

  private circle(el: XmlElement): CapCircle | undefined {
    const m = /^(\S+)\s+(\S+)$/.exec(el.text.trim());
    const point = m ? latLon(m[1]!) : undefined;
    const radiusKm = m ? Number(m[2]) : NaN;
    if (!point || !Number.isFinite(radiusKm) || radiusKm < 0) return this.problem(el.path, 'expected "lat,lon radius" with the radius in kilometres');
    return { ...point, radiusKm };
  }

  private namedValue(el: XmlElement): CapNamedValue {
    return { valueName: this.text(el, 'valueName', true) ?? '', value: this.text(el, 'value', true) ?? '' };
  }

  private references(root: XmlElement): CapReference[] {
    const el = this.first(root, 'references');
    if (!el) return [];
    const refs: CapReference[] = [];
    for (const triple of el.text.trim().split(/\s+/).filter(Boolean)) {
      const [sender, identifier, sent, ...rest] = triple.split(',');
      const sentUtc = sent ? toUtc(sent) : undefined;
      if (!sender || !identifier || !sentUtc || rest.length) {
        this.problem(el.path, `"${triple}" is not a "sender,identifier,sent" triple`);
        continue;
      }
      refs.push({ sender, identifier, sent: sentUtc });
    }
    if (!refs.length && !this.problems.some((p) => p.element === el.path)) this.problem(el.path, 'must list at least one "sender,identifier,sent" triple');
    return refs;
  }

  // — element helpers —

  private all(el: XmlElement, name: string): XmlElement[] {
    return el.children.filter((c) => c.name === name);
  }

  private first(el: XmlElement, name: string): XmlElement | undefined {
    return el.children.find((c) => c.name === name);
  }

  private has(el: XmlElement, name: string): boolean {
    return this.first(el, name) !== undefined;
  }

  /** The trimmed text of a single child; a missing required one or a repeated one is a problem. */
  private text(el: XmlElement, name: string, required: boolean): string | undefined {
    const found = this.all(el, name);
    if (found.length > 1) this.problem(found[1]!.path, `<${name}> may appear only once`);
    const value = found[0]?.text.trim();
    if (!value) {
      if (required) this.problem(found[0]?.path ?? `${el.path}/${name}`, found[0] ? 'must not be empty' : 'required element is missing');
      return undefined;
    }
    return value;
  }

  /** identifier and sender: no spaces, commas, < or & (CAP 1.2 §3.2.1). */
  private idString(el: XmlElement, name: string): string | undefined {
    const value = this.text(el, name, true);
    if (value !== undefined && /[\s,<&]/.test(value)) this.problem(`${el.path}/${name}`, 'must not contain spaces, commas, < or &');
    return value;
  }

  private oneOf<T extends string>(el: XmlElement, name: string, values: readonly T[]): T | undefined {
    const value = this.text(el, name, true);
    if (value === undefined) return undefined;
    if (!(values as readonly string[]).includes(value)) return this.problem(`${el.path}/${name}`, `"${value}" is not one of ${values.join(', ')}`);
    return value as T;
  }

  private enumValue<T extends string>(el: XmlElement, values: readonly T[]): T | undefined {
    const value = el.text.trim();
    if (!(values as readonly string[]).includes(value)) return this.problem(el.path, `"${value}" is not one of ${values.join(', ')}`);
    return value as T;
  }

  private dateTime(el: XmlElement, name: string, required: boolean): string | undefined {
    const value = this.text(el, name, required);
    if (value === undefined) return undefined;
    const utc = toUtc(value);
    if (!utc) return this.problem(`${el.path}/${name}`, `"${value}" is not a date-time with a time-zone offset (e.g. 2026-11-25T20:00:00+07:00)`);
    return utc;
  }

  private number(el: XmlElement, name: string): number | undefined {
    const value = this.text(el, name, false);
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!Number.isFinite(n)) return this.problem(`${el.path}/${name}`, `"${value}" is not a number`);
    return n;
  }

  private problem(element: string, message: string): undefined {
    this.problems.push({ element, message });
    return undefined;
  }
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** `lat,lon` in WGS 84 → a point, or undefined when not a valid pair. */
function latLon(pair: string): CapPoint | undefined {
  const m = /^(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)$/.exec(pair);
  if (!m) return undefined;
  const lat = Number(m[1]);
  const lon = Number(m[2]);
  if (lat < -90 || lat > 90 || lon < -180 || lon > 180) return undefined;
  return { lat, lon };
}

/** CAP date-times carry an explicit offset (`-00:00` for UTC); `Z` is accepted too. Returns UTC ISO or undefined. */
function toUtc(value: string): string | undefined {
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d|Z)$/.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}
