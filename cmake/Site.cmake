# The static site around the WebAssembly app: the embedded font's subset, the icons, and the assembly of
# the deployable folder with its build version. The work is done by the node scripts in cmake/site/ (node
# is already needed by Emscripten); none of them needs a browser or a network.

find_program(SEED_NODE node REQUIRED)
set(SEED_SITE_SCRIPTS "${CMAKE_CURRENT_LIST_DIR}/site")

# seed_subset_font(<target> [COMPACT] INPUT <font.ttf> OUTPUT <subset.ttf> RANGES <first-last | @file>...
#                  [DEPENDS <file>...])
# Adds <target>, which writes OUTPUT: INPUT with only the glyphs of RANGES (code point ranges such as
# 0x20-0xFF, or @file: a file of them, listed in DEPENDS if the build makes it), without hinting; COMPACT
# numbers the kept glyphs anew (subset_font.mjs --compact). The script checks its output keeps every
# glyph of the ranges unchanged.
function(seed_subset_font target)
  cmake_parse_arguments(PARSE_ARGV 1 arg "COMPACT" "INPUT;OUTPUT" "RANGES;DEPENDS")
  set(options)
  if(arg_COMPACT)
    set(options --compact)
  endif()
  add_custom_command(OUTPUT "${arg_OUTPUT}"
    COMMAND "${SEED_NODE}" "${SEED_SITE_SCRIPTS}/subset_font.mjs" ${options} "${arg_INPUT}" "${arg_OUTPUT}" ${arg_RANGES}
    DEPENDS "${arg_INPUT}" "${SEED_SITE_SCRIPTS}/subset_font.mjs" ${arg_DEPENDS}
    COMMENT "Subsetting ${arg_INPUT}"
    VERBATIM)
  add_custom_target(${target} DEPENDS "${arg_OUTPUT}")
endfunction()

# seed_add_site(<target> APP <executable> SOURCE_DIR <web/site> SITE_DIR <folder> [FILES <path>...]
#               [ON_DEMAND <path>...])
# Adds <target> (built by default), which makes SITE_DIR the deployable site: APP's app.js and app.wasm
# (linked there), the files of SOURCE_DIR, the PNG icons drawn from SOURCE_DIR/icon.svg, the FILES as
# they are (e.g. a dependency from node_modules), and sw.js stamped with the SHA-256 of every file and
# the build version derived from them. ON_DEMAND files are copied too, but the service worker stores
# them only once the page first fetches them (BUILD.onDemand), not at the first visit.
function(seed_add_site target)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "APP;SOURCE_DIR;SITE_DIR" "FILES;ON_DEMAND")
  set(file_names)
  set(file_copies)
  set(on_demand_names)
  foreach(file IN LISTS arg_FILES arg_ON_DEMAND)
    get_filename_component(name "${file}" NAME)
    add_custom_command(OUTPUT "${arg_SITE_DIR}/${name}"
      COMMAND "${CMAKE_COMMAND}" -E make_directory "${arg_SITE_DIR}"
      COMMAND "${CMAKE_COMMAND}" -E copy_if_different "${file}" "${arg_SITE_DIR}/${name}"
      DEPENDS "${file}"
      COMMENT "Copying ${name} into the site"
      VERBATIM)
    if(file IN_LIST arg_ON_DEMAND)
      list(APPEND on_demand_names "${name}")
    else()
      list(APPEND file_names "${name}")
    endif()
    list(APPEND file_copies "${arg_SITE_DIR}/${name}")
  endforeach()
  if(on_demand_names)
    list(PREPEND on_demand_names --on-demand)
  endif()
  set(icons icon-192.png icon-512.png icon-maskable-512.png apple-touch-icon.png)
  list(TRANSFORM icons PREPEND "${arg_SITE_DIR}/" OUTPUT_VARIABLE icon_paths)
  add_custom_command(OUTPUT ${icon_paths}
    COMMAND "${CMAKE_COMMAND}" -E make_directory "${arg_SITE_DIR}"
    COMMAND "${SEED_NODE}" "${SEED_SITE_SCRIPTS}/make_icons.mjs" "${arg_SOURCE_DIR}/icon.svg" "${arg_SITE_DIR}"
    DEPENDS "${arg_SOURCE_DIR}/icon.svg" "${SEED_SITE_SCRIPTS}/make_icons.mjs"
    COMMENT "Drawing the PNG icons from icon.svg"
    VERBATIM)

  file(GLOB sources CONFIGURE_DEPENDS "${arg_SOURCE_DIR}/*")
  set(copies)
  foreach(source IN LISTS sources)
    get_filename_component(name "${source}" NAME)
    list(APPEND copies "${arg_SITE_DIR}/${name}")
  endforeach()
  # The list of sources is a dependency too, so removing a file of SOURCE_DIR removes it from the site
  # (file(CONFIGURE) rewrites the list only when it changes).
  set(source_list "${CMAKE_CURRENT_BINARY_DIR}/${target}.sources")
  file(CONFIGURE OUTPUT "${source_list}" CONTENT "${sources}")
  # The stamp is the command's witness; sw.js and the copies are only rewritten when they change.
  set(stamp "${CMAKE_CURRENT_BINARY_DIR}/${target}.stamp")
  add_custom_command(OUTPUT "${stamp}"
    BYPRODUCTS ${copies}
    COMMAND "${SEED_NODE}" "${SEED_SITE_SCRIPTS}/assemble_site.mjs" "${arg_SOURCE_DIR}" "${arg_SITE_DIR}"
            app.js app.wasm ${icons} ${file_names} ${on_demand_names}
    COMMAND "${CMAKE_COMMAND}" -E touch "${stamp}"
    DEPENDS ${sources} "${source_list}" ${icon_paths} ${file_copies} ${arg_APP} "${SEED_SITE_SCRIPTS}/assemble_site.mjs"
    COMMENT "Assembling the static site in ${arg_SITE_DIR}"
    VERBATIM)
  add_custom_target(${target} ALL DEPENDS "${stamp}")
endfunction()
