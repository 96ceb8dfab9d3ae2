#!/usr/bin/env python3
"""Independent float64 numpy reference for the wrapper golden formats (optimizers.md §11.2-11.4).

Writes sam.json, sven.json and saf.json next to this script, in the formats of the shipped golden files but with
the optional blocks the shipped files lack (sven `linear_regression`, saf `mesa_ema`) and all the cases §11 lists.
Before writing, it recomputes every number of the shipped files (../golden/*.json) and stops if one differs by more
than 1e-12, so the two agree on the semantics. GoldenVectorTest's runners are then checked against both.

    python3 optimizers/src/test/resources/golden-extra/make_golden_extra.py
"""
import json
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
SHIPPED = os.path.join(HERE, "..", "golden")


def tensor(a):
    a = np.asarray(a, dtype=np.float64)
    return {"shape": list(a.shape), "data": [float(x) for x in a.reshape(-1)]}


def arr(t):
    return np.array(t["data"], dtype=np.float64).reshape(t["shape"])


def close(what, got, want, tol=1e-12):
    got, want = np.asarray(got, dtype=np.float64), np.asarray(want, dtype=np.float64)
    if got.shape != want.shape or not np.allclose(got, want, rtol=tol, atol=tol):
        sys.exit(f"reference disagrees with the shipped file at {what}: {got} vs {want}")


# ---- SAM / ASAM (davda54) around torch SGD -------------------------------------------------------------------

def sam_case(name, description, X, y, w0, b0, rho, adaptive, lr, momentum, wd, steps=5):
    n = len(y)
    w, b = w0.copy(), b0.copy()
    buf = None
    out = []

    def grad(w, b):
        r = X @ w + b[0] - y
        return 0.5 * np.mean(r ** 2), X.T @ r / n, np.array([np.mean(r)])

    for t in range(steps):
        loss, gw, gb = grad(w, b)
        if adaptive:
            den = np.sqrt(np.sum((w * gw) ** 2) + np.sum((b * gb) ** 2))
            ew, eb = rho * w * w * gw / (den + 1e-12), rho * b * b * gb / (den + 1e-12)
        else:
            den = np.sqrt(np.sum(gw ** 2) + np.sum(gb ** 2))
            ew, eb = rho * gw / (den + 1e-12), rho * gb / (den + 1e-12)
        _, g2w, g2b = grad(w + ew, b + eb)
        # torch SGD at the original w: coupled decay, momentum buffer = g on the first step
        dw, db = g2w + wd * w, g2b + wd * b
        if momentum != 0:
            if buf is None:
                buf = [dw.copy(), db.copy()]
            else:
                buf = [momentum * buf[0] + dw, momentum * buf[1] + db]
            dw, db = buf
        w, b = w - lr * dw, b - lr * db
        out.append({"loss_at_w": float(loss), "grad_at_w": {"w": tensor(gw), "b": tensor(gb)},
                    "perturbation_e": {"w": tensor(ew), "b": tensor(eb)},
                    "perturbation_norm_denominator": float(den),
                    "grad_at_w_plus_e": {"w": tensor(g2w), "b": tensor(g2b)},
                    "params_after": {"w": tensor(w), "b": tensor(b)}})
    return {"name": name, "description": description,
            "hyperparameters": {"rho": rho, "adaptive": adaptive, "norm_eps": 1e-12, "base_optimizer": "torch SGD",
                                "lr": lr, "momentum": momentum, "weight_decay": wd},
            "params_init": {"w": tensor(w0), "b": tensor(b0)}, "steps": out}


def sam(shipped):
    X, y = arr(shipped["data"]["X"]), arr(shipped["data"]["y"])
    c0 = shipped["cases"][0]
    w0, b0 = arr(c0["params_init"]["w"]), arr(c0["params_init"]["b"])
    h = c0["hyperparameters"]
    again = sam_case(c0["name"], c0["description"], X, y, w0, b0, h["rho"], h["adaptive"], h["lr"], h["momentum"],
                     h["weight_decay"], len(c0["steps"]))
    for i, (got, want) in enumerate(zip(again["steps"], c0["steps"])):
        for k in want:
            if isinstance(want[k], dict):
                for p in want[k]:
                    close(f"sam {c0['name']} step {i} {k}.{p}", arr(got[k][p]), arr(want[k][p]))
            else:
                close(f"sam {c0['name']} step {i} {k}", got[k], want[k])
    cases = [again,
             sam_case("sam_sgd_momentum_wd", "SAM (rho=0.05) around torch SGD lr=0.1, momentum 0.9, wd 5e-4",
                      X, y, w0, b0, 0.05, False, 0.1, 0.9, 5e-4),
             sam_case("asam_sgd", "ASAM (rho=0.5, adaptive=True) around plain SGD lr=0.1",
                      X, y, w0, b0 + 0.3, 0.5, True, 0.1, 0.0, 0.0)]
    root = {k: v for k, v in shipped.items() if k != "cases"}
    root["cases"] = cases
    return root


# ---- Sven (torch SVD mode) ---------------------------------------------------------------------------------

def sven_direction(M, R, k, rtol, tol):
    U, S, Vh = np.linalg.svd(M, full_matrices=False)
    U, S, Vh = U[:, :k], S[:k], Vh[:k]
    kmax = int(np.nonzero(S > rtol * S[0])[0].max()) + 1
    U, S, Vh = U[:, :kmax], S[:kmax], Vh[:kmax]
    s_inv = np.where(S > tol, 1.0 / np.where(S > tol, S, 1.0), 0.0)
    return Vh.T @ (s_inv * (U.T @ R)), S


def sven(shipped):
    pt = shipped["pinv_test"]
    M, R = arr(pt["M"]), arr(pt["residuals"])
    close("sven all_singular_values", np.linalg.svd(M, compute_uv=False), pt["all_singular_values"])
    for res in pt["results"]:
        d, s = sven_direction(M, R, res["k"], res["rtol"], res["tol"])
        close(f"sven pinv k={res['k']} rtol={res['rtol']} delta", d, arr(res["delta"]))
        close(f"sven pinv k={res['k']} rtol={res['rtol']} kept", s, res["kept_singular_values"])
        close(f"sven pinv k={res['k']} rtol={res['rtol']} update", -d, arr(res["param_update_with_lr_1"]))

    X = np.array([[1.0, 2.0, -1.0], [0.5, -1.0, 2.0], [-1.5, 0.5, 1.0], [2.0, 1.0, 0.0], [0.0, -2.0, 1.5],
                  [1.0, 1.0, 1.0]])
    y = np.array([1.0, -2.0, 0.5, 3.0, -1.0, 2.0])
    A = np.hstack([X, np.ones((6, 1))])
    runs = []
    for kappa, k, lr, theta0 in [(2.0, 2, 0.5, [1.0, 1.0, 1.0, 1.0]), (2.0, 4, 1.0, [0.3, -0.2, 0.1, 0.05]),
                                 (1.0, 2, 0.5, [0.3, -0.2, 0.1, 0.05])]:
        theta = np.array(theta0)
        steps = []
        for _ in range(5):
            r = A @ theta - y
            loss = r ** 2
            Rv = loss ** (kappa / 2)
            J = 2 * r[:, None] * A                                  # dl/dtheta
            Mj = (kappa / 2) * loss[:, None] ** (kappa / 2 - 1) * J
            S_all = np.linalg.svd(Mj, compute_uv=False)
            gaps = S_all[:-1] / S_all[1:]
            if k < len(S_all) and gaps[k - 1] < 1.5:
                sys.exit(f"near-degenerate s_k/s_k+1 = {gaps[k - 1]} in a sven regression run")
            d, _ = sven_direction(Mj, Rv, k, 1e-3, 1e-10)
            theta = theta - lr * d
            steps.append({"per_sample_loss": tensor(loss), "residuals_R": tensor(Rv), "jacobian_M": tensor(Mj),
                          "singular_values_topk": [float(s) for s in S_all[:k]], "delta": tensor(d),
                          "theta_after": tensor(theta), "mean_loss_before": float(np.mean(loss))})
        runs.append({"kappa": kappa, "k": k, "lr": lr, "rtol": 1e-3, "tol": 1e-10, "theta_init": tensor(theta0),
                     "steps": steps})
    root = dict(shipped)
    root["linear_regression"] = {
        "model": "f(x) = x . w + b, theta = [w0, w1, w2, b]",
        "per_sample_loss": "l_i = (f(x_i) - y_i)^2",
        "data": {"X": tensor(X), "y": tensor(y)}, "runs": runs}
    return root


# ---- SAF / MESA ----------------------------------------------------------------------------------------------

def log_softmax(x):
    x = x - x.max(axis=1, keepdims=True)
    return x - np.log(np.exp(x).sum(axis=1, keepdims=True))


def saf_case(z, past, labels, tau, lam):
    B = z.shape[0]
    lp, lq = log_softmax(past / tau), log_softmax(z / tau)
    p, q = np.exp(lp), np.exp(lq)
    kl = np.mean(np.sum(p * (lp - lq), axis=1))
    traj = lam * tau ** 2 * kl
    tgrad = lam * tau * (q - p) / B
    ls = log_softmax(z)
    ce = -np.mean(ls[np.arange(B), labels])
    onehot = np.eye(z.shape[1])[labels]
    cgrad = (np.exp(ls) - onehot) / B
    return {"tau": tau, "lambda": lam, "kl_mean_no_tau2": float(kl), "traj_loss": float(traj),
            "traj_grad_wrt_logits": tensor(tgrad), "ce_loss": float(ce), "total_loss": float(ce + traj),
            "total_grad_wrt_logits": tensor(cgrad + tgrad), "p_past_soft": tensor(p), "q_current_soft": tensor(q)}


def saf(shipped):
    z, past, labels = arr(shipped["logits"]), arr(shipped["past_logits"]), np.array(shipped["labels"])
    for c in shipped["cases"]:
        again = saf_case(z, past, labels, c["tau"], c["lambda"])
        for k, v in c.items():
            close(f"saf tau={c['tau']} {k}", arr(again[k]) if isinstance(v, dict) else again[k],
                  arr(v) if isinstance(v, dict) else v)
    rb = shipped["ring_buffer_schedule"]
    E, start, end = rb["minus_epoch_E"], rb["kl_start_epoch"], rb["kl_end_epoch"]
    for row in rb["rows"]:
        e = row["epoch"]
        active = start < e < end
        want = {"epoch": e, "write_slot": e % (E + 1), "read_slot": (e - E) % (E + 1) if active else None,
                "reads_logits_recorded_at_epoch": e - E if active else None, "kl_active": active}
        if want != row:
            sys.exit(f"ring buffer row {row} != {want}")
    root = dict(shipped)
    root["cases"] = [saf_case(z, past, labels, tau, lam) for tau, lam in [(5.0, 0.3), (5.0, 0.8), (1.0, 1.0),
                                                                           (2.0, 0.16)]]
    thetas = [np.array([0.5, -1.0, 2.0]), np.array([0.4, -0.8, 1.7]), np.array([0.35, -0.5, 1.2]),
              np.array([0.1, -0.45, 1.0])]
    ema, emas = thetas[0].copy(), []
    for th in thetas[1:]:
        ema = 0.9 * ema + (1 - 0.9) * th
        emas.append(tensor(ema))
    root["mesa_ema"] = {"decay": 0.9, "theta_sequence": [tensor(t) for t in thetas], "ema_after_each_update": emas,
                        "note": "ema_0 = theta_0; ema_t = decay*ema_(t-1) + (1-decay)*theta_t after each step"}
    return root


def main():
    for name, build in [("sam.json", sam), ("sven.json", sven), ("saf.json", saf)]:
        with open(os.path.join(SHIPPED, name)) as f:
            root = build(json.load(f))
        with open(os.path.join(HERE, name), "w") as f:
            json.dump(root, f, indent=1)
            f.write("\n")
        print("wrote", name)


if __name__ == "__main__":
    main()
