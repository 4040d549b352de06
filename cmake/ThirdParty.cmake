# Third-party libraries, built once per build tree from the sources shell/setup.sh fetched and hash-checked.

# --- SQLite ---------------------------------------------------------------------------------------------
add_library(sqlite3 STATIC "${SEED_THIRD_PARTY_DIR}/sqlite3/sqlite3.c")
target_include_directories(sqlite3 SYSTEM PUBLIC "${SEED_THIRD_PARTY_DIR}/sqlite3")
target_compile_definitions(sqlite3 PUBLIC
  SQLITE_DQS=0                      # "double-quoted strings" are identifiers only, as the SQL standard says
  SQLITE_DEFAULT_FOREIGN_KEYS=1
  SQLITE_OMIT_LOAD_EXTENSION
  SQLITE_OMIT_DEPRECATED
  SQLITE_DEFAULT_MEMSTATUS=0
  SQLITE_LIKE_DOESNT_MATCH_BLOBS
  SQLITE_ENABLE_DBSTAT_VTAB)
if(EMSCRIPTEN)
  target_compile_definitions(sqlite3 PUBLIC SQLITE_THREADSAFE=0)
else()
  target_compile_definitions(sqlite3 PUBLIC SQLITE_THREADSAFE=1)
  find_package(Threads REQUIRED)
  target_link_libraries(sqlite3 PUBLIC Threads::Threads ${CMAKE_DL_LIBS} m)
endif()
# SQLite is compiled optimised even in Debug trees: it is not what we debug, and tests run faster. Under
# the sanitizers it is not instrumented (-fno-sanitize=all): instrumented, the amalgamation took 73 s of
# CPU at -O1 (190 s at -O2; g++ 12), against 15 s without, in a clean build of 2 cores. What the sanitizers
# are there for still shows: our code is instrumented, every allocation SQLite makes goes through
# AddressSanitizer's allocator (a use of a finalized statement's text is caught in our code), and its
# memcpy/strlen over our buffers go through the sanitizer's interceptors. SQLite's own code is checked
# by its own test suite.
if(SEED_SANITIZE)
  target_compile_options(sqlite3 PRIVATE -O1 -w -fno-sanitize=all)
else()
  target_compile_options(sqlite3 PRIVATE -O2 -w)
endif()

# --- Argon2 reference implementation ------------------------------------------------------------------
set(ARGON2_DIR "${SEED_THIRD_PARTY_DIR}/argon2")
add_library(argon2 STATIC
  "${ARGON2_DIR}/src/argon2.c" "${ARGON2_DIR}/src/core.c" "${ARGON2_DIR}/src/encoding.c"
  "${ARGON2_DIR}/src/ref.c" "${ARGON2_DIR}/src/blake2/blake2b.c")
target_include_directories(argon2 SYSTEM PUBLIC "${ARGON2_DIR}/include")
target_compile_definitions(argon2 PRIVATE ARGON2_NO_THREADS)
target_compile_options(argon2 PRIVATE -O2 -w)

# --- utf8proc (Unicode normalisation and case folding of usernames) ----------------------------------
# utf8proc.c #includes utf8proc_data.c: one translation unit.
add_library(utf8proc STATIC "${SEED_THIRD_PARTY_DIR}/utf8proc/utf8proc.c")
target_include_directories(utf8proc SYSTEM PUBLIC "${SEED_THIRD_PARTY_DIR}/utf8proc")
target_compile_definitions(utf8proc PUBLIC UTF8PROC_STATIC)
target_compile_options(utf8proc PRIVATE -O2 -w)

# --- Dear ImGui (core only; the app adds the GLFW + OpenGL3 backends) ----------------------------------
set(IMGUI_DIR "${SEED_THIRD_PARTY_DIR}/imgui")
add_library(imgui STATIC
  "${IMGUI_DIR}/imgui.cpp" "${IMGUI_DIR}/imgui_draw.cpp" "${IMGUI_DIR}/imgui_tables.cpp"
  "${IMGUI_DIR}/imgui_widgets.cpp" "${IMGUI_DIR}/misc/cpp/imgui_stdlib.cpp")
target_include_directories(imgui SYSTEM PUBLIC "${IMGUI_DIR}" "${IMGUI_DIR}/misc/cpp")
# The release app carries no demo window, and no legacy API sneaks back in.
target_compile_definitions(imgui PUBLIC IMGUI_DISABLE_DEMO_WINDOWS IMGUI_DISABLE_OBSOLETE_FUNCTIONS
                                        IMGUI_DISABLE_OBSOLETE_KEYIO)
target_compile_options(imgui PRIVATE -w)

if(EMSCRIPTEN)
  add_library(imgui_backends STATIC
    "${IMGUI_DIR}/backends/imgui_impl_glfw.cpp" "${IMGUI_DIR}/backends/imgui_impl_opengl3.cpp")
  target_include_directories(imgui_backends SYSTEM PUBLIC "${IMGUI_DIR}/backends")
  target_compile_options(imgui_backends PRIVATE -w)
  target_link_libraries(imgui_backends PUBLIC imgui)
endif()

# --- doctest (Debian's doctest-dev) ---------------------------------------------------------------------
# em++ cannot see /usr/include, and adding it would shadow Emscripten's own libc headers: expose a folder
# that holds only doctest/.
if(SEED_BUILD_TESTS)
  set(DOCTEST_INCLUDE "${CMAKE_BINARY_DIR}/doctest-include")
  file(MAKE_DIRECTORY "${DOCTEST_INCLUDE}")
  file(CREATE_LINK /usr/include/doctest "${DOCTEST_INCLUDE}/doctest" SYMBOLIC)
  add_library(doctest_header INTERFACE)
  target_include_directories(doctest_header SYSTEM INTERFACE "${DOCTEST_INCLUDE}")
endif()
