// Runs a background task every `intervalMs`, never two at once: a tick that finds the previous
// run still going is skipped. Failures are reported, never thrown. Returns a stop function.
export function startPeriodic(intervalMs: number, task: () => Promise<unknown>, onError: (err: Error) => void): () => void {
  if (intervalMs <= 0) return () => {};
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    task()
      .catch(onError)
      .finally(() => (running = false));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
