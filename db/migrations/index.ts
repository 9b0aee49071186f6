// Every dated migration, in name order, imported statically so the server runs from one compiled
// file (build/server.mjs, docs/decisions/2026-12-08-compiled-server.md) without a TypeScript loader.
// tests/unit/migrations-index.test.ts fails when a file in this folder is missing here.
import type { Migration } from "kysely";
import * as m0 from "./2026-11-23T0900_core";
import * as m1 from "./2026-11-23T0901_sessions";
import * as m2 from "./2026-11-23T0902_search_outbox";
import * as m3 from "./2026-11-23T0903_audit_log";
import * as m4 from "./2026-11-23T1000_accounts";
import * as m5 from "./2026-11-23T1100_tags";
import * as m6 from "./2026-11-23T1101_threads";
import * as m7 from "./2026-11-23T1102_forum_engagement";
import * as m8 from "./2026-11-23T1200_cases";
import * as m9 from "./2026-11-23T1300_search_documents";
import * as m10 from "./2026-11-23T1400_moderation";
import * as m11 from "./2026-11-23T1600_thread_page_rev";
import * as m12 from "./2026-11-23T1800_best_practice_page_rev";
import * as m13 from "./2026-11-23T1900_search_speed";
import * as m14 from "./2026-11-23T1901_search_title_days";
import * as m15 from "./2026-11-23T1902_search_gin_fastupdate_off";
import * as m16 from "./2026-11-23T2000_page_rev_moves";
import * as m17 from "./2026-12-02T1000_submission_keys";
import * as m18 from "./2026-12-02T1100_discussion_page_rev";
import * as m19 from "./2026-12-02T1100_events";
import * as m20 from "./2026-12-02T1101_notifications";
import * as m21 from "./2026-12-02T1102_watches";
import * as m22 from "./2026-12-02T1200_identity_providers";
import * as m23 from "./2026-12-02T1300_expertise";
import * as m24 from "./2026-12-02T1301_question_routes";
import * as m25 from "./2026-12-02T1302_case_nudges";
import * as m26 from "./2026-12-02T1400_search_terms_folded";
import * as m27 from "./2026-12-02T1500_mail";
import * as m28 from "./2026-12-02T1600_sso_test_results";
import * as m29 from "./2026-12-02T1601_scim_groups";
import * as m30 from "./2026-12-02T1700_search_synonyms";
import * as m31 from "./2026-12-02T1800_attachments";
import * as m32 from "./2026-12-02T1801_attachments_page_rev";
import * as m33 from "./2026-12-02T1810_search_attachment_text";
import * as m34 from "./2026-12-02T1900_api_tokens";
import * as m35 from "./2026-12-02T1910_feed_tokens";
import * as m36 from "./2026-12-02T1911_webhooks";
import * as m37 from "./2026-12-02T2000_personal_data";
import * as m38 from "./2026-12-02T2001_detached_counts";
import * as m39 from "./2026-12-02T2002_audit_maintenance";
import * as m40 from "./2026-12-02T2100_search_log";
import * as m41 from "./2026-12-02T2101_insight_question_facts";
import * as m42 from "./2026-12-02T2200_search_grams";
import * as m43 from "./2026-12-02T2201_search_changes";
import * as m44 from "./2026-12-02T2300_worker_heartbeats";
import * as m45 from "./2026-12-03T1600_saved_searches";
import * as m46 from "./2026-12-03T1700_insight_aggregates";
import * as m47 from "./2026-12-07T1500_notice_kinds_move_merge";
import * as m48 from "./2026-12-07T1501_thread_merged_into";
import * as m49 from "./2026-12-07T1520_accessibility_reports";
import * as m50 from "./2026-12-07T1530_thread_reads";

export const migrations: Record<string, Migration> = {
  "2026-11-23T0900_core": m0,
  "2026-11-23T0901_sessions": m1,
  "2026-11-23T0902_search_outbox": m2,
  "2026-11-23T0903_audit_log": m3,
  "2026-11-23T1000_accounts": m4,
  "2026-11-23T1100_tags": m5,
  "2026-11-23T1101_threads": m6,
  "2026-11-23T1102_forum_engagement": m7,
  "2026-11-23T1200_cases": m8,
  "2026-11-23T1300_search_documents": m9,
  "2026-11-23T1400_moderation": m10,
  "2026-11-23T1600_thread_page_rev": m11,
  "2026-11-23T1800_best_practice_page_rev": m12,
  "2026-11-23T1900_search_speed": m13,
  "2026-11-23T1901_search_title_days": m14,
  "2026-11-23T1902_search_gin_fastupdate_off": m15,
  "2026-11-23T2000_page_rev_moves": m16,
  "2026-12-02T1000_submission_keys": m17,
  "2026-12-02T1100_discussion_page_rev": m18,
  "2026-12-02T1100_events": m19,
  "2026-12-02T1101_notifications": m20,
  "2026-12-02T1102_watches": m21,
  "2026-12-02T1200_identity_providers": m22,
  "2026-12-02T1300_expertise": m23,
  "2026-12-02T1301_question_routes": m24,
  "2026-12-02T1302_case_nudges": m25,
  "2026-12-02T1400_search_terms_folded": m26,
  "2026-12-02T1500_mail": m27,
  "2026-12-02T1600_sso_test_results": m28,
  "2026-12-02T1601_scim_groups": m29,
  "2026-12-02T1700_search_synonyms": m30,
  "2026-12-02T1800_attachments": m31,
  "2026-12-02T1801_attachments_page_rev": m32,
  "2026-12-02T1810_search_attachment_text": m33,
  "2026-12-02T1900_api_tokens": m34,
  "2026-12-02T1910_feed_tokens": m35,
  "2026-12-02T1911_webhooks": m36,
  "2026-12-02T2000_personal_data": m37,
  "2026-12-02T2001_detached_counts": m38,
  "2026-12-02T2002_audit_maintenance": m39,
  "2026-12-02T2100_search_log": m40,
  "2026-12-02T2101_insight_question_facts": m41,
  "2026-12-02T2200_search_grams": m42,
  "2026-12-02T2201_search_changes": m43,
  "2026-12-02T2300_worker_heartbeats": m44,
  "2026-12-03T1600_saved_searches": m45,
  "2026-12-03T1700_insight_aggregates": m46,
  "2026-12-07T1500_notice_kinds_move_merge": m47,
  "2026-12-07T1501_thread_merged_into": m48,
  "2026-12-07T1520_accessibility_reports": m49,
  "2026-12-07T1530_thread_reads": m50,
};
