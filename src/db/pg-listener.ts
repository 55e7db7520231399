// A PostgreSQL LISTEN on its own connection (a pooled one cannot hold it), which comes back by
// itself after the connection drops. Notifications sent while it was down are lost, so it calls
// `onMessage` once it is back: the listener then assumes that something changed.
import pg from 'pg';

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 30_000;

export function pgListener(config: pg.ClientConfig, channel: string, onMessage: () => void, onError: (err: Error) => void): () => Promise<void> {
  let client: pg.Client | null = null;
  let closed = false;
  let retryMs = FIRST_RETRY_MS;
  let timer: NodeJS.Timeout | null = null;

  const reconnectLater = () => {
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = null;
      void connect(true);
    }, retryMs);
    timer.unref();
    retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
  };

  async function connect(afterOutage: boolean): Promise<void> {
    const current = new pg.Client(config);
    client = current;
    let failed = false;
    const fail = (err: Error) => {
      if (failed) return;
      failed = true;
      if (!closed) onError(err);
      current.end().catch(() => undefined);
      reconnectLater();
    };
    current.on('error', fail);
    current.on('end', () => fail(new Error('LISTEN connection closed')));
    current.on('notification', (message) => {
      if (message.channel === channel) onMessage();
    });
    try {
      await current.connect();
      await current.query(`listen ${pg.escapeIdentifier(channel)}`);
      retryMs = FIRST_RETRY_MS;
      if (afterOutage) onMessage();
    } catch (err) {
      fail(err as Error);
    }
  }

  void connect(false);
  return async () => {
    closed = true;
    if (timer) clearTimeout(timer);
    await client?.end().catch(() => undefined);
  };
}
