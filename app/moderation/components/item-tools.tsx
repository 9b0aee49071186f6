// Moderation tools shown beside a thread, post or case (flag button for members; hide/restore,
// lock, pin, best practice … for moderators in scope). Owned by the moderation capability;
// item pages render it and pass what they know.
export type ItemToolsProps = {
  targetType: "thread" | "post" | "case";
  targetId: string;
  orgId: string;
  canModerate: boolean;
  signedIn: boolean;
  hidden?: boolean;
  locked?: boolean;
  redirectTo: string;
};

export function ItemTools(_props: ItemToolsProps) {
  return null;
}
