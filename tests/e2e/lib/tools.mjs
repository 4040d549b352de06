// The command-line tools the browser tests and benchmarks check files with: Debian's sqlite3, and the
// tutorial's own Flask-SQLAlchemy models run by Debian's python3 (tests/support/flask_tutorial.py).
import { execFileSync } from 'node:child_process';

const flaskTutorial = new URL('../../support/flask_tutorial.py', import.meta.url).pathname;

// Runs `sql` on the database file `file`; its output, trimmed.
export const sqlite = (file, sql) => execFileSync('sqlite3', [file, sql], { encoding: 'utf8' }).trim();

// Runs the tutorial's app with `args` (e.g. 'create', path); its output, trimmed.
export const flask = (...args) => execFileSync('/usr/bin/python3', [flaskTutorial, ...args], { encoding: 'utf8' }).trim();

// A file the tutorial's app created, with users bulk1…bulk<count>: user i's password is the SQL expression
// `password` over i (e.g. "'plaintext ' || i").
export function bulkTutorialFile(path, password, count = 2000) {
  flask('create', path);
  sqlite(path, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${Number(count)}) ` +
               "INSERT INTO user (username, user_email, user_password) SELECT 'bulk' || i, 'bulk' || i || '@example.org', " +
               `${password} FROM n;`);
}
