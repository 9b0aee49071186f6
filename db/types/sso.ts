import type { Generated } from "kysely";
import type { OrgRole } from "./core";

// Row types for the sso capability (snake_case; they stay inside repositories).

export interface IdentityProvidersTable {
  id: Generated<string>;
  slug: string;
  org_id: string;
  protocol: "oidc" | "saml";
  display_name: string;
  enabled: Generated<boolean>;
  issuer: Generated<string>;
  client_id: Generated<string>;
  client_secret_enc: string | null;
  saml_entity_id: Generated<string>;
  saml_sso_url: Generated<string>;
  saml_cert: Generated<string>;
  role_claim: Generated<string>;
  role_map: Generated<Record<string, OrgRole>>;
  default_role: Generated<OrgRole>;
  domain_fallback: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface IdentityProviderTenantsTable {
  provider_id: string;
  tenant_id: string;
  org_id: string;
}

export interface SsoOrgPoliciesTable {
  org_id: string;
  require_sso: Generated<boolean>;
  updated_at: Generated<Date>;
}

export interface SsoLoginStatesTable {
  state_hash: string;
  provider_id: string;
  purpose: "login" | "test";
  tester_id: string | null;
  code_verifier: Generated<string>;
  nonce: Generated<string>;
  redirect_to: Generated<string>;
  created_at: Generated<Date>;
  expires_at: Date;
  used_at: Date | null;
}

export interface SsoTestResultsTable {
  token_hash: string;
  provider_id: string;
  tester_id: string;
  claims: Record<string, unknown>;
  created_at: Generated<Date>;
  expires_at: Date;
}

export interface SsoIdentitiesTable {
  provider_id: string;
  subject: string;
  user_id: string;
  tenant_id: string | null;
  created_at: Generated<Date>;
  last_login_at: Date | null;
}

export interface SsoSessionsTable {
  session_id: string;
  provider_id: string;
  id_token_hint: Generated<string>;
}

export interface ScimTokensTable {
  id: Generated<string>;
  org_id: string;
  token_hash: string;
  label: Generated<string>;
  created_by: string | null;
  created_at: Generated<Date>;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export interface ScimGroupsTable {
  id: Generated<string>;
  org_id: string;
  external_id: Generated<string>;
  display_name: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface ScimGroupMembersTable {
  group_id: string;
  user_id: string;
}

export interface ScimUsersTable {
  org_id: string;
  user_id: string;
  external_id: Generated<string>;
  user_name: string;
  active: Generated<boolean>;
  role: Generated<OrgRole>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface SamlRequestIdsTable {
  id: string;
  provider_id: string;
  created_at: Generated<Date>;
  expires_at: Date;
}

export interface SamlSeenAssertionsTable {
  assertion_id: string;
  provider_id: string;
  expires_at: Date;
}

export interface SsoTables {
  identity_providers: IdentityProvidersTable;
  identity_provider_tenants: IdentityProviderTenantsTable;
  sso_org_policies: SsoOrgPoliciesTable;
  sso_login_states: SsoLoginStatesTable;
  sso_identities: SsoIdentitiesTable;
  sso_test_results: SsoTestResultsTable;
  sso_sessions: SsoSessionsTable;
  scim_tokens: ScimTokensTable;
  scim_users: ScimUsersTable;
  scim_groups: ScimGroupsTable;
  scim_group_members: ScimGroupMembersTable;
  saml_request_ids: SamlRequestIdsTable;
  saml_seen_assertions: SamlSeenAssertionsTable;
}
