#include "ui/host_interface.h"

#include <imgui.h>

#ifndef SEED_APP_VERSION
#define SEED_APP_VERSION "dev"
#endif

namespace ui {

const char* app_version() { return SEED_APP_VERSION; }
const char* imgui_version() { return IMGUI_VERSION; }

} // namespace ui
