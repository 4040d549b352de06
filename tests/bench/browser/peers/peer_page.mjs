// window.peers: the two peer stacks, driven by tests/bench/browser/peer_bench.mjs through page.evaluate.
//   await peers.open('wa-sqlite' | 'sahpool')        → ms from the call to the database open
//   await peers.call(stack, 'create' | 'fill' | 'commit' | 'describe', ...args)
import { WaSqliteStack } from './wa_sqlite_stack.mjs';

class SahpoolStack {
  constructor() {
    this.worker = new Worker(new URL('./sahpool_worker.mjs', import.meta.url), { type: 'module' });
    this.waiting = new Map();
    this.next = 1;
    this.worker.onmessage = (event) => {
      const { id, result, error } = event.data;
      const { resolve, reject } = this.waiting.get(id);
      this.waiting.delete(id);
      if (error) reject(new Error(error));
      else resolve(result);
    };
  }

  send(call, ...args) {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, call, args });
    });
  }
}

const stacks = {};
window.peers = {
  async open(name) {
    if (name === 'wa-sqlite') stacks[name] = await WaSqliteStack.open();
    else {
      stacks[name] = new SahpoolStack();
      await stacks[name].send('open');
    }
    return { crossOriginIsolated: self.crossOriginIsolated, visibility: document.visibilityState };
  },
  call(name, call, ...args) {
    const stack = stacks[name];
    return stack instanceof SahpoolStack ? stack.send(call, ...args) : stack[call](...args);
  },
};
window.peersReady = true;
