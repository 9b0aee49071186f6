/** How long a new API token may be valid (days): the settings form's choices. Shared with the client. */
export const EXPIRY_DAYS = [7, 30, 90, 365] as const;
