import { Readable } from "node:stream";
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { BlobHashMismatch, HASH_RE, hashing, type BlobStore, type ByteRange } from "./blob-store.server";

// The S3-compatible blob store (AWS, MinIO, Ceph, Swedish and EU providers) through the official
// SDK. Objects are named by hash under a prefix. S3 has no rename, so a put streams a multipart
// upload straight to the final key and deletes it again when the bytes don't hash to the name;
// an object is only referenced by an attachment row after put returns, so nothing reads it meanwhile.

export type S3Config = {
  endpoint?: string;
  bucket: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
  prefix: string;
};

export function s3ConfigFromEnv(env: Record<string, string | undefined> = process.env): S3Config | null {
  if (!env.S3_BUCKET) return null;
  return {
    endpoint: env.S3_ENDPOINT || undefined,
    bucket: env.S3_BUCKET,
    region: env.S3_REGION || "us-east-1",
    accessKeyId: env.S3_ACCESS_KEY_ID || undefined,
    secretAccessKey: env.S3_SECRET_ACCESS_KEY || undefined,
    forcePathStyle: ["1", "true", "yes"].includes((env.S3_FORCE_PATH_STYLE ?? "").toLowerCase()),
    prefix: env.S3_PREFIX ?? "blobs/",
  };
}

const notFound = (e: unknown) => {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
  return err?.name === "NotFound" || err?.name === "NoSuchKey" || err?.$metadata?.httpStatusCode === 404;
};

export class S3BlobStore implements BlobStore {
  readonly name = "s3" as const;
  readonly client: S3Client;
  constructor(private readonly cfg: S3Config) {
    this.client = new S3Client({
      endpoint: cfg.endpoint,
      region: cfg.region,
      forcePathStyle: cfg.forcePathStyle,
      credentials: cfg.accessKeyId && cfg.secretAccessKey ? { accessKeyId: cfg.accessKeyId, secretAccessKey: cfg.secretAccessKey } : undefined,
    });
  }

  private key(hash: string) {
    return `${this.cfg.prefix}${hash.slice(0, 2)}/${hash}`;
  }

  async put(hash: string, body: Readable): Promise<{ size: number; created: boolean }> {
    if (!HASH_RE.test(hash)) throw new BlobHashMismatch();
    const known = await this.size(hash);
    if (known !== null) {
      body.resume();
      body.destroy();
      return { size: known, created: false };
    }
    const counted = hashing(body);
    // 5 MB parts, at most 2 in flight: bounded memory whatever the file's size.
    await new Upload({ client: this.client, params: { Bucket: this.cfg.bucket, Key: this.key(hash), Body: counted.stream }, partSize: 5 * 1024 * 1024, queueSize: 2 }).done();
    const { hash: actual, size } = counted.done();
    if (actual !== hash) {
      await this.delete(hash);
      throw new BlobHashMismatch();
    }
    return { size, created: true };
  }

  async get(hash: string, range?: ByteRange): Promise<Readable | null> {
    if (!HASH_RE.test(hash)) return null;
    try {
      const r = await this.client.send(new GetObjectCommand({ Bucket: this.cfg.bucket, Key: this.key(hash), Range: range ? `bytes=${range.start}-${range.end}` : undefined }));
      return r.Body as Readable;
    } catch (e) {
      if (notFound(e) || (e as { name?: string }).name === "InvalidRange") return notFound(e) ? null : Readable.from([]);
      throw e;
    }
  }

  async has(hash: string): Promise<boolean> {
    return (await this.size(hash)) !== null;
  }

  async size(hash: string): Promise<number | null> {
    if (!HASH_RE.test(hash)) return null;
    try {
      const r = await this.client.send(new HeadObjectCommand({ Bucket: this.cfg.bucket, Key: this.key(hash) }));
      return Number(r.ContentLength ?? 0);
    } catch (e) {
      if (notFound(e)) return null;
      throw e;
    }
  }

  async delete(hash: string): Promise<boolean> {
    if (!HASH_RE.test(hash)) return false;
    const had = await this.has(hash);
    if (had) await this.client.send(new DeleteObjectCommand({ Bucket: this.cfg.bucket, Key: this.key(hash) }));
    return had;
  }
}

/** Whether an S3 server answers with the given config (the contract suite skips when not). */
export async function s3Reachable(cfg: S3Config | null): Promise<boolean> {
  if (!cfg) return false;
  const store = new S3BlobStore(cfg);
  try {
    await Promise.race([store.size("0".repeat(64)), new Promise((_, rej) => setTimeout(() => rej(new Error("timeout")), 3000))]);
    return true;
  } catch {
    return false;
  } finally {
    store.client.destroy();
  }
}
