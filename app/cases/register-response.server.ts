/** The HTTP answer for a register export: a download with the format in its name, never cached by others. */
export function registerResponse(body: string, f: { format: string; kind: "json" | "csv" }, name: string): Response {
  return new Response(body, {
    headers: {
      "Content-Type": f.kind === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${name}-${f.format}.${f.kind}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
