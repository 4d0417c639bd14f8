"""A seeded force-directed layout computed once, in Python, when the page is written.

Why here and not in the browser: vis-network's own physics costs about 25 ms per iteration
for 2,000 nodes on a modest machine, so a layout found from scratch in the page would take
many seconds before anything can be clicked. The page instead starts from these positions
and runs only a short settling pass. Why not `networkx.spring_layout`: for more than 500
nodes it needs SciPy, which this project does not depend on, and its dense fallback is
several times slower than the vectorised loop below.

The algorithm is Fruchterman–Reingold (repulsion k²/d between all pairs, attraction d²/k
along edges, a cooling step limit) plus a weak pull towards the centre, so that isolated
nodes and small components stay near the main one instead of drifting to the edge. The
random start comes from a fixed seed, so the same graph always gets the same positions.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

#: Rows of the all-pairs repulsion computed at once: bounds memory to about
#: BLOCK × n × 2 floats (8 MB for 2,000 nodes) whatever the graph's size.
BLOCK = 512


def force_layout(
    n: int,
    edges: Sequence[tuple[int, int, float]],
    *,
    seed: int = 7,
    iterations: int | None = None,
    edge_length: float = 110.0,
) -> list[tuple[float, float]]:
    """Positions (in vis-network pixels) for nodes 0..n-1 joined by weighted `edges`.

    The result is scaled so that the median edge is about `edge_length` long, which is the
    spring length the page's physics uses: the settling pass then barely moves anything.
    """
    if n == 0:
        return []
    if n == 1:
        return [(0.0, 0.0)]
    rng = np.random.default_rng(seed)
    pos = rng.uniform(-0.5, 0.5, size=(n, 2)).astype(np.float32)
    k = np.float32(1.0 / math.sqrt(n))
    k2 = k * k
    if iterations is None:
        # Enough for small graphs to untangle, bounded for large ones (time is O(n² · it)).
        iterations = 120 if n <= 500 else max(40, int(120 * 500 / n) + 20)
    src = np.array([e[0] for e in edges if e[0] != e[1]], dtype=np.intp)
    dst = np.array([e[1] for e in edges if e[0] != e[1]], dtype=np.intp)
    weight = np.array([e[2] for e in edges if e[0] != e[1]], dtype=np.float32)
    gravity = np.float32(0.6)
    t0 = 0.1
    for it in range(iterations):
        disp = np.zeros_like(pos)
        for i0 in range(0, n, BLOCK):
            i1 = min(n, i0 + BLOCK)
            delta = pos[i0:i1, None, :] - pos[None, :, :]
            dist2 = np.einsum("ijk,ijk->ij", delta, delta)
            np.maximum(dist2, k2 * 1e-2, out=dist2)
            disp[i0:i1] += np.einsum("ijk,ij->ik", delta, k2 / dist2)
        if len(src):
            diff = pos[src] - pos[dst]
            dist = np.sqrt(np.einsum("ij,ij->i", diff, diff))
            force = diff * (dist / k * weight)[:, None]
            np.add.at(disp, src, -force)
            np.add.at(disp, dst, force)
        disp -= gravity * pos
        length = np.sqrt(np.einsum("ij,ij->i", disp, disp))
        np.maximum(length, np.float32(1e-9), out=length)
        step = np.float32(t0 * (1.0 - it / iterations) + 1e-3)
        pos += disp * (np.minimum(length, step) / length)[:, None]
    pos -= pos.mean(axis=0)
    if len(src):
        lengths = np.sqrt(np.einsum("ij,ij->i", pos[src] - pos[dst], pos[src] - pos[dst]))
        typical = float(np.median(lengths))
    else:
        typical = float(k)
    scale = edge_length / max(typical, 1e-6)
    return [(round(float(x) * scale, 1), round(float(y) * scale, 1)) for x, y in pos]
