#include "orm/model.h"

#include "orm/error.h"
#include "orm/utf8.h"

#include <algorithm>
#include <cctype>

namespace orm {

ModelInfo::ModelInfo(std::string class_name, std::shared_ptr<void> (*factory)(detail::ObjectPool*))
    : class_name_(std::move(class_name)), table_(snake_case(class_name_)), create_(factory) {}

void ModelInfo::add_column(ColumnInfo column, bool composite_key) {
    if (find_column(column.name)) throw UsageError(table_ + ": column '" + column.name + "' declared twice");
    if (column.primary_key && composite_key) {
        primary_key_index_ = -1; // no single identity: never loaded as objects
    } else if (column.primary_key) {
        if (primary_key_index_ >= 0) throw UsageError(table_ + ": only one primary key column is supported");
        if (column.type.kind != TypeKind::Integer) throw UsageError(table_ + ": the primary key must be an Integer column");
        primary_key_index_ = static_cast<int>(columns_.size());
    }
    if (column.may_be_unset && column.primary_key) throw UsageError(table_ + ": the primary key cannot be an orm::Defaulted member (0 already means unassigned)");
    any_may_be_unset_ = any_may_be_unset_ || column.may_be_unset;
    any_update_default_ = any_update_default_ || column.update_default.has_value();
    columns_.push_back(std::move(column));
    rebuild_sql();
}

void ModelInfo::set_table(std::string table) {
    table_ = std::move(table);
    rebuild_sql();
}

void ModelInfo::rebuild_sql() {
    select_list_.clear();
    const std::string table = quote_identifier(table_);
    std::string names, placeholders, all_names, all_placeholders;
    for (const ColumnInfo& c : columns_) {
        if (!select_list_.empty()) select_list_ += ", ";
        select_list_ += table + "." + quote_identifier(c.name);
        const char* comma = all_names.empty() ? "" : ", ";
        all_names += comma + quote_identifier(c.name);
        all_placeholders += std::string(comma) + "?";
        if (c.primary_key) continue;
        comma = names.empty() ? "" : ", ";
        names += comma + quote_identifier(c.name);
        placeholders += std::string(comma) + "?";
    }
    insert_sql_ = "INSERT INTO " + table + " (" + names + ") VALUES (" + placeholders + ")";
    if (names.empty()) insert_sql_ = "INSERT INTO " + table + " DEFAULT VALUES";
    insert_all_sql_ = "INSERT INTO " + table + " (" + all_names + ") VALUES (" + all_placeholders + ")";
    delete_sql_.clear();
    select_by_key_sql_.clear();
    exists_sql_.clear();
    if (primary_key_index_ >= 0) {
        const std::string by_key = " WHERE " + quote_identifier(columns_[static_cast<std::size_t>(primary_key_index_)].name) + " = ?";
        delete_sql_ = "DELETE FROM " + table + by_key;
        select_by_key_sql_ = "SELECT " + select_list_ + " FROM " + table + by_key;
        exists_sql_ = "SELECT 1 FROM " + table + by_key;
    }
}

std::string ModelInfo::insert_returning_sql(const std::vector<const ColumnInfo*>& left_out, bool with_primary_key) const {
    std::string names, placeholders, returning;
    for (const ColumnInfo& c : columns_) {
        if ((c.primary_key && !with_primary_key) || std::find(left_out.begin(), left_out.end(), &c) != left_out.end()) continue;
        names += (names.empty() ? "" : ", ") + quote_identifier(c.name);
        placeholders += placeholders.empty() ? "?" : ", ?";
    }
    for (const ColumnInfo* c : left_out) returning += (returning.empty() ? "" : ", ") + quote_identifier(c->name);
    const std::string table = quote_identifier(table_);
    const std::string values = names.empty() ? " DEFAULT VALUES" : " (" + names + ") VALUES (" + placeholders + ")";
    return "INSERT INTO " + table + values + " RETURNING " + returning;
}

const ColumnInfo& ModelInfo::primary_key() const {
    if (primary_key_index_ < 0) throw UsageError("model '" + class_name_ + "' has no primary key column");
    return columns_[static_cast<std::size_t>(primary_key_index_)];
}

const ColumnInfo* ModelInfo::find_column(std::string_view name) const {
    for (const ColumnInfo& c : columns_)
        if (c.name == name) return &c;
    return nullptr;
}

void ModelInfo::check_values(const void* object) const {
    for (const ColumnInfo& c : columns_) {
        if (c.type.kind != TypeKind::String && c.type.kind != TypeKind::Text) continue;
        if (const std::string* text = c.access->text(object)) check_text(c, *text);
    }
}

void ModelInfo::check_columns(const void* object, const std::vector<std::size_t>& columns) const {
    for (const std::size_t i : columns)
        if (const std::string* text = columns_[i].access->text(object)) check_text(columns_[i], *text);
}

void ModelInfo::check_text(const ColumnInfo& c, const std::string& text) const {
    if (c.type.kind != TypeKind::String && c.type.kind != TypeKind::Text) return;
    // Most values are short ASCII: their byte length bounds their code points, so skip the decode.
    if (c.type.kind == TypeKind::String && c.type.length > 0 && text.size() <= static_cast<std::size_t>(c.type.length)) {
        unsigned char bits = 0; // OR of every byte: vectorised, no early exit
        for (const char ch : text) bits |= static_cast<unsigned char>(ch);
        if (bits < 0x80) return;
    }
    const auto length = utf8::count_code_points(text);
    if (!length) throw ValueError(table_, c.name, table_ + "." + c.name + ": the text is not valid UTF-8");
    if (c.type.kind == TypeKind::String && c.type.length > 0 && *length > static_cast<std::size_t>(c.type.length)) {
        throw ValueError(table_, c.name,
                         table_ + "." + c.name + " is limited to " + std::to_string(c.type.length) +
                             " characters; the value has " + std::to_string(*length));
    }
}

std::string snake_case(std::string_view class_name) {
    // Flask-SQLAlchemy 3: insert "_" before an upper-case letter that follows a lower-case letter or digit,
    // or that starts a word after an acronym ("HTTPServer" → "http_server"), then lower-case everything.
    std::string out;
    for (std::size_t i = 0; i < class_name.size(); ++i) {
        const char c = class_name[i];
        const bool upper = std::isupper(static_cast<unsigned char>(c));
        if (upper && i > 0) {
            const char prev = class_name[i - 1];
            const bool prev_lower_or_digit = std::islower(static_cast<unsigned char>(prev)) || std::isdigit(static_cast<unsigned char>(prev));
            const bool next_lower = i + 1 < class_name.size() && std::islower(static_cast<unsigned char>(class_name[i + 1]));
            if (prev_lower_or_digit || next_lower) out += '_';
        }
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

std::string quote_identifier(std::string_view name) {
    std::string out = "\"";
    for (const char c : name) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
    return out;
}

ForeignKeyOption foreign_key(std::string_view table_dot_column, OnDelete on_delete) {
    const auto dot = table_dot_column.find('.');
    if (dot == std::string_view::npos || dot == 0 || dot + 1 == table_dot_column.size()) {
        throw UsageError("foreign_key() wants \"table.column\", got \"" + std::string(table_dot_column) + "\"");
    }
    return {ForeignKeyInfo{std::string(table_dot_column.substr(0, dot)), std::string(table_dot_column.substr(dot + 1)), on_delete}};
}

void throw_if_not_association(const std::string& table, const ModelInfo& secondary, const std::string& source_column,
                              const std::string& target_column) {
    for (const std::string* column : {&source_column, &target_column})
        if (!secondary.find_column(*column))
            throw UsageError(table + ": the association table " + secondary.table() + " has no column '" + *column + "'");
}

void throw_type_mismatch(const std::string& table, const ColumnInfo& info) {
    throw UsageError(table + "." + info.name + ": the member's C++ type cannot hold a " + info.type.sql() + " column");
}

void throw_unmapped_member(const std::string& table) {
    throw UsageError("the member is not mapped to a column of " + table);
}

} // namespace orm
