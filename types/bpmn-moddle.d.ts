// bpmn-moddle ships no typings for its entry point; this covers the part the SOP compiler uses.
declare module 'bpmn-moddle' {
  export interface ModdleElement {
    $type: string;
    id?: string;
    name?: string;
    $attrs?: Record<string, string>;
    [key: string]: unknown;
  }
  export interface ParseWarning {
    message: string;
    element?: ModdleElement;
  }
  export interface ParseResult {
    rootElement: ModdleElement;
    warnings: ParseWarning[];
    elementsById: Record<string, ModdleElement>;
  }
  export interface Moddle {
    fromXML(xml: string, typeName?: string): Promise<ParseResult>;
    toXML(element: ModdleElement, options?: { format?: boolean }): Promise<{ xml: string }>;
  }
  export function BpmnModdle(packages?: Record<string, unknown>, options?: Record<string, unknown>): Moddle;
}
