import { ADDED_ELEMENTS, KEPT_CONTEXT_PAD, KEPT_PALETTE, KEPT_REPLACE, keepEntries, type AddedEntry } from './sop-elements';

/*
 * bpmn-js (didi) modules that limit the palette, the context pad and the replace menu to what the
 * engine runs, and add the typed tasks, gateways and catch events bpmn-js itself only offers through
 * the wrench. Each provider registers after bpmn-js's own and returns a function that rewrites its entries.
 */

type Shape = { businessObject: unknown };
type Entry = { group: string; className: string; title: string; action: Record<string, (event: Event, element?: Shape) => void> };
type Entries = Record<string, Entry>;
interface ElementFactory {
  createShape(attrs: { type: string; eventDefinitionType?: string }): Shape;
}
interface Create {
  start(event: Event, shape: Shape, context?: { source: Shape }): void;
}
interface AutoPlace {
  append(source: Shape, shape: Shape): void;
}
interface Registry {
  registerProvider(priority: number, provider: unknown): void;
}
interface PopupMenu {
  registerProvider(id: string, priority: number, provider: unknown): void;
}

/** Options given to the Modeler as `cityops: {...}`. */
export interface CityopsModelingConfig {
  /** Translates an entry title's dictionary key. */
  t(key: string): string;
}

const LOW = 500; // after bpmn-js's own providers (1000), so their entries are there to filter

function shapeAttrs(entry: AddedEntry) {
  return entry.eventDefinitionType ? { type: entry.type, eventDefinitionType: entry.eventDefinitionType } : { type: entry.type };
}

/** Palette: bpmn-js's tools and the kept shapes, then our typed elements. */
class CityopsPalette {
  static $inject = ['palette', 'create', 'elementFactory', 'config.cityops'];
  constructor(
    palette: Registry,
    private readonly create: Create,
    private readonly elementFactory: ElementFactory,
    private readonly config: CityopsModelingConfig,
  ) {
    palette.registerProvider(LOW, this);
  }

  getPaletteEntries(): (entries: Entries) => Entries {
    return (entries) => {
      const kept = keepEntries(entries, KEPT_PALETTE);
      for (const el of ADDED_ELEMENTS) {
        const start = (event: Event) => this.create.start(event, this.elementFactory.createShape(shapeAttrs(el)));
        kept[`create.${el.id}`] = {
          group: el.id.endsWith('gateway') ? 'gateway' : el.id.endsWith('catch') ? 'event' : 'activity',
          className: el.icon,
          title: this.config.t(el.title),
          action: { click: start, dragstart: start },
        };
      }
      return kept;
    };
  }
}

/** Context pad: the kept entries, and "append <typed element>" wherever bpmn-js allows appending. */
class CityopsContextPad {
  static $inject = ['contextPad', 'create', 'elementFactory', 'autoPlace', 'config.cityops'];
  constructor(
    contextPad: Registry,
    private readonly create: Create,
    private readonly elementFactory: ElementFactory,
    private readonly autoPlace: AutoPlace,
    private readonly config: CityopsModelingConfig,
  ) {
    contextPad.registerProvider(LOW, this);
  }

  getContextPadEntries(): (entries: Entries) => Entries {
    return (entries) => {
      const canAppend = 'append.end-event' in entries;
      const kept = keepEntries(entries, KEPT_CONTEXT_PAD);
      if (!canAppend) return kept;
      for (const el of ADDED_ELEMENTS) {
        if (el.eventDefinitionType) continue; // timer and message appends come from bpmn-js after an event-based gateway
        kept[`append.${el.id}`] = {
          group: 'model',
          className: el.icon,
          title: this.config.t(el.title),
          action: {
            click: (_event, source) => source && this.autoPlace.append(source, this.elementFactory.createShape(shapeAttrs(el))),
            dragstart: (event, source) => source && this.create.start(event, this.elementFactory.createShape(shapeAttrs(el)), { source }),
          },
        };
      }
      return kept;
    };
  }
}

/** Replace menu (wrench): only targets the engine runs. */
class CityopsReplaceMenu {
  static $inject = ['popupMenu'];
  constructor(popupMenu: PopupMenu) {
    popupMenu.registerProvider('bpmn-replace', LOW, this);
  }

  getPopupMenuEntries(): (entries: Entries) => Entries {
    return (entries) => keepEntries(entries, KEPT_REPLACE);
  }

  getPopupMenuHeaderEntries(): (entries: Entries) => Entries {
    return (entries) => keepEntries(entries, KEPT_REPLACE);
  }
}

/** The didi module the Modeler is given as an additional module. */
export const cityopsModelingModule = {
  __init__: ['cityopsPalette', 'cityopsContextPad', 'cityopsReplaceMenu'],
  cityopsPalette: ['type', CityopsPalette],
  cityopsContextPad: ['type', CityopsContextPad],
  cityopsReplaceMenu: ['type', CityopsReplaceMenu],
};
