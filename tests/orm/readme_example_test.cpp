// Runs the example of src/orm/README.md (extracted into readme_example.cpp at configure time).
#include <doctest/doctest.h>

#include <sstream>

void readme_example(std::ostream& out);

TEST_CASE("the README's tutorial example runs and prints what the README says") {
    std::ostringstream out;
    readme_example(out);
    CHECK(out.str() ==
          "peter has id 1\n"
          "peter\n"
          "Demo User\n"
          "found the same object: 1\n"
          "get(2): Demo User\n"
          "2 users on 1 page(s)\n"
          "user.username is limited to 100 characters; the value has 101\n");
}
