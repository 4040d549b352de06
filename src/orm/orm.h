// The ORM's table of contents. Include this one header to use it.
//
//   Connection   database.h     Database: open, execute, prepare (cached), commit/statement listeners
//                statement.h    Statement: bind, step, read columns
//                transaction.h  Transaction: RAII BEGIN IMMEDIATE / SAVEPOINT, rollback unless committed
//                connection_defenses.h  enable_defenses: defensive mode, untrusted schema, no triggers/views
//   Models       types.h        column types (Integer, String(n), Text, Boolean, Float, DateTime, Blob)
//                model.h        Model<T>: table, columns, constraints, foreign keys; describe(ModelTag<T>)
//                schema.h       Metadata: create_all / drop_all in foreign-key order, SQLAlchemy's DDL
//                relationship.h Collection<T>/Reference<T>: one-to-many with backref, one-to-one, many-to-many,
//                               lazy/selectin/joined loading, cascades (declared with Model<T>::one_to_many…)
//                migration.h    Migrator: versioned migrations (add column, index, table rebuild), all or nothing
//   Unit of work session.h      Session: add, remove, flush, commit, rollback, get, refresh, expire, expunge
//                               (session.cpp the public calls and flush() as its plan; identity_map.cpp one
//                               object per row, dirty tracking; unit_of_work.cpp cascades, foreign keys,
//                               orphans, order of rows; persistence.cpp INSERT/UPDATE/DELETE; loading.cpp
//                               get/refresh, lazy and selectin loads); model.h orm::make<T>
//   Queries      expression.h   col(&T::m) == v, &&, ||, !, like, ilike, in, between, is_null; asc/desc
//                query.h        Query<T>: filter, filter_by, order_by, limit, offset, all, first, one,
//                               one_or_none, count, exists, paginate, columns, for_each
//   Errors       error.h        DatabaseError, ConstraintError, ValueError, StaleDataError, UsageError
//                query.h        NoResultError, MultipleResultsError
//                relationship.h DetachedError;  migration.h MigrationError
#pragma once

#include "orm/connection_defenses.h"
#include "orm/database.h"
#include "orm/error.h"
#include "orm/expression.h"
#include "orm/migration.h"
#include "orm/model.h"
#include "orm/query.h"
#include "orm/relationship.h"
#include "orm/schema.h"
#include "orm/session.h"
#include "orm/statement.h"
#include "orm/transaction.h"
#include "orm/types.h"
