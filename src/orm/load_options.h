// Loader options for a query, chained along relationships (SQLAlchemy's
// options(selectinload(A.bs).selectinload(B.cs))):
//
//   session.query<User>().options(orm::selectin(&User::addresses).selectin(&Address::tags)).all();
//   // 3 statements: the users, their addresses, those addresses' tags
//
// Each step names a relationship member of the model the previous step loads (a member of another
// model does not compile). The first step applies as the relationship's own loading would (joined: in
// the query's statement); later steps load their objects for every object the step before loaded, with
// one statement per step (a joined() after the first step loads as selectin). lazy() at a step only
// overrides the model's default there; the chain continues through objects already loaded.
#pragma once

#include "orm/model.h"

#include <memory>
#include <utility>
#include <vector>

namespace orm {

class Session;

namespace detail {
template <class Holder> struct RelatedModel;
template <class U> struct RelatedModel<Collection<U>> { using type = U; };
template <class U> struct RelatedModel<Reference<U>> { using type = U; };
// After a query loaded `owners` (objects of `model`) and `option`'s own relationship as its strategy says:
// the chained steps, one statement each. Throws UsageError for a step naming a relationship its model
// does not have (only possible with hand-built LoadOptions).
void load_chain(Session& session, const ModelInfo& model, const std::vector<std::shared_ptr<void>>& owners,
                const LoadOption& option);
} // namespace detail

// A chain of loader options from Root's relationship to objects of Last.
template <class Root, class Last> class LoadPath {
  public:
    explicit LoadPath(LoadOption first) : option_(std::move(first)) {}
    operator LoadOption() const { return option_; } // NOLINT: what Query::options() takes

    template <class Holder>
    LoadPath<Root, typename detail::RelatedModel<Holder>::type> selectin(Holder Last::*member) const {
        return then(member, Loading::Selectin);
    }
    template <class Holder>
    LoadPath<Root, typename detail::RelatedModel<Holder>::type> joined(Holder Last::*member) const {
        return then(member, Loading::Joined);
    }
    template <class Holder>
    LoadPath<Root, typename detail::RelatedModel<Holder>::type> lazy(Holder Last::*member) const {
        return then(member, Loading::Lazy);
    }

  private:
    template <class, class> friend class LoadPath;
    template <class Holder>
    LoadPath<Root, typename detail::RelatedModel<Holder>::type> then(Holder Last::*member, Loading loading) const {
        LoadOption chained = option_;
        LoadOption* last = &chained;
        while (!last->then.empty())
            last = &last->then.back();
        last->then.push_back({&model_info_of<Last>, member_offset(member), loading});
        return LoadPath<Root, typename detail::RelatedModel<Holder>::type>(std::move(chained));
    }
    LoadOption option_;
};

// Per-query loading strategies for a relationship member; chain further steps with .selectin(…) etc.
template <class T, class Holder> LoadPath<T, typename detail::RelatedModel<Holder>::type> selectin(Holder T::*member) {
    return LoadPath<T, typename detail::RelatedModel<Holder>::type>(
        {&model_info_of<T>, member_offset(member), Loading::Selectin});
}
template <class T, class Holder> LoadPath<T, typename detail::RelatedModel<Holder>::type> joined(Holder T::*member) {
    return LoadPath<T, typename detail::RelatedModel<Holder>::type>(
        {&model_info_of<T>, member_offset(member), Loading::Joined});
}
template <class T, class Holder> LoadPath<T, typename detail::RelatedModel<Holder>::type> lazy(Holder T::*member) {
    return LoadPath<T, typename detail::RelatedModel<Holder>::type>(
        {&model_info_of<T>, member_offset(member), Loading::Lazy});
}

} // namespace orm
