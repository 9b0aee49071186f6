// A form's values as the server sees them, read in the browser (for live guides and drafts).

export type Values = Record<string, string | string[] | undefined>;

/** Repeated names (and names the caller says are lists) come back as arrays; files are left out. */
export function valuesOf(form: HTMLFormElement, skip: (name: string) => boolean = () => false, isList: (name: string) => boolean = () => false): Values {
  const out: Values = {};
  const data = new FormData(form);
  for (const key of new Set(data.keys())) {
    if (skip(key)) continue;
    const all = data.getAll(key).filter((x): x is string => typeof x === "string");
    out[key] = all.length > 1 || isList(key) ? all : (all[0] ?? "");
  }
  return out;
}
