// The official SQLite WebAssembly build (npm @sqlite.org/sqlite-wasm) with its opfs-sahpool VFS, in a
// dedicated worker (sync access handles exist only there). Each commit's xSync is the access handles'
// flush(). Messages: {id, call, args} → {id, result} or {id, error}.
import sqlite3InitModule from '../sqlite-wasm/dist/index.mjs';
import { commitStatements, describeStatement, fillStatement } from './statements.mjs';

let db = null;

const calls = {
  async open() {
    const sqlite3 = await sqlite3InitModule();
    const pool = await sqlite3.installOpfsSAHPoolVfs({ name: 'bench-sahpool' });
    db = new pool.OpfsSAHPoolDb('/bench.db');
    return sqlite3.version.libVersion;
  },
  create(ddl) {
    for (const statement of ddl) db.exec(statement);
  },
  fill(rows, from) {
    db.exec(fillStatement(rows, from));
  },
  commit(i) {
    const { insert, commit } = commitStatements(i);
    db.exec(insert);
    const started = performance.now();
    db.exec(commit);
    return performance.now() - started;
  },
  describe() {
    const [journal, synchronous, pageSize, pageCount, users] = db.selectArray(describeStatement);
    return { journal, synchronous, bytes: pageSize * pageCount, users };
  },
};

onmessage = async (event) => {
  const { id, call, args } = event.data;
  try {
    postMessage({ id, result: await calls[call](...args) });
  } catch (error) {
    postMessage({ id, error: String(error && error.message || error) });
  }
};
