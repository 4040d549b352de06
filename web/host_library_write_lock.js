// The cross-tab write lock (wa-sqlite's WebLocksMixin, for us): one exclusive Web Lock that every tab of
// the app takes before it reads the stored generation, writes, or saves. Knows nothing of what is done
// under it.
//
//   var lock = new SeedWriteLock('seed-registration-database');
//   lock.hold(async function () { … })   // resolves with body's result once the lock is released
//
// One error path: hold() returns a promise that rejects with what the body threw, or with the Web
// Locks error (the lock manager gone, the document being torn down).
class SeedWriteLock {
  constructor(name) {
    this.name = name;
    this.fallback = null; // the in-page queue used where Web Locks are missing
    this.warned = false;
  }

  hold(body) {
    if (typeof navigator !== 'undefined' && navigator.locks && navigator.locks.request) {
      try {
        return navigator.locks.request(this.name, { mode: 'exclusive' }, body);
      } catch (error) {
        return Promise.reject(error);
      }
    }
    // No Web Locks (browsers before 2022): one tab is safe, two may overwrite each other.
    if (!this.warned) {
      this.warned = true;
      console.warn('This browser has no Web Locks: use the app in one tab at a time.');
    }
    var next = (this.fallback || Promise.resolve()).then(function () { return body(); });
    this.fallback = next.catch(function () {});
    return next;
  }
}

mergeInto(LibraryManager.library, {
  $SeedWriteLock: '=' + SeedWriteLock,
});
