import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

/** A message as the real SMTP server received it, decoded just enough to check it. */
export type Captured = { to: string[]; raw: string; headers: Map<string, string>; subject: string; text: string; html: string };

const decodeWords = (s: string) =>
  s.replace(/=\?utf-8\?([qb])\?([^?]*)\?=\s*/gi, (_, enc: string, data: string) =>
    enc.toLowerCase() === "b" ? Buffer.from(data, "base64").toString("utf8") : Buffer.from(data.replace(/_/g, " ").replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), "latin1").toString("utf8"));
const qp = (s: string) => Buffer.from(s.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), "latin1").toString("utf8");

function headersOf(block: string): Map<string, string> {
  const h = new Map<string, string>();
  for (const line of block.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const i = line.indexOf(":");
    if (i > 0) h.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  return h;
}

function parse(raw: string, to: string[]): Captured {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const headers = headersOf(head);
  const body = rest.join("\r\n\r\n");
  const boundary = /boundary="?([^";]+)"?/.exec(headers.get("content-type") ?? "")?.[1];
  let text = "";
  let html = "";
  for (const part of boundary ? body.split(`--${boundary}`) : [`${head}\r\n\r\n${body}`]) {
    const [ph, ...pb] = part.replace(/^\r?\n/, "").split(/\r?\n\r?\n/);
    const h = headersOf(ph);
    const enc = (h.get("content-transfer-encoding") ?? "").toLowerCase();
    const raw = pb.join("\r\n\r\n");
    const decoded = enc === "quoted-printable" ? qp(raw) : enc === "base64" ? Buffer.from(raw.replace(/\s+/g, ""), "base64").toString("utf8") : raw;
    if ((h.get("content-type") ?? "").startsWith("text/plain")) text = decoded;
    if ((h.get("content-type") ?? "").startsWith("text/html")) html = decoded;
  }
  return { to, raw, headers, subject: decodeWords(headers.get("subject") ?? ""), text, html };
}

/** A real SMTP server (smtp-server) on a local port that keeps every message; stop/start keep the port. */
export async function startSmtp(opts: { rejectRcpt?: RegExp } = {}) {
  const messages: Captured[] = [];
  let port = 0;
  let server: SMTPServer | null = null;
  const listen = async () => {
    server = new SMTPServer({
      authOptional: true, disabledCommands: ["STARTTLS"], logger: false,
      onRcptTo(address, _session, cb) {
        if (opts.rejectRcpt?.test(address.address)) return cb(Object.assign(new Error("5.1.1 No such mailbox"), { responseCode: 550 }));
        cb();
      },
      onData(stream, session, cb) {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => {
          messages.push(parse(Buffer.concat(chunks).toString("utf8"), session.envelope.rcptTo.map((r) => r.address)));
          cb();
        });
      },
    });
    await new Promise<void>((done) => server!.listen(port, "127.0.0.1", () => done()));
    port = (server!.server.address() as AddressInfo).port;
  };
  await listen();
  return {
    messages,
    get url() { return `smtp://127.0.0.1:${port}`; },
    stop: () => new Promise<void>((done) => (server ? server.close(() => done()) : done())).then(() => void (server = null)),
    start: listen,
  };
}
