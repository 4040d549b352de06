// The outcome of an import, of its undo, or of a refusal, shown over whichever tab the person is on (they
// may have chosen File → Import from any), with "Undo import" beside it while the data from before the
// import is kept, and a Dismiss button. The Home tab's storage panel does not repeat it.
//
//     draw_import_report(state.import_report, host.storage, host.actions);   // at the top of the window
#pragma once

#include "ui/storage_panel.h"

#include <string>

namespace ui {

struct ImportReportState {
    std::string dismissed; // the notice the person dismissed: hidden until another one replaces it
};

// Whether the report is shown: an import notice the person has not dismissed.
bool import_report_shown(const ImportReportState& state, const StorageStatus& storage);
void draw_import_report(ImportReportState& state, const StorageStatus& storage, StorageActions& actions);

} // namespace ui
