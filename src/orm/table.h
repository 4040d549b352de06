// An association table declared once in the metadata (Flask-SQLAlchemy's db.Table), for many_to_many:
//
//   const orm::Table& article_keyword() {
//       static const orm::Table table = orm::Table("article_keyword")
//           .column("article_id", orm::Integer, orm::foreign_key("article.id"), orm::primary_key())
//           .column("keyword_id", orm::Integer, orm::foreign_key("keyword.id"), orm::primary_key());
//       return table;
//   }
//   orm::Metadata{&orm::model_of<Article>(), &orm::model_of<Keyword>(), &article_keyword()}.create_all(db);
//   model.many_to_many("keywords", &Article::keywords, article_keyword(), "article_id", "keyword_id", …);
//
// A Table has columns but no C++ type: it is never loaded into objects; the session writes its rows
// from the many-to-many collections. Columns are nullable unless part of the primary key (SQLAlchemy's
// Column default); several primary-key columns make one composite PRIMARY KEY. create_all/drop_all
// create and drop it in foreign-key order with the models, with SQLAlchemy's DDL.
#pragma once

#include "orm/model.h"

#include <string>

namespace orm {

struct NullableOption {
    bool nullable;
    void apply(ColumnInfo& c) const { c.nullable = nullable; }
};
// For a Table column: NULL allowed or not, whatever the default.
inline NullableOption nullable(bool allowed = true) {
    return {allowed};
}

class Table : public ModelInfo {
  public:
    explicit Table(std::string name);
    // Throws UsageError for a column declared twice.
    template <class... Options> Table& column(std::string name, ColumnType type, Options... options) {
        ColumnInfo info;
        info.name = std::move(name);
        info.type = type;
        info.nullable = true;
        (options.apply(info), ...);
        if (info.primary_key) info.nullable = false;
        add_table_column(std::move(info));
        return *this;
    }

  private:
    void add_table_column(ColumnInfo column);
};

} // namespace orm
