/**
 * Test helper: polls `probe` every `everyMs` until it answers something other than undefined;
 * throws `timed out waiting for <what>` after `ms`.
 */
export async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 60_000, everyMs = 50): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
