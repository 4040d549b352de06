// What the browser says about this origin's storage: whether it is persistent (navigator.storage
// .persist(), asked once the person has saved something worth keeping; Firefox shows a prompt for it)
// and the usage and quota navigator.storage.estimate() reports. Reported to C++ for the status line and
// kept for window.registry.saveState().
//
//   var space = new SeedStorageSpace(native);
//   space.update();              // at start and after every save
//   space.askForPersistence();   // after the first save
//
// One error path: a browser without the API, or one that refuses the call, leaves the last known
// values (unknown at first); nothing here can fail a save.
class SeedStorageSpace {
  constructor(native) {
    this.native = native; // C++: space(persistence, usage, quota)
    this.persistAsked = false;
    this.persistence = SeedCodes.Persistence.Unknown;
    this.usage = undefined;
    this.quota = undefined;
  }

  static api() {
    return typeof navigator !== 'undefined' && navigator.storage ? navigator.storage : null;
  }

  askForPersistence() {
    var storage = SeedStorageSpace.api();
    if (this.persistAsked || !storage || !storage.persist) return;
    this.persistAsked = true;
    var space = this;
    storage.persisted().then(function (already) {
      return already || storage.persist();
    }).then(function (granted) {
      space.persistence = granted ? SeedCodes.Persistence.Persistent : SeedCodes.Persistence.BestEffort;
      space.update();
    }).catch(function () {});
  }

  update() {
    var storage = SeedStorageSpace.api();
    if (!storage || !storage.estimate) return;
    var space = this;
    var persisted = storage.persisted ? storage.persisted() : Promise.resolve(null);
    Promise.all([persisted, storage.estimate()]).then(function (answers) {
      space.persistence = answers[0] === null ? SeedCodes.Persistence.Unknown
                        : answers[0] ? SeedCodes.Persistence.Persistent : SeedCodes.Persistence.BestEffort;
      space.usage = answers[1].usage;
      space.quota = answers[1].quota;
      space.native.space(space.persistence, Number(space.usage) || 0, Number(space.quota) || 0);
    }).catch(function () {});
  }

  // For window.registry.saveState(): true, false, or null while unknown.
  persisted() {
    return this.persistence === SeedCodes.Persistence.Persistent ? true
         : this.persistence === SeedCodes.Persistence.BestEffort ? false : null;
  }
}

mergeInto(LibraryManager.library, {
  $SeedStorageSpace__deps: ['$SeedCodes'],
  $SeedStorageSpace: '=' + SeedStorageSpace,
});
