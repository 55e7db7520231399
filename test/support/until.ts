// Polls a condition every 50 ms until it holds; throws when `ms` pass first.
export async function until(check: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > ms) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
