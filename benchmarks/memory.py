"""Phase 4: resident memory of the gunicorn master and its workers, from /proc.

VmRSS counts every page a process maps, shared ones included (the app is preloaded in the
master, so workers share much of it copy-on-write); PSS splits shared pages between their
users, so the PSS of all processes adds up to the service's real footprint; USS (private
pages) is what one more worker adds.
"""

from benchmarks.search_load import worker_pids

MB = 1024  # /proc reports kB


def _kb(path: str, fields: tuple[str, ...]) -> dict[str, int]:
    out = dict.fromkeys(fields, 0)
    try:
        with open(path) as fh:
            for line in fh:
                name, _, rest = line.partition(":")
                if name in out:
                    out[name] = int(rest.split()[0])
    except OSError:
        pass
    return out


def process(pid: int) -> dict:
    status = _kb(f"/proc/{pid}/status", ("VmRSS",))
    smaps = _kb(f"/proc/{pid}/smaps_rollup", ("Pss", "Private_Clean", "Private_Dirty"))
    return {
        "pid": pid,
        "rss_mb": round(status["VmRSS"] / MB, 1),
        "pss_mb": round(smaps["Pss"] / MB, 1),
        "uss_mb": round((smaps["Private_Clean"] + smaps["Private_Dirty"]) / MB, 1),
    }


def measure(master: int) -> dict:
    return {"master": process(master), "workers": [process(p) for p in worker_pids(master)]}


def _mean(values: list[float]) -> float:
    return round(sum(values) / len(values), 1) if values else 0.0


def summary(search: dict, loaded: dict) -> dict:
    """JSON fields: after search traffic only, and after POST /articles (workers hold the model)."""
    out = {}
    for suffix, m in (("_search", search), ("", loaded)):
        workers, everyone = m["workers"], [m["master"], *m["workers"]]
        out[f"worker_rss_mb{suffix}"] = _mean([w["rss_mb"] for w in workers])
        out[f"worker_uss_mb{suffix}"] = _mean([w["uss_mb"] for w in workers])
        out[f"service_rss_mb{suffix}"] = round(sum(p["rss_mb"] for p in everyone), 1)
        out[f"service_pss_mb{suffix}"] = round(sum(p["pss_mb"] for p in everyone), 1)
        out[f"extra_worker_mb{suffix}"] = out[f"worker_uss_mb{suffix}"]
    out["master_rss_mb"] = loaded["master"]["rss_mb"]
    return out


def print_table(search: dict, loaded: dict) -> None:
    print(f"{'':>22} {'process':>8} {'pid':>8} {'VmRSS MB':>9} {'PSS MB':>8} {'USS MB':>8}")
    for label, m in (("after search", search), ("after POST /articles", loaded)):
        for kind, p in [("master", m["master"])] + [("worker", w) for w in m["workers"]]:
            print(f"{label:>22} {kind:>8} {p['pid']:>8} {p['rss_mb']:>9.1f} {p['pss_mb']:>8.1f} {p['uss_mb']:>8.1f}")
    s = summary(search, loaded)
    print(
        f"service (master + workers): VmRSS {s['service_rss_mb']:.0f} MB, PSS {s['service_pss_mb']:.0f} MB; "
        f"each extra worker adds ~{s['extra_worker_mb']:.0f} MB (its private pages; "
        f"{s['extra_worker_mb_search']:.0f} MB before any POST)"
    )
