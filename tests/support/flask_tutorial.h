// Runs the tutorial's Flask-SQLAlchemy models (tests/support/flask_tutorial.py) with Debian's python3:
// the reference the database-compatibility tests compare against. Native only (node has no Python).
// Needs SEED_SOURCE_DIR defined for the test target.
#pragma once

#include <doctest/doctest.h>

#include <array>
#include <cstdio>
#include <memory>
#include <string>

namespace test_support {

// Runs `tests/support/<script> <arguments>` and returns what it printed (stdout and stderr). Arguments
// are passed through the shell: keep them free of single quotes.
inline std::string flask_script(const std::string& script, const std::string& arguments) {
    const std::string command =
        "/usr/bin/python3 " SEED_SOURCE_DIR "/tests/support/" + script + " " + arguments + " 2>&1";
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
    REQUIRE(pipe);
    std::string output;
    std::array<char, 4096> buffer;
    while (fgets(buffer.data(), buffer.size(), pipe.get()))
        output += buffer.data();
    return output;
}

// Runs `flask_tutorial.py <arguments>`: the tutorial's own models.
inline std::string flask_tutorial(const std::string& arguments) { return flask_script("flask_tutorial.py", arguments); }

} // namespace test_support
