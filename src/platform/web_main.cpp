// The browser host: GLFW window on the page's canvas, Dear ImGui frame loop, the database in IndexedDB.
//
// Start-up is asynchronous: the page's IndexedDB copy is loaded into /data (host_library.js) before
// SQLite opens the file; the page's loading screen says "Opening database…" meanwhile. Storage, write
// turns across tabs, saving, export and import are platform::WebStorage's (web_storage.h). Frames are
// drawn only when something happened (platform::FramePacer, frame_pacer.h).
// Over 400 lines: the seed_* entry points JS calls are a few lines each and reach into WebHost here.
#include "app/database_import.h"
#include "app/password_hasher.h"
#include "orm/database.h"
#include "platform/browser_accessibility.h"
#include "platform/browser_password_strength.h"
#include "platform/browser_pointer_input.h"
#include "platform/browser_session_token.h"
#include "platform/browser_text_input.h"
#include "platform/console_registrations.h"
#include "platform/drawn_text_watch.h"
#include "platform/frame_pacer.h"
#include "platform/host_test_state.h"
#include "platform/js_text.h"
#include "platform/web_storage.h"
#include "platform/zeroed_free.h"
#include "ui/accessibility_tree.h"
#include "ui/app_view.h"
#include "ui/form_widgets.h"
#include "ui/glyph_demand.h"
#include "ui/item_locator.h"
#include "ui/storage_panel.h"
#include "ui/theme.h"
#include "ui/view_test_state.h"

#include <GLFW/glfw3.h>
#include <emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>
#include <imgui_internal.h> // ImGuiContext::InputEventsQueue: input not yet handed to a frame
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#if __has_include(<emscripten/version.h>)
#include <emscripten/version.h>
#endif

// Implemented in web/host_library.js, web/host_library_page.js and web/host_library_glyph_font.js.
extern "C" {
void seed_page_set_phase(const char* phase, int length);
void seed_console_settle(int id, const char* outcome_json, int length);
int seed_page_take_input(); // 1 if the person did something (pointer, key, wheel, text, focus) since the last call
int seed_appearance_system();      // bit 1: prefers-color-scheme: dark; bit 2: forced-colors: active
int seed_appearance_load_choice(); // the View menu's remembered choice (ui::ThemeChoice)
void seed_appearance_save_choice(int choice);
void seed_appearance_show(const char* scheme, int length);
int seed_glyph_font_request(const char* name, int name_length, const char* path, int path_length);
int seed_glyph_font_state();
int seed_glyph_font_fetches();
}

namespace {

constexpr const char* kCanvas = "#canvas";
constexpr const char* kDataDirectory = "/data";
constexpr const char* kDatabasePath = "/data/registration.db";
constexpr const char* kFontPath = "/fonts/DejaVuSans.ttf"; // embedded in app.wasm
// The CJK font: a file of the site fetched into MEMFS when such text is first drawn (follow_glyph_demand).
constexpr std::string_view kCjkFontName = "DroidSansFallback-CJK.ttf";
constexpr std::string_view kCjkFontPath = "/fonts/DroidSansFallback-CJK.ttf";
// Line height over em (hhea ascent − descent over unitsPerEm): Droid Sans Fallback (267 + 68) / 256, DejaVu
// Sans (1901 + 483) / 2048. At the same line height the ideographs came out a size smaller than the Latin.
constexpr float kCjkSizeScale = (335.0f / 256.0f) / (2384.0f / 2048.0f);
// Our code's share of an animation frame for an import (at least one Argon2 segment, ~10 ms in wasm, so
// a frame with a password to hash takes a little longer).
constexpr std::chrono::milliseconds kImportBudget{8};

struct WebHost {
    GLFWwindow* window = nullptr;
    int framebuffer_width = 0;
    int framebuffer_height = 0;
    float pixel_ratio = 0.0f;
    int frames_with_content = 0; // the loading screen goes once the content has settled (see frame())
    std::int64_t frames_drawn = 0; // for tests: a frame after the input queue emptied shows its effect
    app::PasswordHasher hasher;
    platform::BrowserPasswordStrength password_strength; // zxcvbn, fetched once the database is open
    std::unique_ptr<app::Services> services; // null while no database is open or its schema failed
    std::string services_error;
    std::int64_t services_generation = 0;
    // The signed-in session's token as this tab keeps it (sessionStorage): read at start-up, resumed on
    // every (re)open of the database, followed after every frame (keep_session_token).
    std::string session_token = platform::load_session_token();
    platform::WebStorage storage{kDataDirectory, kDatabasePath, {[this](orm::Database& db) { open_services(db); },
                                                                 [this] {
                                                                     if (services) session_token = services->authentication.session_token();
                                                                     services.reset();
                                                                 }}};
    ui::AppViewState app_view;
    platform::ConsoleRegistrations console; // window.registry.register()
    platform::FramePacer pacer;
    std::string drawn_status; // status_signature() of the last drawn frame
    double saving_since = -1; // seconds: when the save in flight started, or -1
    std::string sqlite_version = orm::Database::sqlite_version();
    ui::ThemeChoice saved_theme = ui::ThemeChoice::FollowSystem; // the choice in localStorage
    std::optional<ui::ColourScheme> scheme;                      // the scheme applied
    ui::GlyphDemand glyphs; // CJK characters drawn without a glyph (every text drawn: drawn_text_watch.h)
    double glyph_rebuild_ms = 0; // the last atlas rebuild for them, texture upload included (for tests)

    // The fonts of the atlas: DejaVu Sans, and the CJK font's glyphs asked for so far (none at first).
    ui::MergedFont merged_font() const { return {kCjkFontPath.data(), glyphs.ranges(), kCjkSizeScale}; }

    // The database (re)opened: bring its schema up to date and build the app's services on it. A schema
    // that cannot be upgraded leaves the app on its start-up screen with the reason.
    void open_services(orm::Database& db) {
        try {
            services = app::open_services(db, hasher, ++services_generation, password_strength);
            password_strength.availability(); // starts fetching zxcvbn.js, so it is there before anyone types
            services_error.clear();
            // A reload, another tab's save or an import (re)opens the database: the person stays signed in
            // here while the session record of this tab's token is valid. "Log out everywhere" in another
            // tab deleted it, so this tab finds itself signed out when it catches up with that change.
            if (!session_token.empty()) services->authentication.resume_session(session_token);
            follow_session_token();
        } catch (const std::exception& error) {
            services.reset();
            services_error = error.what();
        }
    }

    // Keeps what the tab holds in sessionStorage equal to the services' token: set at login, gone at
    // logout or when a resume found the record ended. Nothing while no services are open.
    void follow_session_token() {
        if (!services || services->authentication.session_token() == session_token) return;
        session_token = services->authentication.session_token();
        platform::keep_session_token(session_token);
    }
};

std::string emscripten_version() {
#if defined(__EMSCRIPTEN_major__)
    return std::to_string(__EMSCRIPTEN_major__) + "." + std::to_string(__EMSCRIPTEN_minor__) + "." +
           std::to_string(__EMSCRIPTEN_tiny__);
#else
    return "";
#endif
}

WebHost* g_host = nullptr; // the one host; reached from the callbacks the browser calls

void set_phase(std::string_view phase) {
    seed_page_set_phase(phase.data(), static_cast<int>(phase.size()));
}

// What the page shows of the storage state: a change of it is a reason to draw. "Saving…" is left out:
// a frame drawn to show it would delay the save it announces (IndexedDB's events wait for frames), and
// a save that takes longer than a quarter of a second shows it on the next idle frame anyway.
std::string status_signature(const ui::StorageStatus& s) {
    const int save = s.save == ui::StorageStatus::Save::Failed ? 2 : 0;
    return std::to_string(s.ready) + static_cast<char>('0' + save) + s.save_error + '|' + s.error +
           std::to_string(s.damaged) + static_cast<char>('0' + static_cast<int>(s.persistence)) +
           std::to_string(s.usage_bytes) + '|' + std::to_string(s.quota_bytes) + '|' + s.notice +
           std::to_string(s.notice_is_error) + std::to_string(s.data_version) +
           std::to_string(s.waiting_for_other_tab) + '|' +
           std::to_string(save == 2 ? s.unsaved_changes : 0) + // the count shows while saves fail
           (s.import.active ? '|' + ui::describe_import(s.import) : std::string());
}

// Rasterises the fonts (DejaVu Sans and the CJK glyphs asked for so far) for the host's pixel ratio into a
// new atlas. The backend uploads an atlas once, so a new atlas needs a new texture, except before the
// first frame, whose NewFrame creates it.
void rebuild_fonts(WebHost& host, bool texture_exists) {
    ui::apply_theme(kFontPath, host.pixel_ratio, host.merged_font());
    if (!texture_exists) return;
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
}

// Keeps the canvas's pixel size equal to its CSS size times devicePixelRatio, and the font rasterised
// for that ratio, so text stays crisp when the window is resized or moved to another display.
// Returns whether anything changed.
bool fit_canvas_to_window(WebHost& host) {
    double css_width = 0, css_height = 0;
    emscripten_get_element_css_size(kCanvas, &css_width, &css_height);
    const float ratio = static_cast<float>(emscripten_get_device_pixel_ratio());
    bool changed = false;
    const int width = std::max(1, static_cast<int>(std::lround(css_width * ratio)));
    const int height = std::max(1, static_cast<int>(std::lround(css_height * ratio)));
    if (width != host.framebuffer_width || height != host.framebuffer_height) {
        // Not glfwSetWindowSize: Emscripten's GLFW treats a screen-sized window as a fullscreen request.
        emscripten_set_canvas_element_size(kCanvas, width, height);
        host.framebuffer_width = width;
        host.framebuffer_height = height;
        changed = true;
    }
    if (ratio != host.pixel_ratio) {
        const bool texture_exists = host.pixel_ratio != 0.0f; // no ratio yet: no frame yet
        host.pixel_ratio = ratio;
        rebuild_fonts(host, texture_exists);
        changed = true;
    }
    return changed;
}

// Between frames: the CJK characters that drawn frames had no glyph for get one from the CJK font, which
// is fetched the first time (asked again each animation frame until it is here; the frame after shows
// the glyphs). Without the font (offline before the service worker kept it) they stay "?", and the
// fetch is tried again only when a character not seen before is drawn. Returns whether the atlas changed.
bool follow_glyph_demand(WebHost& host) {
    if (!host.glyphs.wanted()) return false;
    const int font = seed_glyph_font_request(kCjkFontName.data(), static_cast<int>(kCjkFontName.size()),
                                             kCjkFontPath.data(), static_cast<int>(kCjkFontPath.size()));
    if (font == 0) return false; // loading
    if (font != 1) {
        host.glyphs.defer();
        return false;
    }
    const double started = emscripten_get_now();
    host.glyphs.take_ranges(); // merged_font() now has them
    rebuild_fonts(host, true);
    host.glyph_rebuild_ms = emscripten_get_now() - started;
    return true;
}

// Applies the colour scheme the View choice and the browser's preferences ask for (the browser's
// preferences are read in every drawn frame: a change of them draws one), and remembers a new choice.
void follow_appearance(WebHost& host) {
    if (host.app_view.theme != host.saved_theme) {
        host.saved_theme = host.app_view.theme;
        seed_appearance_save_choice(static_cast<int>(host.saved_theme));
    }
    const int system = seed_appearance_system();
    const ui::ColourScheme scheme = ui::scheme_for(host.app_view.theme, {(system & 1) != 0, (system & 2) != 0});
    if (host.scheme == scheme) return;
    host.scheme = scheme;
    ui::apply_scheme(scheme);
    const std::string_view name = ui::describe(scheme);
    seed_appearance_show(name.data(), static_cast<int>(name.size()));
}

void frame(void* user_data) {
    WebHost& host = *static_cast<WebHost*>(user_data);
    // An import readies a slice in every animation frame, drawn or not: the page stays responsive, and
    // the frames that only show its progress need not all be drawn.
    host.storage.step_import(kImportBudget);
    const bool resized = fit_canvas_to_window(host);
    const bool glyphs_added = follow_glyph_demand(host);
    const std::string status = status_signature(host.storage.status());
    // A write waiting for its turn needs no frames until the turn is granted (then it needs the next one):
    // drawing meanwhile would only delay the IndexedDB work that grants it.
    const platform::WriteTurns& turns = host.storage.turns();
    // Dear ImGui hands queued input to frames one step at a time (a key's down and up in separate frames),
    // so typed text still in its queue needs frames too.
    const bool queued_input = ImGui::GetCurrentContext() && ImGui::GetCurrentContext()->InputEventsQueue.Size > 0;
    const bool person_acted = seed_page_take_input() != 0 || queued_input || resized;
    const ui::StorageStatus& shown = host.storage.status();
    const bool settling = host.frames_with_content < 3 &&
                          (shown.ready || !shown.error.empty() || shown.waiting_for_other_tab); // see below
    const bool state_changed = status != host.drawn_status || glyphs_added || turns.active() ||
                               ui::wants_next_frame(host.app_view) || (!host.console.idle() && !turns.waiting()) ||
                               settling;
    // Idle frames wait while a save is in flight, for up to a second (a long save still shows "Saving…").
    const double now = emscripten_get_now() / 1000.0;
    const bool saving = shown.save == ui::StorageStatus::Save::Saving;
    if (!saving) host.saving_since = -1;
    else if (host.saving_since < 0) host.saving_since = now;
    const bool hold_idle = saving && now - host.saving_since < 1.0;
    if (!host.pacer.should_draw(now, person_acted, state_changed, hold_idle)) return;
    host.drawn_status = status;
    ++host.frames_drawn;
    follow_appearance(host);
    ui::ItemLocator::begin_frame();
    ui::AccessibilityTree::apply_requests(); // what the person did to the page's mirror of the last frame
    ui::AccessibilityTree::begin_frame();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    // ImGui works in canvas pixels: the mouse arrives in canvas pixels and fonts are sized for them.
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(static_cast<float>(host.framebuffer_width), static_cast<float>(host.framebuffer_height));
    io.DisplayFramebufferScale = ImVec2(1.0f, 1.0f);
    ImGui::NewFrame();

    const ui::HostContext context{host.storage.status(), host.storage, {host.sqlite_version, emscripten_version()}};
    ui::draw_app_view(host.app_view, host.services.get(), context, host.services_error);

    ImGui::Render();
    glViewport(0, 0, host.framebuffer_width, host.framebuffer_height);
    const ImVec4 clear = ui::palette().menu_bar;
    glClearColor(clear.x, clear.y, clear.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    platform::publish_accessibility(); // the page's mirror follows, if anything it shows changed
    platform::wipe_spent_input();
    const auto registered = host.console.run(host.storage, host.services.get()); // in this frame's turn
    for (const auto& outcome : registered)
        seed_console_settle(outcome.id, outcome.json.data(), static_cast<int>(outcome.json.size()));
    if (!registered.empty()) ++host.app_view.epoch; // the views count and list again
    host.storage.end_frame(); // a write turn ends with the frame; what it changed gets saved
    host.follow_session_token();

    const ui::StorageStatus& storage = host.storage.status();
    // The page's loading screen gives way once there is something to read: the data, an error, or why
    // the data is not there yet (another tab holds the write lock while its save keeps failing).
    // Dear ImGui sizes auto-fitting windows on the frame after their first, so "ready" waits for the third
    // frame with content: widgets no longer move when a person (or a test) clicks the first time.
    if ((storage.ready || !storage.error.empty() || storage.waiting_for_other_tab) && host.frames_with_content < 3) {
        if (++host.frames_with_content == 3) set_phase("ready");
    }
}

} // namespace

// --- Test hooks (browser end-to-end tests read these; they change nothing) ----------------------------

extern "C" EMSCRIPTEN_KEEPALIVE const char* seed_test_items() {
    static std::string json;
    json = ui::ItemLocator::to_json();
    return json.c_str();
}

// What a person would read on screen, as JSON: whether the database is open, the save
// and storage state, the last notice, and dataVersion (grows when another tab's change was loaded).
extern "C" EMSCRIPTEN_KEEPALIVE const char* seed_test_state() {
    static std::string json;
    const WebHost& host = *g_host;
    platform::HostFacts facts{host.storage.status()};
    facts.frames_drawn = host.frames_drawn;
    const ImGuiContext* imgui = ImGui::GetCurrentContext();
    facts.input_queued = imgui ? imgui->InputEventsQueue.Size : 0;
    facts.pending_writes = host.console.waiting();
    facts.waiting_for_turn = host.storage.turns().waiting();
    facts.glyph_font = seed_glyph_font_state();
    facts.glyph_fetches = seed_glyph_font_fetches();
    facts.glyphs_asked = host.glyphs.asked_count();
    facts.glyphs_waiting = host.glyphs.waiting_count();
    facts.glyph_rebuild_ms = host.glyph_rebuild_ms;
    json = "{" + platform::host_test_state(facts) + "," +
           ui::view_test_state(host.app_view, host.services.get()) + "}";
    return json.c_str();
}

// window.registry.register(): 1 if queued (settled later through seed_console_settle), 0 if the queue is full.
// The fields as their bytes (js_bytes): the registration rules refuse a NUL or invalid UTF-8 with the
// field's message, as the form would.
extern "C" EMSCRIPTEN_KEEPALIVE int seed_console_register(int id, const char* username, int username_length,
                                                          const char* email, int email_length, const char* password,
                                                          int password_length) {
    const std::string_view secret = platform::js_bytes(password, password_length);
    return g_host->console.enqueue(id, {std::string(platform::js_bytes(username, username_length)),
                                        std::string(platform::js_bytes(email, email_length)), std::string(secret),
                                        std::string(secret)})
               ? 1
               : 0;
}

// 1 if the font atlas has a glyph for `code_point` (not the fallback "?").
extern "C" EMSCRIPTEN_KEEPALIVE int seed_test_has_glyph(int code_point) {
    // The atlas's font, not ImGui::GetFont(): between a rebuild and the next frame that one is stale.
    const ImFontAtlas* atlas = ImGui::GetCurrentContext() ? ImGui::GetIO().Fonts : nullptr;
    const ImFont* font = atlas && atlas->Fonts.Size > 0 ? atlas->Fonts[0] : nullptr;
    return font && font->FindGlyphNoFallback(static_cast<ImWchar>(code_point)) ? 1 : 0;
}

extern "C" EMSCRIPTEN_KEEPALIVE float seed_test_pixel_ratio() { return g_host ? g_host->pixel_ratio : 1.0f; }

// 1 if Dear ImGui has a pointer over the canvas (a finger that lifted leaves none: nothing stays hovered).
extern "C" EMSCRIPTEN_KEEPALIVE int seed_test_pointer_on_canvas() {
    return ImGui::GetCurrentContext() && ImGui::IsMousePosValid() ? 1 : 0;
}

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
        set_phase("no-webgl2");
        return 1;
    }
    glfwMakeContextCurrent(host.window);

    IMGUI_CHECKVERSION();
    ImGui::SetAllocatorFunctions(platform::allocate_for_imgui, platform::free_zeroed_for_imgui);
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr; // layout is not persisted in the browser's MEMFS
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    ui::ItemLocator::enable();
    ui::AccessibilityTree::enable();
    ImGui_ImplGlfw_InitForOpenGL(host.window, true);
    ImGui_ImplOpenGL3_Init("#version 300 es");
    platform::install_browser_text_input(io);
    platform::install_browser_pointer_input(host.window, kCanvas);
    platform::watch_drawn_text(&host.glyphs);

    host.app_view.theme = host.saved_theme = static_cast<ui::ThemeChoice>(seed_appearance_load_choice());
    host.storage.set_import_work([](orm::Database& candidate, orm::Database& fresh) {
        return platform::import_work(std::make_unique<app::DatabaseImport>(candidate, fresh, g_host->hasher));
    });
    set_phase("opening");
    host.storage.start();
    emscripten_set_main_loop_arg(frame, &host, 0, false);
    return 0;
}
