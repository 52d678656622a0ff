import fs from 'node:fs';
import path from 'node:path';
import { CapParseError, parseCap, type CapProblem } from './parse-cap';
import { routeMatches } from './cap-service';
import { capGeometry, capLocation, highestSeverity, incidentSeverity, CIRCLE_VERTICES } from './map-cap';

const fixture = (name: string) => fs.readFileSync(path.join(__dirname, '../../../test/fixtures/cap', name), 'utf8');

function problems(xml: string): CapProblem[] {
  try {
    parseCap(xml);
  } catch (err) {
    if (err instanceof CapParseError) return err.details;
    throw err;
  }
  throw new Error('expected a CapParseError');
}

const minimal = (body: string, head = '') =>
  `<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">${head || '<identifier>A-1</identifier><sender>s@example.vn</sender><sent>2026-11-25T20:00:00+07:00</sent><status>Actual</status><msgType>Alert</msgType><scope>Public</scope>'}${body}</alert>`;
const info = (inner: string) => `<info><category>Met</category><event>Lũ</event><urgency>Expected</urgency><severity>Severe</severity><certainty>Likely</certainty>${inner}</info>`;

describe('parseCap', () => {
  it('reads an alert with a polygon, converting sent to UTC', () => {
    const alert = parseCap(fixture('alert-polygon.xml'));
    expect(alert).toMatchObject({
      identifier: 'KTTV-BP-2026-1125-001',
      sender: 'kttv.binhphuoc@example.vn',
      sent: '2026-11-25T13:00:00.000Z',
      status: 'Actual',
      msgType: 'Alert',
      scope: 'Public',
      references: [],
    });
    expect(alert.infos).toHaveLength(1);
    const i = alert.infos[0]!;
    expect(i).toMatchObject({
      language: 'vi-VN',
      categories: ['Met'],
      event: 'Cảnh báo lũ quét và ngập úng',
      urgency: 'Expected',
      severity: 'Moderate',
      certainty: 'Likely',
      responseTypes: ['Prepare'],
    });
    expect(i.expires).toBe('2026-11-26T01:00:00.000Z');
    expect(i.areas[0]!.areaDesc).toContain('suối Rạt');
    expect(i.areas[0]!.polygons[0]!.points).toHaveLength(5);
    expect(i.areas[0]!.polygons[0]!.points[0]).toEqual({ lat: 11.54, lon: 106.875 });
  });

  it('reads prefixed CAP elements, a circle in km and a geocode; language defaults to en-US', () => {
    const alert = parseCap(fixture('alert-circle-geocode.xml'));
    expect(alert.sent).toBe('2026-11-25T09:15:00.000Z');
    const area = alert.infos[0]!.areas[0]!;
    expect(area.circles).toEqual([{ lat: 11.56, lon: 106.91, radiusKm: 2.5 }]);
    expect(area.geocodes).toEqual([{ valueName: 'VN-ADM3', value: '25216' }]);
    expect(alert.infos[0]!.language).toBe('en-US');
  });

  it('keeps every info block and every category', () => {
    const alert = parseCap(fixture('alert-bilingual.xml'));
    expect(alert.infos.map((i) => i.language)).toEqual(['vi-VN', 'en-US']);
    expect(alert.infos[0]!.categories).toEqual(['Met', 'Safety', 'Transport']);
    expect(alert.infos[0]!.areas).toHaveLength(2);
    expect(alert.note).toBe('Bản tin song ngữ');
    expect(highestSeverity(alert.infos)).toBe('Extreme');
  });

  it('reads references as sender,identifier,sent triples', () => {
    expect(parseCap(fixture('update.xml')).references).toEqual([{ sender: 'kttv.binhphuoc@example.vn', identifier: 'KTTV-BP-2026-1125-001', sent: '2026-11-25T13:00:00.000Z' }]);
    const cancel = parseCap(fixture('cancel.xml'));
    expect(cancel.msgType).toBe('Cancel');
    expect(cancel.infos).toEqual([]);
    expect(cancel.references.map((r) => r.identifier)).toEqual(['KTTV-BP-2026-1125-001', 'KTTV-BP-2026-1125-002']);
  });

  it('reads an exercise with its restriction', () => {
    expect(parseCap(fixture('exercise.xml'))).toMatchObject({ status: 'Exercise', scope: 'Restricted', restriction: 'Chỉ dành cho đơn vị tham gia diễn tập' });
  });

  it('names the element of an invalid enumeration value', () => {
    expect(problems(fixture('malformed.xml'))).toEqual([{ element: 'alert/info[1]/urgency', message: expect.stringContaining('"Soon" is not one of Immediate') }]);
  });

  it('names the open element of malformed XML', () => {
    const [p] = problems(fixture('broken.xml'));
    expect(p!.element).toBe('alert/info[1]/event');
    expect(p!.message).toMatch(/malformed XML: closing tag mismatch \(line 5/);
  });

  it('refuses non-CAP XML, naming the root element', () => {
    const [p] = problems(fixture('not-cap.xml'));
    expect(p).toEqual({ element: 'rss', message: expect.stringContaining('root element is <rss> without a namespace') });
    expect(problems('<alert xmlns="urn:oasis:names:tc:emergency:cap:1.1"/>')[0]!.message).toContain('in namespace urn:oasis:names:tc:emergency:cap:1.1');
  });

  it('refuses DTDs and entities instead of expanding them (XXE, billion laughs)', () => {
    expect(problems(fixture('xxe.xml'))).toEqual([{ element: '(document)', message: expect.stringContaining('<!DOCTYPE> is not allowed') }]);
    // Without a DOCTYPE an undeclared entity reference is refused too, not passed through.
    expect(problems(minimal('<note>&xxe;</note>'))).toEqual([{ element: 'alert/note', message: expect.stringContaining('undefined entity &xxe;') }]);
    // The predefined entities and character references are fine.
    expect(parseCap(minimal('<note>a &amp; b &lt;c&gt; &#x1EE7;</note>')).note).toBe('a & b <c> ủ');
  });

  it('refuses documents that are not XML at all', () => {
    expect(problems('flood!')[0]!.message).toContain('malformed XML');
    expect(problems('')[0]!.element).toBe('(document)');
    expect(problems('<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>x</identifier>')[0]!.message).toMatch(/malformed XML|not closed/);
  });

  it('reports every missing or invalid required element at once', () => {
    const details = problems(
      minimal(
        info('').replace('<event>Lũ</event>', '').replace('<category>Met</category>', '<category>Weather</category>'),
        '<identifier>A 1</identifier><sent>25/11/2026</sent><status>Real</status><msgType>Alert</msgType>',
      ),
    );
    expect(details).toEqual(
      expect.arrayContaining([
        { element: 'alert/identifier', message: expect.stringContaining('spaces') },
        { element: 'alert/sender', message: 'required element is missing' },
        { element: 'alert/sent', message: expect.stringContaining('time-zone offset') },
        { element: 'alert/status', message: expect.stringContaining('"Real"') },
        { element: 'alert/scope', message: 'required element is missing' },
        { element: 'alert/info[1]/category[1]', message: expect.stringContaining('"Weather"') },
        { element: 'alert/info[1]/event', message: 'required element is missing' },
      ]),
    );
  });

  it('checks polygons (closed, ≥ 4 points, valid pairs), circles and references', () => {
    const area = (shape: string) => minimal(info(`<area><areaDesc>x</areaDesc>${shape}</area>`));
    expect(problems(area('<polygon>11,106 11,107 12,107 11,106.5</polygon>'))[0]).toEqual({
      element: 'alert/info[1]/area[1]/polygon[1]',
      message: expect.stringContaining('first and last'),
    });
    expect(problems(area('<polygon>11,106 11,107 11,106</polygon>'))[0]!.message).toContain('at least 4 points');
    expect(problems(area('<polygon>11,106 91,107 12,107 11,106</polygon>'))[0]!.message).toContain('"91,107"');
    expect(problems(area('<circle>11.5,106.8</circle>'))[0]).toEqual({ element: 'alert/info[1]/area[1]/circle[1]', message: expect.stringContaining('radius') });
    const update = minimal(
      '<references>only-two,parts</references>',
      '<identifier>U-1</identifier><sender>s</sender><sent>2026-11-25T20:00:00-00:00</sent><status>Actual</status><msgType>Update</msgType><scope>Public</scope>',
    );
    expect(problems(update)).toEqual([{ element: 'alert/references', message: expect.stringContaining('"only-two,parts"') }]);
    expect(problems(update.replace(/<references>.*<\/references>/, ''))).toEqual([{ element: 'alert/references', message: 'required when msgType is Update' }]);
  });
});

describe('CAP mapping', () => {
  it('maps CAP severities to incident severities', () => {
    expect(['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'].map((s) => incidentSeverity(s as never))).toEqual(['critical', 'critical', 'warning', 'info', 'info']);
  });

  it('turns one polygon into a GeoJSON Polygon in lon,lat order', () => {
    const g = capGeometry(parseCap(fixture('alert-polygon.xml')));
    expect(g).toEqual({
      type: 'Polygon',
      coordinates: [
        [
          [106.875, 11.54],
          [106.892, 11.54],
          [106.892, 11.528],
          [106.875, 11.528],
          [106.875, 11.54],
        ],
      ],
    });
    expect(capLocation(g)).toEqual({ lat: 11.534, lon: 106.8835 });
  });

  it('turns several areas into a MultiPolygon, and a circle into a closed 32-gon of the right radius', () => {
    expect(capGeometry(parseCap(fixture('alert-bilingual.xml')))?.type).toBe('MultiPolygon');
    const g = capGeometry(parseCap(fixture('alert-circle-geocode.xml')));
    expect(g?.type).toBe('Polygon');
    const ring = (g as { coordinates: number[][][] }).coordinates[0]!;
    expect(ring).toHaveLength(CIRCLE_VERTICES + 1);
    expect(ring[0]).toEqual(ring[ring.length - 1]);
    // Due north by 2.5 km: 2.5 / 111.2 degrees of latitude.
    expect(ring[0]![1]! - 11.56).toBeCloseTo(2.5 / 111.195, 4);
    expect(capLocation(g)!.lat).toBeCloseTo(11.56, 3);
  });
});

describe('CAP routes', () => {
  const flood = { categories: ['Met', 'Env'], eventContains: ['lũ', 'flood'] };
  it('match by category any-of and event text, ignoring case and Unicode normalisation', () => {
    expect(routeMatches(flood, { categories: ['Met'], event: 'Cảnh báo LŨ quét' })).toBe(true);
    expect(routeMatches(flood, { categories: ['Safety', 'Env'], event: 'Flash FLOOD warning' })).toBe(true);
    expect(routeMatches(flood, { categories: ['Met'], event: 'Cảnh báo lũ'.normalize('NFD') })).toBe(true);
    expect(routeMatches(flood, { categories: ['Fire'], event: 'lũ' })).toBe(false);
    expect(routeMatches(flood, { categories: ['Met'], event: 'Nắng nóng' })).toBe(false);
  });
  it('match on one criterion when the other is empty, never on none', () => {
    expect(routeMatches({ categories: ['Fire'], eventContains: [] }, { categories: ['Fire'], event: 'Cháy rừng' })).toBe(true);
    expect(routeMatches({ categories: [], eventContains: ['cháy'] }, { categories: ['Other'], event: 'Cháy rừng' })).toBe(true);
    expect(routeMatches({ categories: [], eventContains: [] }, { categories: ['Met'], event: 'x' })).toBe(false);
  });
});
