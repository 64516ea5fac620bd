#include "services/health_service.hpp"

#include <exception>

#include "db/migrations.hpp"

namespace microblog::services {

Readiness HealthService::readiness() noexcept {
  try {
    switch (db::schema_status(db_)) {
      case db::SchemaStatus::current:
      case db::SchemaStatus::ahead_compatible:
        return Readiness::ready;
      case db::SchemaStatus::behind:
        return Readiness::schema_behind;
      default:
        return Readiness::schema_ahead;
    }
  } catch (const std::exception&) {
    return Readiness::unreachable;
  }
}

}  // namespace microblog::services
