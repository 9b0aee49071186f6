import { randomUUID } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import pino from "pino";
import { matchRoutes, type AgnosticRouteObject } from "@remix-run/router";
import type { ServerBuild } from "@remix-run/node";
import { httpDuration, pageCacheRequests } from "./metrics.server";

// One JSON line per request (pino), with a request id and no personal data beyond ids: the path
// without its query string (searches and tokens live there), the route id, status, duration and
// bytes. The same pass feeds the latency histogram and the page-cache counter.

export const logger = pino({ level: process.env.LOG_LEVEL ?? "info", base: { pid: process.pid } });

const INCOMING_ID = /^[A-Za-z0-9._:-]{8,64}$/;

type RouteLabel = (path: string) => { route: string; secrets: string[] };
const SECRET_PARAM = /token|secret|key|code/i;

/** Labels a path by the Remix route that serves it (`routes/t.$threadId`), so label sets stay bounded. */
export function routeLabeller(build: ServerBuild): RouteLabel {
  const byParent = new Map<string | undefined, ServerBuild["routes"][string][]>();
  for (const r of Object.values(build.routes)) {
    const list = byParent.get(r.parentId) ?? [];
    list.push(r);
    byParent.set(r.parentId, list);
  }
  const tree = (parentId: string | undefined): AgnosticRouteObject[] =>
    (byParent.get(parentId) ?? []).map((r) => ({ id: r.id, path: r.path, index: r.index, children: r.index ? undefined : tree(r.id) }) as AgnosticRouteObject);
  const routes = tree(undefined);
  return (path) => {
    if (path.startsWith("/build/")) return { route: "static:build", secrets: [] };
    let matches: ReturnType<typeof matchRoutes<AgnosticRouteObject>> = null;
    try {
      matches = matchRoutes(routes, path);
    } catch {
      return { route: "unmatched", secrets: [] }; // malformed percent-encoding: urlHygiene answers it
    }
    const last = matches?.[matches.length - 1];
    if (!last) return { route: "unmatched", secrets: [] };
    const secrets = Object.entries(last.params).flatMap(([k, v]) => (SECRET_PARAM.test(k) && v ? [v] : []));
    return { route: last.route.id ?? "unmatched", secrets };
  };
}

/** Express middleware: request id, one log line and the metrics per request. */
export function requestLog(label: RouteLabel) {
  return (req: Request, res: Response, next: NextFunction) => {
    const incoming = req.get("x-request-id");
    const id = incoming && INCOMING_ID.test(incoming) ? incoming : randomUUID();
    res.locals.requestId = id;
    res.setHeader("X-Request-Id", id);
    const start = process.hrtime.bigint();
    res.once("finish", () => {
      try {
        record();
      } catch (e) {
        logger.warn({ req_id: id, err: (e as Error).message }, "request log failed");
      }
    });
    const record = () => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      const { route, secrets } = label(req.path);
      // Invitation and reset links carry their token in the path: never in the log.
      const path = secrets.reduce((p, v) => p.split(v).join("…"), req.path);
      const status = res.statusCode;
      httpDuration().observe({ route, method: req.method, status: `${Math.floor(status / 100)}xx` }, seconds);
      const cache = res.getHeader("x-page-cache");
      if (cache === "hit" || cache === "miss") pageCacheRequests().inc({ result: cache });
      const viewer = (res.locals.appContext as { context?: { viewer?: { id?: string } | null } } | undefined)?.context?.viewer?.id;
      logger.info(
        { req_id: id, method: req.method, path, route, status, ms: Math.round(seconds * 10_000) / 10, bytes: Number(res.getHeader("content-length") ?? 0) || undefined, user_id: viewer, cache: cache ?? undefined },
        "request",
      );
    };
    next();
  };
}
