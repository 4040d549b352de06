// wa-sqlite (npm @journeyapps/wa-sqlite, its Asyncify build) with its IDBBatchAtomicVFS, in the page, as
// its README sets it up: one IndexedDB database holding the pages, `PRAGMA synchronous=full` (the VFS's
// default), so a commit's IndexedDB transaction is opened with durability 'strict'.
import SQLiteESMFactory from '../wa-sqlite/dist/wa-sqlite-async.mjs';
import * as SQLite from '../wa-sqlite/src/sqlite-api.js';
import { IDBBatchAtomicVFS } from '../wa-sqlite/src/examples/IDBBatchAtomicVFS.js';
import { commitStatements, describeStatement, fillStatement } from './statements.mjs';

export class WaSqliteStack {
  static async open() {
    const module = await SQLiteESMFactory();
    const sqlite3 = SQLite.Factory(module);
    const vfs = await IDBBatchAtomicVFS.create('bench-idb-batch-atomic', module);
    sqlite3.vfs_register(vfs, true);
    const db = await sqlite3.open_v2('bench.db');
    return new WaSqliteStack(sqlite3, db);
  }

  constructor(sqlite3, db) {
    this.sqlite3 = sqlite3;
    this.db = db;
  }

  async rows(sql) {
    const rows = [];
    await this.sqlite3.exec(this.db, sql, (row) => rows.push(row));
    return rows;
  }

  async create(ddl) {
    for (const statement of ddl) await this.sqlite3.exec(this.db, statement);
  }

  async fill(rows, from) {
    await this.sqlite3.exec(this.db, fillStatement(rows, from));
  }

  // ms of the COMMIT alone (the INSERT before it is in memory): commit → durable.
  async commit(i) {
    const { insert, commit } = commitStatements(i);
    await this.sqlite3.exec(this.db, insert);
    const started = performance.now();
    await this.sqlite3.exec(this.db, commit);
    return performance.now() - started;
  }

  async describe() {
    const [[journal, synchronous, pageSize, pageCount, users]] = await this.rows(describeStatement);
    return { journal, synchronous, bytes: pageSize * pageCount, users };
  }
}
