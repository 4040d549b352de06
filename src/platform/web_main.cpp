// The browser host: GLFW window on the page's canvas, Dear ImGui frame loop, the database in IndexedDB.
//
// Start-up is asynchronous: the page's IndexedDB copy is loaded into /data (host_library.js) before
// SQLite opens the file; frames are drawn meanwhile ("Opening database…"). After every commit the host
// asks host_library.js to write /data back to IndexedDB; it runs one save at a time and coalesces.
#include "app/counter_service.h"
#include "orm/database.h"
#include "platform/database_host.h"
#include "ui/item_locator.h"
#include "ui/skeleton_view.h"
#include "ui/theme.h"

#include <GLFW/glfw3.h>
#include <emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <cmath>
#include <cstdio>
#include <memory>
#include <string>

// Implemented in web/host_library.js.
extern "C" {
void seed_storage_mount(const char* directory);
void seed_storage_request_save();
void seed_page_set_phase(const char* phase);
}

namespace {

constexpr const char* kCanvas = "#canvas";
constexpr const char* kDataDirectory = "/data";
constexpr const char* kDatabasePath = "/data/registration.db";
constexpr const char* kFontPath = "/fonts/DejaVuSans.ttf";

struct WebHost {
    GLFWwindow* window = nullptr;
    int framebuffer_width = 0;
    int framebuffer_height = 0;
    float pixel_ratio = 0.0f;
    bool first_ready_frame_shown = false;
    platform::DatabaseHost database{[] { seed_storage_request_save(); }};
    std::unique_ptr<app::CounterService> counter;
    ui::StorageStatus storage;
    ui::SkeletonViewState skeleton;
    std::string sqlite_version = orm::Database::sqlite_version();
};

WebHost* g_host = nullptr; // the one host; reached from the callbacks the browser calls

// Keeps the canvas's pixel size equal to its CSS size times devicePixelRatio, and the font rasterised
// for that ratio, so text stays crisp when the window is resized or moved to another display.
void fit_canvas_to_window(WebHost& host) {
    double css_width = 0, css_height = 0;
    emscripten_get_element_css_size(kCanvas, &css_width, &css_height);
    const float ratio = static_cast<float>(emscripten_get_device_pixel_ratio());
    const int width = std::max(1, static_cast<int>(std::lround(css_width * ratio)));
    const int height = std::max(1, static_cast<int>(std::lround(css_height * ratio)));
    if (width != host.framebuffer_width || height != host.framebuffer_height) {
        // Not glfwSetWindowSize: Emscripten's GLFW treats a screen-sized window as a fullscreen request.
        emscripten_set_canvas_element_size(kCanvas, width, height);
        host.framebuffer_width = width;
        host.framebuffer_height = height;
    }
    if (ratio != host.pixel_ratio) {
        const bool texture_exists = host.pixel_ratio != 0.0f; // the first NewFrame creates it
        host.pixel_ratio = ratio;
        ui::apply_theme(kFontPath, ratio);
        if (texture_exists) {
            ImGui_ImplOpenGL3_DestroyFontsTexture();
            ImGui_ImplOpenGL3_CreateFontsTexture();
        }
    }
}

void frame(void* user_data) {
    WebHost& host = *static_cast<WebHost*>(user_data);
    fit_canvas_to_window(host);
    ui::ItemLocator::begin_frame();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    // ImGui works in canvas pixels: the mouse arrives in canvas pixels and fonts are sized for them.
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(static_cast<float>(host.framebuffer_width), static_cast<float>(host.framebuffer_height));
    io.DisplayFramebufferScale = ImVec2(1.0f, 1.0f);
    ImGui::NewFrame();

    ui::draw_skeleton_view(host.skeleton, host.counter.get(), host.storage, host.sqlite_version);

    ImGui::Render();
    glViewport(0, 0, host.framebuffer_width, host.framebuffer_height);
    glClearColor(0.90f, 0.91f, 0.93f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

    if ((host.storage.ready || !host.storage.error.empty()) && !host.first_ready_frame_shown) {
        host.first_ready_frame_shown = true;
        seed_page_set_phase("ready");
    }
}

} // namespace

// --- Called from web/host_library.js ------------------------------------------------------------------

// IndexedDB's copy is in /data now (or could not be loaded: `error` says why).
extern "C" EMSCRIPTEN_KEEPALIVE void seed_storage_mounted(const char* error) {
    WebHost& host = *g_host;
    if (error && error[0]) {
        host.storage.error = std::string("IndexedDB is unavailable: ") + error;
        return;
    }
    if (!host.database.open(kDatabasePath)) {
        host.storage.error = host.database.error();
        return;
    }
    try {
        host.counter = std::make_unique<app::CounterService>(*host.database.database());
        host.storage.ready = true;
    } catch (const std::exception& e) {
        host.storage.error = e.what();
    }
}

// state: 0 saved, 1 saving, 2 failed (`message` says why).
extern "C" EMSCRIPTEN_KEEPALIVE void seed_save_state_changed(int state, const char* message) {
    if (!g_host) return;
    using Save = ui::StorageStatus::Save;
    g_host->storage.save = state == 0 ? Save::Saved : state == 1 ? Save::Saving : Save::Failed;
    g_host->storage.save_error = state == 2 && message ? message : "";
}

// --- Test hooks (browser end-to-end tests read these; they change nothing) ----------------------------

extern "C" EMSCRIPTEN_KEEPALIVE const char* seed_test_items() {
    static std::string json;
    json = ui::ItemLocator::to_json();
    return json.c_str();
}

// What a person would read on screen, as JSON: whether the database is open, the counter, the save state.
extern "C" EMSCRIPTEN_KEEPALIVE const char* seed_test_state() {
    static std::string json;
    static const char* const save_states[] = {"saved", "saving", "failed"};
    const WebHost& host = *g_host;
    json = "{\"ready\":" + std::string(host.storage.ready ? "true" : "false") +
           ",\"counter\":" + std::to_string(host.counter ? host.counter->value() : -1) +
           ",\"saveState\":\"" + save_states[static_cast<int>(host.storage.save)] + "\"" +
           ",\"openError\":" + (host.storage.error.empty() ? "false" : "true") + "}";
    return json.c_str();
}

extern "C" EMSCRIPTEN_KEEPALIVE float seed_test_pixel_ratio() { return g_host ? g_host->pixel_ratio : 1.0f; }

int main() {
    static WebHost host;
    g_host = &host;

    if (!glfwInit()) {
        std::fprintf(stderr, "glfwInit failed\n");
        return 1;
    }
    glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    host.window = glfwCreateWindow(1280, 800, "Registration records", nullptr, nullptr);
    if (!host.window) {
        std::fprintf(stderr, "glfwCreateWindow failed: WebGL2 is unavailable\n");
        seed_page_set_phase("no-webgl2");
        return 1;
    }
    glfwMakeContextCurrent(host.window);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr; // layout is not persisted in the browser's MEMFS
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    ui::ItemLocator::enable();
    ImGui_ImplGlfw_InitForOpenGL(host.window, true);
    ImGui_ImplOpenGL3_Init("#version 300 es");

    seed_page_set_phase("opening");
    seed_storage_mount(kDataDirectory);
    emscripten_set_main_loop_arg(frame, &host, 0, false);
    return 0;
}
