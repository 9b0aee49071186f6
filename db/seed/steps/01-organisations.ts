import type { DB } from "../../client";
import type { OrgKind } from "../../types";

export const ORGANISATIONS: { slug: string; name: string; kind: OrgKind; domains: string[]; description: string }[] = [
  { slug: "region-gavleborg", name: "Region Gävleborg", kind: "region", domains: ["regiongavleborg.se"], description: "Regionen ansvarar för hälso- och sjukvård, kollektivtrafik och regional utveckling i Gävleborgs län." },
  { slug: "bollnas", name: "Bollnäs kommun", kind: "municipality", domains: ["bollnas.se"], description: "Kommun i Hälsingland med cirka 26 000 invånare." },
  { slug: "gavle", name: "Gävle kommun", kind: "municipality", domains: ["gavle.se"], description: "Länets största kommun med cirka 103 000 invånare." },
  { slug: "hofors", name: "Hofors kommun", kind: "municipality", domains: ["hofors.se"], description: "Bruksort i södra Gästrikland." },
  { slug: "hudiksvall", name: "Hudiksvalls kommun", kind: "municipality", domains: ["hudiksvall.se"], description: "Kustkommun i Hälsingland med cirka 37 000 invånare." },
  { slug: "ljusdal", name: "Ljusdals kommun", kind: "municipality", domains: ["ljusdal.se"], description: "Till ytan länets största kommun." },
  { slug: "nordanstig", name: "Nordanstigs kommun", kind: "municipality", domains: ["nordanstig.se"], description: "Kustkommun i norra Hälsingland." },
  { slug: "ockelbo", name: "Ockelbo kommun", kind: "municipality", domains: ["ockelbo.se"], description: "Kommun i norra Gästrikland." },
  { slug: "ovanaker", name: "Ovanåkers kommun", kind: "municipality", domains: ["ovanaker.se"], description: "Kommun i södra Hälsingland med Edsbyn och Alfta." },
  { slug: "sandviken", name: "Sandvikens kommun", kind: "municipality", domains: ["sandviken.se"], description: "Kommun i Gästrikland med cirka 40 000 invånare." },
  { slug: "soderhamn", name: "Söderhamns kommun", kind: "municipality", domains: ["soderhamn.se"], description: "Kustkommun i södra Hälsingland." },
  { slug: "rise", name: "RISE", kind: "research_institute", domains: ["ri.se"], description: "RISE Research Institutes of Sweden, statligt forskningsinstitut och partner i nätverket." },
];

export async function seedOrganisations(db: DB): Promise<void> {
  for (const o of ORGANISATIONS) {
    await db
      .insertInto("organisations")
      .values({ slug: o.slug, name: o.name, kind: o.kind, email_domains: o.domains, description: o.description })
      .onConflict((oc) => oc.column("slug").doNothing())
      .execute();
  }
}
