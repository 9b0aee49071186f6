// oidc-provider ships no types; the tests use its constructor, listen and events only.
declare module "oidc-provider" {
  import type { Server } from "node:http";
  export default class Provider {
    constructor(issuer: string, config: Record<string, unknown>);
    listen(port: number, host: string, cb: () => void): Server;
    on(event: string, fn: (...args: unknown[]) => void): this;
  }
}
