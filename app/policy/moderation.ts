// moderation permissions (pure predicates over the Viewer). Extend here; never decide access elsewhere.
export {};
