#include "orm/expression.h"

namespace orm {

Expr Expr::combine(const Expr& a, const char* op, const Expr& b) {
    std::vector<Value> params = a.params_;
    params.insert(params.end(), b.params_.begin(), b.params_.end());
    return Expr("(" + a.sql_ + ")" + op + "(" + b.sql_ + ")", std::move(params));
}

} // namespace orm
