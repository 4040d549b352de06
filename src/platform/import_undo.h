// "Undo import": the database as it was before the last import, kept beside it until the next import or an
// explicit "Discard undo", and put back byte for byte on the person's word.
//
//     platform::ImportUndo undo("/data/registration.db", "/data/registration-undo.db");
//     undo.prepare();                          // before the replace: a copy of the stored chunks, set aside
//     std::string problem = host.replace_with(imported);
//     problem.empty() ? undo.commit() : undo.abandon();   // the copy becomes the undo, or goes
//     …
//     undo.restore(host);                      // later: the kept bytes are the database again
//
// Where the copy lives, and why there: as chunk files of their own database name in the same IndexedDB-backed
// mount (same object store, same record format) rather than in a second record set. The save loop stores every
// chunk file of the mount that changed in ONE IndexedDB transaction (host_library_local_copy.js takeChanges,
// host_library_idb_store.js write), so the copy and the imported data land together or not at all: after a
// crash IndexedDB holds either the old data (and no new copy) or the imported data with the copy beside it,
// never the import without the copy, and never neither. The order inside this tab is also copy first
// (prepare() before replace_with(), commit() after it succeeded), so even the in-memory files never hold the
// import without the copy. Other tabs fetch the copy's chunks like any changed chunk (the tab sync's log), so
// they offer the same undo; a reload finds them in IndexedDB. The copy is not a database the app opens: the
// lost-data check (SeedSavedRecord) and start-over count only the database's own chunks ("<db>.chunk.").
//
// Every call that touches files throws std::runtime_error naming the file, except restore(), which answers
// with the problem, and available()/size(), which never throw.
#pragma once

#include <cstdint>
#include <string>

namespace platform {

class DatabaseHost;

class ImportUndo {
  public:
    // `database` is the chunked database's path, `undo` the path its copy is kept under (its chunks are
    // "<undo>.chunk.000000" …). Both in the same mount.
    ImportUndo(std::string database, std::string undo);

    bool available() const;       // a copy is kept
    std::uint64_t size() const;   // its bytes; 0 when none

    // Copies the stored chunks of the database, as they are now (between transactions), to a pending copy
    // beside the kept one (which stays as it is until commit()). Throws std::runtime_error; then no pending
    // copy is left.
    void prepare();
    // The pending copy becomes the kept one (replacing the copy of an earlier import). Throws std::runtime_error.
    void commit();
    // The pending copy goes (the import did not happen). Never throws.
    void abandon() noexcept;
    // Puts the kept bytes back as the database (through host.replace_with(), so they are checked, and the
    // current database stays until they opened), then drops the copy. "" on success, else why not: then the
    // database and the copy are both as they were. The host's database must be closed by the caller's
    // services first (replace_with closes the connection). Never throws.
    std::string restore(DatabaseHost& host);
    // Drops the kept copy. Throws std::runtime_error.
    void discard();

  private:
    std::string database_;
    std::string undo_;
    std::string pending_;
};

} // namespace platform
