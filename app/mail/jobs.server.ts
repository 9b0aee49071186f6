import type { Task, TaskList } from "graphile-worker";
import type { DB } from "../../db/client";
import { runDigest } from "./digest.server";
import { sendQueuedMail } from "./send.server";
import { mailConfig, type MailConfig } from "./transport.server";
import { DIGEST_TASK, SEND_TASK } from "./types";

/** Daily digest at 06:00, weekly on Mondays at 06:30 (worker's clock). */
export const MAIL_CRONTAB = `0 6 * * * ${DIGEST_TASK} ?id=mail_digest_daily {"cadence":"daily"}\n30 6 * * 1 ${DIGEST_TASK} ?id=mail_digest_weekly {"cadence":"weekly"}`;

/** The mail jobs: sending one queued mail, and composing a digest run. `cfg` is for tests. */
export function mailTasks(db: DB, cfg?: MailConfig): TaskList {
  const send: Task = async (payload) => {
    const id = (payload as { id?: unknown } | null)?.id;
    if (typeof id !== "string" && typeof id !== "number") return;
    await sendQueuedMail(db, cfg ?? mailConfig(), String(id));
  };
  const digest: Task = async (payload) => {
    const cadence = (payload as { cadence?: unknown } | null)?.cadence;
    if (cadence !== "daily" && cadence !== "weekly") return;
    await runDigest(db, cadence);
  };
  return { [SEND_TASK]: send, [DIGEST_TASK]: digest };
}
