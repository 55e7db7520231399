// A DNS server for tests (UDP on 127.0.0.1): answers A, AAAA and TXT queries from records the test
// sets, NXDOMAIN for a name it has none for. Point DNS_SERVERS at `server` to use it.
import { createSocket } from 'node:dgram';
import dnsPacket from 'dns-packet';

export interface StubRecords {
  readonly A?: readonly string[];
  readonly AAAA?: readonly string[];
  /** Each record one string. */
  readonly TXT?: readonly string[];
}

export interface DnsStub {
  /** 127.0.0.1:<port>, as DNS_SERVERS takes it. */
  readonly server: string;
  /** Replaces the records of `name` (any case); {} leaves the name known with no record. */
  set(name: string, records: StubRecords): void;
  /** The names asked, in order ("TXT _duotrack.links.label.test"). */
  readonly queries: string[];
  close(): Promise<void>;
}

const NXDOMAIN = 3;

export async function startDnsStub(): Promise<DnsStub> {
  const names = new Map<string, StubRecords>();
  const queries: string[] = [];
  const socket = createSocket('udp4');
  socket.on('message', (message, peer) => {
    let query: dnsPacket.DecodedPacket;
    try {
      query = dnsPacket.decode(message);
    } catch {
      return; // not DNS: no answer
    }
    const question = query.questions?.[0];
    if (!question) return;
    queries.push(`${question.type} ${question.name}`);
    const records = names.get(question.name.toLowerCase());
    const answers: dnsPacket.Answer[] =
      question.type === 'A' || question.type === 'AAAA'
        ? (records?.[question.type] ?? []).map((data) => ({ type: question.type as 'A', name: question.name, ttl: 0, data }))
        : question.type === 'TXT'
          ? (records?.TXT ?? []).map((data) => ({ type: 'TXT', name: question.name, ttl: 0, data: [data] }))
          : [];
    const flags = dnsPacket.AUTHORITATIVE_ANSWER | (records ? 0 : NXDOMAIN);
    socket.send(dnsPacket.encode({ type: 'response', id: query.id ?? 0, flags, questions: [question], answers }), peer.port, peer.address);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => resolve());
  });
  return {
    server: `127.0.0.1:${socket.address().port}`,
    set: (name, records) => void names.set(name.toLowerCase(), records),
    queries,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
