/** Form values to send back after a failed save: everything typed except the client secret. */
export function withoutSecret<T extends Record<string, unknown>>(values: T): T {
  const { clientSecret: _s, ...rest } = values;
  return rest as T;
}
