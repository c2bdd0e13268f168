"""PyTorch side of Tensile's benchmarks: the same cases as bench/tensile, printed as one JSON line
each. Run by bench/peers/torch.ts with /usr/bin/python3 (Debian's python3-torch):
    torch_bench.py CASE THREADS SECONDS
"""
import json
import statistics
import sys
import time

import torch

CASE, THREADS, SECONDS = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
torch.set_num_threads(THREADS)
torch.manual_seed(0)


def timed(step, min_iters=3, warmup=2):
    """Seconds per call of `step`, warmed up as bench/timing.ts does: `warmup` calls and at least
    half of SECONDS, then as many calls as fit in SECONDS (at least min_iters)."""
    first = time.perf_counter()
    calls = 0
    while calls < warmup or time.perf_counter() - first < SECONDS / 2:
        step()
        calls += 1
    times = []
    start = time.perf_counter()
    while len(times) < min_iters or time.perf_counter() - start < SECONDS:
        t0 = time.perf_counter()
        step()
        times.append(time.perf_counter() - t0)
    return times


def emit(**fields):
    print(json.dumps(fields), flush=True)


def mlp():
    return torch.nn.Sequential(torch.nn.Linear(784, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10))


def cnn():
    nn = torch.nn
    return nn.Sequential(
        nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(1600, 64), nn.ReLU(), nn.Linear(64, 10),
    )


class LSTMClassifier(torch.nn.Module):
    """nn.LSTM(28, 128) - Linear(128, 10) on the last step's output."""

    def __init__(self, units=128):
        super().__init__()
        self.lstm = torch.nn.LSTM(28, units, batch_first=True)
        self.head = torch.nn.Linear(units, 10)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.head(out[:, -1])


def train(model, x, y):
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()

    def step():
        opt.zero_grad()
        loss_fn(model(x), y).backward()
        opt.step()

    times = timed(step)
    emit(case=CASE, threads=THREADS, samples_per_s=x.shape[0] / statistics.median(times))


if CASE == 'sgemm':
    for n in (128, 512, 1024, 2048):
        a, b = torch.randn(n, n), torch.randn(n, n)
        times = timed(lambda: torch.mm(a, b))
        emit(case=CASE, threads=THREADS, n=n, gflops=2 * n**3 / statistics.median(times) / 1e9)
elif CASE == 'mlp':
    train(mlp(), torch.rand(128, 784), torch.randint(0, 10, (128,)))
elif CASE == 'cnn':
    train(cnn(), torch.rand(64, 1, 28, 28), torch.randint(0, 10, (64,)))
elif CASE == 'lstm':
    train(LSTMClassifier(), torch.rand(64, 28, 28), torch.randint(0, 10, (64,)))
elif CASE == 'predict':
    model = mlp().eval()
    with torch.inference_mode():
        one = torch.rand(1, 784)
        times = timed(lambda: torch.softmax(model(one), 1), min_iters=2000)
        emit(case=CASE, threads=THREADS, batch=1, median_us=statistics.median(times) * 1e6)
        big = torch.rand(1024, 784)
        times = timed(lambda: torch.softmax(model(big), 1))
        emit(case=CASE, threads=THREADS, batch=1024, samples_per_s=1024 / statistics.median(times))
else:
    sys.exit(f'unknown case {CASE}')
