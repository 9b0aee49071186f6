import type { Task, TaskList } from "graphile-worker";
import type { DB } from "../../db/client";
import { ARCHIVE_SCHEDULED_TASK, ARCHIVE_TASK, runArchiveExport, scheduleArchiveExport } from "./archive.server";
import { PERSONAL_EXPORT_TASK, runPersonalExport } from "./personal-export.server";

/**
 * The archive export's schedule: ARCHIVE_EXPORT_CRON (five crontab fields, e.g. "0 2 * * 0" for
 * Sundays at 02:00, worker's clock); none when unset or not five fields.
 */
export function privacyCrontab(env: Record<string, string | undefined> = process.env): string {
  const cron = (env.ARCHIVE_EXPORT_CRON ?? "").trim();
  if (!/^(\S+\s+){4}\S+$/.test(cron)) return "";
  return `${cron} ${ARCHIVE_SCHEDULED_TASK} ?id=archive_export_scheduled`;
}

const idOf = (payload: unknown) => {
  const id = (payload as { id?: unknown } | null)?.id;
  return typeof id === "string" || typeof id === "number" ? String(id) : null;
};

/** Personal-data exports, archive exports and the scheduled archive run. */
export function privacyTasks(db: DB): TaskList {
  const personal: Task = async (payload) => {
    const id = idOf(payload);
    if (id) await runPersonalExport(db, id);
  };
  const archive: Task = async (payload) => {
    const id = idOf(payload);
    if (id) await runArchiveExport(db, id);
  };
  const scheduled: Task = async () => {
    await scheduleArchiveExport(db);
  };
  return { [PERSONAL_EXPORT_TASK]: personal, [ARCHIVE_TASK]: archive, [ARCHIVE_SCHEDULED_TASK]: scheduled };
}
