// The ORM's table of contents. Include this one header to use it.
//
//   Connection   database.h     Database: open, execute, prepare (cached), commit/statement listeners,
//                               the statement trace with bound values (SQLAlchemy's echo)
//                statement.h    Statement: bind, step, read columns
//                transaction.h  Transaction: RAII BEGIN IMMEDIATE / SAVEPOINT, rollback unless committed
//                connection_defenses.h  enable_defenses: defensive mode, untrusted schema, no triggers/views
//   Models       types.h        column types (Integer, String(n), Text, Boolean, Float, DateTime, Blob)
//                model.h        Model<T>: table, columns, constraints, foreign keys; describe(ModelTag<T>)
//                defaults.h     orm::Defaulted<M> (a member that may be left unset), default_(), onupdate();
//                               with server_default() read back by the INSERT
//                table.h        Table: an association table (db.Table) in the metadata, for many_to_many
//                schema.h       Metadata: create_all / drop_all in foreign-key order, SQLAlchemy's DDL
//                relationship.h Collection<T>/Reference<T>: one-to-many with backref, one-to-one, many-to-many,
//                               lazy/selectin/joined loading, cascades (declared with Model<T>::one_to_many…)
//                migration.h    Migrator: versioned migrations (add column, index, table rebuild), all or nothing
//   Unit of work session.h      Session: add, remove, flush, commit, rollback, get, refresh, expire, expunge
//                               (session.cpp the public calls and flush() as its plan; identity_map.cpp one
//                               object per row, dirty tracking; unit_of_work.cpp cascades, foreign keys,
//                               orphans, order of rows; persistence.cpp INSERT/UPDATE/DELETE; loading.cpp
//                               get/refresh, lazy and selectin loads; object_pool.h where its objects are
//                               made); model.h orm::make<T>
//   Queries      expression.h   col(&T::m) == v (or == col(&U::n)), &&, ||, !, like, ilike, startswith/endswith/
//                               contains (escaped), in, between, is_null, == std::nullopt; asc/desc;
//                               col(&T::rel).any(…)/has(…) as EXISTS; func::count/sum/min/max/avg/lower/coalesce
//                query.h        Query<T, Joins…>: filter, filter_by, join/outerjoin (relationship, foreign key
//                               or ON), order_by, group_by, having, distinct, limit, offset; all, first, one,
//                               one_or_none, count, exists, paginate, columns (typed tuples), scalar,
//                               for_each; from_statement (hand-written SQL into the identity map)
//                pagination.h   Page<T>: items, total, pages, has_next/has_prev, next_num/prev_num,
//                               first/last, iter_pages (Flask-SQLAlchemy's Pagination)
//   Errors       error.h        DatabaseError, ConstraintError, ValueError, StaleDataError, UsageError
//                query.h        NoResultError, MultipleResultsError
//                relationship.h DetachedError;  migration.h MigrationError
#pragma once

#include "orm/connection_defenses.h"
#include "orm/database.h"
#include "orm/defaults.h"
#include "orm/error.h"
#include "orm/expression.h"
#include "orm/migration.h"
#include "orm/model.h"
#include "orm/pagination.h"
#include "orm/query.h"
#include "orm/read_only_query.h"
#include "orm/relationship.h"
#include "orm/schema.h"
#include "orm/session.h"
#include "orm/statement.h"
#include "orm/table.h"
#include "orm/transaction.h"
#include "orm/types.h"
