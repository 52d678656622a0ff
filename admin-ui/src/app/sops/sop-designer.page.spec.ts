import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, type TestRequest } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { DICTIONARIES } from '@ui/i18n';
import { en } from '../i18n/en';
import { vi } from '../i18n/vi';
import { SopDesignerPage } from './sop-designer.page';

/** bpmn-js needs a real SVG layout engine; this stand-in Modeler keeps the XML and answers the services the designer calls. */
class FakeModeler {
  private xml = '';
  private readonly root = { id: 'Process_1', businessObject: { name: 'Ứng phó ngập' } };
  async importXML(xml: string) {
    this.xml = xml;
    return { warnings: [] };
  }
  async saveXML() {
    return { xml: this.xml };
  }
  get(name: string): unknown {
    const services: Record<string, unknown> = {
      eventBus: { on: () => undefined },
      selection: { get: () => [], select: () => undefined },
      canvas: { zoom: () => 1, addMarker: () => undefined, removeMarker: () => undefined, getRootElement: () => this.root },
      overlays: { add: () => 'o', remove: () => undefined },
      elementRegistry: { get: () => undefined },
      modeling: { updateProperties: () => undefined },
    };
    return services[name];
  }
  destroy() {
    /* nothing drawn */
  }
}
jest.mock('bpmn-js/lib/Modeler', () => ({ __esModule: true, default: FakeModeler }));

const XML = '<definitions id="flood-response"/>';

describe('SopDesignerPage: deploying', () => {
  let fixture: ComponentFixture<SopDesignerPage>;
  let http: HttpTestingController;
  const el = () => fixture.nativeElement as HTMLElement;
  const settle = async () => {
    for (let i = 0; i < 4; i++) await new Promise((r) => setTimeout(r, 0));
    await fixture.whenStable();
    fixture.detectChanges();
  };
  /** The page awaits one call before the next: give its promise chain turns until the request is made. */
  const request = async (url: string, method = 'GET'): Promise<TestRequest> => {
    for (let i = 0; i < 50; i++) {
      const found = http.match((r) => r.urlWithParams === url && r.method === method);
      if (found.length === 1) return found[0]!;
      if (found.length > 1) throw new Error(`${found.length} ${method} ${url}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`no ${method} ${url}`);
  };

  async function open(fourEyes: boolean): Promise<void> {
    localStorage.setItem('cityops.lang', 'vi');
    TestBed.configureTestingModule({
      providers: [provideZonelessChangeDetection(), provideHttpClient(), provideHttpClientTesting(), provideRouter([]), { provide: DICTIONARIES, useValue: { vi, en } }],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(SopDesignerPage);
    fixture.componentRef.setInput('key', 'flood-response');
    fixture.detectChanges();
    await settle();
    (await request('/api/changes?status=pending')).flush({ fourEyes, items: [] });
    (await request('/api/sops/moddle.json')).flush({ name: 'CityOps', prefix: 'cityops', uri: 'http://cityops', types: [] });
    (await request('/api/sops/designer-options')).flush({ units: [], roles: [], users: [], forms: [] });
    (await request('/api/sops/flood-response')).flush({
      key: 'flood-response',
      name: 'Ứng phó ngập',
      latestVersion: 2,
      draft: { name: 'Ứng phó ngập', updatedBy: 'admin', updatedAt: '2026-11-25T03:00:00Z', bpmnXml: XML },
    });
    (await request('/api/sops/flood-response/versions')).flush({ items: [] });
    (await request('/api/sops/flood-response/check', 'POST')).flush({ errors: [], warnings: [] });
    await settle();
  }
  afterEach(() => http.verify());

  it('with four eyes on, Deploy reads “Gửi duyệt”, and a 202 says the version awaits another admin, with a link to the request', async () => {
    await open(true);
    const deploy = el().querySelector('[data-test=deploy]') as HTMLButtonElement;
    expect(deploy.textContent).toContain('Gửi duyệt');
    deploy.click();
    const req = await request('/api/sops/flood-response/deploy', 'POST');
    expect(req.request.body).toEqual({ name: 'Ứng phó ngập', bpmnXml: XML });
    req.flush(
      {
        pendingApproval: true,
        change: { id: 'ch-9', kind: 'sop.deploy', entity: 'sop', key: 'flood-response', status: 'pending', requestedBy: 'admin' },
        warnings: [{ elementId: 'notify', message: 'no due time' }],
      },
      { status: 202, statusText: 'Accepted' },
    );
    await settle();
    const message = el().querySelector('[data-test=designer-message]')!;
    expect(message.textContent).toContain('Đã gửi phiên bản để duyệt — chờ một quản trị viên khác phê duyệt');
    expect(message.querySelector('[data-test=change-link]')!.getAttribute('href')).toBe('/changes/ch-9');
    expect(el().querySelector('[data-test=problems]')!.textContent).toContain('no due time');
    // Nothing went live: the versions are not asked again.
    expect(http.match('/api/sops/flood-response/versions')).toHaveLength(0);
  });

  it('with four eyes off, Deploy reads “Triển khai” and a 201 says the new version', async () => {
    await open(false);
    const deploy = el().querySelector('[data-test=deploy]') as HTMLButtonElement;
    expect(deploy.textContent).toContain('Triển khai');
    deploy.click();
    (await request('/api/sops/flood-response/deploy', 'POST')).flush({ key: 'flood-response', version: 3, graphHash: 'h', warnings: [] }, { status: 201, statusText: 'Created' });
    await settle();
    expect(el().querySelector('[data-test=designer-message]')!.textContent).toContain('Đã triển khai phiên bản 3.');
    expect(el().querySelector('[data-test=change-link]')).toBeNull();
    (await request('/api/sops/flood-response/versions')).flush({ items: [] });
  });

  it('compile errors are still refused at once (422), four eyes or not', async () => {
    await open(true);
    (el().querySelector('[data-test=deploy]') as HTMLButtonElement).click();
    (await request('/api/sops/flood-response/deploy', 'POST')).flush(
      { error: 'SOP does not compile', errors: [{ elementId: 'inspect', message: 'no assignee' }] },
      { status: 422, statusText: 'Unprocessable Entity' },
    );
    await settle();
    expect(el().querySelector('[data-test=designer-message]')!.textContent).toContain('Chưa triển khai được: 1 lỗi');
    expect(el().querySelector('[data-test=change-link]')).toBeNull();
  });
});
