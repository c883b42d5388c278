// The workbench offers its test API (window.touchpoint) only when its address has the query
// parameter test=1. Every address the browser tests and the browser benchmarks open the
// workbench at goes through withTestFlag. No dependencies: bench/ imports it too.

// `address` (absolute) with test=1 in its query: added after any other parameters
// ("?seed=7&customers=500" -> "?seed=7&customers=500&test=1"), the fragment ("#w=...") kept
// after it, and the rest of the address left exactly as it was. An address that has it already
// comes back unchanged.
export function withTestFlag(address) {
  const hashAt = address.indexOf('#');
  const beforeHash = hashAt < 0 ? address : address.slice(0, hashAt);
  const fragment = hashAt < 0 ? '' : address.slice(hashAt);
  const queryAt = beforeHash.indexOf('?');
  const base = queryAt < 0 ? beforeHash : beforeHash.slice(0, queryAt);
  const query = queryAt < 0 ? '' : beforeHash.slice(queryAt + 1);
  const params = query.split('&').filter((p) => p !== '');
  const isFlag = (p) => p.split('=')[0] === 'test';
  if (params.filter(isFlag).length === 1 && params.includes('test=1')) return address;
  const kept = params.filter((p) => !isFlag(p));
  return `${base}?${[...kept, 'test=1'].join('&')}${fragment}`;
}
