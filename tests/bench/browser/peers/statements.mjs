// What every stack of the peer bench runs, as SQL text: the same fill and the same commit for all, so
// the stacks differ only in their storage. Shared by the page, the worker and node (peer_bench.mjs).
//
//   fillStatement(rows, from)  inserts users from..from+rows-1, one transaction, generated inside SQLite
//   commitStatements(i)        {insert, commit}: one registration, committed on its own

// A well-formed Argon2id PHC string (the app's import accepts it; nobody signs in with it).
export const benchPasswordHash =
  '$argon2id$v=19$m=19456,t=2,p=1$YmVuY2hzYWx0YmVuY2hzYQ$YmVuY2hoYXNoYmVuY2hoYXNoYmVuY2hoYXNoYmVuY2g';

export function fillStatement(rows, from = 1) {
  return `BEGIN; WITH RECURSIVE n(i) AS (SELECT ${from} UNION ALL SELECT i + 1 FROM n WHERE i < ${from + rows - 1}) ` +
    `INSERT INTO "user" (username, user_email, user_password) ` +
    `SELECT 'filler' || i, 'filler' || i || '@example.org', '${benchPasswordHash}' FROM n; COMMIT;`;
}

export function commitStatements(i) {
  return {
    insert: `BEGIN; INSERT INTO "user" (username, user_email, user_password) VALUES ('bench${i}', 'bench${i}@example.org', '${benchPasswordHash}');`,
    commit: 'COMMIT;',
  };
}

// The stack's own settings and size, for the report: what durability it runs with.
export const describeStatement = 'SELECT (SELECT journal_mode FROM pragma_journal_mode), (SELECT synchronous FROM pragma_synchronous), ' +
  '(SELECT page_size FROM pragma_page_size), (SELECT page_count FROM pragma_page_count), (SELECT count(*) FROM "user")';
