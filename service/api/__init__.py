"""HTTP only: blueprints, schemas and problem+json errors (wired up by api.spec)."""
