// The C++ side as the host library sees it: every call into src/platform/web_storage.cpp's
// seed_storage_on_* functions (and web_main.cpp's seed_console_register) goes through this object, with
// the codes of host_codes.json and the strings through SeedText. The other modules take it as a
// parameter, so they are tested under node with a stand-in (tests/web/).
//
// None of these throws: the C++ functions catch their exceptions (an exception must not cross into
// JavaScript) and answer with a code or a reason string.
class SeedNative {
  // --- The database, under the lock ----------------------------------------------------------------------
  open(reason) { return _seed_storage_on_open(reason); } // → SeedCodes.OpenOutcome
  close() { _seed_storage_on_close(); }
  unavailable(reason) { SeedText.withText(reason, _seed_storage_on_unavailable); }
  // "" once C++ staged the file at `candidate` (it copies its rows a slice per frame), else the reason.
  // `confirm`: the window asks the person to Replace before a row is read (a file they chose).
  beginImport(candidate, displayName, confirm) {
    return SeedText.withTexts([candidate, displayName], function (candidatePointer, candidateLength, namePointer, nameLength) {
      return SeedText.answer(function (problemLength) {
        return _seed_storage_on_import_begin(candidatePointer, candidateLength, namePointer, nameLength, confirm ? 1 : 0,
                                             problemLength);
      });
    });
  }
  finishImport() { return SeedText.answer(_seed_storage_on_import_finish); } // under the lock: "" or why not
  undoImport() { return SeedText.answer(_seed_storage_on_undo_import); } // under the lock: "" or why not
  discardUndo() { return _seed_storage_on_discard_undo() !== 0; } // under the lock: false if nothing was kept
  startFresh() { return _seed_storage_on_start_fresh() !== 0; } // false: nothing to do (another tab did it)
  dataMissing(details) { SeedText.withText(details, _seed_storage_on_data_missing); }

  // --- Write turns (platform::WriteTurns owns their state) ----------------------------------------------
  turnState() { return _seed_storage_turn_state(); } // → SeedCodes.TurnState
  beginTurn() { return _seed_storage_on_turn_begin() !== 0; }
  revokeTurn() { return _seed_storage_on_turn_revoke() !== 0; } // whether the turn wrote

  // --- What the window shows -------------------------------------------------------------------------------
  saveState(state, message, unsaved) {
    SeedText.withText(message, function (pointer, length) { _seed_storage_on_save_state(state, pointer, length, unsaved); });
  }
  notice(text, kind) {
    SeedText.withText(text, function (pointer, length) { _seed_storage_on_notice(pointer, length, kind); });
  }
  waiting(waiting) { _seed_storage_on_waiting(waiting ? 1 : 0); }
  space(persistence, usage, quota) { _seed_storage_on_space(persistence, usage, quota); }

  // --- window.registry -------------------------------------------------------------------------------------
  counts() { return JSON.parse(SeedText.answer(_seed_storage_counts)); }
  snapshot() {
    var sizePointer = _malloc(4);
    try {
      var pointer = _seed_storage_snapshot(sizePointer);
      return HEAPU8.slice(pointer, pointer + HEAP32[sizePointer >> 2]);
    } finally {
      _free(sizePointer);
    }
  }
  // False if C++ refused to queue it (too many waiting).
  // Each field crosses whole (SeedText.encode): a NUL or a lone surrogate reaches the registration rules,
  // which refuse it with the field's message.
  register(id, username, email, password) {
    return SeedText.withTexts([username, email, password], function (u, uLength, e, eLength, p, pLength) {
      return _seed_console_register(id, u, uLength, e, eLength, p, pLength) !== 0;
    });
  }
}

mergeInto(LibraryManager.library, {
  $SeedNative__deps: ['$SeedText'],
  $SeedNative: '=' + SeedNative,
});
