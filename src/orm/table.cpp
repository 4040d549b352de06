#include "orm/table.h"

#include "orm/error.h"

namespace orm {

Table::Table(std::string name) : ModelInfo(name, [](detail::ObjectPool*) { return std::shared_ptr<void>(); }) {
    set_table(std::move(name));
}

void Table::add_table_column(ColumnInfo column) {
    add_column(std::move(column), true);
}

} // namespace orm
