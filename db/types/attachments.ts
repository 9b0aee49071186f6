import type { ColumnType, Generated } from "kysely";

// Row types for the attachment tables (snake_case; they stay inside repositories).

type TsNull = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Int8 = ColumnType<string, string | number | bigint, string | number | bigint>;

export type AttachmentKind = "document" | "image";
export type AttachmentParentType = "thread" | "post" | "case";
export type AttachmentTextStatus = "none" | "pending" | "done" | "failed";

/** One stored image size: `w` is a pixel width, or "thumb" for the thumbnail. */
export interface AttachmentVariant {
  w: number | "thumb";
  hash: string;
  size: number;
  width: number;
  height: number;
  mime: string;
}

export interface BlobsTable {
  hash: string;
  size: Int8;
  created_at: Generated<Date>;
}

export interface BlobChunksTable {
  hash: string;
  seq: number;
  data: Buffer;
}

export interface AttachmentsTable {
  id: Generated<string>;
  public_id: string;
  blob_hash: string;
  filename: string;
  title: Generated<string>;
  mime: string;
  kind: AttachmentKind;
  size: Int8;
  uploader_id: string;
  parent_type: AttachmentParentType | null;
  parent_id: string | null;
  position: Generated<number>;
  created_at: Generated<Date>;
  attached_at: TsNull;
  detached_at: TsNull;
  hidden_at: TsNull;
  hidden_by: string | null;
  hidden_reason: string | null;
  deleted_at: TsNull;
  redacted_at: TsNull;
  width: number | null;
  height: number | null;
  variants: ColumnType<AttachmentVariant[], string | undefined, string>;
  text_content: string | null;
  text_status: Generated<AttachmentTextStatus>;
  text_error: string | null;
  text_extracted_at: TsNull;
}

export interface AttachmentRevisionsTable {
  id: Generated<string>;
  revision_table: "post_revisions" | "case_revisions";
  revision_id: string;
  old_ids: ColumnType<string[], string[] | undefined, string[]>;
  new_ids: ColumnType<string[], string[] | undefined, string[]>;
  created_at: Generated<Date>;
}

export interface AttachmentsTables {
  blobs: BlobsTable;
  blob_chunks: BlobChunksTable;
  attachments: AttachmentsTable;
  attachment_revisions: AttachmentRevisionsTable;
}
