import type { CoreTables } from "./types/core";
import type { AuthTables } from "./types/auth";
import type { ForumTables } from "./types/forum";
import type { CasesTables } from "./types/cases";
import type { SearchTables } from "./types/search";
import type { ModerationTables } from "./types/moderation";
import type { SsoTables } from "./types/sso";
import type { CommunityTables } from "./types/community";
import type { ProfilesTables } from "./types/profiles";
import type { MailTables } from "./types/mail";
import type { ApiTables } from "./types/api";
import type { AttachmentsTables } from "./types/attachments";
import type { FeedsHooksTables } from "./types/feeds-hooks";
import type { InsightsTables } from "./types/insights";
import type { OpsTables } from "./types/ops";
import type { PrivacyTables } from "./types/privacy";
import type { SearchGramsTables } from "./types/search-grams";
import type { SavedSearchesTables } from "./types/saved-searches";
import type { ReadsTables } from "./types/reads";
import type { AccessibilityReportsTables } from "./types/accessibility-reports";

export type * from "./types/core";

/** The whole schema, one interface per capability so each can grow on its own. */
export interface Database
  extends CoreTables,
    AuthTables,
    ForumTables,
    CasesTables,
    SearchTables,
    ModerationTables,
    SsoTables,
    CommunityTables,
    ProfilesTables,
    MailTables,
    ApiTables,
    AttachmentsTables,
    FeedsHooksTables,
    InsightsTables,
    OpsTables,
    PrivacyTables,
    SearchGramsTables,
    SavedSearchesTables,
    ReadsTables,
    AccessibilityReportsTables {}
