import { parseGoHeap } from './go-heap';

const MB = 2 ** 20;
const page = (history: number, frontend: number) =>
  [
    '# HELP memory_heap memory_heap',
    '# TYPE memory_heap gauge',
    `memory_heap{service_name="frontend"} ${frontend * MB}`,
    `memory_heap{service_name="history"} ${history * MB}`,
    `memory_heap_objects{service_name="history"} 164015`,
    `memory_heapidle{service_name="history"} ${40 * MB}`,
    `memory_heapinuse{service_name="history"} ${60 * MB}`,
    `memory_heapreleased{service_name="history"} ${30 * MB}`,
  ].join('\n');

describe('parseGoHeap', () => {
  it("takes the history service's heap gauges, in MB", () => {
    expect(parseGoHeap(page(21, 19))).toEqual({ allocMb: 21, inuseMb: 60, heldIdleMb: 10 });
  });

  it('does not take memory_heap_objects for memory_heap', () => {
    const onlyObjects = 'memory_heap_objects{service_name="history"} 164015\n';
    expect(parseGoHeap(onlyObjects)).toBeUndefined();
  });

  it("falls back to the first service's line and leaves out gauges it lacks", () => {
    expect(parseGoHeap(`memory_heap{service_name="matching"} ${5 * MB}\n`)).toEqual({ allocMb: 5 });
  });
});
