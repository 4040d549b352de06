// The question File → Import asks before a row of the chosen file is read: what will be replaced by what
// (each table's rows now and in the file, the file's name and size), with "Export current data first",
// "Replace" and "Cancel". The host counted the file's rows (app::FileRows, through StorageStatus::import);
// the view only shows them. In the DOM mirror it is a dialog named by its title, like the delete confirmation.
//
//     draw_import_confirmation(host.storage, state.counts, host.actions);   // once a frame; draws nothing
//                                                                            // unless an import awaits Replace
#pragma once

#include "ui/app_view.h"
#include "ui/storage_panel.h"

#include <array>
#include <cstdint>
#include <string>

namespace ui {

inline constexpr const char* kImportConfirmTitle = "Replace all your data?";

struct ImportComparisonRow {
    const char* table;    // "Users", "Pet handlers", …
    std::int64_t now = 0; // in the current database (-1: not known)
    std::int64_t in_file = 0;
};

// The five tables, current rows beside the file's (ImportProgress::file_rows' order).
std::array<ImportComparisonRow, 5> compare_import_rows(const RowCounts& current, const std::array<std::int64_t, 5>& file);
// "Everything in this browser's database is replaced by the contents of tutorial.db (12.3 KB)."
std::string describe_import_replacement(const ImportProgress& import);

// Draws the modal while storage.import.confirming; Replace calls actions.confirm_import(), Cancel (or
// Escape) actions.cancel_import(), "Export current data first" actions.export_database() and stays open.
void draw_import_confirmation(const StorageStatus& storage, const RowCounts& current, StorageActions& actions);

} // namespace ui
