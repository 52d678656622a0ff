/** The one trivial activity of the baseline workflow: no I/O, so it measures Temporal round trips only. */
export async function sayHello(name: string): Promise<string> {
  return `hello, ${name}`;
}
