// The peer bench's result (peer_bench.mjs) as the README's table: commit → durable p50 / p95 per stack
// and size, the ratio of ours to wa-sqlite IDBBatchAtomicVFS (issue 24's target: p50 ≤ 0.8×, p95 ≤ 1.0×),
// cold open, and what each stack downloads. Ratios are read within the run; absolute times depend on the
// machine's load.
export const durability = {
  ours: 'this app (page; chunked VFS on MEMFS, saved to IndexedDB, durability `strict`)',
  'wa-sqlite': 'wa-sqlite 2.0.6 IDBBatchAtomicVFS (page; IndexedDB `strict`, synchronous=full)',
  sahpool: 'sqlite-wasm 3.54.1 opfs-sahpool (worker; OPFS sync access handle flush())',
};

export function peerTable(result) {
  const stacks = Object.keys(durability);
  const ok = result.sizes.filter((entry) => !entry.error);
  const size = (entry) => `${entry.mb} MB`;
  let md = `Commit → durable, ms, p50 / p95 of ${result.commits} single-row INSERT commits per size into the app's \`user\` table ` +
    `(its unique indexes), the stacks interleaved per round (load average ${result.loadBefore.toFixed(1)} → ${result.loadAfter.toFixed(1)}: read the ratios).\n\n`;
  md += `| stack | ${ok.map(size).join(' | ')} |\n|---|${ok.map(() => '---|').join('')}\n`;
  for (const stack of stacks)
    md += `| ${durability[stack]} | ${ok.map((e) => `${e.stacks[stack].commit.p50} / ${e.stacks[stack].commit.p95}`).join(' | ')} |\n`;
  md += `| this app, its save alone (reading the dirty chunks + the IndexedDB transaction) | ${ok.map((e) => (e.stacks.ours.save ? `${e.stacks.ours.save.p50} / ${e.stacks.ours.save.p95}` : '—')).join(' | ')} |\n`;
  const ratio = (e, q) => (e.stacks.ours.commit[q] / e.stacks['wa-sqlite'].commit[q]).toFixed(2);
  md += `| ours ÷ wa-sqlite (target p50 ≤ 0.8, p95 ≤ 1.0) | ${ok.map((e) => `${ratio(e, 'p50')} / ${ratio(e, 'p95')}`).join(' | ')} |\n`;
  for (const entry of result.sizes.filter((e) => e.error)) md += `\n${entry.mb} MB failed: ${entry.error}\n`;
  const open = result.coldOpen;
  if (open) {
    md += `\nCold open of the ${open.mb} MB database, a browser launched afresh on the profile (navigation → the row count answered; ` +
      `ours: → first interactive frame), median of ${open.ours.n}: ` +
      stacks.map((s) => `${s} ${open[s].p50} ms`).join(', ') + ` (ours ÷ opfs-sahpool ${(open.ours.p50 / open.sahpool.p50).toFixed(2)}, target ≤ 1.0).\n`;
  }
  const phases = open && open.oursPhases && open.oursPhases.filter((p) => p.readMs !== undefined);
  if (phases && phases.length) {
    const median = (key) => [...phases.map((p) => p[key])].sort((a, b) => a - b)[Math.floor(phases.length / 2)];
    md += `Where ours goes (median, ms): app.wasm compiled and running at ${median('started')} after navigation; reading the ` +
      `${phases[0].files} chunk records from IndexedDB ${median('readMs')}, writing them into MEMFS ${median('loadMs')}, ` +
      `C++'s open (quick_check of the whole file) ${median('openMs')}; the first interactive frame at ${median('ready')}.\n`;
  }
  const bytes = result.bytesDownloaded;
  if (bytes) {
    const kb = (n) => `${Math.round(n / 1000)} KB`;
    md += `\nDownloaded on a first visit (uncompressed): ours ${kb(bytes.ours)} (the whole app), wa-sqlite ${kb(bytes['wa-sqlite'])}, ` +
      `sqlite-wasm ${kb(bytes.sahpool)} (their SQLite and VFS alone, no UI).\n`;
  }
  return md;
}
