"""Tenants: each institution's versioned configuration (docs/tenants.md)."""

from services.common.tenants.holder import TenantsHolder
from services.common.tenants.loader import DEFAULT_TENANT, Problem, TenantConfigError, TenantSet, load_tenants
from services.common.tenants.model import KNOWN_TOOLS, RISKS, Product, TenantConfig
from services.common.tenants.overlay import BaseRule, base_rules, check_overlay, effective_rule

__all__ = [
    "DEFAULT_TENANT",
    "KNOWN_TOOLS",
    "RISKS",
    "BaseRule",
    "Problem",
    "Product",
    "TenantConfig",
    "TenantConfigError",
    "TenantSet",
    "TenantsHolder",
    "base_rules",
    "check_overlay",
    "effective_rule",
    "load_tenants",
]
