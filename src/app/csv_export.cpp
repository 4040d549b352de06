#include "app/csv_export.h"

namespace app {

std::string csv_field(std::string_view text) {
    std::string field;
    if (!text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos) field = "'";
    field += text;
    if (field.find_first_of(",\"\r\n") == std::string::npos) return field;
    std::string quoted = "\"";
    for (const char c : field) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    return quoted + "\"";
}

std::string tab_separated_line(const std::vector<std::string>& fields) {
    std::string line;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) line += '\t';
        const std::string& field = fields[i];
        if (field.find_first_of("\t\"\r\n") == std::string::npos) {
            line += field;
            continue;
        }
        line += '"';
        for (const char c : field) {
            if (c == '"') line += '"';
            line += c;
        }
        line += '"';
    }
    return line;
}

std::string export_csv(RecordQueryService& records, const RecordRequest& request) {
    std::string csv;
    auto append_line = [&csv](const std::vector<std::string>& cells) {
        for (std::size_t i = 0; i < cells.size(); ++i) {
            if (i > 0) csv += ',';
            csv += csv_field(cells[i]);
        }
        csv += "\r\n";
    };
    std::vector<std::string> header;
    for (const RecordColumn& column : RecordQueryService::columns(request.table))
        header.push_back(column.label);
    append_line(header);
    records.for_each_row(request, [&](const RecordRow& row) { append_line(row.cells); });
    return csv;
}

std::string csv_file_name(RecordTable table) {
    return std::string(RecordQueryService::csv_file_name(table));
}

} // namespace app
