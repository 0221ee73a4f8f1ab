"""PyTorch (CPU) side of `nabla bench --torch`: the workloads of shared/bench/WORKLOADS.md,
written as a PyTorch user writes them, timed like Nabla's side.

Usage: python3 torch_workloads.py WORKLOAD [--threads N] [--seed S] [--steps N] [--device cpu|cuda] --data DIR
WORKLOAD is one of W1 W2 W3 W4 W5 W7. With --device cuda the models and data live on the GPU, the
timings synchronise with it, and W5 measures torch.matmul (cuBLAS, float32 without TF32) for
n = 256 to 8192. Prints one line of key=value pairs per measurement, in the
shape of Nabla's `bench workload=... framework=...` lines, with the process's peak resident
memory (peak_rss_mb, from getrusage). Timing excludes data loading and the first training step
(as on Nabla's side). Set OPENBLAS_NUM_THREADS to --threads: the two thread pools otherwise
fight. W5 measures OpenBLAS itself (through numpy) with OPENBLAS_NUM_THREADS threads.

Derived from shared/bench/torch_reference.py; the project owns this copy.
"""
import argparse, gzip, os, resource, time
import numpy as np
import torch
import torch.nn as nn

p = argparse.ArgumentParser()
p.add_argument("workload", choices=["W1", "W2", "W3", "W4", "W5", "W7"])
p.add_argument("--threads", type=int, default=1)
p.add_argument("--seed", type=int, default=0)
p.add_argument("--steps", type=int, default=0, help="training steps instead of the workload's default length (0: default)")
p.add_argument("--data", required=True)
p.add_argument("--device", default="cpu", choices=["cpu", "cuda"])
a = p.parse_args()
DEV = torch.device(a.device)
torch.backends.cuda.matmul.allow_tf32 = False  # float32 means float32, as on Nabla's side
torch.set_num_threads(a.threads)
torch.manual_seed(a.seed)


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # KiB on Linux


def now():
    """time.perf_counter() once the device has finished what was queued."""
    if DEV.type == "cuda":
        torch.cuda.synchronize()
    return time.perf_counter()


def report(**kv):
    kv["device"] = a.device
    kv["peak_rss_mb"] = round(peak_rss_mb())
    print("bench " + " ".join(f"{k}={v:.4g}" if isinstance(v, float) else f"{k}={v}" for k, v in kv.items()),
          flush=True)


def housing():
    raw = np.loadtxt(os.path.join(a.data, "cal_housing.data"), delimiter=",")
    lon, lat, age, rooms, beds, pop, hh, inc, val = raw.T
    X = np.stack([inc, age, rooms / hh, beds / hh, pop, pop / hh, lat, lon], 1)
    y = (val / 1e5)[:, None]
    idx = np.random.RandomState(42).permutation(len(X))
    tr, te = idx[: int(len(X) * 0.8)], idx[int(len(X) * 0.8):]
    mu, sd = X[tr].mean(0), X[tr].std(0)
    X = (X - mu) / sd
    return [torch.tensor(v, dtype=torch.float32, device=DEV) for v in (X[tr], y[tr], X[te], y[te])]


def mnist10k():
    with gzip.open(os.path.join(a.data, "t10k-images-idx3-ubyte.gz")) as f:
        X = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 784) / 255.0
    with gzip.open(os.path.join(a.data, "t10k-labels-idx1-ubyte.gz")) as f:
        y = np.frombuffer(f.read(), np.uint8, offset=8).astype(np.int64)
    X = torch.tensor(X, dtype=torch.float32, device=DEV)
    y = torch.tensor(y, device=DEV)
    return X[:8000], y[:8000], X[8000:], y[8000:]


def mlp(sizes):
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
        if i < len(sizes) - 2:
            layers.append(nn.ReLU())
    return nn.Sequential(*layers)


def cnn():
    """W7: images [N, 1, 28, 28] (the MNIST rows unflattened)."""
    return nn.Sequential(nn.Unflatten(1, (1, 28, 28)),
                         nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Flatten(), nn.Linear(64 * 7 * 7, 128), nn.ReLU(), nn.Linear(128, 10))


def mlp_run(name, model, data, batch, epochs, loss_fn, quality):
    Xtr, ytr, Xte, yte = data
    model = model.to(DEV)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    steps = 0
    t0 = None
    for _ in range(epochs):
        perm = torch.randperm(len(Xtr), device=DEV)
        for i in range(0, len(Xtr), batch):
            if steps == a.steps > 0:
                break
            b = perm[i:i + batch]
            opt.zero_grad()
            loss = loss_fn(model(Xtr[b]), ytr[b])
            loss.backward()
            opt.step()
            steps += 1
            if steps == 1:
                t0 = now()  # the first (warm-up) step is not timed
    dt = now() - t0
    timed = steps - 1
    with torch.no_grad():
        q = quality(model(Xte), yte)
    report(workload=name, framework="torch", threads=a.threads, steps=timed, seconds=dt,
           us_per_step=dt / timed * 1e6, samples_per_s=timed * batch / dt, **q)


def charlm(name, kind, iters, batch, block):
    text = open(os.path.join(a.data, "tinyshakespeare.txt")).read()
    chars = sorted(set(text))
    V = len(chars)
    stoi = {c: i for i, c in enumerate(chars)}
    data = torch.tensor([stoi[c] for c in text])
    tr, va = data[: int(0.9 * len(data))], data[int(0.9 * len(data)):]
    gen = torch.Generator().manual_seed(a.seed)

    def sample(d):
        ix = torch.randint(len(d) - block - 1, (batch,), generator=gen)
        return (torch.stack([d[i:i + block] for i in ix]).to(DEV),
                torch.stack([d[i + 1:i + block + 1] for i in ix]).to(DEV))

    if kind == "lstm":
        class M(nn.Module):
            def __init__(s):
                super().__init__()
                s.emb, s.rnn, s.out = nn.Embedding(V, 128), nn.LSTM(128, 256, batch_first=True), nn.Linear(256, V)

            def forward(s, x):
                return s.out(s.rnn(s.emb(x))[0])
        lr = 2e-3
    else:
        class Block(nn.Module):
            def __init__(s, d, h):
                super().__init__()
                s.ln1, s.attn, s.ln2 = nn.LayerNorm(d), nn.MultiheadAttention(d, h, batch_first=True), nn.LayerNorm(d)
                s.mlp = nn.Sequential(nn.Linear(d, 4 * d), nn.GELU(), nn.Linear(4 * d, d))
                s.register_buffer("mask", torch.triu(torch.ones(block, block, dtype=torch.bool), 1))

            def forward(s, x):
                h = s.ln1(x)
                x = x + s.attn(h, h, h, attn_mask=s.mask, need_weights=False)[0]
                return x + s.mlp(s.ln2(x))

        class M(nn.Module):
            def __init__(s, d=128, L=4, h=4):
                super().__init__()
                s.tok, s.pos = nn.Embedding(V, d), nn.Embedding(block, d)
                s.blocks, s.ln, s.out = nn.Sequential(*[Block(d, h) for _ in range(L)]), nn.LayerNorm(d), nn.Linear(d, V)

            def forward(s, x):
                return s.out(s.ln(s.blocks(s.tok(x) + s.pos(torch.arange(x.shape[1], device=x.device)))))
        lr = 1e-3
    model = M().to(DEV)
    opt = torch.optim.AdamW(model.parameters(), lr=lr)
    lf = nn.CrossEntropyLoss()
    iters = a.steps or iters
    t0 = None
    for it in range(iters):
        x, y = sample(tr)
        opt.zero_grad()
        loss = lf(model(x).reshape(-1, V), y.reshape(-1))
        loss.backward()
        opt.step()
        if it == 0:
            t0 = now()  # the first (warm-up) step is not timed
    dt = now() - t0
    timed = iters - 1
    model.eval()
    with torch.no_grad():
        val = sum(lf(model(x).reshape(-1, V), y.reshape(-1)).item() for x, y in (sample(va) for _ in range(20))) / 20
    report(workload=name, framework="torch", threads=a.threads, steps=timed, seconds=dt,
           ms_per_step=dt / timed * 1e3, tokens_per_s=timed * batch * block / dt, train_loss=loss.item(), val_loss=val,
           params=sum(p.numel() for p in model.parameters()))


if a.workload == "W1":
    mlp_run("W1", mlp([8, 64, 64, 1]), housing(), 32, 10, nn.MSELoss(),
            lambda p, y: {"test_mse": nn.functional.mse_loss(p, y).item()})
elif a.workload == "W2":
    mlp_run("W2", mlp([784, 512, 512, 10]), mnist10k(), 128, 10, nn.CrossEntropyLoss(),
            lambda p, y: {"test_acc": (p.argmax(1) == y).float().mean().item()})
elif a.workload == "W7":
    mlp_run("W7", cnn(), mnist10k(), 64, 3, nn.CrossEntropyLoss(),
            lambda p, y: {"test_acc": (p.argmax(1) == y).float().mean().item()})
elif a.workload == "W3":
    charlm("W3", "lstm", 300, 32, 64)
elif a.workload == "W4":
    charlm("W4", "gpt", 300, 12, 64)
elif DEV.type == "cuda":
    for n in (256, 512, 1024, 2048, 4096, 8192):
        x, y = torch.randn(n, n, device=DEV), torch.randn(n, n, device=DEV)
        x @ y
        reps = max(3, int(2e11 / (2 * n ** 3)))
        t0 = now()
        for _ in range(reps):
            x @ y
        dt = (now() - t0) / reps
        report(workload="W5", framework="torch-cublas", threads=a.threads, n=n, gflops=2 * n ** 3 / dt / 1e9)
else:
    # GEMM through numpy's OpenBLAS directly: PyTorch's own thread pool fights OpenBLAS's threads
    # here. The thread count is OPENBLAS_NUM_THREADS, which must be set before the script starts.
    # Timed as Nabla's W5: about 2e10 flops per timing, after at least 3 timings' worth of warm-up
    # (OpenBLAS's threads and the processor's clock settle as the JIT does on Nabla's side).
    rng = np.random.default_rng(a.seed)
    for n in (256, 512, 1024, 2048):
        x, y = rng.standard_normal((n, n), dtype=np.float32), rng.standard_normal((n, n), dtype=np.float32)
        reps = max(1, round(2e10 / (2 * n ** 3)))
        for _ in range(max(3, 3 * reps)):
            x @ y
        t0 = time.perf_counter()
        for _ in range(reps):
            x @ y
        dt = (time.perf_counter() - t0) / reps
        report(workload="W5", framework="openblas", threads=os.environ.get("OPENBLAS_NUM_THREADS", "default"), n=n,
               gflops=2 * n ** 3 / dt / 1e9)
