// What a view or a host-side helper asks of its host (ui::StorageActions), answered the way the test
// says and recorded: whether a write turn is granted, and the exports, imports and downloads asked for.
#pragma once

#include "ui/host_interface.h"

#include <string>

namespace test_support {

struct RecordingActions final : ui::StorageActions {
    bool granted = true; // may_write()'s answer: the cross-tab write lock held, or not yet
    int asked = 0;       // may_write() calls
    int exports = 0, imports = 0, cancelled_imports = 0, confirmed_imports = 0, undos = 0, discarded_undos = 0;
    std::string saved_name, saved_bytes; // the last save_file()

    bool may_write() override {
        ++asked;
        return granted;
    }
    void retry_save() override {}
    void export_database() override { ++exports; }
    void import_database() override { ++imports; }
    void cancel_import() override { ++cancelled_imports; }
    void confirm_import() override { ++confirmed_imports; }
    void undo_import() override { ++undos; }
    void discard_undo() override { ++discarded_undos; }
    void export_damaged_file() override {}
    void start_fresh() override {}
    void save_file(const std::string& name, const std::string&, const std::string& bytes) override {
        saved_name = name;
        saved_bytes = bytes;
    }
};

} // namespace test_support
