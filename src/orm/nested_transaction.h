// session.begin_nested(): a SAVEPOINT inside the session's transaction, as a RAII guard whose rollback
// also puts the session's objects back as they were when it began (SQLAlchemy's Session.begin_nested()).
//
//   {
//       auto nested = session.begin_nested();   // flushes, then SAVEPOINT
//       session.add(Pet{…});
//       peter->user_email = "p@example.org";
//       session.remove(old_pet);
//       if (!valid) return;                      // rolled back: the pet detached (id 0), peter's email
//                                                // reloaded, old_pet held again; the outer work stays
//       nested.commit();                         // flush, RELEASE: part of the session's transaction
//   }
//   session.commit();                            // or rollback(): undoes the released savepoint too
//
// - Unlike Python's `with` block, leaving the scope without commit() rolls back, exception or not (as
//   every Transaction here does): commit() is the one way to keep the work.
// - Nested inside nested works; rolling back an outer one rolls back the inner ones too. commit() of an
//   outer one while an inner one is open is a UsageError.
// - On rollback: objects inserted since the savepoint are detached (ids back to 0), objects added and not
//   flushed leave the session, deleted ones are held again, changed ones (flushed or not) are reloaded
//   from the savepoint's state, primary keys changed go back; loaded relationships load again on access.
//   Objects loaded inside the savepoint and unchanged stay as they are.
// - session.commit() releases the open savepoints and commits; session.rollback() undoes them with the
//   rest. The guard outliving its session does nothing.
#pragma once

#include <cstdint>
#include <memory>

namespace orm {

class Session;

class NestedTransaction {
  public:
    // Rolls back if neither commit() nor rollback() ended it (nor the session's commit/rollback). Never throws.
    ~NestedTransaction();
    // Movable (into a std::optional or a member); the moved-from guard is inactive.
    NestedTransaction(NestedTransaction&& other) noexcept;
    NestedTransaction& operator=(NestedTransaction&&) = delete;

    // Flushes, then RELEASE. Throws what flush() throws (ValueError, ConstraintError…): the savepoint is
    // then still open, with nothing of the failed flush written. Throws UsageError if it already ended
    // or a savepoint begun inside it is still open.
    void commit();
    // ROLLBACK TO the savepoint, then the session's objects as above. Throws UsageError if it already
    // ended. If SQLite lost the savepoint (it rolled the whole transaction back after an I/O error), the
    // whole session is rolled back and the DatabaseError rethrown.
    void rollback();
    // Neither committed nor rolled back yet.
    bool is_active() const;

  private:
    friend class Session;
    NestedTransaction(Session& session, std::uint64_t serial);
    Session* session_;
    std::weak_ptr<const void> lifetime_;
    std::uint64_t serial_;
};

} // namespace orm
