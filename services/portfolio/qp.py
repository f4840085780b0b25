"""A primal active-set solver for the small convex quadratic programs of portfolio allocation:

    minimise 1/2 x'Px + q'x  subject to  A x = b,  lb <= x <= ub        (P positive definite)

It is exact up to rounding: at the solution the free variables solve the equality-constrained problem with a
null-space method, so answers agree with interior-point solvers to their tolerance and repeat bit-for-bit.
A feasible start comes from a linear program (HiGHS); an infeasible set of constraints is reported as such.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import linprog

from services.portfolio.validate import FloatArray

LOWER, FREE, UPPER = -1, 0, 1


class Infeasible(Exception):
    """No x satisfies the constraints."""


class NotConverged(Exception):
    """The iteration limit was reached (a degenerate problem)."""


def feasible_point(A: FloatArray, b: FloatArray, lb: FloatArray, ub: FloatArray) -> FloatArray:
    res = linprog(np.zeros(lb.size), A_eq=A, b_eq=b, bounds=list(zip(lb, ub, strict=True)), method="highs")
    if res.status != 0:
        raise Infeasible(res.message)
    return np.clip(np.asarray(res.x, dtype=np.float64), lb, ub)


def _null_space(M: FloatArray, n: int) -> FloatArray:
    if M.size == 0:
        return np.eye(n)
    _, s, vt = np.linalg.svd(M)
    rank = int((s > 1e-12 * max(1.0, s[0])).sum())
    return vt[rank:].T


def _step(P: FloatArray, g: FloatArray, A: FloatArray, free: np.ndarray) -> FloatArray:
    """Newton step on the free variables within {d : A_F d = 0} (fixed variables do not move)."""
    d = np.zeros(g.size)
    idx = np.flatnonzero(free)
    if idx.size == 0:
        return d
    Z = _null_space(A[:, idx], idx.size)
    if Z.shape[1] == 0:
        return d
    PZ = Z.T @ P[np.ix_(idx, idx)] @ Z
    d[idx] = -Z @ np.linalg.solve(PZ, Z.T @ g[idx])
    return d


def _release(
    P: FloatArray,
    q: FloatArray,
    A: FloatArray,
    x: FloatArray,
    state: np.ndarray,
    pinned: np.ndarray,
    tol: float,
    bland: bool = False,
) -> int:
    """Index of the bound whose multiplier has the wrong sign (most wrong first), or -1 at optimality."""
    g = P @ x + q
    free = state == FREE
    if A.size and free.any():
        lam = np.linalg.lstsq(A[:, free].T, g[free], rcond=None)[0]
        g = g - A.T @ lam
    elif A.size:
        lam = np.linalg.lstsq(A.T, g, rcond=None)[0]
        g = g - A.T @ lam
    wrong = np.where(state == LOWER, -g, np.where(state == UPPER, g, 0.0))
    wrong[pinned] = 0.0  # lb == ub: never free
    if bland:
        violators = np.flatnonzero(wrong > tol)
        return int(violators[0]) if violators.size else -1
    i = int(np.argmax(wrong))
    return i if wrong[i] > tol else -1


def _feasible(x: FloatArray, A: FloatArray, b: FloatArray, lb: FloatArray, ub: FloatArray) -> bool:
    return bool((x >= lb).all() and (x <= ub).all() and np.abs(A @ x - b).max() <= 1e-12 * max(1.0, np.abs(b).max()))


def solve(
    P: FloatArray,
    q: FloatArray,
    A: FloatArray,
    b: FloatArray,
    lb: FloatArray,
    ub: FloatArray,
    x0: FloatArray | None = None,
    max_iter: int = 500,
) -> FloatArray:
    """``x0``: a feasible start if the caller has one (else a linear program finds one)."""
    x = x0.copy() if x0 is not None and _feasible(x0, A, b, lb, ub) else feasible_point(A, b, lb, ub)
    state = np.where(x <= lb, LOWER, np.where(x >= ub, UPPER, FREE))
    pinned = ub - lb <= 0
    scale = max(1.0, float(np.abs(P).max()), float(np.abs(q).max()) if q.size else 0.0)
    for it in range(max_iter):
        d = _step(P, P @ x + q, A, state == FREE)
        if np.abs(d).max() <= 1e-13 * (1.0 + np.abs(x).max()):
            i = _release(P, q, A, x, state, pinned, 1e-11 * scale, bland=it > max_iter // 2)
            if i < 0:
                return x
            state[i] = FREE
            continue
        with np.errstate(divide="ignore", invalid="ignore"):
            room = np.where(d < 0, (lb - x) / d, np.where(d > 0, (ub - x) / d, np.inf))
        room[state != FREE] = np.inf
        j = int(np.argmin(room))
        alpha = min(1.0, float(room[j]))
        x = x + alpha * d
        if alpha < 1.0:
            state[j] = LOWER if d[j] < 0 else UPPER
            x[j] = lb[j] if d[j] < 0 else ub[j]
    raise NotConverged(f"no solution after {max_iter} active-set iterations")
